/**
 * The web app's deep-link fallback, a CloudFront Function for the default
 * (static site) behaviour: its code (./spa-fallback-function.js, uploaded as
 * is) and a way to run it here, as the CloudFront stand-in does. Runtime
 * `cloudfront-js-2.0`, event type `viewer-request`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { repoRoot } from '../lib/repo-root';

export const SPA_FALLBACK_RUNTIME = 'cloudfront-js-2.0';
export const SPA_FALLBACK_EVENT_TYPE = 'viewer-request';

/** The function's source path. */
export function spaFallbackFunctionPath(): string {
  return path.join(repoRoot(), 'packaging', 'spa-fallback-function.js');
}

/** The function's code, as CloudFront gets it. */
export function spaFallbackFunctionCode(): string {
  return fs.readFileSync(spaFallbackFunctionPath(), 'utf8');
}

/** The parts of a CloudFront Function viewer-request event the function reads. */
export interface ViewerRequest {
  readonly method: string;
  readonly uri: string;
  readonly querystring: Record<string, { value: string }>;
  readonly headers: Record<string, { value: string }>;
  readonly cookies: Record<string, { value: string }>;
}

/** Loads the function (in a fresh context, with nothing but the language) and returns its handler. */
export function loadSpaFallback(code: string = spaFallbackFunctionCode()): (request: ViewerRequest) => ViewerRequest {
  const handler = vm.runInNewContext(`${code}\n;handler`, Object.create(null), { filename: 'spa-fallback-function.js' }) as (event: unknown) => ViewerRequest;
  if (typeof handler !== 'function') throw new Error('spa-fallback-function.js defines no handler(event)');
  return (request) =>
    handler({
      version: '1.0',
      context: {
        eventType: SPA_FALLBACK_EVENT_TYPE,
        distributionDomainName: 'd111111abcdef8.cloudfront.net',
        distributionId: 'ELOCALDEV00000',
        requestId: 'local',
      },
      viewer: { ip: '127.0.0.1' },
      request: JSON.parse(JSON.stringify(request)),
    });
}
