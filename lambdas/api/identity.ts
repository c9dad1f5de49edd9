/**
 * Who is calling: the IAM principal that signed the function URL request
 * (the edge function's role, or CloudFront with OAC) and the end user whose
 * token the edge verified.
 *
 * The claims header is trusted ONLY when `requestContext.authorizer.iam` is
 * present, i.e. the request passed the AWS_IAM function URL's SigV4 check.
 * Without it (a local run, a direct call, an event built by hand) the header
 * is ignored and the request has no caller. Expired claims are ignored too.
 */
import { CLAIMS_HEADER, decodeClaims, type VerifiedClaims } from '../../lib/claims';
import type { Caller } from '../../lib/route-policy';

/** The signer of the function URL request, from `requestContext.authorizer.iam`. */
export interface IamCaller {
  readonly accountId?: string;
  readonly callerId?: string;
  readonly userArn?: string;
  readonly userId?: string;
  readonly principalOrgId?: string;
}

export type ClaimsIgnoredReason = 'no-iam-context' | 'malformed' | 'expired';

export interface RequestIdentity {
  readonly iam?: IamCaller;
  readonly claims?: VerifiedClaims;
  /** Set when a claims header was present but not used. */
  readonly claimsIgnored?: ClaimsIgnoredReason;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

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
 * Resolves the request's identity. `claimsHeader` is the raw value of
 * {@link CLAIMS_HEADER}; `nowMs` is the current time.
 */
export function resolveIdentity(event: unknown, claimsHeader: string | undefined, nowMs: number): RequestIdentity {
  const iam = iamCallerOf(event);
  if (claimsHeader === undefined || claimsHeader === '') return iam ? { iam } : {};
  if (!iam) return { claimsIgnored: 'no-iam-context' };
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
