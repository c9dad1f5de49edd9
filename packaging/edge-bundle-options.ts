/**
 * The one way to bundle the edge function: the edge stack and the local
 * chain both build with these options, so they ship the same bytes.
 *
 * - entry `edge/index.ts`, CommonJS for Node 20+ (Lambda@Edge runs nodejs22.x);
 * - `config.json` stays EXTERNAL: `require('./config.json')` is resolved at
 *   run time beside `index.js`, where the edge stack writes the baked config;
 * - `mainFields: ['module', 'main']`: the packages' ES module builds, which
 *   esbuild can tree-shake (`@smithy/signature-v4`'s CommonJS build drags in
 *   all of `@smithy/core`, about 130 KB more);
 * - `https` (the bare name: only aws-jwt-verify's JWKS fetcher imports it)
 *   is aliased to ./lazy-builtins/https.ts, which loads node:https on the
 *   first JWKS fetch: it pulls in tls, net and http, about 2 ms of every cold
 *   start that a baked JWKS never needs. (An alias, not a plugin: packaging/
 *   builds with esbuild's synchronous API. `stream`, its other import, is
 *   loaded by node:crypto anyway.)
 * - minified, no legal comments, no source map, paths resolved from the
 *   repository root (not the caller's working directory): the output depends
 *   only on the sources and the installed packages.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { repoRoot } from '../lib/repo-root';

/** The repository root (found from package.json, from the sources and from dist/ alike). */
const ROOT = repoRoot();

export const EDGE_BUNDLE_FILENAME = 'index.js';

export const edgeBundleOptions: Readonly<BuildOptions> = Object.freeze({
  absWorkingDir: ROOT,
  entryPoints: ['edge/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  external: ['./config.json'],
  // Resolved from absWorkingDir. The shim imports node:https, which this does not match.
  alias: { https: './edge/lazy-builtins/https.ts' },
  minify: true,
  treeShaking: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
} satisfies BuildOptions);

export interface EdgeBundle {
  /** Absolute path of the written `index.js`. */
  readonly file: string;
  readonly bytes: number;
  /** Hex SHA-256 of the bundle. */
  readonly sha256: string;
}

/** Bundles the edge function into `<outDir>/index.js` (the caller adds `config.json` beside it). */
export async function buildEdgeBundle(outDir: string): Promise<EdgeBundle> {
  // Loaded here so importing the options does not load esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first build, so importing the options does not load esbuild
  const esbuild = require('esbuild') as typeof import('esbuild');
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, EDGE_BUNDLE_FILENAME);
  await esbuild.build({ ...edgeBundleOptions, outfile: file });
  const content = readFileSync(file);
  return { file, bytes: content.byteLength, sha256: createHash('sha256').update(content).digest('hex') };
}
