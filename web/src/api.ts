/**
 * The API client: one function per endpoint, the configured token as
 * `Authorization: Bearer`, and every failure as an {@link ApiError} that
 * carries the API's own `{"error":{"code","message"}}` (the edge's answers
 * have the same shape). A 401 also goes to `onUnauthorized` (the app sends
 * the user to sign in again).
 *
 * Pure and DOM-free: `fetch` and the token are injected (unit-tested under Node).
 */

import type { Book, VerifiedClaims } from '../../lib/contracts/api-types';

export type { Book };

/** What `POST /books` and `PUT /books/{id}` take. `year` is sent as typed when it is not a whole number: the API says what is wrong. */
export interface BookInput {
  readonly title: string;
  readonly author: string;
  readonly year?: number | string;
  readonly isbn?: string;
}

export interface BookPage {
  readonly items: readonly Book[];
  readonly nextCursor?: string;
}

/** The claims the edge verified, as `GET /api/me` returns them (the API's own type). */
export type Claims = VerifiedClaims;

export interface Me {
  readonly claims: Claims | null;
  readonly iam: Readonly<Record<string, string | undefined>> | null;
}

/** A failed call: `status` 0 when the API could not be reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The slice of a fetch Response the client reads. */
export interface ResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface RequestLike {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export type FetchLike = (url: string, init: RequestLike) => Promise<ResponseLike>;

export interface ApiClientOptions {
  /** e.g. "/api" (same origin as the page) or an absolute base. */
  readonly basePath: string;
  readonly fetch: FetchLike;
  /** The bearer token to send, if any (asked per call). */
  readonly token: () => string | undefined;
  /** Called with every 401 before the error is thrown. */
  readonly onUnauthorized?: (error: ApiError) => void;
}

export interface ApiClient {
  me(): Promise<Me>;
  hello(name: string): Promise<{ message: string }>;
  listBooks(cursor?: string): Promise<BookPage>;
  getBook(id: string): Promise<Book>;
  createBook(input: BookInput): Promise<Book>;
  updateBook(id: string, input: BookInput): Promise<Book>;
  deleteBook(id: string): Promise<Book>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error a failed response stands for: the API's code and message when the body has its shape, else the status. */
export function errorFromResponse(status: number, statusText: string, body: string): ApiError {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = isRecord(parsed) ? parsed.error : undefined;
    if (isRecord(error) && typeof error.message === 'string' && error.message !== '') {
      return new ApiError(status, typeof error.code === 'string' ? error.code : `http_${status}`, error.message);
    }
    // CloudFront's own JSON answers (e.g. 503 when the edge function fails) are {"message": "..."}.
    if (isRecord(parsed) && typeof parsed.message === 'string' && parsed.message !== '') return new ApiError(status, `http_${status}`, parsed.message);
  } catch {
    // Not JSON: described by its status below.
  }
  return new ApiError(status, `http_${status}`, `The server answered ${status}${statusText ? ` ${statusText}` : ''}.`);
}

function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/([\w.+-]+\+)?json\b/i.test(contentType);
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.basePath.replace(/\/+$/, '');

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    const init: RequestLike =
      body === undefined ? { method, headers } : { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    let response: ResponseLike;
    try {
      response = await options.fetch(`${base}${path}`, init);
    } catch (e) {
      throw new ApiError(0, 'network_error', `The API could not be reached (${e instanceof Error ? e.message : String(e)}).`);
    }
    const text = await response.text();
    if (response.status < 200 || response.status > 299) {
      const error = errorFromResponse(response.status, response.statusText, text);
      if (error.status === 401) options.onUnauthorized?.(error);
      throw error;
    }
    if (!isJson(response.headers.get('content-type'))) throw new ApiError(response.status, 'bad_response', `The API answered ${response.status} without JSON.`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'bad_response', `The API answered ${response.status} with a body that is not JSON.`);
    }
  }

  const bookPath = (id: string) => `/books/${encodeURIComponent(id)}`;
  return {
    me: () => call<Me>('GET', '/me'),
    hello: (name) => call<{ message: string }>('GET', `/hello?name=${encodeURIComponent(name)}`),
    listBooks: (cursor) => call<BookPage>('GET', cursor ? `/books?cursor=${encodeURIComponent(cursor)}` : '/books'),
    getBook: (id) => call<Book>('GET', bookPath(id)),
    createBook: (input) => call<Book>('POST', '/books', input),
    updateBook: (id, input) => call<Book>('PUT', bookPath(id), input),
    deleteBook: async (id) => (await call<{ deleted: Book }>('DELETE', bookPath(id))).deleted,
  };
}

/** The book form's fields, as typed. */
export interface BookFields {
  readonly title: string;
  readonly author: string;
  readonly year: string;
  readonly isbn: string;
}

export const EMPTY_BOOK_FIELDS: BookFields = { title: '', author: '', year: '', isbn: '' };

/** The request body for the form: trimmed; empty optional fields left out; a year of digits as a number. */
export function bookInputFromFields(fields: BookFields): BookInput {
  const year = fields.year.trim();
  const isbn = fields.isbn.trim();
  return {
    title: fields.title.trim(),
    author: fields.author.trim(),
    ...(year === '' ? {} : { year: /^-?\d{1,6}$/.test(year) ? Number(year) : year }),
    ...(isbn === '' ? {} : { isbn }),
  };
}

/** The form's fields for a stored book (for editing). */
export function fieldsFromBook(book: Book): BookFields {
  return { title: book.title, author: book.author, year: book.year === undefined ? '' : String(book.year), isbn: book.isbn ?? '' };
}
