/**
 * What the edge bundle gets for `import { request } from 'https'` (see the
 * `alias` in packaging/edge-bundle-options.ts): node:https's `request`, with node:https
 * (and tls, net, http with it) loaded on the first call instead of at cold
 * start. aws-jwt-verify imports it at module load for its JWKS fetcher, which
 * runs only when a JWKS must be fetched (never with a baked JWKS and known
 * kids). Any other name imported from 'https' fails the build.
 */
import type * as Https from 'node:https';

let https: typeof Https | undefined;

export const request = ((...args: unknown[]) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first JWKS fetch, not at cold start (the point of this shim)
  https ??= require('node:https') as typeof Https;
  return (https.request as (...a: unknown[]) => ReturnType<typeof Https.request>)(...args);
}) as typeof Https.request;
