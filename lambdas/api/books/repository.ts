/**
 * Book storage behind an interface: DynamoDB in AWS, memory for local runs
 * and tests. Both use the same opaque cursor format for paging.
 */
import { isRecord } from '../../../lib/json';
import type { Book, BookInput } from './model';

export interface BookPage {
  readonly items: readonly Book[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

export interface BookRepository {
  list(page: { readonly limit: number; readonly cursor?: string }): Promise<BookPage>;
  get(id: string): Promise<Book | undefined>;
  /** Stores a new book; throws {@link BookExistsError} if the id is taken. */
  create(book: Book): Promise<void>;
  /** Replaces title/author/year/isbn and sets `updatedAt`; undefined if no such book (never creates). */
  replace(id: string, input: BookInput, updatedAt: string): Promise<Book | undefined>;
  /** Deletes and returns the book; undefined if no such book. */
  delete(id: string): Promise<Book | undefined>;
}

export class BookExistsError extends Error {
  constructor(readonly id: string) {
    super(`a book with id ${id} already exists`);
    this.name = 'BookExistsError';
  }
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor: not a cursor this API returned (use nextCursor from a previous page)');
    this.name = 'InvalidCursorError';
  }
}

/** Encodes the last key of a page (the table's key is `id`). */
export function encodeCursor(key: { id: string }): string {
  return Buffer.from(JSON.stringify({ id: key.id }), 'utf8').toString('base64url');
}

/** Decodes a cursor; throws {@link InvalidCursorError} for anything this API did not issue. */
export function decodeCursor(cursor: string): { id: string } {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isRecord(v)) {
      const keys = Object.keys(v);
      const id = v.id;
      if (keys.length === 1 && typeof id === 'string' && id.length > 0 && id.length <= 64) return { id };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
