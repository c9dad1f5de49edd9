/**
 * The web app in the local chain: its app client at the hosted-UI stand-in
 * and the `config.json` the static-site stand-in serves beside index.html
 * (the shape web/src/config.ts reads; the deploy writes the same fields
 * with Cognito's URLs and the distribution's).
 */
import type { Config } from '../config/schema';
import type { WebConfig } from '../web/src/config';
import { WEB_CONFIG_FILENAME, CACHE_NO_CACHE } from '../packaging/web-build';
import type { HostedUiClient } from './hosted-ui';
import type { GeneratedObject } from './static-site';
import { LOCAL_SPA_CLIENT_ID } from './token-issuer';

/** What the SPA client may ask for (constructs/spa-client.ts's default scopes). */
export const LOCAL_SPA_SCOPES: readonly string[] = ['email', 'openid', 'profile'];
/** The app's sign-in return path. */
export const WEB_CALLBACK_PATH = '/callback';

/** config.json as written (every field of {@link WebConfig} but the optional scope). */
export type WebConfigJson = Omit<WebConfig, 'scope'>;

export interface LocalWebEndpoints {
  /** The CloudFront stand-in, e.g. http://127.0.0.1:8080 */
  readonly entryUrl: string;
  /** The issuer's host stand-in (JWKS and discovery), e.g. http://127.0.0.1:41234 */
  readonly issuerHostUrl: string;
  readonly userPoolId: string;
  /** The hosted-UI stand-in. */
  readonly hostedUiUrl: string;
}

export function localWebConfig(config: Config, endpoints: LocalWebEndpoints): WebConfigJson {
  return {
    authority: `${endpoints.issuerHostUrl}/${endpoints.userPoolId}`,
    userPoolDomain: endpoints.hostedUiUrl,
    clientId: LOCAL_SPA_CLIENT_ID,
    redirectUri: `${endpoints.entryUrl}${WEB_CALLBACK_PATH}`,
    logoutUri: `${endpoints.entryUrl}/`,
    apiBasePath: config.api.basePath,
    tokenUse: config.edge.tokenUse,
  };
}

/** The SPA app client: the local entry URL's callback and sign-out URLs, and the configured ones (e.g. a Vite dev server's). */
export function localSpaClient(config: Config, entryUrl: () => string): HostedUiClient {
  const spa = config.identity.spaClient;
  return {
    clientId: LOCAL_SPA_CLIENT_ID,
    callbackUrls: () => [`${entryUrl()}${WEB_CALLBACK_PATH}`, ...spa.callbackUrls],
    logoutUrls: () => [`${entryUrl()}/`, ...spa.logoutUrls],
    scopes: LOCAL_SPA_SCOPES,
  };
}

/** config.json as an object of the site's bucket. */
export function webConfigObject(webConfig: WebConfigJson): [string, GeneratedObject] {
  return [WEB_CONFIG_FILENAME, { body: Buffer.from(`${JSON.stringify(webConfig, null, 2)}\n`), contentType: 'application/json', cacheControl: CACHE_NO_CACHE }];
}
