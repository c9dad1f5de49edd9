/**
 * A Lambda deployment package built at synth time: esbuild bundle ->
 * reproducible zip under `.build/` -> a `TerraformAsset` (type FILE) that
 * cdktf copies into the stack directory at a relative path.
 *
 * `sourceCodeHash` is the base64 SHA-256 of the zip, computed here at synth,
 * so `source_code_hash` changes exactly when the code does.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { bundle, type BundleProps } from './bundle';
import { buildDir, writeFileAtomic } from './paths';
import { reproducibleZip } from './zip';

/** A zip on disk and its digest. */
export interface BuiltPackage {
  /** Absolute path of the zip under `.build/` (never written into cdktf.out). */
  readonly file: string;
  /** SHA-256 of the zip, hex. */
  readonly sha256Hex: string;
  /** SHA-256 of the zip, base64 (Terraform's `source_code_hash` form). */
  readonly sha256Base64: string;
  /** Zip size in bytes. */
  readonly size: number;
}

export interface PackageProps extends BundleProps {
  /** Base name of the zip file, e.g. "api" -> `api.zip`. Lower-case letters, digits and hyphens. */
  readonly name: string;
}

const built = new Map<string, BuiltPackage>();

/**
 * Bundles and zips a handler (zip entry `index.js`), writing
 * `.build/lambda/<sha256 prefix>/<name>.zip`. Memoized per process.
 */
export function buildPackage(props: PackageProps): BuiltPackage {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(props.name)) throw new Error(`packaging: invalid package name ${JSON.stringify(props.name)}`);
  const key = JSON.stringify(props);
  const hit = built.get(key);
  if (hit && fs.existsSync(hit.file)) return hit;
  const { code } = bundle(props);
  const zip = reproducibleZip({ 'index.js': code });
  const digest = createHash('sha256').update(zip);
  const sha256Hex = digest.copy().digest('hex');
  const sha256Base64 = digest.digest('base64');
  const file = path.join(buildDir(), 'lambda', sha256Hex.slice(0, 16), `${props.name}.zip`);
  if (!fs.existsSync(file) || fs.statSync(file).size !== zip.length) writeFileAtomic(file, zip);
  const made: BuiltPackage = { file, sha256Hex, sha256Base64, size: zip.length };
  built.set(key, made);
  return made;
}

/** Props of {@link LambdaPackage}. */
export type LambdaPackageProps = PackageProps;

/**
 * The deployment package of one function, as a Terraform asset.
 *
 * Use `path` for `aws_lambda_function.filename` and `sourceCodeHash` for
 * `source_code_hash`; the handler is `index.handler` for an entry that
 * exports `handler`.
 */
export class LambdaPackage extends Construct {
  /** Relative path of the zip inside the synthesized stack directory (`assets/<id>/<hash>/<name>.zip`). */
  readonly path: string;
  /** Base64 SHA-256 of the zip. */
  readonly sourceCodeHash: string;
  /** The Lambda handler string for an entry exporting `handler`. */
  readonly handler = 'index.handler';
  readonly asset: TerraformAsset;
  readonly built: BuiltPackage;

  constructor(scope: Construct, id: string, props: LambdaPackageProps) {
    super(scope, id);
    this.built = buildPackage(props);
    this.asset = new TerraformAsset(this, 'resource', {
      path: this.built.file,
      type: AssetType.FILE,
      assetHash: this.built.sha256Hex,
    });
    this.path = this.asset.path;
    this.sourceCodeHash = this.built.sha256Base64;
  }
}
