/**
 * `<env>-identity`: the Cognito user pool, its groups, the SPA client, the
 * optional machine client and resource server, and the hosted UI domain.
 * Region: `backendRegion`.
 */
import type { Construct } from 'constructs';
import { MachineClient } from '../constructs/machine-client';
import { SpaClient } from '../constructs/spa-client';
import { UserPool } from '../constructs/user-pool';
import { SfuStack, type SfuStackProps } from './base-stack';
import { emulatorSettings } from './emulator';
import { isDisposable } from './naming';
import { contractOutput, IDENTITY_OUTPUTS } from './outputs';
import { awsProvider } from './providers';
import { useS3Backend } from './remote-state';

export class IdentityStack extends SfuStack {
  readonly userPool: UserPool;
  readonly spaClient: SpaClient;
  readonly machineClient?: MachineClient;

  constructor(scope: Construct, props: SfuStackProps) {
    super(scope, 'identity', props);
    const { config } = props;
    const env = config.environment;
    const region = config.backendRegion;
    useS3Backend(this, config);
    awsProvider(this, 'aws', config, { region });

    const id = config.identity;
    this.userPool = new UserPool(this, 'users', {
      poolName: `${env}-users`,
      region,
      passwordMinLength: id.passwordMinLength,
      domainPrefix: id.domainPrefix,
      mfa: id.mfa,
      advancedSecurity: id.advancedSecurity,
      deletionProtection: !isDisposable(config),
      groups: id.groups,
    });
    this.spaClient = new SpaClient(this, 'spa_client', {
      clientName: `${env}-spa`,
      userPoolId: this.userPool.id,
      callbackUrls: id.spaClient.callbackUrls,
      logoutUrls: id.spaClient.logoutUrls,
      accessTokenMinutes: id.spaClient.accessTokenMinutes,
      idTokenMinutes: id.spaClient.idTokenMinutes,
      refreshTokenDays: id.spaClient.refreshTokenDays,
    });
    if (id.machineClient) {
      this.machineClient = new MachineClient(this, 'machine_client', {
        clientName: `${env}-machine`,
        userPoolId: this.userPool.id,
        resourceServer: id.machineClient.resourceServer,
        scopes: id.machineClient.scopes,
        accessTokenMinutes: id.machineClient.accessTokenMinutes,
      });
    }

    const emulator = emulatorSettings(config);
    const jwksUrl = emulator
      ? `${emulator.url}/${this.userPool.id}/.well-known/jwks.json`
      : `${this.userPool.issuerUrl}/.well-known/jwks.json`;

    const o = IDENTITY_OUTPUTS;
    contractOutput(this, o.userPoolId, this.userPool.id, 'Id of the Cognito user pool, e.g. eu-west-1_AbCdEf123.');
    contractOutput(this, o.userPoolArn, this.userPool.arn, 'ARN of the Cognito user pool.');
    contractOutput(this, o.userPoolRegion, region, 'Region of the user pool.');
    contractOutput(this, o.issuerUrl, this.userPool.issuerUrl, 'Issuer (`iss`) of the pool\'s tokens: https://cognito-idp.<region>.amazonaws.com/<pool id>.');
    contractOutput(
      this,
      o.jwksUrl,
      jwksUrl,
      emulator ? 'JWKS of the pool on the emulator: <emulator>/<pool id>/.well-known/jwks.json.' : 'JWKS of the pool: <issuer_url>/.well-known/jwks.json.',
    );
    contractOutput(this, o.spaClientId, this.spaClient.id, 'Id of the public SPA client (authorization code + PKCE, no secret).');
    contractOutput(this, o.machineClientId, this.machineClient?.id ?? '', 'Id of the client-credentials client; "" when the config has no machineClient.');
    contractOutput(this, o.hostedUiDomain, this.userPool.hostedUiDomain, 'Hosted UI domain: <prefix>.auth.<region>.amazoncognito.com.');
    contractOutput(
      this,
      o.resourceServerIdentifier,
      this.machineClient?.identifier ?? '',
      'Identifier of the resource server (scopes are <identifier>/<scope>); "" when none.',
    );
  }
}
