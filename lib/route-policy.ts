/**
 * The route authorization map, shared by the edge (which enforces it first)
 * and the API (which re-checks it: defence in depth).
 *
 * Rules are checked in order and the first whose method and path match
 * decides. A request that no rule matches is denied. Paths are relative to the
 * API base path; a pattern segment is a literal, `{name}` (exactly one
 * non-empty segment) or a final `*` (zero or more segments).
 */

// The one RouteRule type, from the route map's contract (type only: no zod in the edge bundle).
import type { Access, RouteRule } from './contracts/route-map';

export type { Access, RouteRule };

/** What the authorizer knows of a verified caller. */
export interface Caller {
  readonly groups: readonly string[];
  readonly scopes: readonly string[];
}

export type Decision =
  | { readonly outcome: 'allow'; readonly rule: RouteRule; readonly index: number }
  | { readonly outcome: 'unauthenticated'; readonly rule: RouteRule; readonly index: number }
  | { readonly outcome: 'forbidden'; readonly rule?: RouteRule; readonly index?: number; readonly reason: string };

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/**
 * The segments of route patterns, split once: patterns come from the route
 * map, a short fixed list (bounded anyway, in case a caller passes others).
 */
const patternCache = new Map<string, readonly string[]>();
const PATTERN_CACHE_MAX = 1024;

function patternSegments(pattern: string): readonly string[] {
  let cached = patternCache.get(pattern);
  if (cached === undefined) {
    if (patternCache.size >= PATTERN_CACHE_MAX) patternCache.clear();
    cached = segments(pattern);
    patternCache.set(pattern, cached);
  }
  return cached;
}

function segmentsMatch(want: readonly string[], got: readonly string[]): boolean {
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === '*') return true;
    const g = got[i];
    if (g === undefined) return false;
    if (w.startsWith('{') && w.endsWith('}')) continue;
    if (w !== g) return false;
  }
  return got.length === want.length;
}

/** Whether `path` (already without the base path) matches the pattern. */
export function pathMatches(pattern: string, path: string): boolean {
  return segmentsMatch(patternSegments(pattern), segments(path));
}

/**
 * The method a request is authorized as: HEAD is authorized exactly as GET.
 * A HEAD request runs the GET handler (HTTP semantics; Hono does so) and
 * answers with the same status and headers, so it reveals what GET would:
 * matching it as its own method let it fall through to a broader rule
 * (e.g. `* /books/*`) and become an existence oracle. The route map
 * therefore has no HEAD rules (config/schema.ts refuses them).
 */
export function authorizationMethod(method: string): string {
  const m = method.toUpperCase();
  return m === 'HEAD' ? 'GET' : m;
}

/** The first rule whose method and path match, or undefined (HEAD matches as GET). */
export function findRule(rules: readonly RouteRule[], method: string, path: string): { rule: RouteRule; index: number } | undefined {
  const m = authorizationMethod(method);
  let got: string[] | undefined;
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    if (rule.method !== '*' && rule.method !== m) continue;
    got ??= segments(path);
    if (segmentsMatch(patternSegments(rule.path), got)) return { rule, index };
  }
  return undefined;
}

/** Whether a verified caller satisfies a rule's access (a group OR a scope from the lists). */
export function callerSatisfies(access: Access, caller: Caller): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  const groups = access.groups ?? [];
  const scopes = access.scopes ?? [];
  return groups.some((g) => caller.groups.includes(g)) || scopes.some((s) => caller.scopes.includes(s));
}

/**
 * Decides a request. `caller` is undefined when no valid token was presented.
 * Public routes allow anyone; other routes need a caller, and group/scope
 * routes need one of the listed groups or scopes. No matching rule: forbidden.
 */
export function authorize(rules: readonly RouteRule[], method: string, path: string, caller: Caller | undefined): Decision {
  const found = findRule(rules, method, path);
  if (!found) return { outcome: 'forbidden', reason: `no route rule allows ${method.toUpperCase()} ${path}` };
  const { rule, index } = found;
  if (rule.access === 'public') return { outcome: 'allow', rule, index };
  if (!caller) return { outcome: 'unauthenticated', rule, index };
  if (callerSatisfies(rule.access, caller)) return { outcome: 'allow', rule, index };
  return { outcome: 'forbidden', rule, index, reason: `caller lacks the groups or scopes that ${rule.method} ${rule.path} requires` };
}

/**
 * Strips the API base path. Returns undefined when the path is not below it
 * (`/api` and `/api/...` are below `/api`; `/apix` is not).
 */
export function stripBasePath(basePath: string, path: string): string | undefined {
  if (path === basePath) return '/';
  if (path.startsWith(`${basePath}/`)) return path.slice(basePath.length);
  return undefined;
}
