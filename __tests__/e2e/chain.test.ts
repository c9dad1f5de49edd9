/**
 * The whole request path, offline, in both signing modes: viewer ->
 * CloudFront stand-in -> bundled edge function -> (OAC stand-in signer) ->
 * function URL stand-in (independent SigV4 check) -> bundled API function.
 */
import type { SigningMode } from '../../config/schema';
import { CLAIMS_HEADER, encodeClaims, type VerifiedClaims } from '../../lib/claims';
import { LOCAL_SPA_CLIENT_ID } from '../../local/token-issuer';
import {
  bearer,
  forgeWithOtherKey,
  linesOf,
  send,
  signAsCaller,
  signDirect,
  startHarness,
  traced,
  viaEdge,
  type Harness,
  type RawRequest,
  type RawResponse,
} from './helpers/harness';

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];
const FORBIDDEN_BODY = { Message: 'Forbidden' };

describe.each<SigningMode>(['edge-sigv4', 'oac'])('the local chain in %s mode', (mode) => {
  let h: Harness;
  /** Every answer that came from the API (it sets x-request-id), for the no-store check. */
  const apiAnswers: Array<{ request: string; response: RawResponse }> = [];

  const tokens = {
    admin: '',
    editor: '',
    reader: '',
  };

  async function call(req: RawRequest): Promise<RawResponse> {
    const res = await viaEdge(h, req);
    if (res.headers['x-request-id'] !== undefined) apiAnswers.push({ request: `${req.method} ${req.path}`, response: res });
    return res;
  }

  function expectStatus(res: RawResponse, status: number): void {
    if (res.status !== status) throw new Error(`expected status ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  }

  beforeAll(async () => {
    h = await startHarness(mode);
    tokens.admin = h.chain.issuer.issue({ sub: 'alice', groups: ['admins'], scopes: ['books/read', 'books/write'] });
    tokens.editor = h.chain.issuer.issue({ sub: 'erin', groups: ['editors'], scopes: ['books/read', 'books/write'] });
    tokens.reader = h.chain.issuer.issue({ sub: 'rita', groups: ['readers'], scopes: ['books/read'] });
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('every endpoint with a valid token', () => {
    it('GET /api/hello?name greets by name', () =>
      traced(h, async () => {
        const res = await call({ method: 'GET', path: '/api/hello?name=Ada%20Lovelace', headers: [bearer(tokens.reader)] });
        expectStatus(res, 200);
        expect(res.json()).toEqual({ message: 'Hello, Ada Lovelace!' });
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }));

    it('GET /api/hello works anonymously too (public route)', () =>
      traced(h, async () => {
        const res = await call({ method: 'GET', path: '/api/hello?name=anon' });
        expectStatus(res, 200);
        expect(res.json()).toEqual({ message: 'Hello, anon!' });
      }));

    it('GET /api/me shows the verified claims and the IAM principal that signed the origin request', () =>
      traced(h, async () => {
        const res = await call({ method: 'GET', path: '/api/me', headers: [bearer(tokens.admin)] });
        expectStatus(res, 200);
        const body = res.json();
        expect(body.claims).toMatchObject({
          sub: 'alice',
          groups: ['admins'],
          scopes: ['books/read', 'books/write'],
          tokenUse: 'access',
          clientId: LOCAL_SPA_CLIENT_ID,
          issuer: h.chain.issuer.issuer,
        });
        expect(body.iam.userArn).toMatch(mode === 'oac' ? /:assumed-role\/cloudfront-oac\// : /:assumed-role\/dev-edge-auth\//);
        expect(JSON.stringify(body)).not.toContain(h.chain.edgeCredentials.accessKeyId);
      }));

    it('books: create, list, get, update, delete, then the id is gone', () =>
      traced(h, async () => {
        const created = await call({
          method: 'POST',
          path: '/api/books',
          headers: [bearer(tokens.editor), JSON_TYPE],
          body: JSON.stringify({ title: 'Dune', author: 'Frank Herbert', year: 1965 }),
        });
        expectStatus(created, 201);
        const book = created.json();
        expect(book).toMatchObject({ title: 'Dune', author: 'Frank Herbert', year: 1965 });
        expect(book.id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(created.headers.location).toBe(`/api/books/${book.id}`);

        const list = await call({ method: 'GET', path: '/api/books?limit=100', headers: [bearer(tokens.reader)] });
        expectStatus(list, 200);
        expect(list.json().items.map((b: { id: string }) => b.id)).toContain(book.id);

        const got = await call({ method: 'GET', path: `/api/books/${book.id}`, headers: [bearer(tokens.reader)] });
        expectStatus(got, 200);
        expect(got.json()).toEqual(book);

        const updated = await call({
          method: 'PUT',
          path: `/api/books/${book.id}`,
          headers: [bearer(tokens.editor), JSON_TYPE],
          body: JSON.stringify({ title: 'Dune Messiah', author: 'Frank Herbert', year: 1969 }),
        });
        expectStatus(updated, 200);
        expect(updated.json()).toMatchObject({ id: book.id, title: 'Dune Messiah', year: 1969 });

        const deleted = await call({ method: 'DELETE', path: `/api/books/${book.id}`, headers: [bearer(tokens.admin)] });
        expectStatus(deleted, 200);
        expect(deleted.json().deleted).toMatchObject({ id: book.id, title: 'Dune Messiah' });

        const gone = await call({ method: 'GET', path: `/api/books/${book.id}`, headers: [bearer(tokens.admin)] });
        expectStatus(gone, 404);
      }));

    it('POST /api/messages publishes and answers 202 with a message id', () =>
      traced(h, async () => {
        const res = await call({
          method: 'POST',
          path: '/api/messages',
          headers: [bearer(tokens.admin), JSON_TYPE],
          body: JSON.stringify({ subject: 'hi', text: 'hello from the e2e test' }),
        });
        expectStatus(res, 202);
        expect(typeof res.json().messageId).toBe('string');
      }));

    it('OPTIONS preflight from the configured origin is answered by the API (public route)', () =>
      traced(h, async () => {
        const res = await call({
          method: 'OPTIONS',
          path: '/api/books',
          headers: [
            ['Origin', 'http://localhost:5173'],
            ['Access-Control-Request-Method', 'POST'],
          ],
        });
        expect(res.status).toBe(204);
        expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      }));
  });

  describe('authentication and authorization at the edge', () => {
    it('no token on a protected route -> 401 with a bare Bearer challenge, the origin is not called', () =>
      traced(h, async () => {
        const m = h.mark();
        const res = await call({ method: 'GET', path: '/api/me' });
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
        expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
        expect(linesOf(h.since(m), 'function-url')).toEqual([]);
      }));

    it('no token on GET /api/books -> 401', () =>
      traced(h, async () => {
        const res = await call({ method: 'GET', path: '/api/books' });
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      }));

    it('an expired token -> 401 invalid_token (expired)', () =>
      traced(h, async () => {
        const expired = h.chain.issuer.issue({ sub: 'alice', groups: ['admins'], expiresIn: -120 });
        const res = await call({ method: 'GET', path: '/api/me', headers: [bearer(expired)] });
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
        expect(res.headers['www-authenticate']).toContain('expired');
        expect(res.json().error.code).toBe('invalid_token');
      }));

    it('an expired token is refused on a public route too (a presented token must verify)', () =>
      traced(h, async () => {
        const expired = h.chain.issuer.issue({ sub: 'alice', expiresIn: -120 });
        const res = await call({ method: 'GET', path: '/api/hello?name=x', headers: [bearer(expired)] });
        expect(res.status).toBe(401);
      }));

    it('a forged token (same header and claims, signed by another RSA key) -> 401 invalid_token', () =>
      traced(h, async () => {
        const forged = forgeWithOtherKey(tokens.admin);
        expect(forged.split('.')[0]).toBe(tokens.admin.split('.')[0]); // same kid
        const m = h.mark();
        const res = await call({ method: 'DELETE', path: '/api/books/anything', headers: [bearer(forged)] });
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
        expect(linesOf(h.since(m), 'function-url')).toEqual([]);
      }));

    it('an id token where access tokens are configured -> 401', () =>
      traced(h, async () => {
        const id = h.chain.issuer.issue({ sub: 'alice', groups: ['admins'], tokenUse: 'id' });
        const res = await call({ method: 'GET', path: '/api/me', headers: [bearer(id)] });
        expect(res.status).toBe(401);
      }));

    it('wrong group: a reader cannot DELETE (403 from the edge) and the book survives', () =>
      traced(h, async () => {
        const created = await call({
          method: 'POST',
          path: '/api/books',
          headers: [bearer(tokens.admin), JSON_TYPE],
          body: JSON.stringify({ title: 'Keep me', author: 'A. Reader' }),
        });
        expectStatus(created, 201);
        const { id } = created.json();
        const m = h.mark();
        const res = await call({ method: 'DELETE', path: `/api/books/${id}`, headers: [bearer(tokens.reader)] });
        expect(res.status).toBe(403);
        expect(res.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
        expect(linesOf(h.since(m), 'function-url')).toEqual([]);
        const still = await call({ method: 'GET', path: `/api/books/${id}`, headers: [bearer(tokens.reader)] });
        expectStatus(still, 200);
      }));

    it('wrong group: a reader cannot POST /api/books -> 403', () =>
      traced(h, async () => {
        const res = await call({
          method: 'POST',
          path: '/api/books',
          headers: [bearer(tokens.reader), JSON_TYPE],
          body: JSON.stringify({ title: 't', author: 'a' }),
        });
        expect(res.status).toBe(403);
      }));
  });

  describe('the claims header', () => {
    const forgedClaims: VerifiedClaims = {
      sub: 'mallory',
      groups: ['admins'],
      scopes: ['books/write'],
      tokenUse: 'access',
      clientId: LOCAL_SPA_CLIENT_ID,
      issuer: 'https://evil.example',
      exp: Math.floor(Date.now() / 1000) + 3600,
    };

    it.each(['x-sfu-verified-claims', 'X-Sfu-Verified-Claims', 'X-SFU-VERIFIED-CLAIMS', 'x-SfU-vErIfIeD-cLaImS'])(
      'a viewer-sent %s header is stripped: /api/me shows the verified claims only',
      (name) =>
        traced(h, async () => {
          const res = await call({ method: 'GET', path: '/api/me', headers: [[name, encodeClaims(forgedClaims)], bearer(tokens.reader)] });
          expectStatus(res, 200);
          const body = res.json();
          expect(body.claims.sub).toBe('rita');
          expect(body.claims.groups).toEqual(['readers']);
          expect(body.claims.issuer).toBe(h.chain.issuer.issuer);
          expect(res.text).not.toContain('mallory');
        }),
    );

    it('several viewer copies in different cases are all stripped', () =>
      traced(h, async () => {
        const v = encodeClaims(forgedClaims);
        const res = await call({ method: 'GET', path: '/api/me', headers: [[CLAIMS_HEADER, v], ['X-Sfu-Verified-Claims', v], bearer(tokens.reader)] });
        expectStatus(res, 200);
        expect(res.json().claims.sub).toBe('rita');
      }));

    it('an anonymous request to public /api/hello with a forged claims header: the API never sees it', () =>
      traced(h, async () => {
        const m = h.mark();
        const res = await call({ method: 'GET', path: '/api/hello?name=x', headers: [['X-Sfu-Verified-Claims', encodeClaims(forgedClaims)]] });
        expectStatus(res, 200);
        const api = linesOf(h.since(m), 'api').join('\n');
        expect(api).toContain('"message":"request"'); // the API did log the request
        expect(api).not.toContain('mallory');
        expect(api).not.toContain('claims header ignored');
      }));

    it('an anonymous request to /api/me with a forged claims header -> 401 at the edge (the header does not authenticate)', () =>
      traced(h, async () => {
        const m = h.mark();
        const res = await call({ method: 'GET', path: '/api/me', headers: [['x-sfu-verified-claims', encodeClaims(forgedClaims)]] });
        expect(res.status).toBe(401);
        expect(linesOf(h.since(m), 'function-url')).toEqual([]);
      }));
  });

  describe('the function URL stand-in (AWS_IAM)', () => {
    const fu = () => h.chain.functionUrl;

    it('a direct unsigned call -> 403 {"Message":"Forbidden"}, the function does not run', () =>
      traced(h, async () => {
        const m = h.mark();
        const res = await send(fu().port, { method: 'GET', path: '/api/hello?name=x', headers: [['Host', fu().host]] });
        expect(res.status).toBe(403);
        expect(res.json()).toEqual(FORBIDDEN_BODY);
        expect(linesOf(h.since(m), 'api')).toEqual([]);
      }));

    it('a direct call with a valid user token but no SigV4 signature -> 403', () =>
      traced(h, async () => {
        const res = await send(fu().port, { method: 'GET', path: '/api/me', headers: [['Host', fu().host], bearer(tokens.admin)] });
        expect(res.status).toBe(403);
        expect(res.json()).toEqual(FORBIDDEN_BODY);
      }));

    it('a direct call with a forged claims header and no signature -> 403', () =>
      traced(h, async () => {
        const res = await send(fu().port, {
          method: 'GET',
          path: '/api/me',
          headers: [
            ['Host', fu().host],
            [CLAIMS_HEADER, encodeClaims({ sub: 'x', groups: [], scopes: [], tokenUse: 'access', clientId: 'c', issuer: 'i', exp: 9e9 })],
          ],
        });
        expect(res.status).toBe(403);
      }));

    it('a correctly signed direct call is accepted (control for the tampering tests)', () =>
      traced(h, async () => {
        const headers = await signAsCaller(h, {
          method: 'GET',
          path: '/api/hello',
          query: { name: 'signed' },
        });
        const res = await send(fu().port, { method: 'GET', path: '/api/hello?name=signed', headers });
        expectStatus(res, 200);
        expect(res.json()).toEqual({ message: 'Hello, signed!' });
      }));

    describe.each([
      ['with x-amz-content-sha256', true],
      ['without x-amz-content-sha256', false],
    ])('a signed POST %s', (_label, contentSha256) => {
      const claims = (): string =>
        encodeClaims({
          sub: 'svc',
          groups: ['admins'],
          scopes: ['books/write'],
          tokenUse: 'access',
          clientId: 'c',
          issuer: 'i',
          exp: Math.floor(Date.now() / 1000) + 600,
        });

      async function signedPost(body: Buffer, claimsValue: string) {
        return signAsCaller(h, {
          method: 'POST',
          path: '/api/books',
          headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: claimsValue },
          body,
          contentSha256,
        });
      }

      it('passes the signature check, and the API ignores the claims a direct caller sent (401: claims come only from the edge)', () =>
        traced(h, async () => {
          const body = Buffer.from(JSON.stringify({ title: 'Signed', author: 'Caller' }));
          const headers = await signedPost(body, claims());
          const res = await send(fu().port, { method: 'POST', path: '/api/books', headers, body });
          expectStatus(res, 401);
          expect(res.headers['x-request-id']).toBeDefined(); // the API answered: the signature was good
        }));

      it('with one byte of the body changed -> 403 {"Message":"Forbidden"}', () =>
        traced(h, async () => {
          const body = Buffer.from(JSON.stringify({ title: 'Signed', author: 'Caller' }));
          const headers = await signedPost(body, claims());
          const altered = Buffer.from(body);
          const i = altered.indexOf('Signed') + 1;
          altered[i] ^= 0x01; // "Signed" -> "Shgned": same length, still valid JSON
          expect(altered.length).toBe(body.length);
          const m = h.mark();
          const res = await send(fu().port, { method: 'POST', path: '/api/books', headers, body: altered });
          expect(res.status).toBe(403);
          expect(res.json()).toEqual(FORBIDDEN_BODY);
          expect(linesOf(h.since(m), 'function-url').join('\n')).toMatch(/^403 POST \/api\/books: /);
          expect(linesOf(h.since(m), 'api')).toEqual([]);
        }));
    });

    it('a stale signature (x-amz-date 6 minutes old) -> 403; 4 minutes old is still accepted', () =>
      traced(h, async () => {
        const sign = (ageMs: number) =>
          signAsCaller(h, {
            method: 'GET',
            path: '/api/hello',
            query: { name: 'late' },
            signingDate: new Date(Date.now() - ageMs),
          });
        const stale = await send(fu().port, { method: 'GET', path: '/api/hello?name=late', headers: await sign(6 * 60_000) });
        expect(stale.status).toBe(403);
        expect(stale.json()).toEqual(FORBIDDEN_BODY);
        const recent = await send(fu().port, { method: 'GET', path: '/api/hello?name=late', headers: await sign(4 * 60_000) });
        expectStatus(recent, 200);
      }));

    it('a signature made in the future (6 minutes ahead) -> 403', () =>
      traced(h, async () => {
        const headers = await signAsCaller(h, {
          method: 'GET',
          path: '/api/hello',
          query: { name: 'x' },
          signingDate: new Date(Date.now() + 6 * 60_000),
        });
        const res = await send(fu().port, { method: 'GET', path: '/api/hello?name=x', headers });
        expect(res.status).toBe(403);
      }));

    it('a request signed by unknown credentials -> 403', () =>
      traced(h, async () => {
        const headers = await signDirect({
          method: 'GET',
          path: '/api/hello',
          query: { name: 'x' },
          credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'not-a-known-secret' },
          host: fu().host,
          region: h.config.backendRegion,
        });
        const res = await send(fu().port, { method: 'GET', path: '/api/hello?name=x', headers });
        expect(res.status).toBe(403);
      }));

    it('a request signed for another region -> 403', () =>
      traced(h, async () => {
        const headers = await signDirect({
          method: 'GET',
          path: '/api/hello',
          query: { name: 'x' },
          credentials: h.chain.callerCredentials,
          host: fu().host,
          region: 'us-east-1',
        });
        const res = await send(fu().port, { method: 'GET', path: '/api/hello?name=x', headers });
        expect(res.status).toBe(403);
      }));
  });

  describe('viewer header values outside printable ASCII', () => {
    const nbspRequest = (): RawRequest => ({ method: 'GET', path: '/api/hello?name=x', headers: [bearer(tokens.reader), ['X-Note', 'a\u00a0b']] });
    const expectAccepted = async () => {
      const m = h.mark();
      const res = await call(nbspRequest());
      expect(linesOf(h.since(m), 'function-url')).toEqual(['200 GET /api/hello?name=x']);
      expectStatus(res, 200);
    };

    // SigV4 "trimall" collapses only spaces and tabs: OAC signs the header, the verifier must agree.
    it('a header value with an obs-text byte (NBSP, 0xA0) goes through', () => traced(h, expectAccepted));

    it('a header value with UTF-8 bytes read as latin1 (e.g. "café") goes through', () =>
      traced(h, async () => {
        const res = await call({
          method: 'GET',
          path: '/api/hello?name=x',
          headers: [bearer(tokens.reader), ['X-Note', Buffer.from('café', 'utf8').toString('latin1')]],
        });
        expectStatus(res, 200);
      }));
  });

  describe('bodies and pass-through errors', () => {
    it('a 1.5 MB body -> 413 JSON from the edge; the origin is not called', () =>
      traced(h, async () => {
        const big = Buffer.alloc(1.5 * 1024 * 1024, 0x61);
        const m = h.mark();
        const res = await call({ method: 'POST', path: '/api/books', headers: [bearer(tokens.admin), JSON_TYPE], body: big });
        expect(res.status).toBe(413);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
        expect(linesOf(h.since(m), 'cloudfront')).toEqual(['413 POST /api/books (edge answered)']);
        expect(linesOf(h.since(m), 'function-url')).toEqual([]);
      }));

    it('a body of exactly 1 MB is not truncated: it reaches the API (which applies its own limit)', () =>
      traced(h, async () => {
        const body = Buffer.alloc(1024 * 1024, 0x20);
        const res = await call({ method: 'POST', path: '/api/books', headers: [bearer(tokens.admin), JSON_TYPE], body });
        expect(res.headers['x-request-id']).toBeDefined(); // answered by the API, not the edge
        expect(res.status).toBeLessThan(500);
        expect(res.status).not.toBe(403);
      }));

    it('a binary body is hashed/signed so the function URL accepts it; the API answers 415 for its type', () =>
      traced(h, async () => {
        const body = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) & 0xff));
        const m = h.mark();
        const res = await call({ method: 'POST', path: '/api/books', headers: [bearer(tokens.admin), ['Content-Type', 'application/octet-stream']], body });
        expect(res.status).toBe(415);
        expect(linesOf(h.since(m), 'function-url')).toEqual(['415 POST /api/books']);
      }));

    it('a chunked request body (no Content-Length) is read whole, hashed and signed: 201', () =>
      traced(h, async () => {
        const res = await call({
          method: 'POST',
          path: '/api/books',
          headers: [bearer(tokens.admin), JSON_TYPE, ['Transfer-Encoding', 'chunked']],
          body: JSON.stringify({ title: 'Chunked', author: 'Stream' }),
        });
        expectStatus(res, 201);
        expect(res.json()).toMatchObject({ title: 'Chunked', author: 'Stream' });
      }));

    it('404 for an unknown book id passes through unmasked with the API body', () =>
      traced(h, async () => {
        const res = await call({ method: 'GET', path: '/api/books/no-such-book-0000', headers: [bearer(tokens.reader)] });
        expect(res.status).toBe(404);
        expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No book with id "no-such-book-0000".' } });
        expect(res.headers['x-request-id']).toBeDefined();
      }));

    it('405 for PATCH /api/books/{id} passes through unmasked with the API body and Allow', () =>
      traced(h, async () => {
        const res = await call({ method: 'PATCH', path: '/api/books/some-id', headers: [bearer(tokens.admin), JSON_TYPE], body: '{}' });
        expect(res.status).toBe(405);
        expect(res.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining('PATCH') } });
        expect(res.headers.allow).toBe('GET, PUT, DELETE');
      }));

    it('every answer from the API carries cache-control: no-store', () =>
      traced(h, async () => {
        // A few more kinds of answers, then every API answer this suite saw.
        await call({ method: 'GET', path: '/api/hello', headers: [bearer(tokens.reader)] }); // 400
        await call({ method: 'POST', path: '/api/books', headers: [bearer(tokens.admin), ['Content-Type', 'text/plain']], body: 'x' }); // 415
        await call({ method: 'POST', path: '/api/books', headers: [bearer(tokens.admin), JSON_TYPE], body: '{' }); // 400
        await call({ method: 'GET', path: '/api/books?limit=0', headers: [bearer(tokens.admin)] }); // 400
        expect(apiAnswers.length).toBeGreaterThanOrEqual(4);
        const statuses = new Set(apiAnswers.map((a) => a.response.status));
        expect(statuses.has(400)).toBe(true);
        const missing = apiAnswers
          .filter((a) => a.response.headers['cache-control'] !== 'no-store')
          .map((a) => `${a.request} -> ${a.response.status} ${a.response.headers['cache-control']}`);
        expect(missing).toEqual([]);
      }));

    it('answers the edge generates carry cache-control: no-store too', () =>
      traced(h, async () => {
        const res = await call({ method: 'GET', path: '/api/me' });
        expect(res.status).toBe(401);
        expect(res.headers['cache-control']).toBe('no-store');
      }));
  });
});
