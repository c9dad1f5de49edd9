/**
 * CORS for the API: Hono's `cors()` middleware (hono/cors) with the options
 * the API's settings give (the same settings the function URL and the
 * CloudFront response headers policy use).
 */
import { cors } from 'hono/cors';
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
