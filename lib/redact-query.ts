/**
 * Redacts credentials from a request URL before it is logged: the values of
 * query parameters whose names look like credentials (tokens, secrets,
 * passwords, OAuth codes, SigV4 `X-Amz-*` parameters, API keys...) and any
 * value or bare parameter that holds a JWT. Everything else is kept byte for
 * byte (the path, other parameters, their order and separators), so a log
 * line still shows what was asked for.
 *
 * Names are compared after percent-decoding (repeatedly, so `%74oken` and
 * `%2574oken` are `token`), `+` as space, trimming, case folding and dropping
 * an array suffix (`token[]`): a server may read any of those as the
 * credential parameter, so the log must not show its value either.
 */

/** What replaces a redacted value. */
export const REDACTED = '[redacted]';

const CREDENTIAL_KEY = /token|secret|passw(?:or)?d|credential|session|api[-_ ]?key|^(?:code|code_verifier|pwd|key|auth|authorization|signature|sig)$|^x-amz-/;
/** A JWT (the header of every JWT is base64url JSON: `{"` encodes as `eyJ`), anywhere in a value (e.g. after `Bearer `). */
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\./;

/** Percent-decodes every valid `%XX` escape (as Latin-1 characters: names of interest are ASCII), and `+` as space; never throws. */
function decodeLoosely(text: string): string {
  return text.replace(/\+/g, ' ').replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Decodes until nothing changes (at most a few rounds, for double-encoded names). */
function decodeFully(text: string): string {
  let current = text;
  for (let i = 0; i < 4; i++) {
    const next = decodeLoosely(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The name as a server might read it: decoded, trimmed, lower-case, without an array suffix. */
function normalizeKey(rawKey: string): string {
  return decodeFully(rawKey)
    .trim()
    .toLowerCase()
    .replace(/\[[^\]]*\]$/, '');
}

/** True when a query parameter with this (raw, possibly encoded) name carries a credential. */
export function isCredentialKey(rawKey: string): boolean {
  return CREDENTIAL_KEY.test(normalizeKey(rawKey));
}

function redactPart(part: string): string {
  const eq = part.indexOf('=');
  if (eq === -1) {
    // A name without a value: nothing to hide, unless the "name" itself is a secret
    // (a bare JWT, or `token%3Dvalue`, which decodes to a name with an '=' in it).
    const decoded = decodeFully(part);
    const innerEq = decoded.indexOf('=');
    if (JWT.test(decoded) || (innerEq !== -1 && isCredentialKey(decoded.slice(0, innerEq)))) return REDACTED;
    return part;
  }
  const rawKey = part.slice(0, eq);
  const value = part.slice(eq + 1);
  if (value === '') return part;
  return isCredentialKey(rawKey) || JWT.test(decodeFully(value)) ? `${rawKey}=${REDACTED}` : part;
}

/** Redacts a query string (without its `?`). `&` and `;` both separate parameters here (some servers split on `;`). */
export function redactQuery(query: string): string {
  return query
    .split(/([&;])/)
    .map((piece, i) => (i % 2 === 1 ? piece : redactPart(piece)))
    .join('');
}

/**
 * Redacts a request target (`/path?query#fragment`, or an absolute URL): the
 * query, and a fragment that looks like parameters (OAuth's implicit flow
 * puts `access_token=` there). The path is kept as it is.
 */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? undefined : url.slice(hash + 1);
  const q = beforeHash.indexOf('?');
  const head = q === -1 ? beforeHash : `${beforeHash.slice(0, q)}?${redactQuery(beforeHash.slice(q + 1))}`;
  return fragment === undefined ? head : `${head}#${redactQuery(fragment)}`;
}
