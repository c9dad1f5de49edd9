/**
 * The web app's runtime `config.json`, served beside `index.html`: written by
 * the edge stack (constructs/web-app.ts) and by the local chain, read by the
 * app (web/src/config.ts). One shape for both sides; plain types only.
 */
export interface WebAppConfigFile {
  /** The OIDC authority (the user pool's issuer URL, `https://cognito-idp.<region>.amazonaws.com/<pool id>`), without a trailing slash. */
  readonly authority: string;
  /** The hosted UI's base URL (`https://<hosted UI domain>`), without a trailing slash. */
  readonly userPoolDomain: string;
  readonly clientId: string;
  /** Absolute. */
  readonly redirectUri: string;
  /** Absolute. */
  readonly logoutUri: string;
  /** e.g. "/api" (no trailing slash); the API is on the page's origin. */
  readonly apiBasePath: string;
  /** The token sent as `Authorization: Bearer` (the edge's `tokenUse`). */
  readonly tokenUse: 'access' | 'id';
  /** Space-separated OAuth scopes asked for at sign-in; includes "openid". @default "openid email profile" */
  readonly scope?: string;
}
