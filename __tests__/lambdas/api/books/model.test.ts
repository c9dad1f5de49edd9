import { bookInputSchema, isValidIsbn, toBook } from '../../../../lambdas/api/books/model';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../../../lambdas/api/books/repository';

describe('isValidIsbn()', () => {
  it.each(['0306406152', '0-306-40615-2', '080442957X', '9780306406157', '978-0-306-40615-7', '978 0 306 40615 7'])('accepts %s', (isbn) => {
    expect(isValidIsbn(isbn)).toBe(true);
  });

  it.each(['0306406153', '9780306406158', '123', 'X306406152', '97803064061570', 'abcdefghij'])('refuses %s', (isbn) => {
    expect(isValidIsbn(isbn)).toBe(false);
  });
});

describe('bookInputSchema', () => {
  it('trims text and normalises the ISBN to digits', () => {
    expect(bookInputSchema.parse({ title: ' T ', author: ' A ', isbn: '978-0-306-40615-7' })).toEqual({ title: 'T', author: 'A', isbn: '9780306406157' });
  });

  it('refuses unknown fields', () => {
    expect(bookInputSchema.safeParse({ title: 'T', author: 'A', extra: 1 }).success).toBe(false);
  });
});

describe('toBook()', () => {
  it('keeps only the book fields of a stored item', () => {
    expect(toBook({ id: 'b', title: 'T', author: 'A', createdAt: 'c', updatedAt: 'u', ttl: 1, owner: 'x', year: 'not a number' })).toEqual({
      id: 'b',
      title: 'T',
      author: 'A',
      createdAt: 'c',
      updatedAt: 'u',
    });
  });
});

describe('cursors', () => {
  it('round-trip the last key', () => {
    expect(decodeCursor(encodeCursor({ id: 'abc' }))).toEqual({ id: 'abc' });
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['extra keys', Buffer.from('{"id":"a","x":1}').toString('base64url')],
    ['a non-string id', Buffer.from('{"id":5}').toString('base64url')],
    ['an array', Buffer.from('["a"]').toString('base64url')],
  ])('refuse %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });
});
