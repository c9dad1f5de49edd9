/**
 * The SNS topic CloudWatch alarms of one region notify: encrypted with a
 * customer-managed KMS key of its own, with an optional email subscription.
 * Or, with `existingTopicArn`, nothing at all: that topic is used as given.
 *
 * Why a key of its own (or `kmsKeyArn`, a customer-managed key given): CloudWatch publishes to an encrypted topic only if
 * the key policy lets `cloudwatch.amazonaws.com` use the key
 * (kms:Decrypt, kms:GenerateDataKey*), and the policy of the AWS managed key
 * `alias/aws/sns` cannot be changed (SNS DG, "Enable compatibility between
 * event sources from AWS services and encrypted topics"). The grant and the
 * topic policy both carry aws:SourceAccount and an aws:SourceArn pattern of
 * this environment's alarms (`arn:...:cloudwatch:<region>:<account>:alarm:<env>-*`),
 * so the service principal acts only for our alarms.
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { accountAdministersKeyThroughIam, PolicyDocument, type PolicyCondition } from './policy-document';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Topic name (also the key alias `alias/<topicName>`). */
  readonly topicName: string;
  /** Region of the topic and of the alarms that notify it. */
  readonly region: string;
  /** Prefix of the names of the alarms allowed to publish (`<env>-`). */
  readonly alarmNamePrefix: string;
  /**
   * An email address to subscribe (SNS sends a confirmation mail first).
   * @default undefined (no subscription)
   */
  readonly email?: string;
  /**
   * Days KMS waits before deleting the key once scheduled for deletion.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Use this topic instead (in `region`); the construct then creates nothing.
   * @default undefined (a topic and key of its own)
   */
  readonly existingTopicArn?: string;
  /**
   * Encrypt with this customer-managed key (in `region`) instead of a key of
   * its own. Its key policy must let `cloudwatch.amazonaws.com` use it
   * (kms:Decrypt, kms:GenerateDataKey*), or notifications are dropped.
   * @default undefined (a key of its own, with the alias `alias/<topicName>`)
   */
  readonly kmsKeyArn?: string;
}

const CLOUDWATCH = [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }];

export class AlarmTopic extends Construct {
  /** ARN of the topic the alarms notify (ours or the existing one). */
  readonly arn: string;
  /** Undefined with `existingTopicArn`. */
  readonly topic?: SnsTopic;
  /** Undefined with `existingTopicArn` or `kmsKeyArn`. */
  readonly key?: KmsKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    if (props.existingTopicArn !== undefined) {
      this.arn = props.existingTopicArn;
      return;
    }
    const account = new DataAwsCallerIdentity(this, 'account', {});
    const partition = new DataAwsPartition(this, 'partition', {});
    const fromOurAlarms: PolicyCondition[] = [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
      {
        test: 'ArnLike',
        variable: 'aws:SourceArn',
        values: [`arn:${partition.partition}:cloudwatch:${props.region}:${account.accountId}:alarm:${props.alarmNamePrefix}*`],
      },
    ];
    this.key = props.kmsKeyArn === undefined ? this.createKey(props, account, partition, fromOurAlarms) : undefined;
    this.topic = new SnsTopic(this, 'resource', { name: props.topicName, kmsMasterKeyId: props.kmsKeyArn ?? this.key!.arn });
    this.arn = this.topic.arn;
    const topicPolicy = new PolicyDocument(this, 'policy', {
      statements: [
        { sid: 'CloudWatchAlarmsPublish', actions: ['sns:Publish'], resources: [this.topic.arn], principals: CLOUDWATCH, conditions: fromOurAlarms },
      ],
    });
    new SnsTopicPolicy(this, 'publish_policy', { arn: this.topic.arn, policy: topicPolicy.json });

    if (props.email !== undefined) {
      new SnsTopicSubscription(this, 'email', { topicArn: this.topic.arn, protocol: 'email', endpoint: props.email });
    }
  }

  private createKey(props: AlarmTopicProps, account: DataAwsCallerIdentity, partition: DataAwsPartition, fromOurAlarms: PolicyCondition[]): KmsKey {
    const keyPolicy = new PolicyDocument(this, 'key_policy', {
      statements: [
        accountAdministersKeyThroughIam(partition.partition, account.accountId),
        {
          // In a key policy, "*" is this key.
          sid: 'CloudWatchAlarmsEncryptNotifications',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          principals: CLOUDWATCH,
          conditions: fromOurAlarms,
        },
      ],
    });
    const key = new KmsKey(this, 'key', {
      description: `Encrypts the ${props.topicName} SNS topic (CloudWatch alarm notifications)`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, 'key_alias', { name: `alias/${props.topicName}`, targetKeyId: key.keyId });
    return key;
  }
}
