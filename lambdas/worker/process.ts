/**
 * The worker: receives what `POST /messages` published, through the SNS
 * subscription, checks it against the shared message contract and logs it.
 *
 * Malformed input fails loudly: the invocation throws, so Lambda retries the
 * asynchronous SNS invocation and then hands the event to the function's
 * dead-letter queue / on-failure destination. Every record is checked before
 * any is logged as processed, so a retry does not half-process a batch.
 */
import { isRecord } from '../../lib/json';
import type { SNSEvent } from 'aws-lambda';
import { publishedMessageSchema, type PublishedMessage } from '../shared/message';
import type { AppLogger } from '../shared/logger';

export class MalformedMessageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Malformed SNS message(s), refusing the event:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MalformedMessageError';
  }
}

interface Checked {
  readonly messageId: string;
  readonly topicArn: string;
  readonly message: PublishedMessage;
}

export async function processRecords(event: SNSEvent, logger: AppLogger): Promise<{ processed: number }> {
  const records: unknown = isRecord(event) ? event.Records : undefined;
  if (!Array.isArray(records) || records.length === 0) throw new MalformedMessageError(['event: no SNS Records']);

  const problems: string[] = [];
  const checked: Checked[] = [];
  records.forEach((record: unknown, i) => {
    const sns = isRecord(record) && record.EventSource === 'aws:sns' && isRecord(record.Sns) ? record.Sns : undefined;
    if (!sns) return void problems.push(`Records[${i}]: not an SNS record`);
    const messageId = typeof sns.MessageId === 'string' ? sns.MessageId : '(no MessageId)';
    if (typeof sns.Message !== 'string') return void problems.push(`Records[${i}] (${messageId}): Message is not a string`);
    let json: unknown;
    try {
      json = JSON.parse(sns.Message);
    } catch {
      return void problems.push(`Records[${i}] (${messageId}): Message is not JSON`);
    }
    const result = publishedMessageSchema.safeParse(json);
    if (!result.success) {
      const why = result.error.issues
        .map((issue) =>
          issue.code === 'unrecognized_keys'
            ? `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
            : `${issue.path.map(String).join('.') || '(message)'}: ${issue.message}`,
        )
        .join('; ');
      return void problems.push(`Records[${i}] (${messageId}): ${why}`);
    }
    checked.push({ messageId, topicArn: typeof sns.TopicArn === 'string' ? sns.TopicArn : '', message: result.data });
  });

  if (problems.length > 0) {
    logger.error('malformed SNS message', { problems });
    throw new MalformedMessageError(problems);
  }
  for (const { messageId, topicArn, message } of checked) {
    logger.info('message received', {
      snsMessageId: messageId,
      topicArn,
      subject: message.subject,
      text: message.text,
      sentBy: message.sentBy,
      sentAt: message.sentAt,
      publisherRequestId: message.requestId,
    });
  }
  return { processed: checked.length };
}
