/**
 * `POST /messages` {subject?, text} -> publishes to the SNS topic and answers
 * 202 `{"messageId": "..."}`. The published JSON is the shared
 * {@link PublishedMessage} contract that the worker validates.
 */
import * as z from 'zod';
import { MESSAGE_VERSION, SUBJECT_MAX, TEXT_MAX, type PublishedMessage } from '../../shared/message';
import { readJsonBody } from '../body';
import { textField } from '../text';
import type { Endpoint, RouteDeps } from './endpoint';

export const messageInputSchema = z.strictObject({
  subject: textField(SUBJECT_MAX).optional(),
  text: textField(TEXT_MAX),
});

/** The answer to `POST /messages`. */
export const messageAcceptedSchema = z.strictObject({ messageId: z.string().min(1) });

export function messageEndpoints(deps: RouteDeps): Endpoint[] {
  return [
    {
      method: 'POST',
      path: '/messages',
      doc: {
        operationId: 'postMessage',
        summary: 'Publishes a message to the topic',
        description: 'The worker subscribed to the topic validates and logs it.',
        tags: ['messages'],
        body: messageInputSchema,
        success: { status: 202, description: 'Published; the SNS message id.', schema: messageAcceptedSchema },
        errors: {
          400: 'The body is not JSON, or a field is missing, of the wrong type or unknown (the message names each).',
          413: 'The body is larger than the limit.',
          415: 'The body is not `application/json` (or `application/*+json`) in UTF-8.',
        },
      },
      handle: async (c) => {
        const input = await readJsonBody(c, messageInputSchema, deps.maxBodyBytes);
        const sentBy = c.get('identity').claims?.sub;
        const message: PublishedMessage = {
          version: MESSAGE_VERSION,
          text: input.text,
          ...(input.subject !== undefined ? { subject: input.subject } : {}),
          ...(sentBy !== undefined ? { sentBy } : {}),
          sentAt: deps.now().toISOString(),
          requestId: c.get('requestId'),
        };
        const messageId = await deps.messages.publish(message);
        deps.logger.info('message published', { requestId: c.get('requestId'), messageId });
        return c.json({ messageId }, 202);
      },
    },
  ];
}
