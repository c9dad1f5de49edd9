/**
 * `POST /messages` {subject?, text} -> publishes to the SNS topic and answers
 * 202 `{"messageId": "..."}`. The published JSON is the shared
 * {@link PublishedMessage} contract that the worker validates.
 */
import { z } from 'zod';
import { MESSAGE_VERSION, SUBJECT_MAX, TEXT_MAX, type PublishedMessage } from '../../shared/message';
import { readJsonBody } from '../body';
import type { Endpoint, RouteDeps } from './endpoint';

export const messageInputSchema = z.strictObject({
  subject: z
    .string({ error: `a string of 1-${SUBJECT_MAX} characters` })
    .trim()
    .min(1, { error: `a string of 1-${SUBJECT_MAX} characters (not blank)` })
    .max(SUBJECT_MAX, { error: `a string of 1-${SUBJECT_MAX} characters` })
    .optional(),
  text: z
    .string({ error: `a string of 1-${TEXT_MAX} characters` })
    .trim()
    .min(1, { error: `a string of 1-${TEXT_MAX} characters (not blank)` })
    .max(TEXT_MAX, { error: `a string of 1-${TEXT_MAX} characters` }),
});

export function messageEndpoints(deps: RouteDeps): Endpoint[] {
  return [
    {
      method: 'POST',
      path: '/messages',
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
