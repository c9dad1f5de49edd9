/** web/src/api.ts: the API client (bearer token, JSON bodies, the API's error messages, 401 hand-off). */
import {
  ApiError,
  bookInputFromFields,
  createApiClient,
  errorFromResponse,
  fieldsFromBook,
  type FetchLike,
  type RequestLike,
  type ResponseLike,
} from '../../web/src/api';

function response(status: number, body: unknown, contentType = 'application/json; charset=utf-8', statusText = ''): ResponseLike {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, statusText, headers: { get: (name) => (name.toLowerCase() === 'content-type' ? contentType : null) }, text: async () => text };
}

function recorder(answer: (url: string, init: RequestLike) => ResponseLike | Promise<ResponseLike>) {
  const calls: Array<{ url: string; init: RequestLike }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return answer(url, init);
  };
  return { calls, fetch };
}

const BOOK = { id: 'b1', title: 'Dune', author: 'Frank Herbert', year: 1965, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' };

describe('createApiClient', () => {
  it('sends the token as Authorization: Bearer, asked per call', async () => {
    let token: string | undefined = 'tok-1';
    const r = recorder(() => response(200, { claims: null, iam: null }));
    const api = createApiClient({ basePath: '/api', fetch: r.fetch, token: () => token });
    await api.me();
    token = undefined;
    await api.me();
    expect(r.calls[0]).toEqual({ url: '/api/me', init: { method: 'GET', headers: { accept: 'application/json', authorization: 'Bearer tok-1' } } });
    expect(r.calls[1].init.headers).toEqual({ accept: 'application/json' });
  });

  it('builds each endpoint: paths, query encoding, methods, JSON bodies', async () => {
    const r = recorder((url, init) => {
      if (init.method === 'DELETE') return response(200, { deleted: BOOK });
      if (url.startsWith('/api/hello')) return response(200, { message: 'Hello, A & B!' });
      if (url.startsWith('/api/books?') || url === '/api/books')
        return init.method === 'POST' ? response(201, BOOK) : response(200, { items: [BOOK], nextCursor: 'c/1' });
      return response(200, BOOK);
    });
    const api = createApiClient({ basePath: '/api/', fetch: r.fetch, token: () => 't' });
    await expect(api.hello('A & B')).resolves.toEqual({ message: 'Hello, A & B!' });
    await expect(api.listBooks()).resolves.toEqual({ items: [BOOK], nextCursor: 'c/1' });
    await api.listBooks('c/1');
    await api.getBook('a/b?c');
    await api.createBook({ title: 'Dune', author: 'Frank Herbert', year: 1965 });
    await api.updateBook('b1', { title: 'Dune', author: 'F. Herbert' });
    await expect(api.deleteBook('b1')).resolves.toEqual(BOOK);
    expect(r.calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/hello?name=A%20%26%20B',
      'GET /api/books',
      'GET /api/books?cursor=c%2F1',
      'GET /api/books/a%2Fb%3Fc',
      'POST /api/books',
      'PUT /api/books/b1',
      'DELETE /api/books/b1',
    ]);
    expect(r.calls[4].init).toEqual({
      method: 'POST',
      headers: { accept: 'application/json', authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"title":"Dune","author":"Frank Herbert","year":1965}',
    });
    expect(r.calls[6].init.body).toBeUndefined();
  });

  it("throws the API's own message and code (a reader's DELETE: the edge's 403)", async () => {
    const r = recorder(() => response(403, { error: { code: 'forbidden', message: 'You may not use this route.' } }));
    const api = createApiClient({ basePath: '/api', fetch: r.fetch, token: () => 't' });
    const error = await api.deleteBook('b1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'You may not use this route.' });
  });

  it('a 401 goes to onUnauthorized, then throws; other errors do not', async () => {
    const seen: ApiError[] = [];
    let status = 401;
    const r = recorder(() => response(status, { error: { code: 'invalid_token', message: 'The token has expired.' } }));
    const api = createApiClient({ basePath: '/api', fetch: r.fetch, token: () => 't', onUnauthorized: (e) => seen.push(e) });
    await expect(api.listBooks()).rejects.toMatchObject({ status: 401, code: 'invalid_token', message: 'The token has expired.' });
    expect(seen.map((e) => e.message)).toEqual(['The token has expired.']);
    status = 404;
    await expect(api.getBook('x')).rejects.toMatchObject({ status: 404 });
    expect(seen).toHaveLength(1);
  });

  it('an unreachable API and a success without JSON are errors too', async () => {
    const down = createApiClient({ basePath: '/api', fetch: async () => Promise.reject(new TypeError('Failed to fetch')), token: () => undefined });
    await expect(down.me()).rejects.toMatchObject({ status: 0, code: 'network_error', message: 'The API could not be reached (Failed to fetch).' });
    const html = createApiClient({ basePath: '/api', fetch: async () => response(200, '<!doctype html>', 'text/html'), token: () => undefined });
    await expect(html.me()).rejects.toMatchObject({ code: 'bad_response', message: 'The API answered 200 without JSON.' });
    const broken = createApiClient({ basePath: '/api', fetch: async () => response(200, '{'), token: () => undefined });
    await expect(broken.me()).rejects.toMatchObject({ code: 'bad_response' });
  });
});

describe('errorFromResponse', () => {
  it('reads {"error":{"code","message"}}', () => {
    expect(errorFromResponse(400, 'Bad Request', '{"error":{"code":"validation_failed","message":"title: required"}}')).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'title: required',
    });
  });
  it('reads CloudFront\'s {"message"} answers', () => {
    expect(errorFromResponse(503, '', '{"message":"The Lambda function associated with the CloudFront distribution is invalid"}')).toMatchObject({
      code: 'http_503',
      message: 'The Lambda function associated with the CloudFront distribution is invalid',
    });
  });
  it('falls back to the status for anything else', () => {
    expect(errorFromResponse(502, 'Bad Gateway', '<html>')).toMatchObject({ code: 'http_502', message: 'The server answered 502 Bad Gateway.' });
    expect(errorFromResponse(500, '', '{"error":"x"}')).toMatchObject({ message: 'The server answered 500.' });
    expect(errorFromResponse(418, '', '{"error":{"code":"teapot"}}')).toMatchObject({ code: 'http_418' });
  });
});

describe('book form fields', () => {
  it('trims, leaves out empty optional fields, sends a year of digits as a number', () => {
    expect(bookInputFromFields({ title: ' Dune ', author: ' Frank Herbert ', year: '', isbn: ' ' })).toEqual({ title: 'Dune', author: 'Frank Herbert' });
    expect(bookInputFromFields({ title: 'Dune', author: 'F', year: ' 1965 ', isbn: '978-0-441-17271-9' })).toEqual({
      title: 'Dune',
      author: 'F',
      year: 1965,
      isbn: '978-0-441-17271-9',
    });
    expect(bookInputFromFields({ title: 'T', author: 'A', year: '-500', isbn: '' })).toEqual({ title: 'T', author: 'A', year: -500 });
  });
  it('sends any other year as typed, so the API names the problem', () => {
    expect(bookInputFromFields({ title: 'T', author: 'A', year: 'MCMLXV', isbn: '' })).toEqual({ title: 'T', author: 'A', year: 'MCMLXV' });
  });
  it('round-trips a stored book', () => {
    expect(fieldsFromBook(BOOK)).toEqual({ title: 'Dune', author: 'Frank Herbert', year: '1965', isbn: '' });
    expect(bookInputFromFields(fieldsFromBook({ ...BOOK, isbn: '9780441172719' }))).toEqual({
      title: 'Dune',
      author: 'Frank Herbert',
      year: 1965,
      isbn: '9780441172719',
    });
  });
});
