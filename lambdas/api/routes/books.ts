/**
 * `/books` CRUD. Ids are server-generated; an id of the wrong shape cannot
 * exist, so it is a 404 without a lookup. PUT replaces a book (never
 * creates: unknown id -> 404). DELETE answers 200 with the deleted book.
 */
import * as z from 'zod';
import { BOOK_ID, bookInputSchema, bookSchema, LIST_LIMIT_DEFAULT, listQuerySchema, newBook } from '../books/model';
import { BookExistsError, InvalidCursorError } from '../books/repository';
import { readJsonBody } from '../body';
import type { AppContext } from '../context';
import { ApiError, validationError } from '../errors';
import type { Endpoint, RouteDeps } from './endpoint';

const notFound = (id: string) => new ApiError(404, 'not_found', `No book with id "${id}".`);

/** A page of `GET /books`. */
export const bookPageSchema = z.strictObject({
  items: z.array(bookSchema),
  nextCursor: z.string().min(1).meta({ description: 'Pass as `cursor` for the next page; absent on the last page.' }).optional(),
});

/** The answer to `DELETE /books/{id}`. */
export const deletedBookSchema = z.strictObject({ deleted: bookSchema });

/** `{id}`: the shape of an id the API generates (anything else is a 404 without a lookup). */
const idParam = { id: z.string().regex(BOOK_ID).meta({ description: 'A book id, as `POST /books` returned it.' }) };

const BODY_ERRORS = {
  400: 'The body is not JSON, or a field is missing, of the wrong type or unknown (the message names each).',
  413: `The body is larger than the limit.`,
  415: 'The body is not `application/json` (or `application/*+json`) in UTF-8.',
} as const;

function bookId(c: AppContext): string {
  const id = c.req.param('id') ?? '';
  if (!BOOK_ID.test(id)) throw notFound(id.slice(0, 64));
  return id;
}

export function bookEndpoints(deps: RouteDeps): Endpoint[] {
  return [
    {
      method: 'GET',
      path: '/books',
      doc: {
        operationId: 'listBooks',
        summary: 'Lists books, a page at a time',
        tags: ['books'],
        query: listQuerySchema,
        success: { status: 200, description: 'A page of books; `nextCursor` when there are more.', schema: bookPageSchema },
        errors: { 400: '`limit` is not a whole number from 1 to 100, or `cursor` is not one the API issued.' },
      },
      handle: async (c) => {
        const query = { limit: c.req.query('limit'), cursor: c.req.query('cursor') };
        const q = listQuerySchema.safeParse(query);
        if (!q.success) throw validationError(query, q.error.issues);
        try {
          const page = await deps.books.list({ limit: q.data.limit ?? LIST_LIMIT_DEFAULT, cursor: q.data.cursor });
          return c.json(page.nextCursor ? { items: page.items, nextCursor: page.nextCursor } : { items: page.items });
        } catch (e) {
          if (e instanceof InvalidCursorError) throw new ApiError(400, 'validation_failed', e.message);
          throw e;
        }
      },
    },
    {
      method: 'POST',
      path: '/books',
      doc: {
        operationId: 'createBook',
        summary: 'Creates a book',
        tags: ['books'],
        body: bookInputSchema,
        success: {
          status: 201,
          description: 'The book as stored, with its new id.',
          schema: bookSchema,
          headers: { Location: { description: 'The path of the new book, `<basePath>/books/{id}`.', required: true } },
        },
        errors: { ...BODY_ERRORS, 409: 'The generated id collided with an existing book; retry.' },
      },
      handle: async (c) => {
        const input = await readJsonBody(c, bookInputSchema, deps.maxBodyBytes);
        const book = newBook(deps.newId(), input, deps.now().toISOString());
        try {
          await deps.books.create(book);
        } catch (e) {
          if (e instanceof BookExistsError) throw new ApiError(409, 'conflict', 'A book with the generated id already exists; retry the request.');
          throw e;
        }
        c.header('Location', `${deps.basePath}/books/${encodeURIComponent(book.id)}`);
        return c.json(book, 201);
      },
    },
    {
      method: 'GET',
      path: '/books/{id}',
      doc: {
        operationId: 'getBook',
        summary: 'Reads a book',
        tags: ['books'],
        params: idParam,
        success: { status: 200, description: 'The book.', schema: bookSchema },
        errors: { 404: 'No book has this id.' },
      },
      handle: async (c) => {
        const id = bookId(c);
        const book = await deps.books.get(id);
        if (!book) throw notFound(id);
        return c.json(book);
      },
    },
    {
      method: 'PUT',
      path: '/books/{id}',
      doc: {
        operationId: 'replaceBook',
        summary: 'Replaces a book (omitted optional fields are removed)',
        description: 'Never creates: an unknown id is a 404.',
        tags: ['books'],
        params: idParam,
        body: bookInputSchema,
        success: { status: 200, description: 'The book as stored now.', schema: bookSchema },
        errors: { ...BODY_ERRORS, 404: 'No book has this id.' },
      },
      handle: async (c) => {
        const id = bookId(c);
        const input = await readJsonBody(c, bookInputSchema, deps.maxBodyBytes);
        const book = await deps.books.replace(id, input, deps.now().toISOString());
        if (!book) throw notFound(id);
        return c.json(book);
      },
    },
    {
      method: 'DELETE',
      path: '/books/{id}',
      doc: {
        operationId: 'deleteBook',
        summary: 'Deletes a book',
        tags: ['books'],
        params: idParam,
        success: { status: 200, description: 'The deleted book.', schema: deletedBookSchema },
        errors: { 404: 'No book has this id.' },
      },
      handle: async (c) => {
        const id = bookId(c);
        const book = await deps.books.delete(id);
        if (!book) throw notFound(id);
        return c.json({ deleted: book });
      },
    },
  ];
}
