import * as os from 'node:os';
import { bundle, esbuildOptions } from '../../packaging/bundle';
import { repoRoot } from '../../packaging/paths';

const ENTRY = '__tests__/packaging/fixtures/handler.ts';

describe('bundle', () => {
  const { code } = bundle({ entry: ENTRY });
  const text = Buffer.from(code).toString('utf8');

  it('builds a minified CommonJS bundle for node that exports the handler', async () => {
    const mod = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', '__filename', text)(mod, mod.exports, require, 'index.js');
    const handler = mod.exports.handler as (e: { name?: string }) => Promise<{ message: string }>;
    await expect(handler({ name: 'Ada' })).resolves.toEqual({ message: 'Hello, Ada! (from a bundle)' });
    expect(text.split('\n').length).toBeLessThanOrEqual(3);
  });

  it('leaks no absolute path, comment or source map', () => {
    expect(text).not.toContain(repoRoot());
    expect(text).not.toContain(os.tmpdir());
    expect(text).not.toContain(os.homedir());
    expect(text).not.toMatch(/@license|sourceMappingURL|fixture\)/);
  });

  it('uses the repository root as working directory and a relative entry', () => {
    const options = esbuildOptions({ entry: `${repoRoot()}/${ENTRY}` });
    expect(options.absWorkingDir).toBe(repoRoot());
    expect(options.entryPoints).toEqual([ENTRY]);
    expect(options).toMatchObject({ platform: 'node', format: 'cjs', target: 'node20', minify: true, sourcemap: false, legalComments: 'none' });
  });

  it('is memoized: the same entry gives the same bundle object', () => {
    expect(bundle({ entry: ENTRY })).toBe(bundle({ entry: ENTRY }));
  });

  it('refuses an entry outside the repository or missing', () => {
    expect(() => bundle({ entry: '/etc/passwd' })).toThrow(/outside the repository/);
    expect(() => bundle({ entry: 'lambdas/nope/handler.ts' })).toThrow(/does not exist/);
  });
});
