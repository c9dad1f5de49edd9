import { corsOptions } from '../../../lambdas/api/cors';
import type { CorsSettings } from '../../../lambdas/api/settings';

describe('corsOptions', () => {
  it('uses the API settings as hono/cors options', () => {
    const s: CorsSettings = {
      allowOrigins: ['http://localhost:5173'],
      allowMethods: ['GET'],
      allowHeaders: ['authorization'],
      allowCredentials: false,
      maxAgeSeconds: 600,
    };
    expect(corsOptions(s)).toEqual({
      origin: ['http://localhost:5173'],
      allowMethods: ['GET'],
      allowHeaders: ['authorization'],
      credentials: false,
      maxAge: 600,
      exposeHeaders: ['Location', 'X-Request-Id'],
    });
    expect(corsOptions({ ...s, allowOrigins: ['*'] }).origin).toBe('*');
  });
});
