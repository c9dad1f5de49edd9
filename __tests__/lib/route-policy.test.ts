import { authorize, findRule, pathMatches, stripBasePath, type RouteRule } from '../../lib/route-policy';
import * as fc from 'fast-check';
import { loadConfig } from '../../config/load';

const rules: RouteRule[] = [
  { method: 'GET', path: '/hello', access: 'public' },
  { method: 'GET', path: '/me', access: 'authenticated' },
  { method: 'GET', path: '/books/{id}', access: { groups: ['readers'], scopes: ['books/read'] } },
  { method: 'DELETE', path: '/books/{id}', access: { groups: ['admins'] } },
  { method: '*', path: '/books/*', access: 'authenticated' },
];
const reader = { groups: ['readers'], scopes: [] };
const machine = { groups: [], scopes: ['books/read'] };

describe('pathMatches', () => {
  it.each([
    ['/hello', '/hello', true],
    ['/hello', '/hello/', true],
    ['/hello', '/hello/x', false],
    ['/books/{id}', '/books/42', true],
    ['/books/{id}', '/books', false],
    ['/books/{id}', '/books/42/pages', false],
    ['/books/*', '/books', true],
    ['/books/*', '/books/1/2/3', true],
    ['/books/*', '/bookstore', false],
    ['/*', '/', true],
  ])('pattern %s against %s -> %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});

describe('authorize', () => {
  it('lets anyone use a public route', () => {
    expect(authorize(rules, 'GET', '/hello', undefined).outcome).toBe('allow');
  });

  it('asks for a token on an authenticated route', () => {
    expect(authorize(rules, 'GET', '/me', undefined).outcome).toBe('unauthenticated');
    expect(authorize(rules, 'GET', '/me', { groups: [], scopes: [] }).outcome).toBe('allow');
  });

  it('allows a caller in one of the groups or holding one of the scopes', () => {
    expect(authorize(rules, 'GET', '/books/1', reader).outcome).toBe('allow');
    expect(authorize(rules, 'GET', '/books/1', machine).outcome).toBe('allow');
  });

  it('forbids a signed-in caller without the group', () => {
    const d = authorize(rules, 'DELETE', '/books/1', reader);
    expect(d.outcome).toBe('forbidden');
  });

  it('takes the first matching rule, so a later catch-all does not widen an earlier rule', () => {
    expect(authorize(rules, 'DELETE', '/books/1', { groups: ['writers'], scopes: [] }).outcome).toBe('forbidden');
    expect(authorize(rules, 'PATCH', '/books/1', { groups: ['writers'], scopes: [] }).outcome).toBe('allow');
  });

  it('denies by default when no rule matches, even a valid caller', () => {
    const d = authorize(rules, 'GET', '/admin', { groups: ['admins'], scopes: [] });
    expect(d).toEqual({ outcome: 'forbidden', reason: 'no route rule allows GET /admin' });
  });

  it('matches methods case-insensitively', () => {
    expect(findRule(rules, 'get', '/hello')?.index).toBe(0);
  });
});

describe('stripBasePath', () => {
  it('strips the base path and keeps the rest', () => {
    expect(stripBasePath('/api', '/api/books/1')).toBe('/books/1');
    expect(stripBasePath('/api', '/api')).toBe('/');
  });
  it('refuses paths outside the base path, including look-alike prefixes', () => {
    expect(stripBasePath('/api', '/apix/books')).toBeUndefined();
    expect(stripBasePath('/api', '/')).toBeUndefined();
  });
});

describe('HEAD walks around GET rules (regression: HEAD is authorized exactly as GET)', () => {
  // The dev config's map: `GET /books` needs a group, `* /books/*` only a token.
  const devRules = loadConfig('dev').routes;
  const noGroups = { groups: [], scopes: [] };

  it('denies HEAD /books to a caller without groups, as GET', () => {
    expect(authorize(devRules, 'GET', '/books', noGroups).outcome).toBe('forbidden');
    expect(authorize(devRules, 'HEAD', '/books', noGroups).outcome).toBe('forbidden');
    expect(authorize(devRules, 'head', '/books/42', noGroups).outcome).toBe('forbidden');
  });

  it('matches HEAD to the GET rule, not to a broader "*" rule', () => {
    expect(findRule(devRules, 'HEAD', '/books/42')?.rule).toEqual(findRule(devRules, 'GET', '/books/42')?.rule);
  });

  const segment = fc.oneof(fc.constantFrom('books', 'hello', 'me', 'messages', '42', 'x', '', '{id}', '*'), fc.string({ maxLength: 6 }));
  const path = fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join('/')}`);
  const names = fc.subarray(['admins', 'editors', 'readers', 'other']);
  const caller = fc.option(fc.record({ groups: names, scopes: fc.subarray(['books/read', 'books/write', 'x']) }), { nil: undefined });
  const access = fc.oneof(
    fc.constant<'public'>('public'),
    fc.constant<'authenticated'>('authenticated'),
    fc.record({ groups: fc.subarray(['admins', 'readers'], { minLength: 1 }) }),
  );
  const rule = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', '*'),
    path: fc.constantFrom('/books', '/books/{id}', '/books/*', '/*', '/hello', '/me'),
    access,
  });

  it('decide(HEAD, p) == decide(GET, p) for random paths and callers, on the dev map and on random maps', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(devRules), fc.array(rule, { maxLength: 6 })), path, caller, (map, p, c) => {
        // The same decision (the reason text names the method the request used).
        const { reason: _h, ...head } = { reason: '', ...authorize(map, 'HEAD', p, c) };
        const { reason: _g, ...get } = { reason: '', ...authorize(map, 'GET', p, c) };
        expect(head).toEqual(get);
      }),
      { numRuns: 500 },
    );
  });
});
