/**
 * A Secrets Manager secret the API reads at runtime, with an initial,
 * non-secret placeholder value. The value is managed outside Terraform after
 * the first apply (`ignore_changes = [secret_string]`), so rotating it never
 * shows up as drift and a plan never reverts it.
 *
 * Encryption: the AWS managed key `aws/secretsmanager` (Secrets Manager
 * always encrypts); its key policy lets principals of the account decrypt
 * through Secrets Manager, so readers need only secretsmanager:GetSecretValue.
 * With `kmsKeyArn` a customer-managed key instead, which readers must be
 * allowed to use (kms:Decrypt via secretsmanager).
 */
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Construct } from 'constructs';
import type { PolicyStatement } from './policy-document';

/** Props of {@link AppSecret}. */
export interface AppSecretProps {
  readonly secretName: string;
  /** The initial value, stored as JSON. Must hold nothing secret: it is in the Terraform plan and state. */
  readonly placeholder: Readonly<Record<string, string>>;
  /**
   * Days a deleted secret can be restored; 0 deletes at once (disposable environments).
   * @default 30
   */
  readonly recoveryWindowDays?: number;
  /**
   * Description.
   * @default none
   */
  readonly description?: string;
  /**
   * ARN of a customer-managed KMS key to encrypt the secret with; readers
   * then also need kms:Decrypt on it (through Secrets Manager).
   * @default undefined (the AWS managed key aws/secretsmanager)
   */
  readonly kmsKeyArn?: string;
}

export class AppSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AppSecretProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, 'resource', {
      name: props.secretName,
      description: props.description,
      recoveryWindowInDays: props.recoveryWindowDays ?? 30,
      kmsKeyId: props.kmsKeyArn,
    });
    const keys = Object.keys(props.placeholder).sort();
    new SecretsmanagerSecretVersion(this, 'initial_version', {
      secretId: this.secret.id,
      secretString: JSON.stringify(Object.fromEntries(keys.map((k) => [k, props.placeholder[k]]))),
      lifecycle: { ignoreChanges: ['secret_string'] },
    });
    this.arn = this.secret.arn;
  }

  /** What a reader needs: GetSecretValue on this secret only. */
  readStatement(): PolicyStatement {
    return { sid: 'ReadApiSecret', actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.arn] };
  }
}
