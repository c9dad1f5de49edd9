/**
 * The book resource: what clients send (strict: unknown fields are refused)
 * and what the API stores and returns.
 */
import * as z from 'zod';
import { textField } from '../text';

import type { Book } from '../../../lib/contracts/api-types';

export type { Book };

export const TITLE_MAX = 200;
export const AUTHOR_MAX = 200;
export const YEAR_MIN = -3000;
export const YEAR_MAX = 3000;

/** ISBN-10 (last char may be X) or ISBN-13, hyphens/spaces allowed, checksum verified. */
export function isValidIsbn(value: string): boolean {
  const s = value.replace(/[\s-]/g, '');
  if (/^\d{9}[\dX]$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (s[i] === 'X' ? 10 : Number(s[i])) * (10 - i);
    return sum % 11 === 0;
  }
  if (/^\d{13}$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
    return sum % 10 === 0;
  }
  return false;
}

/** Body of `POST /books` and `PUT /books/{id}` (PUT replaces: omitted optional fields are removed). */
export const bookInputSchema = z.strictObject({
  title: textField(TITLE_MAX),
  author: textField(AUTHOR_MAX),
  year: z
    .number({ error: `a whole number from ${YEAR_MIN} to ${YEAR_MAX}` })
    .int({ error: `a whole number from ${YEAR_MIN} to ${YEAR_MAX}` })
    .min(YEAR_MIN, { error: `a whole number from ${YEAR_MIN} to ${YEAR_MAX}` })
    .max(YEAR_MAX, { error: `a whole number from ${YEAR_MIN} to ${YEAR_MAX}` })
    .optional(),
  isbn: z
    .string({ error: 'an ISBN-10 or ISBN-13 with a valid check digit' })
    .trim()
    .refine(isValidIsbn, { error: 'an ISBN-10 or ISBN-13 with a valid check digit' })
    .meta({
      // Not a JSON Schema format: a name for what the checksum allows (schemathesis is taught to generate it).
      format: 'isbn',
      description: 'An ISBN-10 (last character may be X) or ISBN-13 with a valid check digit; hyphens and spaces are allowed and removed.',
      examples: ['978-0-441-17271-9'],
    })
    .transform((s) => s.replace(/[\s-]/g, ''))
    .optional(),
});

export type BookInput = z.infer<typeof bookInputSchema>;

/** Ids are server-generated UUIDs; anything outside this shape cannot exist (404 without a lookup). */
export const BOOK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A book as the API returns it (the stored {@link Book}); the OpenAPI
 * document's `Book` (a type test keeps the two the same).
 */
export const bookSchema = z.strictObject({
  id: z.string().regex(BOOK_ID),
  title: z.string(),
  author: z.string(),
  year: z.number().int().optional(),
  isbn: z
    .string()
    .regex(/^(\d{9}[\dX]|\d{13})$/)
    .optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const LIST_LIMIT_DEFAULT = 25;
export const LIST_LIMIT_MAX = 100;
export const CURSOR_MAX = 128;

/** Query of `GET /books` (other query parameters are ignored). */
export const listQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^\d+$/, { error: `a whole number from 1 to ${LIST_LIMIT_MAX}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, { error: `a whole number from 1 to ${LIST_LIMIT_MAX}` })
        .max(LIST_LIMIT_MAX, { error: `a whole number from 1 to ${LIST_LIMIT_MAX}` }),
    )
    // Sent as digits, documented as the integer it is (openapi.ts drops the string pattern).
    .meta({ type: 'integer', minimum: 1, maximum: LIST_LIMIT_MAX, description: `Page size, 1-${LIST_LIMIT_MAX} (default ${LIST_LIMIT_DEFAULT}).` })
    .optional(),
  cursor: z
    .string()
    .min(1, { error: 'a cursor from a previous page (nextCursor)' })
    // A cursor the API issues is base64url of {"id": <id of at most 64 characters>}: at most 98 characters.
    .max(CURSOR_MAX, { error: 'a cursor from a previous page (nextCursor)' })
    // Not a JSON Schema format: only values the API issued are valid (schemathesis is taught to generate them).
    .meta({ format: 'cursor', description: 'The `nextCursor` of a previous page (opaque); any other value is refused with 400.' })
    .optional(),
});

/** Builds a stored book from a validated input. */
export function newBook(id: string, input: BookInput, now: string): Book {
  return { id, ...withoutUndefined(input), createdAt: now, updatedAt: now };
}

export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Picks the book fields of a stored item (extra attributes never leak into responses). */
export function toBook(item: Record<string, unknown>): Book {
  const book: { -readonly [K in keyof Book]: Book[K] } = {
    id: String(item.id),
    title: String(item.title),
    author: String(item.author),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
  if (typeof item.year === 'number') book.year = item.year;
  if (typeof item.isbn === 'string') book.isbn = item.isbn;
  return book;
}
