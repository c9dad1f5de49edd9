import { harness, ADMIN, EDITOR, READER, sampleBook, FIXED_NOW } from '../harness';

const NOW = FIXED_NOW.toISOString();

describe('POST /books', () => {
  it('creates a book: 201, Location, the stored book with server-set id and timestamps', async () => {
    const h = harness();
    const r = await h.invoke({
      method: 'POST',
      path: '/api/books',
      body: { title: ' Notes ', author: 'Ada Lovelace', year: 1843, isbn: '978-0-306-40615-7' },
      claims: EDITOR,
    });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe('/api/books/book-1');
    expect(r.json).toEqual({ id: 'book-1', title: 'Notes', author: 'Ada Lovelace', year: 1843, isbn: '9780306406157', createdAt: NOW, updatedAt: NOW });
    expect(await h.books.get('book-1')).toEqual(r.json);
  });

  it('accepts the optional fields being absent', async () => {
    const r = await harness().invoke({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A' }, claims: EDITOR });
    expect(r.json).toEqual({ id: 'book-1', title: 'T', author: 'A', createdAt: NOW, updatedAt: NOW });
  });

  it.each([
    [{ author: 'A' }, 'title: required (a string of 1-200 characters)'],
    [{ title: '   ', author: 'A' }, 'title: a string of 1-200 characters (not blank)'],
    [{ title: 'T', author: 7 }, 'author: a string of 1-200 characters'],
    [{ title: 'T', author: 'A', year: 1843.5 }, 'year: a whole number from -3000 to 3000'],
    [{ title: 'T', author: 'A', year: '1843' }, 'year: a whole number from -3000 to 3000'],
    [{ title: 'T', author: 'A', isbn: '978-0-306-40615-8' }, 'isbn: an ISBN-10 or ISBN-13 with a valid check digit'],
    [{ title: 'T', author: 'A', price: 10 }, 'unknown field "price"'],
    [{ title: 'T', author: 'A', id: 'mine', createdAt: 'now' }, 'unknown field "id"; unknown field "createdAt"'],
    [[{ title: 'T', author: 'A' }], '(body): '],
    ['"just a string"', '(body): '],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const h = harness();
    const r = await h.invoke({ method: 'POST', path: '/api/books', body, headers: { 'content-type': 'application/json' }, claims: EDITOR });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_failed');
    expect(r.json.error.message).toContain(message);
    expect((await h.books.list({ limit: 10 })).items).toEqual([]);
  });

  it('reports every problem at once', async () => {
    const r = await harness().invoke({ method: 'POST', path: '/api/books', body: { year: 99999, extra: true }, claims: EDITOR });
    expect(r.json.error.message).toContain('unknown field "extra"');
    expect(r.json.error.message).toContain('title: required');
    expect(r.json.error.message).toContain('author: required');
    expect(r.json.error.message).toContain('year: a whole number');
  });
});

describe('GET /books', () => {
  const books = ['a', 'b', 'c', 'd', 'e'].map((id) => sampleBook(id));

  it('lists books for readers', async () => {
    const r = await harness({ initialBooks: books }).invoke({ path: '/api/books', claims: READER });
    expect(r.status).toBe(200);
    expect(r.json.items.map((b: { id: string }) => b.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.json.nextCursor).toBeUndefined();
  });

  it('pages with limit and nextCursor', async () => {
    const h = harness({ initialBooks: books });
    const first = await h.invoke({ path: '/api/books', query: { limit: '2' }, claims: READER });
    expect(first.json.items.map((b: { id: string }) => b.id)).toEqual(['a', 'b']);
    const second = await h.invoke({ path: '/api/books', query: { limit: '2', cursor: first.json.nextCursor }, claims: READER });
    expect(second.json.items.map((b: { id: string }) => b.id)).toEqual(['c', 'd']);
    const last = await h.invoke({ path: '/api/books', query: { limit: '2', cursor: second.json.nextCursor }, claims: READER });
    expect(last.json).toEqual({ items: [expect.objectContaining({ id: 'e' })] });
  });

  it.each([
    [{ limit: '0' }, 'limit: a whole number from 1 to 100'],
    [{ limit: '101' }, 'limit: a whole number from 1 to 100'],
    [{ limit: 'ten' }, 'limit: a whole number from 1 to 100'],
    [{ cursor: 'not-a-cursor' }, 'cursor: not a cursor this API returned'],
  ])('answers 400 for the query %j', async (query, message) => {
    const r = await harness({ initialBooks: books }).invoke({ path: '/api/books', query, claims: READER });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain(message);
  });
});

describe('GET /books/{id}', () => {
  it('returns the book', async () => {
    const r = await harness({ initialBooks: [sampleBook('b1')] }).invoke({ path: '/api/books/b1', claims: READER });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(sampleBook('b1'));
  });

  it('answers 404 for an unknown id', async () => {
    const r = await harness().invoke({ path: '/api/books/nope', claims: READER });
    expect(r.status).toBe(404);
    expect(r.json.error).toEqual({ code: 'not_found', message: 'No book with id "nope".' });
  });

  it('answers 404 for an id that cannot exist, without asking the store', async () => {
    const h = harness();
    const spy = jest.spyOn(h.books, 'get');
    const r = await h.invoke({ path: `/api/books/${'x'.repeat(65)}`, claims: READER });
    expect(r.status).toBe(404);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('PUT /books/{id}', () => {
  it('replaces the book: omitted optional fields are removed, createdAt kept, updatedAt set', async () => {
    const h = harness({ initialBooks: [sampleBook('b1', { isbn: '0306406152' })] });
    const r = await h.invoke({ method: 'PUT', path: '/api/books/b1', body: { title: 'New', author: 'Someone' }, claims: EDITOR });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: 'b1', title: 'New', author: 'Someone', createdAt: sampleBook('b1').createdAt, updatedAt: NOW });
    expect(await h.books.get('b1')).toEqual(r.json);
  });

  it('never creates: 404 for an unknown id', async () => {
    const h = harness();
    const r = await h.invoke({ method: 'PUT', path: '/api/books/nope', body: { title: 'T', author: 'A' }, claims: EDITOR });
    expect(r.status).toBe(404);
    expect(await h.books.get('nope')).toBeUndefined();
  });

  it('validates the body like POST (400 for an unknown field)', async () => {
    const r = await harness({ initialBooks: [sampleBook('b1')] }).invoke({
      method: 'PUT',
      path: '/api/books/b1',
      body: { title: 'T', author: 'A', createdAt: 'x' },
      claims: EDITOR,
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('unknown field "createdAt"');
  });
});

describe('DELETE /books/{id}', () => {
  it('deletes and answers 200 with the deleted book as JSON', async () => {
    const h = harness({ initialBooks: [sampleBook('b1')] });
    const r = await h.invoke({ method: 'DELETE', path: '/api/books/b1', claims: ADMIN });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.json).toEqual({ deleted: sampleBook('b1') });
    expect(await h.books.get('b1')).toBeUndefined();
  });

  it('answers 404 for an unknown id', async () => {
    const r = await harness().invoke({ method: 'DELETE', path: '/api/books/nope', claims: ADMIN });
    expect(r.status).toBe(404);
  });
});

describe('a whole CRUD round through the handler', () => {
  it('creates, reads, lists, replaces and deletes', async () => {
    const h = harness();
    const created = await h.invoke({ method: 'POST', path: '/api/books', body: { title: 'T', author: 'A' }, claims: ADMIN });
    const location = created.headers.location;
    expect((await h.invoke({ path: location, claims: ADMIN })).json.title).toBe('T');
    expect((await h.invoke({ path: '/api/books', claims: ADMIN })).json.items).toHaveLength(1);
    expect((await h.invoke({ method: 'PUT', path: location, body: { title: 'T2', author: 'A', year: 2001 }, claims: ADMIN })).json).toMatchObject({
      title: 'T2',
      year: 2001,
    });
    expect((await h.invoke({ method: 'DELETE', path: location, claims: ADMIN })).status).toBe(200);
    expect((await h.invoke({ path: location, claims: ADMIN })).status).toBe(404);
  });
});
