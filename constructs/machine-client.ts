/**
 * A machine-to-machine client: a resource server with scopes, and a
 * confidential client (with a secret) allowed only the client-credentials
 * flow for those scopes. The secret stays in Cognito and Terraform state;
 * it is never an output.
 */
import { CognitoResourceServer } from '@cdktf/provider-aws/lib/cognito-resource-server';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { Construct } from 'constructs';
import { setValues } from './set-values';

/** A scope of the resource server. */
export interface MachineScope {
  readonly name: string;
  readonly description: string;
}

/** Props of {@link MachineClient}. */
export interface MachineClientProps {
  readonly clientName: string;
  readonly userPoolId: string;
  /** Resource server identifier; scopes are `<identifier>/<name>`. */
  readonly resourceServer: string;
  readonly scopes: readonly MachineScope[];
  /** @default 60 */
  readonly accessTokenMinutes?: number;
}

export class MachineClient extends Construct {
  readonly resourceServer: CognitoResourceServer;
  readonly client: CognitoUserPoolClient;
  readonly id: string;
  readonly identifier: string;

  constructor(scope: Construct, id: string, props: MachineClientProps) {
    super(scope, id);
    this.resourceServer = new CognitoResourceServer(this, 'resource_server', {
      userPoolId: props.userPoolId,
      identifier: props.resourceServer,
      name: props.resourceServer,
      scope: [...props.scopes]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((s) => ({ scopeName: s.name, scopeDescription: s.description })),
    });
    this.client = new CognitoUserPoolClient(this, 'resource', {
      name: props.clientName,
      userPoolId: props.userPoolId,
      generateSecret: true,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['client_credentials'],
      // Written out (not the server's scope_identifiers attribute) so the plan shows them.
      allowedOauthScopes: setValues(props.scopes.map((s) => `${props.resourceServer}/${s.name}`)),
      supportedIdentityProviders: ['COGNITO'],
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      accessTokenValidity: props.accessTokenMinutes ?? 60,
      tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' }],
      dependsOn: [this.resourceServer],
    });
    this.id = this.client.id;
    this.identifier = this.resourceServer.identifier;
  }
}
