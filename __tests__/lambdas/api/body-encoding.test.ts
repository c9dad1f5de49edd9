/**
 * A JSON body that is not valid UTF-8, as a function URL delivers it when it
 * cannot be passed as a string: base64 with `isBase64Encoded: true` (see
 * local/function-url-event.ts, encodeBody). The API checks the decoded bytes
 * and answers 400 without storing anything.
 */
import { functionUrlEvent } from '../events';
import { EDITOR, harness } from './harness';

const invalidUtf8Json = (middle: number[]) => Uint8Array.from([...Buffer.from('{"title":"'), ...middle, ...Buffer.from('","author":"x"}')]);

describe('request body encoding (payload 2.0, base64 bodies)', () => {
  it.each([
    ['0xff 0xfe', [0xff, 0xfe]],
    ['a truncated 2-byte sequence', [0xc3]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
  ])('a base64 JSON body that is not valid UTF-8 (%s) -> 400 invalid_json "not valid UTF-8", nothing stored', async (_what, middle) => {
    const h = harness();
    const bytes = invalidUtf8Json(middle);
    const event = functionUrlEvent({ method: 'POST', path: '/api/books', claims: EDITOR, bodyBytes: bytes, headers: { 'content-type': 'application/json' } });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64').equals(Buffer.from(bytes))).toBe(true);

    const r = await h.invoke({ method: 'POST', path: '/api/books', claims: EDITOR, bodyBytes: bytes, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid UTF-8.' } });
    expect((await h.books.list({ limit: 100 })).items).toEqual([]);
  });

  it('a base64 JSON body of valid multi-byte UTF-8 is stored with its text unchanged', async () => {
    const h = harness();
    const title = 'Café – 日本 📚';
    const r = await h.invoke({
      method: 'POST',
      path: '/api/books',
      claims: EDITOR,
      bodyBytes: Buffer.from(JSON.stringify({ title, author: 'x' }), 'utf8'),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(201);
    expect((await h.books.list({ limit: 100 })).items.map((b) => b.title)).toEqual([title]);
  });

  it('valid UTF-8 that is not JSON still answers "not valid JSON"', async () => {
    const r = await harness().invoke({
      method: 'POST',
      path: '/api/books',
      claims: EDITOR,
      bodyBytes: Buffer.from('{"title":'),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({ code: 'invalid_json', message: 'The request body is not valid JSON.' });
  });
});
