/**
 * The edge's route decision: the same route map and the same policy code as
 * the API (lib/route-policy.ts), applied to the canonical path (see
 * ./encoding.ts) below the API base path. A path outside the base path, or
 * one no rule matches, is denied (deny by default). CORS preflights
 * (OPTIONS) are routes like any other: the map must allow them.
 */
import { authorize, stripBasePath, type Caller, type Decision } from '../lib/route-policy';
import type { EdgeConfig } from './config';

export function decideRoute(config: Pick<EdgeConfig, 'basePath' | 'routes'>, method: string, canonicalPath: string, caller: Caller | undefined): Decision {
  const relative = stripBasePath(config.basePath, canonicalPath);
  if (relative === undefined) return { outcome: 'forbidden', reason: `the path is outside the API base path ${config.basePath}` };
  return authorize(config.routes, method, relative, caller);
}
