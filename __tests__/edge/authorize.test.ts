import { decideRoute } from '../../edge/authorize';
import { DEV_ROUTES } from './helpers/events';

const config = { basePath: '/api', routes: DEV_ROUTES };
const readers = { groups: ['readers'], scopes: [] };

describe('decideRoute', () => {
  it('allows a public route without a caller', () => {
    expect(decideRoute(config, 'GET', '/api/hello', undefined).outcome).toBe('allow');
  });

  it('lets the route map govern CORS preflights (dev: OPTIONS /* is public)', () => {
    expect(decideRoute(config, 'OPTIONS', '/api/books/1', undefined).outcome).toBe('allow');
    const withoutPreflightRule = { ...config, routes: DEV_ROUTES.filter((r) => r.method !== 'OPTIONS') };
    expect(decideRoute(withoutPreflightRule, 'OPTIONS', '/api/hello', undefined).outcome).toBe('forbidden');
    expect(decideRoute(withoutPreflightRule, 'OPTIONS', '/api/books/1', undefined).outcome).toBe('unauthenticated'); // the "* /books/*" rule
  });

  it('needs a caller for a non-public route', () => {
    expect(decideRoute(config, 'GET', '/api/books', undefined).outcome).toBe('unauthenticated');
  });

  it('needs a group or a scope of the rule', () => {
    expect(decideRoute(config, 'GET', '/api/books', readers).outcome).toBe('allow');
    expect(decideRoute(config, 'GET', '/api/books', { groups: [], scopes: ['books/read'] }).outcome).toBe('allow');
    expect(decideRoute(config, 'POST', '/api/books', readers).outcome).toBe('forbidden');
  });

  it('denies by default: no rule, or outside the base path', () => {
    expect(decideRoute(config, 'GET', '/api/nowhere', readers)).toMatchObject({ outcome: 'forbidden' });
    expect(decideRoute(config, 'GET', '/elsewhere', readers)).toMatchObject({ outcome: 'forbidden', reason: expect.stringContaining('base path') });
    expect(decideRoute(config, 'GET', '/apis/hello', undefined).outcome).toBe('forbidden');
  });

  it('reports the deciding rule', () => {
    expect(decideRoute(config, 'GET', '/api/books/42', readers)).toMatchObject({ outcome: 'allow', rule: { method: 'GET', path: '/books/{id}' } });
  });
});
