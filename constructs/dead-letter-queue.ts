/**
 * An SQS dead-letter queue for failed SNS deliveries: encrypted with SSE-SQS
 * (SQS-owned keys, so SNS needs no KMS grant to write to it), 14 days of
 * retention, a queue policy that lets only the given topic send and refuses
 * plain HTTP.
 */
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { denyInsecureTransport, PolicyDocument } from './policy-document';

/** Props of {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  readonly queueName: string;
  /** ARN of the SNS topic whose failed deliveries land here (the only sender). */
  readonly sourceTopicArn: string;
  /**
   * How long a failed message is kept, seconds (SQS maximum: 14 days).
   * @default 1209600
   */
  readonly retentionSeconds?: number;
}

export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, 'resource', {
      name: props.queueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: props.retentionSeconds ?? 1_209_600,
    });
    const policy = new PolicyDocument(this, 'policy', {
      statements: [
        {
          sid: 'TopicSendsFailedDeliveries',
          actions: ['sqs:SendMessage'],
          resources: [this.queue.arn],
          principals: [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }],
          conditions: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [props.sourceTopicArn] }],
        },
        denyInsecureTransport('sqs', [this.queue.arn]),
      ],
    });
    new SqsQueuePolicy(this, 'queue_policy', { queueUrl: this.queue.url, policy: policy.json });
    this.arn = this.queue.arn;
  }
}
