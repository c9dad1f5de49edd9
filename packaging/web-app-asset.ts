/**
 * The web app's production build as a Terraform asset, for the edge stack's
 * S3 objects (constructs/web-app.ts).
 *
 * Built at synth, once per set of inputs: the build goes to
 * `.build/web/<first 16 hex of webInputsHash()>/` (web/ sources, the
 * lockfile and packaging/web-build.ts), and a later synth (another jest
 * worker, the determinism test's second process, `npm run synth` again)
 * reuses it without running Vite (about 4 s on 2 cores). A build is made in
 * a temporary directory and renamed into place, so concurrent synths never
 * see half a build; two that race both build and one rename wins (the
 * builds are byte-identical). Offline: Vite needs nothing but node_modules.
 *
 * Each file is a FILE asset of its own, `assets/web_app_build_f_<hash of
 * its key>/<SHA-256 of its bytes>/<name>` beside the stack's cdk.tf.json
 * (relative paths only): an object's `source` changes exactly when its
 * bytes do, so a new build re-uploads only the files that changed (the
 * provider re-uploads on any change of `source`, path included; one
 * directory asset would have moved every file with each build).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { buildWebSync, listWebFiles, WEB_INDEX_FILENAME, webInputsHash, type WebBuild, type WebFile } from './web-build';
import { buildDir } from './paths';

const memo = new Map<string, WebBuild>();

/** The cached build of the current web/ sources, made if missing. Memoized per process. */
export function webBuildForSynth(): WebBuild {
  const inputs = webInputsHash().slice(0, 16);
  const hit = memo.get(inputs);
  if (hit) return hit;
  const root = path.join(buildDir(), 'web');
  const outDir = path.join(root, inputs);
  if (!fs.existsSync(path.join(outDir, WEB_INDEX_FILENAME))) {
    const tmp = path.join(root, `tmp-${inputs}-${process.pid}-${Date.now()}`);
    try {
      buildWebSync({ outDir: tmp });
      try {
        fs.renameSync(tmp, outDir);
      } catch (e) {
        // Another synth renamed its identical build into place first.
        if (!fs.existsSync(path.join(outDir, WEB_INDEX_FILENAME))) throw e;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const build = { outDir, files: listWebFiles(outDir) };
  memo.set(inputs, build);
  return build;
}

/** Props of {@link WebAppAsset}. */
export interface WebAppAssetProps {
  /**
   * A built web app (a directory with index.html) to ship instead of
   * building web/ (tests with a fixture, or a build made elsewhere).
   * @default the cached build of web/ ({@link webBuildForSynth})
   */
  readonly buildDir?: string;
}

/** The web build's files, each copied beside the stack as a FILE asset. */
export class WebAppAsset extends Construct {
  /** The files, sorted by key, with content type, cache-control and hashes. */
  readonly files: readonly WebFile[];
  private readonly sources = new Map<string, string>();

  constructor(scope: Construct, id: string, props: WebAppAssetProps = {}) {
    super(scope, id);
    const build = props.buildDir ? { outDir: path.resolve(props.buildDir), files: listWebFiles(path.resolve(props.buildDir)) } : webBuildForSynth();
    this.files = build.files;
    for (const f of build.files) {
      // The id only names the asset folder (assets are not Terraform addresses); hashed, so any key fits.
      const assetId = `f_${createHash('sha256').update(f.key).digest('hex').slice(0, 12)}`;
      const asset = new TerraformAsset(this, assetId, { path: f.file, type: AssetType.FILE, assetHash: f.sha256 });
      this.sources.set(f.key, asset.path);
    }
  }

  /** The `source` of one file: its asset path, relative to the stack directory. */
  sourceOf(file: WebFile): string {
    const source = this.sources.get(file.key);
    if (source === undefined) throw new Error(`web app: no asset for ${file.key}`);
    return source;
  }
}
