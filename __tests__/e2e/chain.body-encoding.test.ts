/**
 * Request body bytes through the whole local chain (viewer -> CloudFront
 * stand-in -> bundled edge function -> function URL stand-in -> bundled API):
 * a JSON body that is not valid UTF-8 must reach the API as the bytes the
 * client sent, so the API can refuse it, instead of being decoded lossily
 * (U+FFFD) on the way and stored.
 */
import type { SigningMode } from '../../config/schema';
import { bearer, startHarness, traced, viaEdge, type Harness, type RawResponse } from './helpers/harness';

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

function expectStatus(res: RawResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected status ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
}

describe.each<SigningMode>(['edge-sigv4', 'oac'])('body encoding through the local chain in %s mode', (mode) => {
  let h: Harness;
  let editor = '';
  let reader = '';

  beforeAll(async () => {
    h = await startHarness(mode);
    editor = h.chain.issuer.issue({ sub: 'erin', groups: ['editors'], scopes: ['books/read', 'books/write'] });
    reader = h.chain.issuer.issue({ sub: 'rita', groups: ['readers'], scopes: ['books/read'] });
  });

  afterAll(async () => {
    await h?.close();
  });

  async function listedBooks(): Promise<Array<{ id: string; title: string; author: string }>> {
    const list = await viaEdge(h, { method: 'GET', path: '/api/books?limit=100', headers: [bearer(reader)] });
    expectStatus(list, 200);
    return list.json().items;
  }

  it('POST /api/books with a JSON body that is not valid UTF-8 -> 400 invalid_json, and the book is not stored', () =>
    traced(h, async () => {
      const author = `utf8-check-${mode}`;
      const body = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe]), Buffer.from(`","author":"${author}"}`)]);
      const res = await viaEdge(h, { method: 'POST', path: '/api/books', headers: [bearer(editor), JSON_TYPE], body });
      expectStatus(res, 400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-request-id']).toBeDefined(); // answered by the API, not the edge
      expect(res.json()).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid UTF-8.' } });

      const books = await listedBooks();
      expect(books.filter((b) => b.author === author)).toEqual([]);
      expect(books.filter((b) => b.title.includes('\ufffd'))).toEqual([]);
    }));

  it('POST /api/books with valid multi-byte UTF-8 JSON -> 201 with the text unchanged', () =>
    traced(h, async () => {
      const title = 'Caf\u00e9 \u2013 \u65e5\u672c \ud83d\udcda';
      const res = await viaEdge(h, {
        method: 'POST',
        path: '/api/books',
        headers: [bearer(editor), JSON_TYPE],
        body: Buffer.from(JSON.stringify({ title, author: `utf8-ok-${mode}` }), 'utf8'),
      });
      expectStatus(res, 201);
      expect(res.json()).toMatchObject({ title, author: `utf8-ok-${mode}` });
      expect((await listedBooks()).find((b) => b.author === `utf8-ok-${mode}`)?.title).toBe(title);
    }));
});
