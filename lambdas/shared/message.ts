/**
 * The message contract between `POST /messages` (the publisher) and the
 * SNS-subscribed worker (the consumer). Both sides use this one schema, so a
 * change here changes both.
 */
import * as z from 'zod';

export const MESSAGE_VERSION = 1;
/** SNS message attribute `type` on every published message. */
export const MESSAGE_TYPE = 'sfu.message.v1';

/** Lengths count characters (Unicode code points, an emoji is one), as the API's OpenAPI document states them. */
const codePoints = (s: string): number => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

export const SUBJECT_MAX = 100;
export const TEXT_MAX = 10_000;

/** What the API publishes to the topic, as the SNS `Message` (JSON). */
export const publishedMessageSchema = z.strictObject({
  version: z.literal(MESSAGE_VERSION, { error: `the number ${MESSAGE_VERSION}` }),
  text: z
    .string({ error: 'a string' })
    .min(1, { error: 'a non-empty string' })
    .refine((s) => codePoints(s) <= TEXT_MAX, { error: `at most ${TEXT_MAX} characters` }),
  subject: z
    .string({ error: 'a string' })
    .min(1, { error: 'a non-empty string' })
    .refine((s) => codePoints(s) <= SUBJECT_MAX, { error: `at most ${SUBJECT_MAX} characters` })
    .optional(),
  /** `sub` of the verified caller who posted it; absent if the route is public. */
  sentBy: z.string({ error: 'a string' }).min(1, { error: 'a non-empty string' }).optional(),
  /** ISO-8601 time the API accepted it. */
  sentAt: z.iso.datetime({ error: 'an ISO-8601 UTC timestamp' }),
  /** Request id of the API invocation that published it (for tracing across the two logs). */
  requestId: z.string({ error: 'a string' }).min(1, { error: 'a non-empty string' }),
});

export type PublishedMessage = z.infer<typeof publishedMessageSchema>;
