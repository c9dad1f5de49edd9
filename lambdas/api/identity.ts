/**
 * Who is calling: the IAM principal that signed the function URL request
 * (the edge function's role, CloudFront with OAC, or any other principal
 * allowed to invoke the URL) and the end user whose token the edge verified.
 *
 * The claims header is trusted ONLY when the request provably comes from the
 * edge function:
 * - `edge-sigv4`: the request was SigV4-signed by a session of the edge
 *   role (`requestContext.authorizer.iam.userArn` is
 *   `arn:<partition>:sts::<account>:assumed-role/<edge role>/<session>`);
 *   the edge signs the claims header, so it is exactly what the edge set.
 * - `oac`: CloudFront signs as a service principal whose shape AWS does not
 *   document, so the principal proves nothing; the claims must carry a valid
 *   MAC made with the key only the edge package and the API hold
 *   (lib/claims-mac.ts), bound to the method, path, query, content type,
 *   body and time of this request.
 * Any other caller (a CI role with `lambda:InvokeFunctionUrl` on `*`, a
 * request without the IAM context, a bad or stale MAC) keeps its IAM
 * identity and gets no user claims. The value `anonymous` is the edge's word
 * that there was no token. Expired claims are ignored too.
 */
import { isRecord } from '../../lib/json';
import { createHash } from 'node:crypto';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { canonicalizePath, parseQueryString, serializeQuery } from '../../edge/encoding';
import { ANONYMOUS_CLAIMS, CLAIMS_HEADER, decodeClaims, type VerifiedClaims } from '../../lib/claims';
import { CLAIMS_MAC_HEADER, macKeyVersion, verifyClaimsMac, type ClaimsKey, type MacFields } from '../../lib/claims-mac';
import type { Caller } from '../../lib/route-policy';

/** The signer of the function URL request, from `requestContext.authorizer.iam`. */
export interface IamCaller {
  readonly accountId?: string;
  readonly callerId?: string;
  readonly userArn?: string;
  readonly userId?: string;
  readonly principalOrgId?: string;
}

export type ClaimsIgnoredReason =
  'no-iam-context' | 'not-from-edge' | 'mac-malformed' | 'mac-unknown-key' | 'mac-stale' | 'mac-mismatch' | 'request-unreadable' | 'malformed' | 'expired';

export interface RequestIdentity {
  readonly iam?: IamCaller;
  readonly claims?: VerifiedClaims;
  /** Set when a claims header was present but not used. */
  readonly claimsIgnored?: ClaimsIgnoredReason;
}

/** How the API recognises the edge: one of the two, by signing mode. */
export type EdgeTrust =
  | {
      readonly mode: 'edge-sigv4';
      /** `arn:<partition>:sts::<account>:assumed-role/<edge role>/` (see {@link assumedRolePrefix}). */
      readonly principalPrefix: string;
    }
  | {
      readonly mode: 'oac';
      /** The claims MAC key of a version, or undefined when that version is not (or no longer) the key's. */
      readonly claimsKey: (version: number) => Promise<ClaimsKey | undefined>;
    };

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/([A-Za-z0-9+=,.@_-]{1,64})$/;

/**
 * The prefix of the ARN every session of a role reports as `userArn`:
 * `arn:aws:iam::123456789012:role/dev-edge-auth` ->
 * `arn:aws:sts::123456789012:assumed-role/dev-edge-auth/`. Throws for a role
 * ARN with a path (sessions' ARNs drop the path, so the name alone must match).
 */
export function assumedRolePrefix(roleArn: string): string {
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw new Error(`edge role ARN: received ${JSON.stringify(roleArn)}; allowed: "arn:aws:iam::<account>:role/<name>" (no path)`);
  return `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/`;
}

const IAM_FIELDS = ['accountId', 'callerId', 'userArn', 'userId', 'principalOrgId'] as const;

/** Reads the IAM authorizer context of a payload-2.0 event; undefined when absent. */
export function iamCallerOf(event: unknown): IamCaller | undefined {
  if (!isRecord(event) || !isRecord(event.requestContext)) return undefined;
  const authorizer = event.requestContext.authorizer;
  if (!isRecord(authorizer) || !isRecord(authorizer.iam)) return undefined;
  const iam = authorizer.iam;
  // The non-empty string fields, in this order.
  const caller: Record<string, string> = {};
  for (const key of IAM_FIELDS) {
    const value = iam[key];
    if (typeof value === 'string' && value !== '') caller[key] = value;
  }
  return caller as IamCaller;
}

/**
 * What the MAC covers, recomputed from the event the function URL delivered:
 * the same canonical path and query the edge wrote into the request, the
 * content type, and the hash of the raw body bytes. Undefined when the path
 * or query cannot be read (the edge never forwards such a request).
 */
export function macFieldsOf(event: LambdaFunctionURLEvent, claims: string): MacFields | undefined {
  const path = canonicalizePath(event.rawPath ?? '/');
  const query = parseQueryString(event.rawQueryString ?? '');
  if (!path.ok || !query.ok) return undefined;
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  return {
    method: event.requestContext?.http?.method ?? '',
    path: path.value,
    query: serializeQuery(query.value),
    contentType: event.headers?.['content-type'] ?? '',
    bodySha256: createHash('sha256').update(body).digest('hex'),
    claims,
  };
}

/** Whether the request's claims come from the edge; the reason when they do not. */
async function fromEdge(
  event: LambdaFunctionURLEvent,
  iam: IamCaller,
  claimsHeader: string,
  trust: EdgeTrust,
  nowMs: number,
): Promise<ClaimsIgnoredReason | undefined> {
  if (trust.mode === 'edge-sigv4') return iam.userArn?.startsWith(trust.principalPrefix) ? undefined : 'not-from-edge';
  const mac = event.headers?.[CLAIMS_MAC_HEADER];
  if (mac === undefined || mac === '') return 'not-from-edge';
  const version = macKeyVersion(mac);
  if (version === undefined) return 'mac-malformed';
  const key = await trust.claimsKey(version);
  if (!key) return 'mac-unknown-key';
  const fields = macFieldsOf(event, claimsHeader);
  if (!fields) return 'request-unreadable';
  const verdict = verifyClaimsMac(mac, key, fields, Math.floor(nowMs / 1000));
  return verdict.ok ? undefined : (`mac-${verdict.reason}` as ClaimsIgnoredReason);
}

/**
 * Resolves the request's identity from the payload-2.0 event (its claims
 * header, MAC header and IAM context); `nowMs` is the current time.
 */
export async function resolveIdentity(event: LambdaFunctionURLEvent | undefined, trust: EdgeTrust, nowMs: number): Promise<RequestIdentity> {
  const iam = iamCallerOf(event);
  const claimsHeader = event?.headers?.[CLAIMS_HEADER];
  if (claimsHeader === undefined || claimsHeader === '' || claimsHeader === ANONYMOUS_CLAIMS) return iam ? { iam } : {};
  if (!iam || !event) return { claimsIgnored: 'no-iam-context' };
  const notFromEdge = await fromEdge(event, iam, claimsHeader, trust, nowMs);
  if (notFromEdge) return { iam, claimsIgnored: notFromEdge };
  const claims = decodeClaims(claimsHeader);
  if (!claims) return { iam, claimsIgnored: 'malformed' };
  if (claims.exp * 1000 <= nowMs) return { iam, claimsIgnored: 'expired' };
  return { iam, claims };
}

/** The route policy's view of the caller; undefined when there are no trusted claims. */
export function policyCaller(identity: RequestIdentity): Caller | undefined {
  return identity.claims ? { groups: identity.claims.groups, scopes: identity.claims.scopes } : undefined;
}

export { CLAIMS_HEADER };
