/**
 * Where packaging reads sources and writes build output.
 *
 * Everything is anchored at the repository root (the directory holding
 * `package.json`), found from this file's location so it works from the
 * TypeScript sources (jest) and from `dist/` (`node dist/main.js`) alike.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../lib/repo-root';

export { repoRoot };

/** Build output directory (gitignored): `<repo>/.build`. */
export function buildDir(): string {
  return path.join(repoRoot(), '.build');
}

/**
 * Normalizes a source entry to a repo-relative POSIX path and checks it
 * exists. Absolute paths inside the repository are accepted and made
 * relative, so nothing absolute reaches the bundle or `cdktf.out`.
 */
export function repoRelative(entry: string): string {
  const root = repoRoot();
  const abs = path.resolve(root, entry);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new Error(`packaging: entry ${entry} is outside the repository (${root})`);
  }
  if (!fs.existsSync(abs)) throw new Error(`packaging: entry ${rel} does not exist`);
  return rel.split(path.sep).join('/');
}

/**
 * Writes `data` to `file` atomically (temp file + rename), so concurrent
 * synths (jest workers) never read a half-written file.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
