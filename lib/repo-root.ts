/**
 * The repository root: the nearest directory above this file that holds
 * `package.json`. Found from the file's own location, so it works from the
 * TypeScript sources (jest) and from `dist/` (`node dist/...`) alike. Build
 * and tooling code only: no Lambda bundle imports it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cachedRoot: string | undefined;

export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return (cachedRoot = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`repoRoot: no package.json above ${__dirname}`);
    dir = up;
  }
}
