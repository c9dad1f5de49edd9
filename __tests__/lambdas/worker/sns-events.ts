/** SNS -> Lambda events as SNS delivers them (one record per invocation in practice). */
import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import type { PublishedMessage } from '../../../lambdas/shared/message';

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:sfu-dev-messages';

export const validMessage: PublishedMessage = {
  version: 1,
  subject: 'Hi',
  text: 'Hello worker',
  sentBy: '11111111-2222-3333-4444-555555555555',
  sentAt: '2030-01-01T12:00:00.000Z',
  requestId: 'req-api-1',
};

export function snsRecord(message: unknown, messageId = 'sns-msg-1'): SNSEventRecord {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: `${TOPIC_ARN}:0f3c1a2b-1111-2222-3333-444455556666`,
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: '2030-01-01T12:00:00.100Z',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-example.pem',
      MessageId: messageId,
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      MessageAttributes: { type: { Type: 'String', Value: 'sfu.message.v1' } },
      Type: 'Notification',
      UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
      TopicArn: TOPIC_ARN,
    },
  };
}

export const snsEvent = (...records: SNSEventRecord[]): SNSEvent => ({ Records: records });
