import type { MessagePublisher } from '../../../../lambdas/api/messages/publisher';
import { publishedMessageSchema } from '../../../../lambdas/shared/message';
import { lambdaContext } from '../../events';
import { ADMIN, EDITOR, FIXED_NOW, harness } from '../harness';

describe('POST /messages', () => {
  it('publishes {subject, text} with the sender and request id, and answers 202 with the message id', async () => {
    const h = harness();
    const r = await h.invoke(
      { method: 'POST', path: '/api/messages', body: { subject: ' Hi ', text: ' Hello worker ' }, claims: ADMIN },
      lambdaContext('req-msg'),
    );
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ messageId: 'memory-1' });
    expect(h.messages.published).toEqual([
      {
        id: 'memory-1',
        message: {
          version: 1,
          subject: 'Hi',
          text: 'Hello worker',
          sentBy: '11111111-2222-3333-4444-555555555555',
          sentAt: FIXED_NOW.toISOString(),
          requestId: 'req-msg',
        },
      },
    ]);
  });

  it('publishes exactly what the worker accepts', async () => {
    const h = harness();
    await h.invoke({ method: 'POST', path: '/api/messages', body: { text: 'no subject' }, claims: { scopes: ['books/write'] } });
    const published = h.messages.published[0].message;
    expect(published.subject).toBeUndefined();
    expect(publishedMessageSchema.parse(JSON.parse(JSON.stringify(published)))).toEqual(published);
  });

  it.each([
    [{}, 'text: required'],
    [{ text: '  ' }, 'text: a string of 1-10000 characters (not blank)'],
    [{ text: 'x'.repeat(10_001) }, 'text: a string of 1-10000 characters'],
    [{ text: 'x', subject: 'y'.repeat(101) }, 'subject: a string of 1-100 characters'],
    [{ text: 'x', topicArn: 'arn:aws:sns:eu-west-1:1:other' }, 'unknown field "topicArn"'],
  ])('answers 400 for %j and publishes nothing', async (body, message) => {
    const h = harness();
    const r = await h.invoke({ method: 'POST', path: '/api/messages', body, claims: ADMIN });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain(message);
    expect(h.messages.published).toEqual([]);
  });

  it('is for admins or the books/write scope only (editors get 403)', async () => {
    const h = harness();
    expect((await h.invoke({ method: 'POST', path: '/api/messages', body: { text: 'x' }, claims: EDITOR })).status).toBe(403);
    expect(h.messages.published).toEqual([]);
  });

  it('answers 500 when SNS fails, without its error text', async () => {
    const failing: MessagePublisher = {
      publish: async () => Promise.reject(new Error('AuthorizationError: not authorized to perform SNS:Publish on arn:aws:sns:...')),
    };
    const h = harness({ messages: failing });
    const r = await h.invoke({ method: 'POST', path: '/api/messages', body: { text: 'x' }, claims: ADMIN });
    expect(r.status).toBe(500);
    expect(r.body).not.toMatch(/SNS|arn:/);
  });
});
