/**
 * Publishing `POST /messages` to the SNS topic the worker is subscribed to.
 *
 * IAM action used: sns:Publish on the topic ARN (plus kms:GenerateDataKey and
 * kms:Decrypt on the topic's key when it is a customer-managed KMS key).
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { MESSAGE_TYPE, type PublishedMessage } from '../../shared/message';

export interface MessagePublisher {
  /** Publishes one message; resolves to the message id. */
  publish(message: PublishedMessage): Promise<string>;
}

export type SnsSender = Pick<SNSClient, 'send'>;

export class SnsMessagePublisher implements MessagePublisher {
  constructor(
    private readonly client: SnsSender,
    private readonly topicArn: string,
  ) {}

  async publish(message: PublishedMessage): Promise<string> {
    const out = await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(message),
        // The subject stays inside the JSON message: SNS's own Subject field has
        // stricter rules (ASCII, no line breaks) and only email endpoints use it.
        MessageAttributes: { type: { DataType: 'String', StringValue: MESSAGE_TYPE } },
      }),
    );
    if (!out.MessageId) throw new Error('SNS Publish returned no MessageId');
    return out.MessageId;
  }
}

/** Keeps messages in memory (local runs, tests). */
export class MemoryMessagePublisher implements MessagePublisher {
  readonly published: { readonly id: string; readonly message: PublishedMessage }[] = [];

  async publish(message: PublishedMessage): Promise<string> {
    const id = `memory-${this.published.length + 1}`;
    this.published.push({ id, message });
    return id;
  }
}
