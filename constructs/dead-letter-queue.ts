/**
 * An SQS dead-letter queue: encrypted with SSE-SQS (SQS-owned keys, so a
 * service such as SNS needs no KMS grant to write to it) or, when given, a
 * customer-managed key (then every sender needs to use that key), 14 days of
 * retention, and a queue policy that refuses plain HTTP and, when given,
 * lets one AWS service send on behalf of one source (e.g. SNS for one
 * topic's failed deliveries). Senders inside the account (a function's
 * execution role) need only their own IAM permission.
 */
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { denyInsecureTransport, PolicyDocument, type PolicyStatement } from './policy-document';

/** Props of {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  readonly queueName: string;
  /**
   * An AWS service allowed to send, limited to one source ARN.
   * @default undefined (no service sender; IAM principals of the account only)
   */
  readonly serviceSender?: { readonly service: string; readonly sourceArn: string; readonly sid: string };
  /**
   * Deny every request over plain HTTP. Turn off only for an emulator that
   * speaks plain HTTP.
   * @default true
   */
  readonly denyInsecureTransport?: boolean;
  /**
   * ARN of a customer-managed KMS key (SSE-KMS) instead of SSE-SQS. Senders
   * then need kms:GenerateDataKey and kms:Decrypt on it: IAM principals
   * through their policies, a service sender (SNS) through the key policy.
   * @default undefined (SSE-SQS, SQS-owned keys)
   */
  readonly kmsKeyArn?: string;
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
      sqsManagedSseEnabled: props.kmsKeyArn === undefined ? true : undefined,
      kmsMasterKeyId: props.kmsKeyArn,
      messageRetentionSeconds: props.retentionSeconds ?? 1_209_600,
    });
    const statements: PolicyStatement[] = [
      ...(props.serviceSender
        ? [
            {
              sid: props.serviceSender.sid,
              actions: ['sqs:SendMessage'],
              resources: [this.queue.arn],
              principals: [{ type: 'Service', identifiers: [props.serviceSender.service] }],
              conditions: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: [props.serviceSender.sourceArn] }],
            },
          ]
        : []),
      ...((props.denyInsecureTransport ?? true) ? [denyInsecureTransport('sqs', [this.queue.arn])] : []),
    ];
    if (statements.length > 0) {
      const policy = new PolicyDocument(this, 'policy', { statements });
      new SqsQueuePolicy(this, 'queue_policy', { queueUrl: this.queue.url, policy: policy.json });
    }
    this.arn = this.queue.arn;
  }
}
