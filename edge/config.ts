/**
 * The edge package's configuration contract.
 *
 * Lambda@Edge has no environment variables, so the edge stack bakes this
 * object into the deployment package as `config.json` (beside `index.js`) at
 * plan/apply time, from the backend's and identity's remote state. Any change
 * of a value changes the zip, so Terraform publishes a new version.
 */
import type { SigningMode } from '../lib/contracts/signing-mode';
import type { RouteRule } from '../lib/route-policy';

export const EDGE_CONFIG_FILENAME = 'config.json';
export const EDGE_CONFIG_VERSION = 1;

/** A JSON Web Key Set as Cognito serves it. */
export interface Jwks {
  readonly keys: readonly Record<string, unknown>[];
}

/** One trusted Cognito user pool and the clients whose tokens it accepts. */
export interface EdgeVerifierConfig {
  /** e.g. "eu-west-1_AbCdEf123"; the issuer is derived from it. */
  readonly userPoolId: string;
  /**
   * App client ids whose tokens are accepted (`client_id` of access tokens,
   * `aud` of id tokens), or `null`: ANY app client of this pool (pool-wide
   * trust). The stack writes `null` only for a pool this project creates with
   * the web app on: every client of such a pool is made by this project's
   * Terraform (identity stack: SPA and machine clients; edge stack: the web
   * client, made after the distribution, hence unknown when this config is
   * baked). Issuer (the pool), `token_use`, signature and expiry are checked
   * either way. A pool brought with `existing.userPool` always lists its ids.
   */
  readonly clientIds: readonly string[] | null;
  /** Which token the edge accepts from this pool. */
  readonly tokenUse: 'access' | 'id';
  /** The pool's JWKS, fetched at deploy time; null means fetch it on first use. */
  readonly jwks: Jwks | null;
}

export interface EdgeConfig {
  readonly version: typeof EDGE_CONFIG_VERSION;
  /** "edge-sigv4": sign with the function's own role; "oac": set x-amz-content-sha256 for OAC. */
  readonly mode: SigningMode;
  /** The API base path, e.g. "/api"; route patterns are relative to it. */
  readonly basePath: string;
  /** The route authorization map (the same one the API re-checks). */
  readonly routes: readonly RouteRule[];
  /** The function URL's bare host, e.g. "abc123.lambda-url.eu-west-1.on.aws". */
  readonly originHost: string;
  /** The function URL's region, read from its host by Terraform. */
  readonly originRegion: string;
  /** Trusted pools (several allowed). */
  readonly verifiers: readonly EdgeVerifierConfig[];
  /**
   * Base URL that replaces `https://cognito-idp.<region>.amazonaws.com` when
   * fetching a JWKS (an emulator such as moto); null in AWS.
   */
  readonly jwksBaseUrl: string | null;
  /**
   * `oac` mode: the claims MAC key (lib/claims-mac.ts), `{"version": n, "key":
   * "<64 hex>"}`, from the backend's state; null in `edge-sigv4` mode, where
   * the API knows the edge by its role.
   */
  readonly claimsKey: { readonly version: number; readonly key: string } | null;
}
