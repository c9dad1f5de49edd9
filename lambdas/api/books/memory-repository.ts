/**
 * In-memory books: for local runs (`SFU_STORE=memory`) and tests. Lists in
 * id order; returns copies so callers cannot change stored state.
 */
import { newBook, withoutUndefined, type Book, type BookInput } from './model';
import { BookExistsError, decodeCursor, encodeCursor, type BookPage, type BookRepository } from './repository';

export class MemoryBookRepository implements BookRepository {
  private readonly books = new Map<string, Book>();

  constructor(initial: readonly Book[] = []) {
    for (const b of initial) this.books.set(b.id, { ...b });
  }

  async list(page: { limit: number; cursor?: string }): Promise<BookPage> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor).id;
    const ids = [...this.books.keys()].sort().filter((id) => after === undefined || id > after);
    const items = ids.slice(0, page.limit).map((id) => ({ ...(this.books.get(id) as Book) }));
    const more = ids.length > page.limit;
    return more ? { items, nextCursor: encodeCursor(items[items.length - 1]) } : { items };
  }

  async get(id: string): Promise<Book | undefined> {
    const b = this.books.get(id);
    return b && { ...b };
  }

  async create(book: Book): Promise<void> {
    if (this.books.has(book.id)) throw new BookExistsError(book.id);
    this.books.set(book.id, { ...book });
  }

  async replace(id: string, input: BookInput, updatedAt: string): Promise<Book | undefined> {
    const old = this.books.get(id);
    if (!old) return undefined;
    const next: Book = { ...newBook(id, withoutUndefined(input), old.createdAt), updatedAt };
    this.books.set(id, next);
    return { ...next };
  }

  async delete(id: string): Promise<Book | undefined> {
    const old = this.books.get(id);
    if (!old) return undefined;
    this.books.delete(id);
    return { ...old };
  }
}
