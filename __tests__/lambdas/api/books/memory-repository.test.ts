import { MemoryBookRepository } from '../../../../lambdas/api/books/memory-repository';
import { BookExistsError, InvalidCursorError } from '../../../../lambdas/api/books/repository';
import { sampleBook } from '../harness';

describe('MemoryBookRepository', () => {
  it('creates, gets, replaces and deletes like the DynamoDB repository', async () => {
    const repo = new MemoryBookRepository();
    await repo.create(sampleBook('b1', { isbn: '0306406152' }));
    await expect(repo.create(sampleBook('b1'))).rejects.toBeInstanceOf(BookExistsError);
    expect(await repo.replace('b1', { title: 'New', author: 'A' }, 'later')).toEqual({
      id: 'b1',
      title: 'New',
      author: 'A',
      createdAt: sampleBook('b1').createdAt,
      updatedAt: 'later',
    });
    expect(await repo.replace('nope', { title: 'T', author: 'A' }, 'later')).toBeUndefined();
    expect(await repo.get('nope')).toBeUndefined();
    expect((await repo.delete('b1'))?.title).toBe('New');
    expect(await repo.delete('b1')).toBeUndefined();
  });

  it('returns copies: changing a returned book does not change the store', async () => {
    const repo = new MemoryBookRepository([sampleBook('b1')]);
    const got = (await repo.get('b1')) as { title: string };
    got.title = 'mutated';
    expect((await repo.get('b1'))?.title).toBe(sampleBook('b1').title);
  });

  it('pages in id order with opaque cursors', async () => {
    const repo = new MemoryBookRepository(['c', 'a', 'b'].map((id) => sampleBook(id)));
    const first = await repo.list({ limit: 2 });
    expect(first.items.map((b) => b.id)).toEqual(['a', 'b']);
    const second = await repo.list({ limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [sampleBook('c')] });
    await expect(repo.list({ limit: 2, cursor: '!!' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
