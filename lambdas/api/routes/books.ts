/**
 * `/books` CRUD. Ids are server-generated; an id of the wrong shape cannot
 * exist, so it is a 404 without a lookup. PUT replaces a book (never
 * creates: unknown id -> 404). DELETE answers 200 with the deleted book.
 */
import { BOOK_ID, bookInputSchema, LIST_LIMIT_DEFAULT, listQuerySchema, newBook } from '../books/model';
import { BookExistsError, InvalidCursorError } from '../books/repository';
import { readJsonBody } from '../body';
import type { AppContext } from '../context';
import { ApiError, validationError } from '../errors';
import type { Endpoint, RouteDeps } from './endpoint';

const notFound = (id: string) => new ApiError(404, 'not_found', `No book with id "${id}".`);

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
      handle: async (c) => {
        const id = bookId(c);
        const book = await deps.books.delete(id);
        if (!book) throw notFound(id);
        return c.json({ deleted: book });
      },
    },
  ];
}
