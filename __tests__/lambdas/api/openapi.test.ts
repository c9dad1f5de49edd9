/**
 * The OpenAPI document (lambdas/api/openapi.ts): docs/openapi.json is what
 * the code generates for config/dev.json, it is a valid OpenAPI 3.1 document
 * (@seriousme/openapi-schema-validator), it covers every endpoint with the
 * security the route map gives it, and the API serves it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { loadConfig } from '../../../config/load';
import type { EdgeErrorCode } from '../../../edge/responses';
import { openApiDocumentFor } from '../../../lambdas/api/app';
import { bookSchema, type Book } from '../../../lambdas/api/books/model';
import { ERROR_CODES, ERROR_STATUSES } from '../../../lambdas/api/errors';
import type { IamCaller } from '../../../lambdas/api/identity';
import { API_VERSION, EDGE_ERROR_CODES, openApiJson } from '../../../lambdas/api/openapi';
import { claimsSchema, iamCallerSchema } from '../../../lambdas/api/routes/me';
import type { VerifiedClaims } from '../../../lib/claims';
import { findRule, type RouteRule } from '../../../lib/route-policy';
import { expectedOpenApiJson, OPENAPI_FILE } from '../../../scripts/openapi';
import { devConfig, harness } from './harness';

const root = path.resolve(__dirname, '../../..');
const committed = fs.readFileSync(path.join(root, OPENAPI_FILE), 'utf8');

type Json = Record<string, any>; // the document is untyped JSON
const doc = JSON.parse(committed) as Json;
const METHODS = ['get', 'head', 'put', 'post', 'delete', 'options', 'patch'];

function operations(d: Json): Array<{ method: string; path: string; op: Json }> {
  return Object.entries(d.paths as Json).flatMap(([p, item]) =>
    Object.entries(item as Json)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ method, path: p, op: op as Json })),
  );
}

/**
 * Validates documents with @seriousme/openapi-schema-validator. The package
 * is ESM only, which jest's CommonJS runtime cannot load: it runs in a child
 * Node process.
 */
function validate(documents: readonly unknown[]): Array<{ valid: boolean; version?: string; errors?: unknown }> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    const input = JSON.parse(await new Promise((r) => { let s = ''; process.stdin.on('data', (c) => (s += c)); process.stdin.on('end', () => r(s)); }));
    const out = [];
    for (const d of input) { const v = new Validator(); const r = await v.validate(d); out.push({ valid: r.valid, version: v.version, errors: r.errors }); }
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, input: JSON.stringify(documents), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`validator process failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Type tests: the response schemas are the types the API returns, both ways.
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
type Same<A, B> = [DeepMutable<A>] extends [DeepMutable<B>] ? ([DeepMutable<B>] extends [DeepMutable<A>] ? true : false) : false;
const typeChecks: [
  Same<z.infer<typeof bookSchema>, Book>,
  Same<z.infer<typeof claimsSchema>, VerifiedClaims>,
  Same<z.infer<typeof iamCallerSchema>, IamCaller>,
] = [true, true, true];
const edgeCodesComplete: Same<(typeof EDGE_ERROR_CODES)[number], EdgeErrorCode> = true;

describe('docs/openapi.json', () => {
  it('is what the code generates for config/dev.json (regenerate: npm run openapi)', () => {
    const expected = expectedOpenApiJson();
    if (committed !== expected) throw new Error(`${OPENAPI_FILE} is out of date with the code: run npm run openapi and commit it`);
  });

  it('is a valid OpenAPI 3.1 document (and the validator does refuse a broken one)', () => {
    const broken = { ...doc, paths: { '/x': { get: { responses: { twohundred: { description: 'x' } } } } } };
    const [ok, bad] = validate([doc, broken]);
    expect(ok).toEqual(expect.objectContaining({ valid: true, version: '3.1' }));
    expect(bad.valid).toBe(false);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('says the package version and the API version are the same', () => {
    expect(doc.info.version).toBe(API_VERSION);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version).toBe(API_VERSION);
    expect(typeChecks).toEqual([true, true, true]);
    expect(edgeCodesComplete).toBe(true);
  });

  it('has every endpoint under the base path, HEAD for every GET and OPTIONS for every path', () => {
    const listed = operations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(listed.sort()).toEqual(
      [
        'GET /api/hello',
        'HEAD /api/hello',
        'OPTIONS /api/hello',
        'GET /api/openapi.json',
        'HEAD /api/openapi.json',
        'OPTIONS /api/openapi.json',
        'GET /api/me',
        'HEAD /api/me',
        'OPTIONS /api/me',
        'GET /api/books',
        'HEAD /api/books',
        'POST /api/books',
        'OPTIONS /api/books',
        'GET /api/books/{id}',
        'HEAD /api/books/{id}',
        'PUT /api/books/{id}',
        'DELETE /api/books/{id}',
        'OPTIONS /api/books/{id}',
        'POST /api/messages',
        'OPTIONS /api/messages',
      ].sort(),
    );
    expect(new Set(operations(doc).map((o) => o.op.operationId)).size).toBe(listed.length);
  });

  it('gives each operation the security of the rule that decides it in the route map (public: none)', () => {
    for (const { method, path: p, op } of operations(doc)) {
      const rule = findRule(devConfig.routes, method.toUpperCase(), p.slice('/api'.length))?.rule as RouteRule;
      expect(rule).toBeDefined();
      if (rule.access === 'public') expect(op.security).toEqual([]);
      else expect(op.security).toEqual([{ bearerAuth: [] }]);
      if (typeof rule.access === 'object') expect(op['x-sfu-access']).toEqual({ groups: rule.access.groups ?? [], scopes: rule.access.scopes ?? [] });
    }
    const publicOps = operations(doc)
      .filter((o) => o.op.security.length === 0)
      .map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(publicOps).toEqual(expect.arrayContaining(['GET /api/hello', 'GET /api/openapi.json', 'OPTIONS /api/books/{id}']));
    expect(publicOps).not.toContain('GET /api/me');
    expect(doc.components.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) });
    expect(operations(doc).find((o) => o.method === 'delete')?.op['x-sfu-access']).toEqual({ groups: ['admins'], scopes: [] });
  });

  it('lists every status the API can answer, each error with the error envelope', () => {
    const statuses = new Set(operations(doc).flatMap((o) => Object.keys(o.op.responses)));
    expect([...statuses].map(Number).sort((a, b) => a - b)).toEqual([200, 201, 202, 204, ...ERROR_STATUSES]);
    for (const { method, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (Number(status) < 400 || method === 'head') continue;
        expect(response.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
      }
      if (method !== 'head') expect(op.responses['401'].headers['WWW-Authenticate'].required).toBe(true);
    }
    const codes = doc.components.schemas.Error.properties.error.properties.code.enum;
    expect([...codes].sort()).toEqual([...new Set([...ERROR_CODES, ...EDGE_ERROR_CODES])].sort());
    const post = doc.paths['/api/books'].post;
    expect(post.responses['201'].headers.Location.required).toBe(true);
    expect(Object.keys(post.responses)).toEqual(['201', '400', '401', '403', '409', '413', '415', '500']);
    expect(Object.keys(doc.paths['/api/books/{id}'].delete.responses)).toEqual(['200', '400', '401', '403', '404', '405', '413', '500']);
    expect(doc.paths['/api/books/{id}'].get.responses['405'].headers.Allow.required).toBe(true);
  });

  it('describes parameters and bodies from the zod schemas the handlers use', () => {
    const schemas = doc.components.schemas;
    expect(schemas.BookInput).toEqual(
      expect.objectContaining({
        required: ['title', 'author'],
        additionalProperties: false,
        properties: expect.objectContaining({ year: { type: 'integer', minimum: -3000, maximum: 3000 } }),
      }),
    );
    expect(schemas.BookInput.properties.title).toEqual(expect.objectContaining({ type: 'string', minLength: 1, maxLength: 200, pattern: expect.any(String) }));
    expect(schemas.MessageInput.required).toEqual(['text']);
    expect(doc.paths['/api/books'].get.parameters).toEqual([
      expect.objectContaining({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } }),
      expect.objectContaining({ name: 'cursor', in: 'query', required: false, schema: expect.objectContaining({ format: 'cursor' }) }),
    ]);
    expect(doc.paths['/api/hello'].get.parameters).toEqual([expect.objectContaining({ name: 'name', in: 'query', required: true })]);
    expect(doc.paths['/api/books/{id}'].put.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } }),
    ]);
    expect(doc.paths['/api/books/{id}'].put.requestBody).toEqual(
      expect.objectContaining({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/BookInput' } } } }),
    );
  });

  it('leaves out what no route rule allows, and is valid for the prod and emulator configs too', () => {
    const routes = devConfig.routes.filter((r) => r.path !== '/openapi.json' && r.path !== '/me');
    const narrower = openApiDocumentFor({ basePath: '/v1', routes, maxBodyBytes: 1000 }) as Json;
    expect(Object.keys(narrower.paths)).not.toContain('/v1/me');
    expect(narrower.paths['/v1/openapi.json']).toBeUndefined();
    expect(narrower.info.description).toContain(
      'Not offered (no route rule allows them): GET /v1/me, HEAD /v1/me, GET /v1/openapi.json, HEAD /v1/openapi.json.',
    );
    expect(narrower.paths['/v1/books'].post.requestBody.description).toContain('at most 1000 bytes');
    const others = ['prod', 'emulator'].map((env) => {
      const c = loadConfig(env);
      return openApiDocumentFor({ basePath: c.api.basePath, routes: c.routes, maxBodyBytes: c.api.maxBodyBytes });
    });
    expect(validate([narrower, ...others]).map((r) => r.valid)).toEqual([true, true, true]);
  });
});

describe('GET /api/openapi.json', () => {
  it("answers the document for the function's own settings, to anyone (public in the default config)", async () => {
    const h = harness();
    const r = await h.invoke({ path: '/api/openapi.json' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(openApiJson(r.json)).toBe(committed);
    expect((await h.invoke({ method: 'HEAD', path: '/api/openapi.json' })).status).toBe(200);
  });

  it('goes through the route map like every route: without its rule it is 403', async () => {
    const h = harness({ settings: { routes: devConfig.routes.filter((r) => r.path !== '/openapi.json') } });
    const r = await h.invoke({ path: '/api/openapi.json' });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden');
  });

  it('is 405 for another method that a rule lets through, with Allow: GET', async () => {
    const h = harness({ settings: { routes: [{ method: '*', path: '/*', access: 'public' }] } });
    const r = await h.invoke({ method: 'DELETE', path: '/api/openapi.json' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET');
  });
});
