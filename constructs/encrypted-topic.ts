/**
 * An SNS topic encrypted with a customer-managed KMS key of its own, or
 * with a given customer-managed key (`kmsKeyArn`: then no key is created).
 *
 * Why a CMK rather than `alias/aws/sns`: a publisher needs kms:GenerateDataKey
 * and kms:Decrypt on the topic's key, and with a CMK that grant names one key
 * ARN (the AWS managed alias only exists after first use in a region, so its
 * ARN cannot be referenced at plan time). The key policy gives the account
 * (IAM) control, as AWS's default key policy does; publishers get access
 * through their IAM policies ({@link EncryptedTopic.publishStatements}).
 * The dead-letter queue uses SSE-SQS, so SNS needs no grant on this key to
 * move failed deliveries there.
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { accountAdministersKeyThroughIam, PolicyDocument, type PolicyStatement } from './policy-document';

/** Props of {@link EncryptedTopic}. */
export interface EncryptedTopicProps {
  readonly topicName: string;
  /** Region of the topic (for the kms:ViaService condition). */
  readonly region: string;
  /**
   * Days KMS waits before deleting the key after it is scheduled for deletion.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * ARN of an existing customer-managed key to encrypt with (in the topic's
   * region); the construct then creates no key or alias.
   * @default undefined (a key of its own, with the alias `alias/<topicName>`)
   */
  readonly kmsKeyArn?: string;
}

export class EncryptedTopic extends Construct {
  readonly topic: SnsTopic;
  /** The key of its own; undefined with `kmsKeyArn`. */
  readonly key?: KmsKey;
  /** ARN of the key that encrypts the topic. */
  readonly keyArn: string;
  readonly arn: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps) {
    super(scope, id);
    this.region = props.region;
    if (props.kmsKeyArn !== undefined) {
      this.keyArn = props.kmsKeyArn;
    } else {
      this.key = this.createKey(props);
      this.keyArn = this.key.arn;
    }
    this.topic = new SnsTopic(this, 'resource', {
      name: props.topicName,
      kmsMasterKeyId: this.keyArn,
    });
    this.arn = this.topic.arn;
  }

  private createKey(props: EncryptedTopicProps): KmsKey {
    const account = new DataAwsCallerIdentity(this, 'account', {});
    const partition = new DataAwsPartition(this, 'partition', {});
    const keyPolicy = new PolicyDocument(this, 'key_policy', {
      statements: [accountAdministersKeyThroughIam(partition.partition, account.accountId)],
    });
    const key = new KmsKey(this, 'key', {
      description: `Encrypts the ${props.topicName} SNS topic`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, 'key_alias', { name: `alias/${props.topicName}`, targetKeyId: key.keyId });
    return key;
  }

  /** What a publisher needs: sns:Publish on this topic and the topic key through SNS only. */
  publishStatements(): PolicyStatement[] {
    return [
      { sid: 'PublishMessages', actions: ['sns:Publish'], resources: [this.topic.arn] },
      {
        sid: 'UseTopicKeyThroughSns',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.keyArn],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`sns.${this.region}.amazonaws.com`] }],
      },
    ];
  }
}
