/**
 * `<env>-state`: the S3 bucket that holds every other stack's Terraform state.
 *
 * - Private, SSE-S3 encrypted, TLS-only, versioned (every state write is a
 *   recoverable version), noncurrent versions expire after
 *   `state.noncurrentVersionDays`, incomplete multipart uploads after 7 days.
 * - `prevent_destroy` in every AWS environment, dev included: losing this
 *   bucket loses the state of all other stacks (their resources would be
 *   orphaned). `cdktf destroy <env>-state` therefore fails on purpose. To
 *   retire an environment: destroy the other stacks, then remove the
 *   protection in a deliberate, reviewed change and empty the bucket
 *   (force_destroy stays off). Only an emulator environment (`endpoints`
 *   set), which is created and destroyed per test run, goes without it; it
 *   also goes without the TLS-only deny, since the emulator speaks plain HTTP.
 * - Its own state uses the local backend (the bucket cannot hold the state
 *   of its own creation): `terraform.<env>-state.tfstate` at the repository
 *   root (gitignored), by a path relative to `cdktf.out/stacks/<env>-state`.
 *   Keep that file safe, or migrate it into the bucket once it exists
 *   (`terraform init -migrate-state` with an S3 backend block).
 */
import { LocalBackend } from 'cdktf';
import type { Construct } from 'constructs';
import { PrivateBucket } from '../constructs/private-bucket';
import { SfuStack, type SfuStackProps } from './base-stack';
import { denyInsecureTransport } from './emulator';
import { contractOutput, STATE_OUTPUTS } from './outputs';
import { awsProvider } from './providers';

export class StateStack extends SfuStack {
  readonly bucket: PrivateBucket;

  constructor(scope: Construct, props: SfuStackProps) {
    super(scope, 'state', props);
    const { config } = props;
    // cdktf.out/stacks/<stack>/ -> the repository root.
    new LocalBackend(this, { path: `../../../terraform.${this.stackName}.tfstate` });
    awsProvider(this, 'aws', config, { region: config.state.region });

    this.bucket = new PrivateBucket(this, 'state_bucket', {
      bucketName: config.state.bucketName,
      versioned: true,
      noncurrentVersionDays: config.state.noncurrentVersionDays,
      preventDestroy: config.endpoints === null,
      denyInsecureTransport: denyInsecureTransport(config),
    });

    contractOutput(this, STATE_OUTPUTS.bucketName, this.bucket.name, 'Name of the S3 bucket that holds the Terraform state of every other stack.');
    contractOutput(this, STATE_OUTPUTS.bucketArn, this.bucket.arn, 'ARN of the state bucket (for IAM policies of CI roles).');
    contractOutput(this, STATE_OUTPUTS.bucketRegion, config.state.region, 'Region of the state bucket (the S3 backend `region`).');
  }
}
