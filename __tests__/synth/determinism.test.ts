/**
 * Synth is deterministic and relocatable: two synths, one in this process
 * and one in a separate process with another working directory and time
 * zone, give byte-identical cdktf.out trees, and nothing in them (zip
 * contents included) names an absolute path of this machine.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { unzipSync } from 'fflate';
import { buildDir, repoRoot } from '../../packaging/paths';
import { synthTo } from './synth-main';

/** Every file below `dir`, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** The text of a file, or of every entry of a zip. */
function texts(file: string): string[] {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.zip')) return Object.values(unzipSync(bytes)).map((b) => Buffer.from(b).toString('utf8'));
  return [bytes.toString('utf8')];
}

describe('synth output', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-determinism-'));
  const first = path.join(work, 'first');
  const second = path.join(work, 'second');

  beforeAll(() => {
    synthTo('dev', first);
    const script = path.join(buildDir(), 'test', `synth-main-${process.pid}.js`);
    esbuild.buildSync({
      entryPoints: ['__tests__/synth/synth-main.ts'],
      absWorkingDir: repoRoot(),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      outfile: script,
      logLevel: 'silent',
    });
    try {
      execFileSync(process.execPath, [script, 'dev', second], {
        cwd: os.tmpdir(),
        env: { ...process.env, TZ: 'Pacific/Kiritimati', SFU_ENV: '' },
        stdio: 'pipe',
      });
    } finally {
      fs.rmSync(script, { force: true });
    }
  }, 120_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('writes the dev-state, dev-identity, dev-backend and dev-edge stacks', () => {
    const stacks = fs.readdirSync(path.join(first, 'stacks')).sort();
    expect(stacks).toEqual(['dev-backend', 'dev-edge', 'dev-identity', 'dev-state']);
  });

  it('is byte-identical across two synths in separate processes, working directories and time zones', () => {
    const files = tree(first);
    expect(tree(second)).toEqual(files);
    for (const f of files) {
      const a = fs.readFileSync(path.join(first, f));
      const b = fs.readFileSync(path.join(second, f));
      if (!a.equals(b)) throw new Error(`${f} differs between the two synths`);
    }
  });

  it('names no absolute path of this machine, in any file or zip entry', () => {
    const forbidden = [repoRoot(), os.tmpdir(), os.homedir(), work, '/tmp/'].filter((p) => p.length > 1);
    for (const f of tree(first)) {
      for (const text of texts(path.join(first, f))) {
        for (const p of forbidden) {
          if (text.includes(p)) throw new Error(`${f} contains the absolute path ${p}`);
        }
      }
    }
  });

  it('refers to assets by paths relative to the stack directory', () => {
    const json = JSON.parse(fs.readFileSync(path.join(first, 'stacks/dev-backend/cdk.tf.json'), 'utf8'));
    for (const f of Object.values(json.resource.aws_lambda_function) as any[]) {
      expect(path.isAbsolute(f.filename)).toBe(false);
      expect(fs.existsSync(path.join(first, 'stacks/dev-backend', f.filename))).toBe(true);
    }
    const edge = JSON.parse(fs.readFileSync(path.join(first, 'stacks/dev-edge/cdk.tf.json'), 'utf8'));
    const [index] = edge.data.archive_file.edge_package.source;
    const bundle = /\$\{path\.module\}\/([^"]+)"/.exec(index.content)![1];
    expect(fs.existsSync(path.join(first, 'stacks/dev-edge', bundle))).toBe(true);
    expect(edge.data.archive_file.edge_package.output_path).toBe('${path.module}/edge-package.zip');
  });
});
