/**
 * `GET /hello?name=...` -> `{"message":"<greeting>, <name>!"}`; the greeting
 * comes from the API secret ("Hello" by default). 400 when the name is
 * missing, blank or longer than {@link NAME_MAX} characters (it is trimmed).
 */
import * as z from 'zod';
import { ApiError } from '../errors';
import { parseApiSecret } from '../secrets/secret-reader';
import { codePoints, NOT_BLANK } from '../text';
import type { Endpoint, RouteDeps } from './endpoint';

export const NAME_MAX = 100;

const REQUIRED = 'required (a non-blank query parameter, e.g. ?name=Ada)';

/** Query of `GET /hello` (other query parameters are ignored). */
export const helloQuerySchema = z.object({
  name: z
    .string({ error: REQUIRED })
    .refine((s) => codePoints(s) <= NAME_MAX, { error: `at most ${NAME_MAX} characters`, abort: true })
    .regex(NOT_BLANK, { error: REQUIRED })
    .meta({ minLength: 1, maxLength: NAME_MAX, description: `Who to greet: 1-${NAME_MAX} characters, not blank (trimmed).`, examples: ['Ada'] })
    .transform((s) => s.trim()),
});

/** The answer to `GET /hello`. */
export const greetingSchema = z.strictObject({ message: z.string() });

export function helloEndpoints(deps: RouteDeps): Endpoint[] {
  return [
    {
      method: 'GET',
      path: '/hello',
      doc: {
        operationId: 'hello',
        summary: 'Greets by name',
        description: 'The greeting comes from the API secret ("Hello" by default).',
        tags: ['hello'],
        query: helloQuerySchema,
        success: { status: 200, description: '`{"message": "<greeting>, <name>!"}`', schema: greetingSchema },
        errors: { 400: '`name` is missing, blank or longer than 100 characters.' },
      },
      handle: async (c) => {
        const q = helloQuerySchema.safeParse({ name: c.req.query('name') });
        if (!q.success) throw new ApiError(400, 'validation_failed', `name: ${q.error.issues[0].message}`);
        const { greeting } = parseApiSecret(await deps.secret.read());
        return c.json({ message: `${greeting}, ${q.data.name}!` } satisfies z.output<typeof greetingSchema>);
      },
    },
  ];
}
