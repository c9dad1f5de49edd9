/**
 * Safe reading of parsed JSON (or any `unknown`): the one place that says
 * what a plain JSON object is. No dependencies, so every bundle may use it.
 */

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value if it is a JSON object, else an empty one (for reading optional sections). */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
