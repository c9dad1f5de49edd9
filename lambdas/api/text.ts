/**
 * Text fields of request bodies and queries, with one meaning of their limits
 * that the API checks and the OpenAPI document states (JSON Schema keywords
 * from zod, see openapi.ts):
 * - a length is counted in characters (Unicode code points, as JSON Schema's
 *   `minLength`/`maxLength` count them), not in UTF-16 code units: an emoji
 *   is one character;
 * - the limit applies to the value as sent; surrounding whitespace is then
 *   removed (`String#trim`), and a value that is only whitespace is refused
 *   (`pattern`: at least one character that `trim` keeps).
 */
import * as z from 'zod';

/** What `String#trim` removes: ECMAScript WhiteSpace and LineTerminator, as a character class body. */
const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * "Contains a character that `trim` keeps", written with explicit code points
 * (no `\s`, whose set differs between regex engines, e.g. Python's).
 */
export const NOT_BLANK = new RegExp(`[^${TRIMMED}]`);

/** Length in Unicode code points (a surrogate pair counts once, as JSON Schema counts). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * A required-when-present text of 1-`max` characters, not blank; the parsed
 * value is trimmed. `what` names the field in messages
 * (`a string of 1-200 characters`).
 */
export function textField(max: number) {
  const what = `a string of 1-${max} characters`;
  return z
    .string({ error: what })
    .refine((s) => codePoints(s) <= max, { error: what, abort: true })
    .regex(NOT_BLANK, { error: `${what} (not blank)` })
    .meta({ minLength: 1, maxLength: max })
    .transform((s) => s.trim());
}
