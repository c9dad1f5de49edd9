/**
 * `<env>-identity`: the Cognito user pool, its groups, the SPA client, the
 * optional machine client and resource server, and the hosted UI domain.
 * Region: `backendRegion`.
 *
 * Bring your own (`existing.userPool`): the stack creates none of these and
 * its outputs pass the given pool and client ids through, with the issuer
 * and JWKS URLs derived from the pool id (`https://cognito-idp.<region>.
 * amazonaws.com/<id>`), so the edge stack reads the same outputs either way.
 */
import { resourceNames } from '../lib/resource-names';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import type { Construct } from 'constructs';
import type { Config } from '../config/schema';
import { MachineClient } from '../constructs/machine-client';
import { SpaClient } from '../constructs/spa-client';
import { UserPool } from '../constructs/user-pool';
import { SfuStack, type SfuStackProps } from './base-stack';
import { emulatorSettings } from './emulator';
import { isDisposable } from './naming';
import { contractOutput, IDENTITY_OUTPUTS } from './outputs';
import { awsProvider } from './providers';
import { useS3Backend } from './remote-state';

/** What the outputs publish, from a created or an existing pool. */
interface PoolValues {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  readonly issuerUrl: string;
  readonly spaClientId: string;
  readonly machineClientId: string;
  readonly hostedUiDomain: string;
  readonly resourceServerIdentifier: string;
}

export class IdentityStack extends SfuStack {
  /** Undefined with `existing.userPool`. */
  readonly userPool?: UserPool;
  /** Undefined with `existing.userPool`. */
  readonly spaClient?: SpaClient;
  readonly machineClient?: MachineClient;

  constructor(scope: Construct, props: SfuStackProps) {
    super(scope, 'identity', props);
    const { config } = props;
    const region = config.backendRegion;
    useS3Backend(this, config);
    awsProvider(this, 'aws', config, { region });

    let pool: PoolValues;
    if (config.existing.userPool) {
      pool = this.existingPool(config.existing.userPool, config);
    } else {
      const own = this.ownPool(config);
      ({ userPool: this.userPool, spaClient: this.spaClient, machineClient: this.machineClient } = own);
      pool = own.values;
    }
    this.outputs(config, pool);
  }

  /** Our user pool, its groups, the SPA client and the optional machine client. */
  private ownPool(config: Config): { values: PoolValues; userPool: UserPool; spaClient: SpaClient; machineClient?: MachineClient } {
    const region = config.backendRegion;
    const names = resourceNames(config.environment);
    const id = config.identity;
    const userPool = new UserPool(this, 'users', {
      poolName: names.userPool,
      region,
      passwordMinLength: id.passwordMinLength,
      domainPrefix: id.domainPrefix,
      mfa: id.mfa,
      advancedSecurity: id.advancedSecurity,
      deletionProtection: !isDisposable(config),
      groups: id.groups,
    });
    const spaClient = new SpaClient(this, 'spa_client', {
      clientName: names.spaClient,
      userPoolId: userPool.id,
      callbackUrls: id.spaClient.callbackUrls,
      logoutUrls: id.spaClient.logoutUrls,
      accessTokenMinutes: id.spaClient.accessTokenMinutes,
      idTokenMinutes: id.spaClient.idTokenMinutes,
      refreshTokenDays: id.spaClient.refreshTokenDays,
    });
    const machineClient = id.machineClient
      ? new MachineClient(this, 'machine_client', {
          clientName: names.machineClient,
          userPoolId: userPool.id,
          resourceServer: id.machineClient.resourceServer,
          scopes: id.machineClient.scopes,
          accessTokenMinutes: id.machineClient.accessTokenMinutes,
        })
      : undefined;
    const values: PoolValues = {
      id: userPool.id,
      arn: userPool.arn,
      region,
      issuerUrl: userPool.issuerUrl,
      spaClientId: spaClient.id,
      machineClientId: machineClient?.id ?? '',
      hostedUiDomain: userPool.hostedUiDomain,
      resourceServerIdentifier: machineClient?.identifier ?? '',
    };
    return { values, userPool, spaClient, machineClient };
  }

  /** The output contract (the JWKS URL on the emulator when there is one). */
  private outputs(config: Config, pool: PoolValues): void {
    const emulator = emulatorSettings(config);
    const jwksUrl = emulator ? `${emulator.url}/${pool.id}/.well-known/jwks.json` : `${pool.issuerUrl}/.well-known/jwks.json`;

    const o = IDENTITY_OUTPUTS;
    contractOutput(this, o.userPoolId, pool.id, 'Id of the Cognito user pool, e.g. eu-west-1_AbCdEf123.');
    contractOutput(this, o.userPoolArn, pool.arn, 'ARN of the Cognito user pool.');
    contractOutput(this, o.userPoolRegion, pool.region, 'Region of the user pool.');
    contractOutput(this, o.issuerUrl, pool.issuerUrl, "Issuer (`iss`) of the pool's tokens: https://cognito-idp.<region>.amazonaws.com/<pool id>.");
    contractOutput(
      this,
      o.jwksUrl,
      jwksUrl,
      emulator ? 'JWKS of the pool on the emulator: <emulator>/<pool id>/.well-known/jwks.json.' : 'JWKS of the pool: <issuer_url>/.well-known/jwks.json.',
    );
    contractOutput(this, o.spaClientId, pool.spaClientId, 'Id of the public SPA client (authorization code + PKCE, no secret).');
    contractOutput(this, o.machineClientId, pool.machineClientId, 'Id of the client-credentials client; "" when the config has no machineClient.');
    contractOutput(
      this,
      o.hostedUiDomain,
      pool.hostedUiDomain,
      'Hosted UI domain: <prefix>.auth.<region>.amazoncognito.com ("" for an existing pool without one).',
    );
    contractOutput(
      this,
      o.resourceServerIdentifier,
      pool.resourceServerIdentifier,
      'Identifier of the resource server (scopes are <identifier>/<scope>); "" when none.',
    );
  }

  /**
   * The values of `existing.userPool`. Its region is the prefix of its id;
   * without an ARN in config, the ARN is built for the deploying account
   * (data sources `aws_caller_identity.account` and `aws_partition.partition`).
   */
  private existingPool(existing: NonNullable<Config['existing']['userPool']>, config: Config): PoolValues {
    const region = existing.id.slice(0, existing.id.indexOf('_'));
    let arn = existing.arn;
    if (arn === null) {
      const account = new DataAwsCallerIdentity(this, 'account', {});
      const partition = new DataAwsPartition(this, 'partition', {});
      arn = `arn:${partition.partition}:cognito-idp:${region}:${account.accountId}:userpool/${existing.id}`;
    }
    return {
      id: existing.id,
      arn,
      region,
      issuerUrl: `https://cognito-idp.${region}.amazonaws.com/${existing.id}`,
      spaClientId: existing.spaClientId,
      machineClientId: existing.machineClientId ?? '',
      hostedUiDomain: existing.hostedUiDomain ?? '',
      // The pool's resource server, as identity.machineClient describes it (routes' scopes are checked against it).
      resourceServerIdentifier: config.identity.machineClient?.resourceServer ?? '',
    };
  }
}
