#!/usr/bin/env node
/**
 * `npm run build`: transpiles every TypeScript source to CommonJS under
 * `dist/` with esbuild, file by file (no bundling), mirroring the source tree,
 * and copies the JSON files the sources import. It does not type-check:
 * `npm test` runs `tsc --noEmit` first. With esbuild this takes well under a
 * second, so `cdktf synth`, `npm run dev` and the CLIs start fast.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const SOURCE_DIRS = ['config', 'lib', 'stacks', 'constructs', 'lambdas', 'edge', 'packaging', 'local', 'platform', 'cost', 'bench', 'scripts'];

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

const files = SOURCE_DIRS.flatMap((d) => walk(path.join(root, d), []));
const ts = [path.join(root, 'main.ts'), ...files.filter((f) => f.endsWith('.ts'))];
esbuild.buildSync({
  absWorkingDir: root,
  entryPoints: ts.map((f) => path.relative(root, f)),
  outdir: 'dist',
  outbase: '.',
  bundle: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
});
for (const json of files.filter((f) => f.endsWith('.json'))) {
  const target = path.join(root, 'dist', path.relative(root, json));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(json, target);
}
