/**
 * Property-based tests through the whole chain, both signing modes: random
 * paths, query strings, headers and bodies sent with a valid admin token.
 * Properties: every request the edge lets through (and signs, or OAC signs)
 * is accepted by the function URL stand-in (no `403 ...` line from it), and
 * no answer is a 5xx.
 */
import fc from 'fast-check';
import type { SigningMode } from '../../config/schema';
import { bearer, describeRequest, formatLogs, linesOf, startHarness, viaEdge, type Harness, type RawRequest } from './helpers/harness';

const RUNS = 70;

// ---------- arbitraries ----------

const hex2 = (b: number, lower: boolean): string => {
  const s = b.toString(16).padStart(2, '0');
  return `%${lower ? s : s.toUpperCase()}`;
};

/** Percent-encodes a string's UTF-8 bytes, sometimes with lower-case hex. */
const pctUtf8 = (s: string, lower: boolean): string => [...Buffer.from(s, 'utf8')].map((b) => hex2(b, lower)).join('');

const unicodeText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 });

/** Pieces that may appear raw or encoded in a path segment (never a raw "/" or "?" or "#"). */
const pathPiece = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_~-]{1,6}$/) },
  { weight: 3, arbitrary: fc.constantFrom('!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@', '.') },
  { weight: 3, arbitrary: fc.tuple(unicodeText, fc.boolean()).map(([s, lower]) => pctUtf8(s, lower)) },
  { weight: 2, arbitrary: fc.constantFrom('%20', '%2B', '%28', '%29', '%2F', '%25', '%7E', '%2e', '%3f', '%23', '%00', '%c3%a9', '%E2%82%AC', '%F0%9F%98%80') },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 0xff }), fc.boolean()).map(([b, lower]) => hex2(b, lower)) },
);
const pathSegment = fc.array(pathPiece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));

const randomPath = fc.oneof(
  fc
    .tuple(fc.array(pathSegment, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean())
    .map(([segs, doubleSlash, trailing]) => `/api/books${doubleSlash ? '//' : '/'}${segs.join('/')}${trailing ? '/' : ''}`),
  fc
    .tuple(fc.array(pathSegment, { maxLength: 2 }), fc.boolean())
    .map(([segs, trailing]) => `/api/hello${segs.map((s) => `/${s}`).join('')}${trailing ? '/' : ''}`),
  fc.constantFrom('/api/books', '/api/books/', '/api/hello', '/api//hello', '/api/me', '/api/messages'),
);

/** Pieces of a query key or value: raw reserved characters, "+", encoded "&" "=" "+" "#", unicode. */
const queryPiece = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~-]{1,5}$/) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('+', '!', '$', "'", '(', ')', '*', ',', ';', ':', '@', '/', '?', '%20', '%26', '%3D', '%2B', '%23', '%25', '%2b', '%3d'),
  },
  { weight: 3, arbitrary: fc.tuple(unicodeText, fc.boolean()).map(([s, lower]) => pctUtf8(s, lower)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 0x7f }), fc.boolean()).map(([b, lower]) => hex2(b, lower)) },
);
const queryToken = fc.oneof(
  fc.constantFrom('', 'a', 'name', 'limit', 'tag', 'tag'),
  fc.array(queryPiece, { minLength: 1, maxLength: 3 }).map((p) => p.join('')),
);
const queryPart = fc.oneof(
  fc.tuple(queryToken, queryToken).map(([k, v]) => `${k}=${v}`), // key=value (either may be empty)
  queryToken, // key without "="
  fc.constant(''), // an empty piece: "a&&b"
  fc.tuple(queryToken, queryToken).map(([k, v]) => `${k}=${v}=${v}`), // "=" inside the value
);
const randomQuery = fc.array(queryPart, { maxLength: 8 }).map((parts) => parts.join('&'));

/** Header names that are safe to send from a viewer (no hop-by-hop, no Host, no x-amz-*, no body framing). */
const headerName = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,12}$/), fc.boolean()).map(([n, upper]) => (upper ? `X-${n}` : `x-${n.toLowerCase()}`)),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Accept',
        'accept-language',
        'User-Agent',
        'Referer',
        'Cookie',
        'Origin',
        'Cache-Control',
        'If-None-Match',
        'Pragma',
        'X-Forwarded-Host',
        'Forwarded',
        'X-Forwarded-For',
        'DNT',
        'Sec-Fetch-Mode',
        'Proxy-Foo',
      ),
    },
  )
  .filter((n) => !/^x-amz-/i.test(n));
/** Printable ASCII, no leading/trailing blanks (HTTP strips them), internal runs of spaces allowed; or empty. */
const headerValue = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/),
  fc.constant(''),
  fc.stringMatching(/^[a-z]{1,4}( {2,4}[a-z]{1,4}){1,2}$/),
);
const randomHeaders = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 });

const contentType = fc.constantFrom<string | undefined>(
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  'application/octet-stream',
  'text/plain; charset=utf-8',
  'image/png',
  'application/x-www-form-urlencoded',
  undefined,
);
const nonBlank = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '');
const randomBody = fc.oneof(
  { weight: 2, arbitrary: fc.record({ title: nonBlank, author: nonBlank }).map((o) => Buffer.from(JSON.stringify(o), 'utf8')) },
  { weight: 1, arbitrary: fc.record({ text: nonBlank }).map((o) => Buffer.from(JSON.stringify(o), 'utf8')) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')) },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
          author: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
          text: fc.string({ maxLength: 40 }),
        },
        { requiredKeys: [] },
      )
      .map((o) => Buffer.from(JSON.stringify(o), 'utf8')),
  },
);

// ---------- the check ----------

interface Stats {
  runs: number;
  reachedFunctionUrl: number;
  statuses: Map<number, number>;
}

describe.each<SigningMode>(['edge-sigv4', 'oac'])('properties of the chain in %s mode', (mode) => {
  let h: Harness;
  let token = '';
  let knownId = '';

  beforeAll(async () => {
    h = await startHarness(mode);
    token = h.chain.issuer.issue({ sub: 'prop-admin', groups: ['admins'], scopes: ['books/read', 'books/write'] });
    const created = await viaEdge(h, {
      method: 'POST',
      path: '/api/books',
      headers: [bearer(token), ['Content-Type', 'application/json']],
      body: JSON.stringify({ title: 'Known', author: 'Book' }),
    });
    if (created.status !== 201) throw new Error(`setup: could not create a book (${created.status} ${created.text})\n${formatLogs(h.logs)}`);
    knownId = created.json().id;
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Sends one request and checks both properties; throws with the request and the chain log on failure. */
  async function check(req: RawRequest, stats: Stats): Promise<void> {
    const m = h.mark();
    let problem: string | undefined;
    let status: number | undefined;
    try {
      const res = await viaEdge(h, { ...req, headers: [bearer(token), ...(req.headers ?? [])] });
      status = res.status;
      const fu = linesOf(h.since(m), 'function-url');
      stats.runs++;
      stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
      if (fu.length > 0) stats.reachedFunctionUrl++;
      const refused = fu.filter((l) => l.startsWith('403 '));
      if (refused.length > 0) problem = `the function URL stand-in refused a request the edge let through: ${refused.join(' | ')}`;
      else if (status >= 500) problem = `the chain answered ${status}: ${res.text.slice(0, 300)}`;
    } catch (e) {
      problem = `the request failed: ${String(e)}`;
    }
    if (problem) {
      throw new Error(`${problem}\n--- request (${mode}) ---\n${describeRequest(req)}\n--- chain log ---\n${formatLogs(h.since(m), 20)}`);
    }
  }

  const newStats = (): Stats => ({ runs: 0, reachedFunctionUrl: 0, statuses: new Map() });
  /** The property is not vacuous: enough requests got past the edge to the function URL. */
  const expectReached = (s: Stats, moreThan: number) => {
    if (s.reachedFunctionUrl <= moreThan) throw new Error(`only ${summary(s)}`);
  };
  const summary = (s: Stats) =>
    `${s.reachedFunctionUrl}/${s.runs} reached the function URL; statuses ${JSON.stringify([...s.statuses].sort((a, b) => a[0] - b[0]))}`;

  it('random paths under /api/books/{id} and /api/hello (unicode, reserved characters, %XX, "+", parentheses)', async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(
        randomPath,
        fc.constantFrom('GET', 'DELETE', 'GET', 'HEAD'),
        fc.option(fc.constant('name=x'), { nil: undefined }),
        async (path, method, q) => {
          await check({ method, path: q ? `${path}?${q}` : path }, stats);
        },
      ),
      { numRuns: RUNS },
    );
    expectReached(stats, RUNS / 4); // the property is not vacuous
  });

  it('random query strings (unicode, reserved characters, "+", repeated keys, empty keys and values)', async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/hello', '/api/books', `/api/books/KNOWN`), randomQuery, fc.boolean(), async (base, query, withName) => {
        const path = base.replace('KNOWN', knownId);
        const q = withName && base === '/api/hello' ? `name=Ada${query ? '&' : ''}${query}` : query;
        await check({ method: 'GET', path: `${path}?${q}` }, stats);
      }),
      { numRuns: RUNS },
    );
    expectReached(stats, RUNS / 2);
  });

  it('random extra headers (safe names and values, repeats, mixed case)', async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/hello?name=h', '/api/me', '/api/books', '/api/books/KNOWN'), randomHeaders, async (path, headers) => {
        await check({ method: 'GET', path: path.replace('KNOWN', knownId), headers }, stats);
      }),
      { numRuns: RUNS },
    );
    expectReached(stats, RUNS / 2);
  });

  it('random bodies (binary included) on POST and PUT', async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'POST /api/books',
          'POST /api/messages',
          'PUT /api/books/KNOWN',
          'PUT /api/books/unknown-id',
          'POST /api/books/KNOWN',
          'PATCH /api/books/KNOWN',
        ),
        contentType,
        randomBody,
        async (target, type, body) => {
          const [method, path] = target.replace('KNOWN', knownId).split(' ');
          await check({ method, path, headers: type === undefined ? [] : [['Content-Type', type]], body }, stats);
        },
      ),
      { numRuns: RUNS },
    );
    expectReached(stats, RUNS / 2);
  });

  it('everything at once: random method, path, query, headers and body', async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        randomPath,
        randomQuery,
        randomHeaders,
        fc.option(randomBody, { nil: undefined }),
        contentType,
        async (method, path, query, headers, body, type) => {
          const withBody = method !== 'GET' && method !== 'DELETE' ? body : undefined;
          const hs: Array<[string, string]> = [...headers];
          if (withBody !== undefined && type !== undefined) hs.push(['Content-Type', type]);
          await check({ method, path: query === '' ? path : `${path}?${query}`, headers: hs, body: withBody }, stats);
        },
      ),
      { numRuns: RUNS },
    );
    // Many random requests are refused by the edge (400/403) or the API: only require that some got through.
    expectReached(stats, 0);
  });
});
