/** Small zod builders whose error texts say what is allowed (config and API settings share them). */
import * as z from 'zod';

/** A whole number in [min, max]; every failure says the range and the unit. */
export const int = (min: number, max: number, what: string) =>
  z
    .number({ error: `a whole number from ${min} to ${max} (${what})` })
    .int({ error: `a whole number from ${min} to ${max} (${what})` })
    .min(min, { error: `a whole number from ${min} to ${max} (${what})` })
    .max(max, { error: `a whole number from ${min} to ${max} (${what})` });

/** One of the listed strings, listed in the error. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
