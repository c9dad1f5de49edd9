/**
 * Literal text inside Terraform JSON.
 *
 * In Terraform's JSON syntax every string is a template: `${...}` is an
 * interpolation and `%{...}` a directive. Config values are data, never
 * expressions, so before a config string goes into the synthesized JSON its
 * `${` and `%{` are escaped (`$${`, `%%{`). Strings that hold cdktf tokens
 * (references to other resources) are left alone: those ARE expressions.
 */
import { Token } from 'cdktf';

/** Escapes one string, unless it holds a cdktf token. */
export function literal(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Escapes every string inside plain JSON data (objects, arrays, scalars), keys included. */
export function literalData<T>(value: T): T {
  if (typeof value === 'string') return literal(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => literalData(v)) as unknown as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [literal(k), literalData(v)])) as T;
  }
  return value;
}
