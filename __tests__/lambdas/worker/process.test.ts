import { MalformedMessageError, processRecords } from '../../../lambdas/worker/process';
import { ADMIN, harness, RecordingLogger } from '../api/harness';
import { snsEvent, snsRecord, TOPIC_ARN, validMessage } from './sns-events';

describe('processRecords()', () => {
  it('accepts a valid message and logs it structured', async () => {
    const logger = new RecordingLogger();
    expect(await processRecords(snsEvent(snsRecord(validMessage)), logger)).toEqual({ processed: 1 });
    expect(logger.lines).toEqual([
      {
        level: 'info',
        message: 'message received',
        attributes: {
          snsMessageId: 'sns-msg-1',
          topicArn: TOPIC_ARN,
          subject: 'Hi',
          text: 'Hello worker',
          sentBy: validMessage.sentBy,
          sentAt: validMessage.sentAt,
          publisherRequestId: 'req-api-1',
        },
      },
    ]);
  });

  it('accepts a message without the optional subject and sender', async () => {
    const { subject: _s, sentBy: _b, ...minimal } = validMessage;
    expect(await processRecords(snsEvent(snsRecord(minimal)), new RecordingLogger())).toEqual({ processed: 1 });
  });

  it('accepts exactly what POST /messages publishes', async () => {
    const api = harness();
    await api.invoke({ method: 'POST', path: '/api/messages', body: { subject: 'S', text: 'From the API' }, claims: ADMIN });
    const published = JSON.stringify(api.messages.published[0].message);
    expect(await processRecords(snsEvent(snsRecord(published)), new RecordingLogger())).toEqual({ processed: 1 });
  });

  it.each([
    ['text that is not JSON', 'hello', 'Message is not JSON'],
    ['a missing text', { ...validMessage, text: undefined }, 'text: a string'],
    ['an empty text', { ...validMessage, text: '' }, 'text: a non-empty string'],
    ['an unknown field', { ...validMessage, extra: true }, 'unknown field(s) "extra"'],
    ['a wrong version', { ...validMessage, version: 2 }, 'version: the number 1'],
    ['a bad timestamp', { ...validMessage, sentAt: 'yesterday' }, 'sentAt: an ISO-8601 UTC timestamp'],
    ['a JSON array', [validMessage], '(message)'],
  ])('throws on %s (so SNS/Lambda retry and then dead-letter it)', async (_what, message, problem) => {
    const logger = new RecordingLogger();
    const error: unknown = await processRecords(snsEvent(snsRecord(message)), logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedMessageError);
    expect((error as Error).message).toContain(problem);
    expect(logger.lines.some((l) => l.level === 'error' && l.message === 'malformed SNS message')).toBe(true);
    expect(logger.lines.some((l) => l.message === 'message received')).toBe(false);
  });

  it('throws on an event that is not from SNS', async () => {
    const record = { ...snsRecord(validMessage), EventSource: 'aws:sqs' };
    await expect(processRecords(snsEvent(record), new RecordingLogger())).rejects.toThrow('Records[0]: not an SNS record');
  });

  it('throws on an event without records', async () => {
    await expect(processRecords({ Records: [] }, new RecordingLogger())).rejects.toThrow('no SNS Records');
    await expect(processRecords({} as never, new RecordingLogger())).rejects.toThrow('no SNS Records');
  });

  it('refuses the whole event when any record is malformed, logging none as received', async () => {
    const logger = new RecordingLogger();
    const run = processRecords(snsEvent(snsRecord(validMessage, 'ok-1'), snsRecord('{', 'bad-2')), logger);
    await expect(run).rejects.toThrow('Records[1] (bad-2): Message is not JSON');
    expect(logger.lines.filter((l) => l.message === 'message received')).toEqual([]);
  });
});
