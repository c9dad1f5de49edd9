/**
 * A Cognito user pool for people: email as the username (verified
 * automatically), a password policy with every character class, MFA by
 * software token, account recovery by verified email only, optional threat
 * protection (advanced security), its groups, and a hosted UI domain.
 */
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { Construct } from 'constructs';
import { literal } from './terraform-literal';

/** A group of the pool. */
export interface UserPoolGroup {
  readonly name: string;
  /** @default "" */
  readonly description?: string;
  /** Lower wins when a user is in several groups. @default null (none) */
  readonly precedence?: number | null;
}

/** Props of {@link UserPool}. */
export interface UserPoolProps {
  readonly poolName: string;
  /** Region of the pool (for the hosted UI domain name). */
  readonly region: string;
  /** Minimum password length (at least 12). */
  readonly passwordMinLength: number;
  /** Hosted UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /**
   * MFA mode; OPTIONAL and ON use software tokens (TOTP).
   * @default "OPTIONAL"
   */
  readonly mfa?: 'OFF' | 'OPTIONAL' | 'ON';
  /**
   * Threat protection mode; AUDIT and ENFORCED need the PLUS feature plan,
   * which this construct selects for them.
   * @default "OFF"
   */
  readonly advancedSecurity?: 'OFF' | 'AUDIT' | 'ENFORCED';
  /**
   * Refuse deletion of the pool.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Groups of the pool.
   * @default []
   */
  readonly groups?: readonly UserPoolGroup[];
}

export class UserPool extends Construct {
  readonly pool: CognitoUserPool;
  readonly domain: CognitoUserPoolDomain;
  readonly id: string;
  readonly arn: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>` (the `iss` of its tokens). */
  readonly issuerUrl: string;
  /** `<prefix>.auth.<region>.amazoncognito.com` */
  readonly hostedUiDomain: string;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    if (props.passwordMinLength < 12) throw new Error(`${this.node.path}: passwordMinLength must be at least 12`);
    const mfa = props.mfa ?? 'OPTIONAL';
    const advanced = props.advancedSecurity ?? 'OFF';
    this.pool = new CognitoUserPool(this, 'resource', {
      name: props.poolName,
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      usernameConfiguration: { caseSensitive: false },
      passwordPolicy: {
        minimumLength: props.passwordMinLength,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 7,
      },
      mfaConfiguration: mfa,
      softwareTokenMfaConfiguration: mfa === 'OFF' ? undefined : { enabled: true },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      deletionProtection: (props.deletionProtection ?? true) ? 'ACTIVE' : 'INACTIVE',
      userPoolTier: advanced === 'OFF' ? 'ESSENTIALS' : 'PLUS',
      userPoolAddOns: { advancedSecurityMode: advanced },
    });
    this.id = this.pool.id;
    this.arn = this.pool.arn;
    // The pool's `endpoint` attribute is `cognito-idp.<region>.amazonaws.com/<id>`.
    this.issuerUrl = `https://${this.pool.endpoint}`;

    for (const g of props.groups ?? []) {
      new CognitoUserGroup(this, `group_${g.name}`, {
        userPoolId: this.pool.id,
        name: literal(g.name),
        description: g.description ? literal(g.description) : undefined,
        precedence: g.precedence ?? undefined,
      });
    }

    this.domain = new CognitoUserPoolDomain(this, 'domain', { domain: props.domainPrefix, userPoolId: this.pool.id });
    this.hostedUiDomain = `${props.domainPrefix}.auth.${props.region}.amazoncognito.com`;
  }
}
