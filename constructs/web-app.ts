/**
 * The web app on the static site (`edge.webApp`): what the edge stack adds
 * to the bucket and the distribution's default behaviour.
 *
 * - {@link SpaFallbackFunction}: the deep-link CloudFront Function
 *   (packaging/spa-fallback-function.js, runtime cloudfront-js-2.0,
 *   published), for the DEFAULT behaviour's viewer-request only. The API's
 *   behaviour never runs it, and the distribution has no
 *   `custom_error_response`, which would turn the API's 403/404 into HTML.
 * - {@link WebAppContent}: the build's files as ONE `aws_s3_object` with
 *   `for_each` over the object keys (one stable address, whatever Vite's
 *   hashed names are: a new build adds and removes instances, never
 *   addresses), each with its content type, cache-control and `source_hash`
 *   (SHA-256 of the file, so a change re-uploads); and `config.json`,
 *   written at plan/apply time from remote state and the distribution's
 *   domain (`content = jsonencode(local.<id>_json)`), `no-cache`.
 */
import type { WebAppConfigFile } from '../lib/contracts/web-config';
import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Fn, TerraformIterator, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import { SPA_FALLBACK_RUNTIME, spaFallbackFunctionCode } from '../packaging/spa-fallback';
import type { WebAppAsset } from '../packaging/web-app-asset';
import { CACHE_NO_CACHE, WEB_CONFIG_FILENAME, WEB_CONTENT_TYPES } from '../packaging/web-build';

/** Props of {@link SpaFallbackFunction}. */
export interface SpaFallbackFunctionProps {
  /** Unique in the account: `<env>-spa-fallback`. */
  readonly name: string;
}

/** The published deep-link CloudFront Function. */
export class SpaFallbackFunction extends Construct {
  readonly resource: CloudfrontFunction;
  /** ARN of the function (its LIVE stage once published), for a function association. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SpaFallbackFunctionProps) {
    super(scope, id);
    this.resource = new CloudfrontFunction(this, 'resource', {
      name: props.name,
      runtime: SPA_FALLBACK_RUNTIME,
      comment: 'Deep links of the web app -> /index.html (default behaviour, viewer-request)',
      // Publish on every change: the association uses the LIVE stage.
      publish: true,
      code: spaFallbackFunctionCode(),
    });
    this.arn = this.resource.arn;
  }
}

/**
 * `config.json` of the web app (web/src/config.ts): Terraform values (remote
 * state, the distribution, the web client) or literals.
 */
export type WebAppRuntimeConfig = Omit<WebAppConfigFile, 'scope'>;

/** Props of {@link WebAppContent}. */
export interface WebAppContentProps {
  /** The static site bucket (its name). */
  readonly bucket: string;
  readonly asset: WebAppAsset;
  readonly config: WebAppRuntimeConfig;
}

/** The build's objects and `config.json` in the static site bucket. */
export class WebAppContent extends Construct {
  /** `aws_s3_object.<id>_files`, one instance per object key. */
  readonly files: S3Object;
  /** `aws_s3_object.<id>_config`. */
  readonly config: S3Object;
  /** The config object as Terraform evaluates it (`local.<id>_config_json`). */
  readonly configLocal: TerraformLocal;

  constructor(scope: Construct, id: string, props: WebAppContentProps) {
    super(scope, id);
    const byKey = Object.fromEntries(
      props.asset.files.map((f) => [
        f.key,
        { source: props.asset.sourceOf(f), content_type: f.contentType, cache_control: f.cacheControl, source_hash: f.sha256 },
      ]),
    );
    const each = TerraformIterator.fromMap(byKey);
    this.files = new S3Object(this, 'files', {
      forEach: each,
      bucket: props.bucket,
      key: each.key,
      source: each.getString('source'),
      contentType: each.getString('content_type'),
      cacheControl: each.getString('cache_control'),
      sourceHash: each.getString('source_hash'),
    });
    // Key order as in web/src/config.ts; Terraform's jsonencode sorts keys anyway.
    const c = props.config;
    this.configLocal = new TerraformLocal(this, 'config_json', {
      authority: c.authority,
      userPoolDomain: c.userPoolDomain,
      clientId: c.clientId,
      redirectUri: c.redirectUri,
      logoutUri: c.logoutUri,
      apiBasePath: c.apiBasePath,
      tokenUse: c.tokenUse,
    });
    this.config = new S3Object(this, 'config', {
      bucket: props.bucket,
      key: WEB_CONFIG_FILENAME,
      content: Fn.jsonencode(this.configLocal.expression),
      contentType: WEB_CONTENT_TYPES['.json'],
      cacheControl: CACHE_NO_CACHE,
    });
  }
}
