import { isJsonContentType } from '../../../lambdas/api/body';
import { EDITOR, harness } from './harness';

const post = (extra: Record<string, unknown>) => ({ method: 'POST', path: '/api/books', claims: EDITOR, ...extra });
const small = { settings: { maxBodyBytes: 100 } };

describe('request bodies', () => {
  it('accepts a base64-encoded JSON body (as function URLs send non-text content)', async () => {
    const h = harness();
    const r = await h.invoke(post({ body: { title: 'Base64', author: 'A' }, base64: true }));
    expect(r.status).toBe(201);
    expect(r.json.title).toBe('Base64');
  });

  it('answers 413 when the declared Content-Length is over the limit', async () => {
    const r = await harness(small).invoke(post({ body: { title: 'T', author: 'A' }, headers: { 'content-length': '101' } }));
    expect(r.status).toBe(413);
    expect(r.json.error).toEqual({ code: 'payload_too_large', message: 'The request body is larger than 100 bytes.' });
  });

  it('answers 413 when the actual body is over the limit although Content-Length claims less', async () => {
    const r = await harness(small).invoke(post({ body: { title: 'x'.repeat(120), author: 'A' }, headers: { 'content-length': '10' } }));
    expect(r.status).toBe(413);
  });

  it('answers 413 for a base64 body whose decoded size is over the limit (and not for one just under)', async () => {
    const h = harness(small);
    const sized = (bytes: number) => ({ title: 'x'.repeat(bytes - '{"title":"","author":"A"}'.length), author: 'A' });
    expect(Buffer.byteLength(JSON.stringify(sized(101)))).toBe(101);
    // The base64 text of a 100-byte body is 136 characters: the limit applies to the decoded bytes.
    expect((await h.invoke(post({ body: sized(101), base64: true }))).status).toBe(413);
    expect((await h.invoke(post({ body: sized(100), base64: true }))).status).toBe(201);
  });

  it('counts bytes, not characters (multi-byte UTF-8)', async () => {
    const r = await harness(small).invoke(post({ body: { title: 'é'.repeat(45), author: 'A' }, headers: { 'content-length': '1' } }));
    expect(r.status).toBe(413);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['JSON in latin-1', 'application/json; charset=iso-8859-1'],
  ])('answers 415 for %s', async (_what, contentType) => {
    const r = await harness().invoke(post({ body: '{"title":"T","author":"A"}', headers: { 'content-type': contentType } }));
    expect(r.status).toBe(415);
    expect(r.json.error.code).toBe('unsupported_media_type');
  });

  it('answers 415 when the Content-Type is missing', async () => {
    const r = await harness().invoke(post({ body: '{"title":"T","author":"A"}' }));
    expect(r.status).toBe(415);
  });

  it.each(['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/merge-patch+json'])('accepts %s', async (contentType) => {
    const r = await harness().invoke(post({ body: '{"title":"T","author":"A"}', headers: { 'content-type': contentType } }));
    expect(r.status).toBe(201);
  });

  it.each([
    ['truncated JSON', '{"title":'],
    ['an empty body', ''],
    ['trailing garbage', '{"title":"T","author":"A"} x'],
  ])('answers 400 invalid_json for %s', async (_what, body) => {
    const r = await harness().invoke(post({ body, headers: { 'content-type': 'application/json' } }));
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({ code: 'invalid_json', message: 'The request body is not valid JSON.' });
  });

  it('answers 400 invalid_json for bytes that are not UTF-8', async () => {
    const bytes = Uint8Array.from([...Buffer.from('{"title":"'), 0xff, 0xfe, ...Buffer.from('","author":"A"}')]);
    const r = await harness().invoke(post({ bodyBytes: bytes, headers: { 'content-type': 'application/json' } }));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_json');
  });
});

describe('isJsonContentType()', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON', true],
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['application/json; charset=utf-16', false],
    ['application/jsonp', false],
    ['text/json', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (value, expected) => {
    expect(isJsonContentType(value)).toBe(expected);
  });
});
