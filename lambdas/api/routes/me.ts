/**
 * `GET /me` -> the identity the edge verified (claims; null when the route
 * map made /me public and no trusted claims came) and the IAM principal that
 * signed the function URL request (its access key id is not returned).
 */
import type { Endpoint } from './endpoint';

export function meEndpoints(): Endpoint[] {
  return [
    {
      method: 'GET',
      path: '/me',
      handle: async (c) => {
        const { claims, iam } = c.get('identity');
        return c.json({ claims: claims ?? null, iam: iam ?? null });
      },
    },
  ];
}
