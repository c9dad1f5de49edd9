/**
 * `GET /api/openapi.json` through the whole chain (viewer -> CloudFront
 * stand-in -> edge bundle -> function URL stand-in -> API bundle), both
 * signing modes: the document the API serves is docs/openapi.json, to an
 * anonymous caller (a public rule) and to a signed-in one; HEAD answers as
 * GET without a body; a method no rule names is refused by the edge.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SigningMode } from '../../config/schema';
import { bearer, startHarness, traced, viaEdge, type Harness } from './helpers/harness';

const committed = fs.readFileSync(path.resolve(__dirname, '../../docs/openapi.json'), 'utf8');

describe.each<SigningMode>(['edge-sigv4', 'oac'])('GET /api/openapi.json through the chain in %s mode', (mode) => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness(mode);
    token = h.chain.issuer.issue({ sub: 'olga', groups: ['readers'], scopes: ['books/read'] });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers docs/openapi.json to an anonymous caller, as JSON, not cached', () =>
    traced(h, async () => {
      const res = await viaEdge(h, { method: 'GET', path: '/api/openapi.json' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual(JSON.parse(committed));
    }));

  it('answers the same to a signed-in caller', () =>
    traced(h, async () => {
      const res = await viaEdge(h, { method: 'GET', path: '/api/openapi.json', headers: [bearer(token)] });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(JSON.parse(committed));
    }));

  it('answers HEAD as GET, without a body', () =>
    traced(h, async () => {
      const res = await viaEdge(h, { method: 'HEAD', path: '/api/openapi.json' });
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(0);
    }));

  it('refuses a method no route rule names (403 from the edge) and an invalid token (401)', () =>
    traced(h, async () => {
      const post = await viaEdge(h, { method: 'POST', path: '/api/openapi.json', headers: [['Content-Type', 'application/json']], body: '{}' });
      expect(post.status).toBe(403);
      const bad = await viaEdge(h, { method: 'GET', path: '/api/openapi.json', headers: [bearer(`${token}x`)] });
      expect(bad.status).toBe(401);
    }));
});
