/**
 * `GET /me` -> the identity the edge verified (claims; null when the route
 * map made /me public and no trusted claims came) and the IAM principal that
 * signed the function URL request (its access key id is not returned).
 */
import * as z from 'zod';
import type { Endpoint } from './endpoint';

/** The verified claims (lib/claims.ts VerifiedClaims; a type test keeps the two the same). */
export const claimsSchema = z.strictObject({
  sub: z.string(),
  username: z.string().optional(),
  email: z.string().optional(),
  groups: z.array(z.string()),
  scopes: z.array(z.string()),
  tokenUse: z.enum(['access', 'id']),
  clientId: z.string(),
  issuer: z.string(),
  exp: z.number().int().meta({ description: 'Token expiry, seconds since the epoch.' }),
});

/** The signer of the function URL request (identity.ts IamCaller; a type test keeps the two the same). */
export const iamCallerSchema = z.strictObject({
  accountId: z.string().optional(),
  callerId: z.string().optional(),
  userArn: z.string().optional(),
  userId: z.string().optional(),
  principalOrgId: z.string().optional(),
});

/** The answer to `GET /me`. */
export const meSchema = z.strictObject({ claims: claimsSchema.nullable(), iam: iamCallerSchema.nullable() });

export function meEndpoints(): Endpoint[] {
  return [
    {
      method: 'GET',
      path: '/me',
      doc: {
        operationId: 'me',
        summary: 'The caller as the API sees it',
        description: 'The claims the edge verified (null without trusted claims) and the IAM principal that signed the function URL request (null when none).',
        tags: ['identity'],
        success: { status: 200, description: 'Claims and IAM caller.', schema: meSchema },
      },
      handle: async (c) => {
        const { claims, iam } = c.get('identity');
        return c.json({ claims: claims ?? null, iam: iam ?? null });
      },
    },
  ];
}
