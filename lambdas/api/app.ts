/**
 * The single-function API as a Hono app: every endpoint, under the base path.
 *
 * Order of checks for every request (first failure answers):
 * 1. Request scope: request id (Lambda request id when there is one),
 *    identity (claims trusted only when the edge provably set them: its
 *    role signed the request, or their MAC checks out; see identity.ts). Every response leaves with `Cache-Control: no-store`.
 * 2. Not below the base path -> 404: the API serves nothing there, and the
 *    route map (relative to the base path) cannot speak for it.
 * 3. OPTIONS -> CORS preflight answer (204, CORS headers from settings),
 *    without claims: a preflight never carries credentials.
 * 4. Route map re-check (defence in depth; the edge checked first), on the
 *    path exactly as the router sees it (normalised and decoded by the URL
 *    parser, so `/api/hello/../me` is authorized as `/me`):
 *    no rule matches -> 403 (deny by default, also for paths the API does
 *    not implement, so the API's surface is not revealed to anyone);
 *    rule needs a caller and there is none -> 401; caller lacks the rule's
 *    groups/scopes -> 403.
 * 5. Routing, for authorized requests only: a handler -> its answer; the path
 *    is an endpoint but not for this method (e.g. allowed by a `*` rule) ->
 *    405 with `Allow`; otherwise -> 404.
 * 6. In handlers: bodies are checked for size (413), type (415), JSON (400)
 *    and fields (400) in that order (body.ts); unknown ids -> 404.
 * Any other error -> 500 with a generic message and the request id; the error
 * and its stack go to the log only.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { authorize, pathMatches, stripBasePath } from '../../lib/route-policy';
import type { AppLogger } from '../shared/logger';
import type { BookRepository } from './books/repository';
import { eventOf, lambdaContextOf, type AppContext, type AppEnv } from './context';
import { cors } from 'hono/cors';
import { corsOptions } from './cors';
import { ApiError, internalError } from './errors';
import { policyCaller, resolveIdentity, type EdgeTrust } from './identity';
import type { MessagePublisher } from './messages/publisher';
import { bookEndpoints } from './routes/books';
import { honoPath, type Endpoint, type RouteDeps } from './routes/endpoint';
import { helloEndpoints } from './routes/hello';
import { meEndpoints } from './routes/me';
import { messageEndpoints } from './routes/messages';
import { openApiEndpoints } from './routes/openapi';
import { openApiDocument } from './openapi';
import type { SecretReader } from './secrets/secret-reader';
import type { ApiSettings } from './settings';

export interface AppDependencies {
  readonly settings: Pick<ApiSettings, 'basePath' | 'routes' | 'maxBodyBytes' | 'cors'>;
  readonly books: BookRepository;
  readonly messages: MessagePublisher;
  /** The API secret (JSON `{"greeting": "..."}`), usually a CachingSecretReader. */
  readonly secret: SecretReader;
  /** How claims set by the edge are recognised (identity.ts). */
  readonly edgeTrust: EdgeTrust;
  readonly logger: AppLogger;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default crypto.randomUUID */
  readonly newId?: () => string;
}

function errorResponse(c: AppContext, err: ApiError): Response {
  return c.json(err.body, err.status, { ...err.headers });
}

/**
 * Every endpoint of the API, in the route map's path syntax, the OpenAPI
 * document's included (made from the same list on first use).
 */
export function endpointsOf(deps: RouteDeps, routes: AppDependencies['settings']['routes']): Endpoint[] {
  let document: unknown;
  const endpoints: Endpoint[] = [...helloEndpoints(deps), ...bookEndpoints(deps), ...messageEndpoints(deps), ...meEndpoints()];
  endpoints.push(...openApiEndpoints(() => (document ??= openApiDocument({ basePath: deps.basePath, routes, maxBodyBytes: deps.maxBodyBytes }, endpoints))));
  return endpoints;
}

/**
 * The OpenAPI document of the app {@link createApp} builds with these
 * settings. Only the endpoints' descriptions are read: no handler runs, so
 * the services are not needed.
 */
export function openApiDocumentFor(settings: Pick<ApiSettings, 'basePath' | 'routes' | 'maxBodyBytes'>): unknown {
  const unused = (): never => {
    throw new Error('a handler ran while documenting the API');
  };
  const deps = { basePath: settings.basePath, maxBodyBytes: settings.maxBodyBytes, now: unused, newId: unused } as unknown as RouteDeps;
  return openApiDocument(settings, endpointsOf(deps, settings.routes));
}

export function createApp(deps: AppDependencies): Hono<AppEnv> {
  const { basePath, routes, maxBodyBytes, cors: corsSettings } = deps.settings;
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());
  const routeDeps: RouteDeps = {
    basePath,
    maxBodyBytes,
    books: deps.books,
    messages: deps.messages,
    secret: deps.secret,
    logger,
    now,
    newId: deps.newId ?? randomUUID,
  };
  const endpoints = endpointsOf(routeDeps, routes);

  // strict: false so `/books/` routes like `/books`, as the route map matches it.
  const app = new Hono<AppEnv>({ strict: false });

  // 1. Request scope: id, identity, no-store, one access-log line.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = lambdaContextOf(c)?.awsRequestId ?? eventOf(c)?.requestContext?.requestId ?? randomUUID();
    c.set('requestId', requestId);
    const identity = await resolveIdentity(eventOf(c), deps.edgeTrust, now().getTime());
    c.set('identity', identity);
    if (identity.claimsIgnored) logger.warn('claims header ignored', { requestId, reason: identity.claimsIgnored });
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('X-Request-Id', requestId);
    logger.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(identity.claims ? { sub: identity.claims.sub } : {}),
      ...(identity.iam?.userArn ? { iamCaller: identity.iam.userArn } : {}),
    });
  });

  // 2. Nothing outside the base path.
  app.use('*', async (c, next) => {
    if (stripBasePath(basePath, c.req.path) === undefined) throw new ApiError(404, 'not_found', 'No such route.');
    await next();
  });

  // 3. CORS: preflight answered here; CORS headers on every other response (cors.ts).
  app.use('*', cors(corsOptions(corsSettings)));

  // 4. Route map re-check.
  app.use('*', async (c, next) => {
    const path = stripBasePath(basePath, c.req.path) as string;
    const decision = authorize(routes, c.req.method, path, policyCaller(c.get('identity')));
    if (decision.outcome === 'unauthenticated') {
      throw new ApiError(401, 'unauthenticated', 'Sign in to use this route.', { 'WWW-Authenticate': 'Bearer' });
    }
    if (decision.outcome === 'forbidden') {
      logger.info('request denied by the route map', { requestId: c.get('requestId'), reason: decision.reason });
      throw new ApiError(403, 'forbidden', 'You are not allowed to use this route.');
    }
    await next();
  });

  // 5. Endpoints.
  for (const e of endpoints) app.on(e.method, honoPath(basePath, e.path), (c) => e.handle(c));

  app.notFound((c) => {
    const path = stripBasePath(basePath, c.req.path);
    const allowed = path === undefined ? [] : [...new Set(endpoints.filter((e) => pathMatches(e.path, path)).map((e) => e.method))];
    if (allowed.length > 0 && !allowed.includes(c.req.method as Endpoint['method'])) {
      return errorResponse(
        c,
        new ApiError(405, 'method_not_allowed', `${c.req.method} is not supported here; use ${allowed.join(', ')}.`, { Allow: allowed.join(', ') }),
      );
    }
    return errorResponse(c, new ApiError(404, 'not_found', 'No such route.'));
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    const requestId = c.get('requestId') ?? 'unknown';
    logger.error('unhandled error', { requestId, method: c.req.method, path: c.req.path, error: err });
    return errorResponse(c, internalError(requestId));
  });

  return app;
}
