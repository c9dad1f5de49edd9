/**
 * The claims MAC key of `oac` mode (lib/claims-mac.ts): a random 256-bit key
 * made by Terraform, stored in a Secrets Manager secret the API reads, and
 * handed to the edge stack (which bakes it into the Lambda@Edge package:
 * Lambda@Edge has no environment variables) as a sensitive output.
 *
 * The key comes from Terraform alone, with no extra provider: a
 * `terraform_data` whose input is the SHA-256 of three `uuid()` calls (each
 * 122 random bits from a CSPRNG), evaluated once when the resource is created
 * and then kept (`ignore_changes = [input]`). Rotation: raise `version`
 * (config `edge.claimsKeyVersion`): `triggers_replace` replaces the resource,
 * a replacement is planned from the configuration (ignore_changes applies
 * only to updates), so the plan shows the key, the secret version and the
 * edge package changing, and nothing else.
 *
 * Who holds the key: the Terraform state of the backend (this resource, the
 * secret version, the output) and of the edge (the package), the secret
 * (readers: the API role), and the edge function's code (readers: whoever
 * may call lambda:GetFunction on it). Anyone with one of these can forge
 * claims in oac mode; treat them as you treat the state.
 */
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { DataResource } from 'cdktf';
import { Construct } from 'constructs';
import type { PolicyStatement } from './policy-document';

/** Props of {@link ClaimsKey}. */
export interface ClaimsKeyProps {
  readonly secretName: string;
  /** The key's version; raising it replaces the key. */
  readonly version: number;
  /**
   * Days a deleted secret can be restored; 0 deletes at once (disposable environments).
   * @default 30
   */
  readonly recoveryWindowDays?: number;
  /**
   * ARN of a customer-managed KMS key for the secret.
   * @default undefined (the AWS managed key aws/secretsmanager)
   */
  readonly kmsKeyArn?: string;
}

export class ClaimsKey extends Construct {
  readonly key: DataResource;
  readonly secret: SecretsmanagerSecret;
  readonly arn: string;
  /** `{"key": "<64 hex>", "version": n}` as a sensitive Terraform expression (for the edge stack's output). */
  readonly value: string;

  constructor(scope: Construct, id: string, props: ClaimsKeyProps) {
    super(scope, id);
    if (!Number.isInteger(props.version) || props.version < 1)
      throw new Error(`ClaimsKey: version: received ${JSON.stringify(props.version)}; allowed: an integer >= 1`);
    this.key = new DataResource(this, 'key', {
      triggersReplace: { version: props.version },
      lifecycle: { ignoreChanges: ['input'] },
    });
    this.key.addOverride('input', '${sha256(join("", [uuid(), uuid(), uuid()]))}');
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: 'The claims MAC key shared by the Lambda@Edge function and the API (oac mode); written by Terraform, rotated with edge.claimsKeyVersion.',
      recoveryWindowInDays: props.recoveryWindowDays ?? 30,
      kmsKeyId: props.kmsKeyArn,
    });
    this.value = `\${sensitive(jsonencode({ key = ${this.key.fqn}.output, version = ${props.version} }))}`;
    new SecretsmanagerSecretVersion(this, 'current', {
      secretId: this.secret.id,
      secretString: this.value,
    });
    this.arn = this.secret.arn;
  }

  /** What the API needs: GetSecretValue on this secret only. */
  readStatement(): PolicyStatement {
    return { sid: 'ReadClaimsKey', actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.arn] };
  }
}
