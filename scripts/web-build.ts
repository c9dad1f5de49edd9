/**
 * `npm run web:build [-- --check-reproducible] [--out DIR]`
 *
 * Builds the web app into web/dist (packaging/web-build.ts) and prints each
 * file with its size, content type and cache-control. With
 * `--check-reproducible` it builds a second time into a temporary directory
 * and fails unless both builds are byte-identical.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommandLine } from '../lib/cli';
import { buildWeb, type WebFile } from '../packaging/web-build';
import { repoRoot } from '../lib/repo-root';

const USAGE = 'usage: npm run web:build -- [--check-reproducible] [--out DIR]';

function table(files: readonly WebFile[]): string {
  const width = Math.max(...files.map((f) => f.key.length));
  return files.map((f) => `  ${f.key.padEnd(width)}  ${String(f.size).padStart(8)} B  ${f.contentType}  | ${f.cacheControl}`).join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    {
      args: argv,
      options: { 'check-reproducible': { type: 'boolean', default: false }, out: { type: 'string' }, help: { type: 'boolean', default: false } },
      strict: true,
    },
    USAGE,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const started = Date.now();
  const build = await buildWeb({ outDir: values.out ? path.resolve(values.out) : undefined });
  process.stdout.write(
    `web app: ${path.relative(repoRoot(), build.outDir) || build.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n${table(build.files)}\n`,
  );
  if (!values['check-reproducible']) return 0;

  const again = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-web-build-'));
  try {
    const second = await buildWeb({ outDir: again });
    const a = build.files.map((f) => `${f.key} ${f.sha256}`);
    const b = second.files.map((f) => `${f.key} ${f.sha256}`);
    if (a.join('\n') !== b.join('\n')) {
      process.stderr.write(`web app: NOT reproducible\n  first:  ${a.join('\n          ')}\n  second: ${b.join('\n          ')}\n`);
      return 1;
    }
    process.stdout.write(`web app: reproducible (a second build is byte-identical: ${a.length} files)\n`);
    return 0;
  } finally {
    fs.rmSync(again, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`web build failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
