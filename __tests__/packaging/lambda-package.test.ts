import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { unzipSync } from 'fflate';
import { buildPackage, LambdaPackage } from '../../packaging/lambda-package';
import { buildDir } from '../../packaging/paths';

const ENTRY = '__tests__/packaging/fixtures/handler.ts';

describe('buildPackage', () => {
  const built = buildPackage({ entry: ENTRY, name: 'fixture' });

  it('writes the zip under .build/ with index.js inside', () => {
    expect(path.relative(buildDir(), built.file).startsWith('..')).toBe(false);
    expect(path.basename(built.file)).toBe('fixture.zip');
    const files = unzipSync(fs.readFileSync(built.file));
    expect(Object.keys(files)).toEqual(['index.js']);
  });

  it('reports the SHA-256 of the zip bytes as hex and base64 (source_code_hash)', () => {
    const bytes = fs.readFileSync(built.file);
    expect(built.sha256Hex).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(built.sha256Base64).toBe(createHash('sha256').update(bytes).digest('base64'));
    expect(built.size).toBe(bytes.length);
  });

  it('rebuilds to the same bytes when the zip is deleted', () => {
    fs.rmSync(built.file);
    const again = buildPackage({ entry: ENTRY, name: 'fixture' });
    expect(again.sha256Hex).toBe(built.sha256Hex);
    expect(fs.existsSync(again.file)).toBe(true);
  });

  it('refuses a package name that is not a plain file name', () => {
    expect(() => buildPackage({ entry: ENTRY, name: '../x' })).toThrow(/invalid package name/);
  });
});

describe('LambdaPackage', () => {
  it('hands Terraform a relative asset path and the base64 hash', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const pkg = new LambdaPackage(stack, 'fixture_package', { entry: ENTRY, name: 'fixture' });
    Testing.synth(stack);
    expect(pkg.path).toMatch(/^assets\/[A-Za-z0-9_]+\/[0-9a-f]{64}\/fixture\.zip$/);
    expect(pkg.sourceCodeHash).toBe(pkg.built.sha256Base64);
    expect(pkg.handler).toBe('index.handler');
  });
});
