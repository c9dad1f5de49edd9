/**
 * The route authorization map's contract: what a rule may say (methods,
 * path patterns, access), as zod schemas with the one `RouteRule` type.
 * A leaf: the config schema (synth), the API's settings (run time) and the
 * route policy (edge and API; type only, so no zod reaches the edge bundle)
 * all take it from here. Cross-field checks (groups and scopes that must
 * exist in `identity`) stay in config/schema.ts.
 */
import * as z from 'zod';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const ROUTE_PATH = /^\/([A-Za-z0-9._~-]+|\{[A-Za-z][A-Za-z0-9]*\}|\*)?(\/([A-Za-z0-9._~-]+|\{[A-Za-z][A-Za-z0-9]*\}|\*))*$/;

/** Who may use a route: everyone, any signed-in caller, or callers in a group / holding a scope. */
export const accessSchema = z.union(
  [
    z.literal('public'),
    z.literal('authenticated'),
    z
      .strictObject({
        groups: z.array(z.string().min(1).max(128)).optional(),
        scopes: z.array(z.string().min(1).max(256)).optional(),
      })
      .refine((a) => (a.groups?.length ?? 0) + (a.scopes?.length ?? 0) > 0, {
        error: 'at least one group or scope (use "authenticated" for any signed-in caller)',
      }),
  ],
  { error: '"public", "authenticated", or {"groups": [...], "scopes": [...]}' },
);

/** Methods a route rule may name: no HEAD, which is always authorized as GET (lib/route-policy.ts). */
export const ROUTE_METHODS = HTTP_METHODS.filter((m) => m !== 'HEAD');

export const routeRuleSchema = z.strictObject({
  /** HTTP method, or "*" for any method. HEAD requests are authorized by the GET rules. */
  method: z.enum([...ROUTE_METHODS, '*'], { error: `one of ${[...ROUTE_METHODS, '*'].join(', ')} (HEAD is authorized as GET: write a GET rule)` }),
  /**
   * Path pattern below the API base path: literal segments, `{name}` for one
   * segment, and `*` as the last segment for "anything below".
   */
  path: z
    .string()
    .regex(ROUTE_PATH, { error: 'a path pattern such as "/books/{id}" or "/files/*" (segments: literal, {name} or a final *)' })
    .refine((p) => !p.includes('*') || p.endsWith('*'), { error: '"*" only as the last segment' }),
  access: accessSchema,
});

/** The map: at least one rule (a request no rule matches is denied). */
export const routesSchema = z.array(routeRuleSchema).min(1, { error: 'at least one route rule (requests no rule matches are denied)' });

export type Access = z.infer<typeof accessSchema>;
export type RouteRule = z.infer<typeof routeRuleSchema>;
