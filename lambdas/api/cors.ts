/**
 * CORS for the API: the headers of Hono's `cors()` middleware (hono/cors),
 * set on the final response once.
 *
 * Hono's middleware writes `Access-Control-Allow-Origin`, `-Allow-Credentials`
 * and `-Expose-Headers` to `c.res` before the handler runs, which makes Hono
 * build an empty Response first and then re-wrap the handler's response to
 * merge them (`new Response(res.body, res)`), and once more after it for the
 * `Vary: Origin` it appends: three extra Response objects per request (a
 * tenth of the API's time per request on Node 20). This one decides the
 * same values from the same request before the handler and writes them onto
 * the response the app ends with; the header values win over a handler's
 * own, as Hono's merge makes them win. Preflights (OPTIONS) are answered by
 * Hono's `cors()` itself.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './context';
import type { CorsSettings } from './settings';

/** The options Hono's `cors()` gets for the API's CORS settings. */
export function corsOptions(settings: CorsSettings): Parameters<typeof cors>[0] & object {
  return {
    origin: settings.allowOrigins.includes('*') ? '*' : [...settings.allowOrigins],
    allowMethods: [...settings.allowMethods],
    allowHeaders: [...settings.allowHeaders],
    credentials: settings.allowCredentials,
    maxAge: settings.maxAgeSeconds,
    exposeHeaders: ['Location', 'X-Request-Id'],
  };
}

/** The CORS middleware for the API's settings (see the module comment). */
export function corsMiddleware(settings: CorsSettings): MiddlewareHandler<AppEnv> {
  const options = corsOptions(settings);
  const preflight = cors(options);
  const origins = options.origin;
  // As hono/cors: '*' allows every origin as '*'; a list allows the origins it holds, as sent.
  const allowOrigin = (origin: string): string | null => (origins === '*' ? '*' : (origins as string[]).includes(origin) ? origin : null);
  const exposeHeaders = options.exposeHeaders?.length ? options.exposeHeaders.join(',') : undefined;
  const varyOnOrigin = origins !== '*';

  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const allowed = allowOrigin(c.req.header('origin') || '');
    await next();
    const headers = c.res.headers;
    if (allowed) headers.set('Access-Control-Allow-Origin', allowed);
    if (options.credentials) headers.set('Access-Control-Allow-Credentials', 'true');
    if (exposeHeaders) headers.set('Access-Control-Expose-Headers', exposeHeaders);
    if (varyOnOrigin) headers.append('Vary', 'Origin');
    return undefined;
  };
}
