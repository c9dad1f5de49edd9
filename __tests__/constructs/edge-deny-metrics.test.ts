/**
 * The edge's deny-reason metric filters: the reason list follows the edge
 * code, and each filter matches the lines of its reason only, on the lines
 * the real handler writes (as the Node.js runtime stores them in CloudWatch
 * Logs: `<time>\t<request id>\tINFO\t<json>`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHandler } from '../../edge/handler';
import { edgeDenyPattern } from '../../constructs/edge-deny-metrics';
import { EDGE_DENY_REASONS, EDGE_DENY_REASON_NAMES, type EdgeDenyReason } from '../../constructs/operations-metrics';
import { edgeConfig, originRequest } from '../edge/helpers/events';
import { makePool } from '../edge/helpers/tokens';

const source = (file: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'edge', file), 'utf8');

/** `deny(r, <status>, <reason expression>, ...)` and `reason: '<literal>'` (500 on the catch-all path) in edge/handler.ts. */
function reasonsInHandler(): Map<string, number> {
  const out = new Map<string, number>();
  const text = source('handler.ts');
  for (const m of text.matchAll(/deny\(r, (\d{3}), ([^,]+),/g)) {
    for (const lit of m[2].matchAll(/'([a-z_]+)'/g)) out.set(lit[1], Number(m[1]));
  }
  for (const m of text.matchAll(/status: (\d{3}), reason: '([a-z_]+)'/g)) out.set(m[2], Number(m[1]));
  return out;
}

/** The members of `TokenRejection` in edge/verifier.ts (answered 401 by the handler). */
function tokenRejections(): string[] {
  const m = /export type TokenRejection =([^;]+);/.exec(source('verifier.ts'));
  if (!m) throw new Error('TokenRejection not found in edge/verifier.ts');
  return [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1]);
}

/**
 * CloudWatch term matching, modelled strictly: every bare or quoted term must
 * occur in the event as a substring, no `-term` may. (Substring is the
 * stricter reading for overlapping names such as malformed/malformed_bearer.)
 */
function matches(pattern: string, event: string): boolean {
  const terms = pattern.match(/-?"[^"]*"|\S+/g) ?? [];
  return terms.every((t) => {
    const exclude = t.startsWith('-');
    const word = (exclude ? t.slice(1) : t).replace(/^"|"$/g, '');
    return exclude ? !event.includes(word) : event.includes(word);
  });
}

const asStored = (jsonLine: string) => `2026-01-01T00:00:00.000Z\t6f1c0e0a-1b2c-4d5e-8f90-123456789abc\tINFO\t${jsonLine}`;

describe('edge deny metrics', () => {
  it('know every reason the edge function denies with, and its status (edge/handler.ts, edge/verifier.ts)', () => {
    const fromCode = reasonsInHandler();
    for (const r of tokenRejections()) fromCode.set(r, 401);
    expect(Object.fromEntries([...fromCode].sort())).toEqual(Object.fromEntries(Object.entries(EDGE_DENY_REASONS).sort()));
  });

  it('give each reason a pattern that excludes the reasons containing its name', () => {
    expect(edgeDenyPattern('malformed')).toBe('"edge.request" reason malformed -malformed_bearer');
    expect(edgeDenyPattern('expired')).toBe('"edge.request" reason expired');
    for (const r of EDGE_DENY_REASON_NAMES) expect(edgeDenyPattern(r).length).toBeLessThanOrEqual(1024);
  });

  it('count a deny line in exactly the filter of its reason, and a forwarded request in none', () => {
    const line = (reason: EdgeDenyReason, extra: Record<string, unknown> = {}) =>
      asStored(
        JSON.stringify({
          level: EDGE_DENY_REASONS[reason] >= 500 ? 'error' : 'info',
          event: 'edge.request',
          requestId: 'Zx9-abc_DEF==',
          mode: 'edge-sigv4',
          method: 'GET',
          route: 'GET /books/{id}',
          ...extra,
          decision: 'deny',
          status: EDGE_DENY_REASONS[reason],
          reason,
          ms: 1.25,
        }),
      );
    for (const reason of EDGE_DENY_REASON_NAMES) {
      const hit = EDGE_DENY_REASON_NAMES.filter((r) => matches(edgeDenyPattern(r), line(reason, reason === 'unexpected_error' ? { error: 'boom' } : {})));
      expect({ reason, hit }).toEqual({ reason, hit: [reason] });
    }
    const forwarded = asStored(
      JSON.stringify({
        level: 'info',
        event: 'edge.request',
        requestId: 'x',
        mode: 'oac',
        method: 'GET',
        route: 'GET /hello',
        kid: 'k',
        sub: 's',
        decision: 'forward',
        anonymous: false,
        ms: 2,
      }),
    );
    expect(EDGE_DENY_REASON_NAMES.filter((r) => matches(edgeDenyPattern(r), forwarded))).toEqual([]);
  });

  it('match the lines the real handler writes through console.log', async () => {
    const pool = makePool('eu-west-1', 'MetricsPool1', 'spa-client');
    const written: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void written.push(String(line)));
    try {
      const handler = createHandler(edgeConfig([pool]), { credentials: () => ({ accessKeyId: 'A', secretAccessKey: 'S' }) });
      await handler(originRequest({ uri: '/api/me' })); // token_required
      await handler(originRequest({ uri: '/api/secret' })); // no_route
      await handler(originRequest({ uri: '/api/me', headers: { authorization: 'Basic dXNlcjpwdw==' } })); // not_bearer
      await handler(originRequest({ uri: '/api/me', headers: { authorization: 'Bearer not-a-jwt' } })); // malformed
      await handler(originRequest({ uri: '/api/hello' })); // forward
    } finally {
      log.mockRestore();
    }
    const counted = written.map((l) => EDGE_DENY_REASON_NAMES.filter((r) => matches(edgeDenyPattern(r), asStored(l))));
    expect(counted).toEqual([['token_required'], ['no_route'], ['not_bearer'], ['malformed'], []]);
  });
});
