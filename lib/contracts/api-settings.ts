/**
 * The API's runtime settings that come from the project config (base path,
 * body limit, CORS, log level), as zod schemas: one definition of what is
 * valid for the config schema (synth) and for the API's environment (cold
 * start, lambdas/api/settings.ts). A leaf: the API bundle takes these and not
 * the whole IaC config schema.
 */
import * as z from 'zod';
import { LOG_LEVELS } from './log-levels';
import { HTTP_METHODS } from './route-map';
import { int, oneOf } from './zod-helpers';

/** Path prefix of every API route, e.g. "/api". */
export const apiBasePathSchema = z.string().regex(/^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/, { error: 'a path such as "/api" (lower-case segments, no trailing slash)' });

/** Largest request body the API accepts, in bytes (function URLs carry at most 6 MB). */
export const maxBodyBytesSchema = int(1, 6 * 1024 * 1024, 'bytes');

export const apiLogLevelSchema = oneOf(LOG_LEVELS);

const httpsOrigin = z.string().regex(/^(https:\/\/[a-z0-9.-]+(:\d{1,5})?|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?|\*)$/, {
  error: 'an origin such as "https://app.example.com" (no path, no trailing slash), http://localhost[:port], or "*"',
});

export const corsSchema = z
  .strictObject({
    /** Origins allowed to call the API from a browser. @default [] (CORS off) */
    allowOrigins: z.array(httpsOrigin).default([]),
    /** @default ["GET","POST","PUT","DELETE"] */
    allowMethods: z.array(z.enum(HTTP_METHODS, { error: `one of ${HTTP_METHODS.join(', ')}` })).default(['GET', 'POST', 'PUT', 'DELETE']),
    /** @default ["authorization","content-type"] */
    allowHeaders: z.array(z.string().regex(/^[a-z0-9-]+$/, { error: 'a lower-case header name' })).default(['authorization', 'content-type']),
    /** Whether browsers may send credentials (cookies, Authorization). @default false */
    allowCredentials: z.boolean().default(false),
    /** @default 600 */
    maxAgeSeconds: int(0, 86400, 'seconds').default(600),
  })
  .superRefine((c, ctx) => {
    if (c.allowCredentials && c.allowOrigins.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowOrigins'],
        message: 'explicit origins when allowCredentials is true: "*" together with credentials is refused',
      });
    }
  });

export type CorsSettings = z.infer<typeof corsSchema>;
