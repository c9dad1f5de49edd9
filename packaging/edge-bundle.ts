/**
 * The Lambda@Edge bundle, built at synth time with the edge package's own
 * options (`packaging/edge-bundle-options.ts`, shared with the local chain, so both
 * ship the same bytes), and handed to Terraform as a FILE asset: `index.js`
 * only. `config.json` is added beside it at plan time by the edge stack's
 * `archive_file` (the bundle leaves `require('./config.json')` external).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import * as esbuild from 'esbuild';
import { EDGE_BUNDLE_FILENAME, edgeBundleOptions } from './edge-bundle-options';
import { buildDir, repoRoot, writeFileAtomic } from './paths';

/** A bundle on disk. */
export interface BuiltEdgeBundle {
  /** Absolute path under `.build/edge/` (never written into cdktf.out). */
  readonly file: string;
  readonly sha256Hex: string;
  readonly size: number;
}

let cached: BuiltEdgeBundle | undefined;

/** Bundles `edge/index.ts` synchronously (synth is synchronous). Memoized per process. */
export function buildEdgeBundleSync(): BuiltEdgeBundle {
  if (cached && fs.existsSync(cached.file)) return cached;
  let result: esbuild.BuildResult;
  try {
    // logLevel and write do not change the bytes; absWorkingDir is the same
    // repository root, found the packaging way (from wherever this code runs,
    // e.g. a bundled script). The rest is the edge package's options.
    result = esbuild.buildSync({ ...edgeBundleOptions, absWorkingDir: repoRoot(), outfile: EDGE_BUNDLE_FILENAME, write: false, logLevel: 'silent' });
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    const details = (failure.errors ?? []).map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`).join('\n  ');
    throw new Error(`packaging: the edge bundle failed${details ? `:\n  ${details}` : `: ${(e as Error).message}`}`, { cause: e });
  }
  const out = result.outputFiles?.find((f) => path.basename(f.path) === EDGE_BUNDLE_FILENAME);
  if (!out) throw new Error('packaging: esbuild produced no edge index.js');
  const sha256Hex = createHash('sha256').update(out.contents).digest('hex');
  const file = path.join(buildDir(), 'edge', sha256Hex.slice(0, 16), EDGE_BUNDLE_FILENAME);
  if (!fs.existsSync(file) || fs.statSync(file).size !== out.contents.length) writeFileAtomic(file, out.contents);
  cached = { file, sha256Hex, size: out.contents.length };
  return cached;
}

/** The edge bundle as a Terraform asset (`assets/<id>/<hash>/index.js`, relative to the stack directory). */
export class EdgeBundleAsset extends Construct {
  /** Path relative to the stack directory. */
  readonly path: string;
  readonly built: BuiltEdgeBundle;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.built = buildEdgeBundleSync();
    const asset = new TerraformAsset(this, 'resource', { path: this.built.file, type: AssetType.FILE, assetHash: this.built.sha256Hex });
    this.path = asset.path;
  }
}
