/**
 * A small structural check of the baked `config.json`, run once at cold start
 * so a broken package fails loudly in its first invocation's log instead of
 * misbehaving per request. (The full schema lives in config/schema.ts; the
 * edge bundle stays free of zod to stay small.)
 */
import { isRecord as isObject } from '../lib/json';
import { parseClaimsKey } from '../lib/claims-mac';
import { EDGE_CONFIG_VERSION, type EdgeConfig } from './config';

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Returns the config typed, or throws an Error listing every problem found. */
export function checkEdgeConfig(raw: unknown): EdgeConfig {
  const problems: string[] = [];
  if (!isObject(raw)) throw new Error('edge config: not an object');
  if (raw.version !== EDGE_CONFIG_VERSION) problems.push(`version must be ${EDGE_CONFIG_VERSION}`);
  if (raw.mode !== 'edge-sigv4' && raw.mode !== 'oac') problems.push('mode must be "edge-sigv4" or "oac"');
  if (!isString(raw.basePath) || !raw.basePath.startsWith('/') || raw.basePath.endsWith('/')) problems.push('basePath must look like "/api"');
  if (!Array.isArray(raw.routes)) problems.push('routes must be an array');
  else
    raw.routes.forEach((r, i) => {
      if (!isObject(r) || !isString(r.method) || !isString(r.path) || (r.access !== 'public' && r.access !== 'authenticated' && !isObject(r.access))) {
        problems.push(`routes[${i}] must have method, path and access`);
      }
    });
  if (!isString(raw.originHost) || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(raw.originHost))
    problems.push('originHost must be a bare host (no scheme, no trailing slash)');
  if (!isString(raw.originRegion)) problems.push('originRegion must be a region name');
  if (raw.jwksBaseUrl !== null && !(isString(raw.jwksBaseUrl) && /^https?:\/\//.test(raw.jwksBaseUrl)))
    problems.push('jwksBaseUrl must be null or an http(s) URL');
  if (raw.mode === 'oac') {
    try {
      parseClaimsKey(raw.claimsKey);
    } catch (e) {
      problems.push(`claimsKey is required in oac mode (${(e as Error).message})`);
    }
  } else if (raw.claimsKey !== null && raw.claimsKey !== undefined) problems.push('claimsKey must be null in edge-sigv4 mode');
  if (!Array.isArray(raw.verifiers)) problems.push('verifiers must be an array');
  else
    raw.verifiers.forEach((v, i) => {
      if (!isObject(v)) return problems.push(`verifiers[${i}] must be an object`);
      if (!isString(v.userPoolId)) problems.push(`verifiers[${i}].userPoolId must be a user pool id`);
      if (v.tokenUse !== 'access' && v.tokenUse !== 'id') problems.push(`verifiers[${i}].tokenUse must be "access" or "id"`);
      // null is explicit pool-wide trust (any app client of this pool); a missing field is not.
      if (v.clientIds !== null && (!Array.isArray(v.clientIds) || v.clientIds.length === 0 || !v.clientIds.every(isString))) {
        problems.push(`verifiers[${i}].clientIds must be a non-empty list, or null for any app client of this pool`);
      }
      if (v.jwks !== null && !(isObject(v.jwks) && Array.isArray(v.jwks.keys))) problems.push(`verifiers[${i}].jwks must be null or {"keys": [...]}`);
      return undefined;
    });
  if (problems.length > 0) throw new Error(`edge config: ${problems.join('; ')}`);
  return raw as unknown as EdgeConfig;
}
