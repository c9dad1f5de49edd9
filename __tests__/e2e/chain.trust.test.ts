/**
 * The trust gaps between the edge and the API, tried through the whole local
 * chain (viewer -> CloudFront stand-in -> bundled edge -> function URL
 * stand-in checking SigV4 -> bundled API) as an attacker would: a direct IAM
 * caller with forged claims, a captured edge request replayed with claims
 * added or its content type swapped, a captured claims MAC moved to another
 * request, and HEAD used to get around GET rules.
 */
import type { SigningMode } from '../../config/schema';
import { CLAIMS_HEADER, encodeClaims } from '../../lib/claims';
import { CLAIMS_MAC_HEADER } from '../../lib/claims-mac';
import type { ObservedRequest } from '../../local/function-url-standin';
import { bearer, send, signAsCaller, startHarness, traced, viaEdge, type Harness, type RawResponse } from './helpers/harness';

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

function expectStatus(res: RawResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected status ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
}

/** Claims of an admin, encoded as the edge would; nobody verified them. */
const forgedAdmin = () =>
  encodeClaims({
    sub: 'mallory',
    groups: ['admins'],
    scopes: ['books/write'],
    tokenUse: 'access',
    clientId: 'c',
    issuer: 'i',
    exp: Math.floor(Date.now() / 1000) + 600,
  });

describe.each<SigningMode>(['edge-sigv4', 'oac'])('trust gaps through the local chain in %s mode', (mode) => {
  let h: Harness;
  let admin = '';
  let editor = '';
  let nobody = '';
  const fu = () => h.chain.functionUrl;

  beforeAll(async () => {
    h = await startHarness(mode);
    admin = h.chain.issuer.issue({ sub: 'ada', groups: ['admins'] });
    editor = h.chain.issuer.issue({ sub: 'erin', groups: ['editors'], scopes: ['books/read', 'books/write'] });
    nobody = h.chain.issuer.issue({ sub: 'nina', groups: [] });
  });

  afterAll(async () => {
    await h?.close();
  });

  async function createBook(title: string): Promise<string> {
    const res = await viaEdge(h, {
      method: 'POST',
      path: '/api/books',
      headers: [bearer(editor), JSON_TYPE],
      body: JSON.stringify({ title, author: `trust-${mode}` }),
    });
    expectStatus(res, 201);
    return res.json().id;
  }

  async function bookExists(id: string): Promise<boolean> {
    const res = await viaEdge(h, { method: 'GET', path: `/api/books/${id}`, headers: [bearer(admin)] });
    return res.status === 200;
  }

  /** Sends what the edge (and, in oac mode, the OAC stand-in) sent to the function URL, changed by `edit`. */
  function replay(captured: ObservedRequest, edit: (headers: Array<[string, string]>) => Array<[string, string]>): Promise<RawResponse> {
    return send(fu().port, { method: captured.method, path: captured.url, headers: edit(captured.headers.map(([k, v]) => [k, v])), body: captured.body });
  }

  it("any IAM principal can forge the claims header (regression): a direct caller's DELETE with admin claims -> 401, the book stays", () =>
    traced(h, async () => {
      const id = await createBook('Forgery target');
      const headers = await signAsCaller(h, {
        method: 'DELETE',
        path: `/api/books/${id}`,
        headers: { [CLAIMS_HEADER]: forgedAdmin() },
      });
      const res = await send(fu().port, { method: 'DELETE', path: `/api/books/${id}`, headers });
      expectStatus(res, 401);
      expect(await bookExists(id)).toBe(true);
    }));

  it('a direct IAM caller keeps its IAM identity and gets no user: public routes work, /me asks for sign-in', () =>
    traced(h, async () => {
      const hello = await signAsCaller(h, {
        method: 'GET',
        path: '/api/hello',
        query: { name: 'svc' },
      });
      expectStatus(await send(fu().port, { method: 'GET', path: '/api/hello?name=svc', headers: hello }), 200);
      const me = await signAsCaller(h, { method: 'GET', path: '/api/me' });
      expectStatus(await send(fu().port, { method: 'GET', path: '/api/me', headers: me }), 401);
    }));

  it('the signature does not cover the absence of claims (regression): an anonymous edge request replayed with a claims header -> 403', () =>
    traced(h, async () => {
      const before = h.originRequests.length;
      expectStatus(await viaEdge(h, { method: 'GET', path: '/api/hello?name=anon' }), 200);
      const captured = h.originRequests[before];
      expect(captured.url).toBe('/api/hello?name=anon');
      // The control: the capture replays as it was (within the 5-minute window).
      expectStatus(await replay(captured, (hs) => hs), 200);
      // The attack: the same request with claims added (as a second header, and replacing the anonymous value).
      const added = await replay(captured, (hs) => [...hs, ['X-Sfu-Verified-Claims', forgedAdmin()]]);
      expect(added.status).toBe(403);
      const replaced = await replay(captured, (hs) => hs.map(([k, v]) => [k, k.toLowerCase() === CLAIMS_HEADER ? forgedAdmin() : v]));
      expect(replaced.status).toBe(403);
    }));

  it('a captured request replayed with its content-type swapped -> 403', () =>
    traced(h, async () => {
      const before = h.originRequests.length;
      expectStatus(
        await viaEdge(h, { method: 'POST', path: '/api/books', headers: [bearer(editor), JSON_TYPE], body: JSON.stringify({ title: 'Typed', author: 'x' }) }),
        201,
      );
      const captured = h.originRequests[before];
      const swapped = await replay(captured, (hs) => hs.map(([k, v]) => [k, k.toLowerCase() === 'content-type' ? 'text/plain' : v]));
      expect(swapped.status).toBe(403);
    }));

  it('claims and their MAC taken from a captured request and put on another request by a direct caller -> 401', () =>
    traced(h, async () => {
      const id = await createBook('Transplant target');
      const before = h.originRequests.length;
      expectStatus(await viaEdge(h, { method: 'GET', path: `/api/books/${id}`, headers: [bearer(admin)] }), 200);
      const captured = h.originRequests[before];
      const pick = (name: string) => captured.headers.find(([k]) => k.toLowerCase() === name)?.[1];
      const stolen: Record<string, string> = { [CLAIMS_HEADER]: pick(CLAIMS_HEADER) ?? '' };
      const mac = pick(CLAIMS_MAC_HEADER);
      if (mode === 'oac') expect(mac).toMatch(/^k=\d+,t=\d+,sig=/);
      if (mac) stolen[CLAIMS_MAC_HEADER] = mac;
      const headers = await signAsCaller(h, {
        method: 'DELETE',
        path: `/api/books/${id}`,
        headers: stolen,
      });
      expectStatus(await send(fu().port, { method: 'DELETE', path: `/api/books/${id}`, headers }), 401);
      expect(await bookExists(id)).toBe(true);
    }));

  it('HEAD walks around GET rules (regression): HEAD /api/books and /api/books/{id} without groups -> 403, as GET', () =>
    traced(h, async () => {
      const id = await createBook('Existence oracle');
      for (const path of ['/api/books', `/api/books/${id}`, '/api/books/no-such-book']) {
        expectStatus(await viaEdge(h, { method: 'GET', path, headers: [bearer(nobody)] }), 403);
        expectStatus(await viaEdge(h, { method: 'HEAD', path, headers: [bearer(nobody)] }), 403);
      }
      expectStatus(await viaEdge(h, { method: 'HEAD', path: `/api/books/${id}`, headers: [bearer(admin)] }), 200);
    }));
});
