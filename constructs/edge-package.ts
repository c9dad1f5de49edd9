/**
 * The Lambda@Edge deployment package, zipped at plan time by the archive
 * provider: `index.js` (the bundle asset, read with `file()`) and
 * `config.json` (the {@link EdgeConfig} as `jsonencode(local.<id>)`, built
 * from remote-state values). Lambda@Edge has no environment variables, so
 * this is how configuration reaches the function; any change of a value
 * changes the zip's `output_base64sha256`, so Terraform publishes a new
 * version.
 *
 * The archive provider writes content entries sorted by name with a zero
 * modification time, so the same content gives the same hash on every plan.
 */
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { DataHttp } from '@cdktf/provider-http/lib/data-http';
import { App, Fn, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import { EDGE_CONFIG_FILENAME, EDGE_CONFIG_VERSION, type EdgeConfig, type EdgeVerifierConfig } from '../edge/config';
import { literal, literalData } from './terraform-literal';

/** One trusted pool ({@link EdgeVerifierConfig}), as Terraform values (tokens allowed). */
export interface EdgeVerifierInput extends Pick<EdgeVerifierConfig, 'userPoolId' | 'tokenUse'> {
  /**
   * Client ids, a list or a Terraform list expression (e.g. `compact([...])`),
   * or `null`: any app client of this pool (pool-wide trust, see edge/config.ts).
   */
  readonly clientIds: readonly string[] | string | null;
  /**
   * Fetch the pool's JWKS at plan time from this URL and bake it in.
   * @default undefined (no baked JWKS: `jwks: null`, fetched on first use)
   */
  readonly bakeJwksFrom?: string;
}

/**
 * Props of {@link EdgePackage}: the fields of {@link EdgeConfig} that are
 * plain values or Terraform expressions of the same type (one shape, from
 * edge/config.ts), plus what differs at plan time.
 */
export interface EdgePackageProps extends Pick<EdgeConfig, 'mode' | 'basePath' | 'routes' | 'originHost' | 'originRegion'> {
  /** Path of the bundled `index.js` relative to the stack directory (an asset path). */
  readonly bundlePath: string;
  readonly verifiers: readonly EdgeVerifierInput[];
  /**
   * Base URL that replaces Cognito's when fetching a JWKS (an emulator).
   * @default null (Cognito)
   */
  readonly jwksBaseUrl?: string | null;
  /**
   * `oac` mode: the claims MAC key as a JSON string expression
   * (`{"key": "<hex>", "version": n}`, the backend's sensitive output).
   * @default undefined (`claimsKey: null`, edge-sigv4 mode)
   */
  readonly claimsKeyJson?: string;
  /**
   * File name of the zip, written beside `cdk.tf.json` at plan time.
   * @default "edge-package.zip"
   */
  readonly zipName?: string;
}

export class EdgePackage extends Construct {
  readonly archive: DataArchiveFile;
  /** The `config.json` object (`local.<id>`), for reading back in tests. */
  readonly config: TerraformLocal;
  /** Relative path of the zip (`aws_lambda_function.filename`). */
  readonly path: string;
  /** `output_base64sha256` of the zip (`aws_lambda_function.source_code_hash`). */
  readonly sourceCodeHash: string;

  constructor(scope: Construct, id: string, props: EdgePackageProps) {
    super(scope, id);
    // cdktf 0.21's HCL renderer (`cdktf synth --hcl`) cannot render a null
    // inside a local (it crashes on `Object.entries(null)`); there the
    // expression `${null}` stands in, which Terraform evaluates to null.
    // The JSON output keeps a plain null.
    const nullValue = App.of(this).hclOutput ? '${null}' : null;
    const verifiers = props.verifiers.map((v, i) => {
      let jwks: unknown = nullValue;
      if (v.bakeJwksFrom !== undefined) {
        const http = new DataHttp(this, props.verifiers.length === 1 ? 'jwks' : `jwks_${i}`, {
          url: v.bakeJwksFrom,
          requestHeaders: { Accept: 'application/json' },
          lifecycle: {
            postcondition: [
              {
                condition: '${self.status_code == 200}',
                errorMessage: 'The user pool JWKS could not be fetched at plan time (set edge.bakeJwks = false to fetch it at run time instead).',
              },
            ],
          },
        });
        jwks = Fn.jsondecode(http.responseBody);
      }
      return {
        userPoolId: v.userPoolId,
        clientIds: v.clientIds === null ? nullValue : typeof v.clientIds === 'string' ? v.clientIds : v.clientIds.map(literal),
        tokenUse: v.tokenUse,
        jwks,
      };
    });
    // Key order follows edge/config.ts; Terraform's jsonencode sorts keys anyway.
    this.config = new TerraformLocal(this, 'config', {
      version: EDGE_CONFIG_VERSION,
      mode: props.mode,
      basePath: literal(props.basePath),
      routes: literalData(props.routes),
      originHost: props.originHost,
      originRegion: props.originRegion,
      verifiers,
      jwksBaseUrl: props.jwksBaseUrl ? literal(props.jwksBaseUrl) : nullValue,
      claimsKey: props.claimsKeyJson ? Fn.jsondecode(props.claimsKeyJson) : nullValue,
    });
    this.archive = new DataArchiveFile(this, 'resource', {
      type: 'zip',
      outputPath: `\${path.module}/${props.zipName ?? 'edge-package.zip'}`,
      source: [
        // A raw expression: cdktf would escape the `${path.module}` inside Fn.file's string argument.
        { filename: 'index.js', content: `\${file("\${path.module}/${props.bundlePath}")}` },
        { filename: EDGE_CONFIG_FILENAME, content: Fn.jsonencode(this.config.expression) },
      ],
    });
    this.path = this.archive.outputPath;
    this.sourceCodeHash = this.archive.outputBase64Sha256;
  }
}
