/**
 * `GET /hello?name=...` -> `{"message":"<greeting>, <name>!"}`; the greeting
 * comes from the API secret ("Hello" by default). 400 when the name is
 * missing or blank (it is trimmed).
 */
import { ApiError } from '../errors';
import { parseApiSecret } from '../secrets/secret-reader';
import type { Endpoint, RouteDeps } from './endpoint';

export const NAME_MAX = 100;

export function helloEndpoints(deps: RouteDeps): Endpoint[] {
  return [
    {
      method: 'GET',
      path: '/hello',
      handle: async (c) => {
        const name = (c.req.query('name') ?? '').trim();
        if (name === '') throw new ApiError(400, 'validation_failed', 'name: required (a non-blank query parameter, e.g. ?name=Ada)');
        if (name.length > NAME_MAX) throw new ApiError(400, 'validation_failed', `name: at most ${NAME_MAX} characters`);
        const { greeting } = parseApiSecret(await deps.secret.read());
        return c.json({ message: `${greeting}, ${name}!` });
      },
    },
  ];
}
