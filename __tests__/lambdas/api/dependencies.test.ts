import { DynamoBookRepository } from '../../../lambdas/api/books/dynamo-repository';
import { MemoryBookRepository } from '../../../lambdas/api/books/memory-repository';
import { createServiceDependencies } from '../../../lambdas/api/dependencies';
import { MemoryMessagePublisher, SnsMessagePublisher } from '../../../lambdas/api/messages/publisher';
import { CachingSecretReader, StaticSecretReader } from '../../../lambdas/api/secrets/secret-reader';
import { devSettings } from './harness';

describe('createServiceDependencies()', () => {
  it('uses DynamoDB, SNS and a cached Secrets Manager reader for the dynamodb store (no network at construction)', () => {
    const deps = createServiceDependencies(devSettings());
    expect(deps.books).toBeInstanceOf(DynamoBookRepository);
    expect(deps.messages).toBeInstanceOf(SnsMessagePublisher);
    expect(deps.secret).toBeInstanceOf(CachingSecretReader);
  });

  it('uses in-process fakes for the memory store, with the default greeting', async () => {
    const deps = createServiceDependencies(devSettings({ store: 'memory' }));
    expect(deps.books).toBeInstanceOf(MemoryBookRepository);
    expect(deps.messages).toBeInstanceOf(MemoryMessagePublisher);
    expect(deps.secret).toBeInstanceOf(StaticSecretReader);
    expect(JSON.parse(await deps.secret.read())).toEqual({ greeting: 'Hello' });
  });

  it('refuses the dynamodb store without its resources', () => {
    expect(() => createServiceDependencies(devSettings({ tableName: undefined }))).toThrow('needs a table, a topic and a secret');
  });
});
