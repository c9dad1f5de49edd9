/**
 * LightResponse (lambdas/api/response-text.ts) must look and act as the
 * Response the real constructor makes from the same arguments, and
 * knownBodyText must give exactly what text() gives.
 */
import fc from 'fast-check';
import { knownBodyText, LightResponse, lightResponses, recordBodyText } from '../../../lambdas/api/response-text';

const RealResponse = globalThis.Response;
type Init = { status?: number; headers?: Record<string, string> | Headers };

const light = (body: unknown, init?: Init): Response => lightResponses(() => new Response(body as string, init));

async function observe(res: Response) {
  const seen = {
    status: res.status,
    ok: res.ok,
    statusText: res.statusText,
    headers: [...res.headers],
    type: res.type,
    url: res.url,
    redirected: res.redirected,
    bodyUsed: res.bodyUsed,
    isResponse: res instanceof RealResponse,
    tag: Object.prototype.toString.call(res),
  };
  const text = await res.text();
  const again = await res.text().then(
    () => 'read twice',
    (e: Error) => `${e.name}: ${e.message}`,
  );
  return { ...seen, text, bodyUsedAfter: res.bodyUsed, again };
}

async function outcome(make: () => Response) {
  try {
    return { ok: await observe(make()) };
  } catch (e) {
    return { threw: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const body = fc.oneof(fc.json(), fc.string(), fc.constant(''), fc.constant(undefined), fc.constant(null));
const status = fc.oneof(fc.constant(undefined), fc.constantFrom(200, 201, 202, 204, 205, 299, 304, 400, 404, 500, 599, 199, 600, 0, 101, 103), fc.integer({ min: 100, max: 700 }));
const headers = fc.oneof(
  fc.constant(undefined),
  fc.constant({ 'Content-Type': 'application/json' }),
  fc.dictionary(fc.constantFrom('Content-Type', 'X-Request-Id', 'Allow', 'WWW-Authenticate', 'Location', 'Bad Name'), fc.constantFrom('a', 'application/json', 'GET, POST', 'é', ' padded ', '')),
);

describe('LightResponse', () => {
  it('behaves as the real Response made from the same arguments (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(body, status, headers, async (b, s, h) => {
        const init: Init | undefined = s === undefined && h === undefined ? undefined : { status: s, headers: h };
        expect(await outcome(() => light(b, init))).toEqual(await outcome(() => new RealResponse(b as string, init)));
      }),
      { numRuns: 400 },
    );
  });

  it('is light only for a string body with a plain status: otherwise the constructor returns a real Response', () => {
    expect(LightResponse.isLight(light('{}', { status: 201, headers: { 'Content-Type': 'application/json' } }))).toBe(true);
    expect(LightResponse.isLight(light(null, { status: 204 }))).toBe(false);
    expect(LightResponse.isLight(light('{}', { status: 201, statusText: 'Created' } as Init))).toBe(false);
    // (The errors come from Node's realm: compare messages, as the real constructor words them.)
    const realError = (f: () => unknown) => {
      try {
        f();
        return undefined;
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    expect(realError(() => light('{}', { status: 204 }))).toBe(realError(() => new RealResponse('{}', { status: 204 })));
    expect(realError(() => light('{}', { status: 999 }))).toBe(realError(() => new RealResponse('{}', { status: 999 })));
    expect(realError(() => light('{}', { status: 999 }))).toMatch(/^RangeError/);
  });

  it('builds the real Response with the headers as changed so far, and hands over to it', async () => {
    const res = light('{"a":1}', { status: 202, headers: { 'Content-Type': 'application/json' } });
    res.headers.set('Cache-Control', 'no-store');
    res.headers.append('Vary', 'Origin');
    const clone = res.clone();
    expect(LightResponse.isLight(res)).toBe(true);
    expect([...clone.headers]).toEqual([
      ['cache-control', 'no-store'],
      ['content-type', 'application/json'],
      ['vary', 'Origin'],
    ]);
    expect(clone.status).toBe(202);
    expect(await clone.text()).toBe('{"a":1}');
    res.headers.set('X-After', '1'); // now the real one's headers
    expect(res.headers.get('x-after')).toBe('1');
    expect(await res.json()).toEqual({ a: 1 });
    expect(res.bodyUsed).toBe(true);
  });

  it('can be the init of a real Response (as Hono answers HEAD)', () => {
    const res = light('{"a":1}', { status: 201, headers: { 'Content-Type': 'application/json', Location: '/x' } });
    const head = new RealResponse(null, res);
    const reference = new RealResponse(null, new RealResponse('{"a":1}', { status: 201, headers: { 'Content-Type': 'application/json', Location: '/x' } }));
    expect([head.status, head.statusText, [...head.headers]]).toEqual([reference.status, reference.statusText, [...reference.headers]]);
  });

  it('restores the global Response, also when the build throws', () => {
    expect(() =>
      lightResponses(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(globalThis.Response).toBe(RealResponse);
    lightResponses(() => new Response('x'));
    expect(globalThis.Response).toBe(RealResponse);
  });
});

describe('knownBodyText', () => {
  it("is a light response's text, then the real one's when it was made real, and nothing once read", async () => {
    const res = light('{"k":"é"}', { headers: { 'Content-Type': 'application/json' } });
    expect(knownBodyText(res)).toBe('{"k":"é"}');
    void res.body; // made real
    expect(LightResponse.textOf(res)).toBeUndefined();
    expect(knownBodyText(res)).toBe('{"k":"é"}');
    const rewrapped = new RealResponse(res.body, res); // as Hono re-wraps
    expect(knownBodyText(rewrapped)).toBe('{"k":"é"}');
    expect(await rewrapped.text()).toBe('{"k":"é"}');
    expect(knownBodyText(rewrapped)).toBeUndefined();
  });

  it('is recorded for real responses by their body stream', async () => {
    const res = new RealResponse('{"x":2}');
    expect(knownBodyText(res)).toBeUndefined();
    recordBodyText(res, '{"x":2}');
    expect(knownBodyText(res)).toBe('{"x":2}');
    expect(knownBodyText(new RealResponse(null))).toBeUndefined();
  });
});
