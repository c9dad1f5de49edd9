/**
 * The public app client of a single-page app: authorization code flow only
 * (no implicit flow), no client secret, SRP sign-in and refresh only, token
 * revocation on, user-existence errors hidden, token lifetimes from config.
 *
 * PKCE: Cognito has no client setting for it. It supports PKCE on the code
 * flow of every client and checks `code_verifier` on the token request
 * whenever the authorize request carried a `code_challenge`; with no secret,
 * PKCE is what binds the code to the SPA. Cognito is not documented to
 * refuse a public client's code request *without* a challenge, so the SPA
 * must send one (managed login, Amplify and oidc-client-ts do): a deploy
 * checklist item.
 */
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { setValues } from './set-values';

/** Props of {@link SpaClient}. */
export interface SpaClientProps {
  readonly clientName: string;
  readonly userPoolId: string;
  /** Where Cognito may send the authorization code. */
  readonly callbackUrls: readonly string[];
  /**
   * Where Cognito may redirect after sign-out.
   * @default []
   */
  readonly logoutUrls?: readonly string[];
  /** @default 60 */
  readonly accessTokenMinutes?: number;
  /** @default 60 */
  readonly idTokenMinutes?: number;
  /** @default 30 */
  readonly refreshTokenDays?: number;
  /**
   * OAuth scopes the SPA may ask for.
   * @default ["email", "openid", "profile"]
   */
  readonly scopes?: readonly string[];
  /**
   * The provider of the pool's region (the edge stack's web client, made in
   * us-east-1's stack for a pool in the backend region).
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

export class SpaClient extends Construct {
  readonly client: CognitoUserPoolClient;
  readonly id: string;

  constructor(scope: Construct, id: string, props: SpaClientProps) {
    super(scope, id);
    this.client = new CognitoUserPoolClient(this, 'resource', {
      provider: props.provider,
      name: props.clientName,
      userPoolId: props.userPoolId,
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['code'],
      allowedOauthScopes: setValues(props.scopes ?? ['email', 'openid', 'profile']),
      supportedIdentityProviders: ['COGNITO'],
      callbackUrls: setValues(props.callbackUrls),
      logoutUrls: setValues(props.logoutUrls ?? []),
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      accessTokenValidity: props.accessTokenMinutes ?? 60,
      idTokenValidity: props.idTokenMinutes ?? 60,
      refreshTokenValidity: props.refreshTokenDays ?? 30,
      tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' }],
    });
    this.id = this.client.id;
  }
}
