import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { DynamoBookRepository, type DocumentSender } from '../../../../lambdas/api/books/dynamo-repository';
import { BookExistsError, encodeCursor, InvalidCursorError } from '../../../../lambdas/api/books/repository';
import { sampleBook } from '../harness';

const TABLE = 'sfu-dev-books';

/** A document client whose `send` records each command and answers from a queue. */
function fakeClient(...answers: (Record<string, unknown> | Error)[]) {
  const commands: unknown[] = [];
  const client = {
    send: jest.fn(async (command: unknown) => {
      commands.push(command);
      const next = answers.shift() ?? {};
      if (next instanceof Error) throw next;
      return next;
    }),
  };
  return { client: client as unknown as DocumentSender, commands };
}

const conditionalCheckFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

describe('DynamoBookRepository (commands sent to a fake document client)', () => {
  it('get: a consistent GetItem by id', async () => {
    const { client, commands } = fakeClient({ Item: { ...sampleBook('b1'), internal: 'not for clients' } });
    const book = await new DynamoBookRepository(client, TABLE).get('b1');
    expect(commands[0]).toBeInstanceOf(GetCommand);
    expect((commands[0] as GetCommand).input).toEqual({ TableName: TABLE, Key: { id: 'b1' }, ConsistentRead: true });
    expect(book).toEqual(sampleBook('b1'));
  });

  it('get: undefined when there is no item', async () => {
    const { client } = fakeClient({});
    expect(await new DynamoBookRepository(client, TABLE).get('nope')).toBeUndefined();
  });

  it('list: a Scan with the page limit, continuing from the cursor, returning the next cursor', async () => {
    const { client, commands } = fakeClient({ Items: [sampleBook('c'), sampleBook('d')], LastEvaluatedKey: { id: 'd' } });
    const page = await new DynamoBookRepository(client, TABLE).list({ limit: 2, cursor: encodeCursor({ id: 'b' }) });
    expect(commands[0]).toBeInstanceOf(ScanCommand);
    expect((commands[0] as ScanCommand).input).toEqual({ TableName: TABLE, Limit: 2, ExclusiveStartKey: { id: 'b' } });
    expect(page).toEqual({ items: [sampleBook('c'), sampleBook('d')], nextCursor: encodeCursor({ id: 'd' }) });
  });

  it('list: no ExclusiveStartKey on the first page and no cursor on the last', async () => {
    const { client, commands } = fakeClient({ Items: [] });
    expect(await new DynamoBookRepository(client, TABLE).list({ limit: 25 })).toEqual({ items: [] });
    expect((commands[0] as ScanCommand).input).toEqual({ TableName: TABLE, Limit: 25 });
  });

  it('list: refuses a forged cursor before calling DynamoDB', async () => {
    const { client, commands } = fakeClient();
    const forged = Buffer.from(JSON.stringify({ id: 'x', pk: 'other-tenant' })).toString('base64url');
    await expect(new DynamoBookRepository(client, TABLE).list({ limit: 1, cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
    expect(commands).toEqual([]);
  });

  it('create: a PutItem conditioned on attribute_not_exists(id)', async () => {
    const { client, commands } = fakeClient({});
    await new DynamoBookRepository(client, TABLE).create(sampleBook('b1'));
    expect(commands[0]).toBeInstanceOf(PutCommand);
    expect((commands[0] as PutCommand).input).toEqual({
      TableName: TABLE,
      Item: sampleBook('b1'),
      ConditionExpression: 'attribute_not_exists(#id)',
      ExpressionAttributeNames: { '#id': 'id' },
    });
  });

  it('create: an existing id is a BookExistsError, never an overwrite', async () => {
    const { client } = fakeClient(conditionalCheckFailed());
    await expect(new DynamoBookRepository(client, TABLE).create(sampleBook('b1'))).rejects.toBeInstanceOf(BookExistsError);
  });

  it('replace: an UpdateItem conditioned on attribute_exists(id) that sets the fields and returns ALL_NEW', async () => {
    const { client, commands } = fakeClient({ Attributes: sampleBook('b1', { title: 'New', year: 2001, isbn: '0306406152' }) });
    const book = await new DynamoBookRepository(client, TABLE).replace(
      'b1',
      { title: 'New', author: 'A', year: 2001, isbn: '0306406152' },
      '2030-01-01T00:00:00.000Z',
    );
    expect(commands[0]).toBeInstanceOf(UpdateCommand);
    expect((commands[0] as UpdateCommand).input).toEqual({
      TableName: TABLE,
      Key: { id: 'b1' },
      UpdateExpression: 'SET #title = :title, #author = :author, #updatedAt = :updatedAt, #year = :year, #isbn = :isbn',
      ConditionExpression: 'attribute_exists(#id)',
      ExpressionAttributeNames: { '#id': 'id', '#title': 'title', '#author': 'author', '#updatedAt': 'updatedAt', '#year': 'year', '#isbn': 'isbn' },
      ExpressionAttributeValues: { ':title': 'New', ':author': 'A', ':updatedAt': '2030-01-01T00:00:00.000Z', ':year': 2001, ':isbn': '0306406152' },
      ReturnValues: 'ALL_NEW',
    });
    expect(book?.title).toBe('New');
  });

  it('replace: REMOVEs the optional fields the new version leaves out', async () => {
    const { client, commands } = fakeClient({ Attributes: sampleBook('b1') });
    await new DynamoBookRepository(client, TABLE).replace('b1', { title: 'T', author: 'A' }, 'now');
    const input = (commands[0] as UpdateCommand).input;
    expect(input.UpdateExpression).toBe('SET #title = :title, #author = :author, #updatedAt = :updatedAt REMOVE #year, #isbn');
    expect(input.ExpressionAttributeValues).toEqual({ ':title': 'T', ':author': 'A', ':updatedAt': 'now' });
  });

  it('replace: a missing id (condition failed) is undefined, so PUT answers 404', async () => {
    const { client } = fakeClient(conditionalCheckFailed());
    expect(await new DynamoBookRepository(client, TABLE).replace('nope', { title: 'T', author: 'A' }, 'now')).toBeUndefined();
  });

  it('delete: a DeleteItem conditioned on attribute_exists(id), returning ALL_OLD', async () => {
    const { client, commands } = fakeClient({ Attributes: sampleBook('b1') });
    expect(await new DynamoBookRepository(client, TABLE).delete('b1')).toEqual(sampleBook('b1'));
    expect(commands[0]).toBeInstanceOf(DeleteCommand);
    expect((commands[0] as DeleteCommand).input).toEqual({
      TableName: TABLE,
      Key: { id: 'b1' },
      ConditionExpression: 'attribute_exists(#id)',
      ExpressionAttributeNames: { '#id': 'id' },
      ReturnValues: 'ALL_OLD',
    });
  });

  it('delete: a missing id is undefined', async () => {
    const { client } = fakeClient(conditionalCheckFailed());
    expect(await new DynamoBookRepository(client, TABLE).delete('nope')).toBeUndefined();
  });

  it('lets other DynamoDB errors through (they become 500s)', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    const { client } = fakeClient(throttled, throttled, throttled);
    const repo = new DynamoBookRepository(client, TABLE);
    await expect(repo.create(sampleBook('b1'))).rejects.toBe(throttled);
    await expect(repo.replace('b1', { title: 'T', author: 'A' }, 'now')).rejects.toBe(throttled);
    await expect(repo.delete('b1')).rejects.toBe(throttled);
  });
});

describe('DynamoBookRepository on the real SDK clients (fake HTTP handler, no network)', () => {
  function wireClient(status: number, body: Record<string, unknown>) {
    const requests: { target: string; body: Record<string, unknown> }[] = [];
    const requestHandler = {
      handle: async (request: HttpRequest) => {
        const raw: unknown = request.body;
        const text = raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8') : String(raw);
        requests.push({ target: String(request.headers['x-amz-target']), body: JSON.parse(text) });
        return {
          response: new HttpResponse({
            statusCode: status,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(body))]),
          }),
        };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    };
    const ddb = new DynamoDBClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler,
      maxAttempts: 1,
    });
    return { documents: DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } }), requests };
  }

  it('marshals a conditional PutItem as DynamoDB JSON', async () => {
    const { documents, requests } = wireClient(200, {});
    await new DynamoBookRepository(documents, TABLE).create(sampleBook('b1'));
    expect(requests[0].target).toBe('DynamoDB_20120810.PutItem');
    expect(requests[0].body).toEqual({
      TableName: TABLE,
      Item: {
        id: { S: 'b1' },
        title: { S: 'The Analytical Engine' },
        author: { S: 'Ada Lovelace' },
        year: { N: '1843' },
        createdAt: { S: '2029-12-31T00:00:00.000Z' },
        updatedAt: { S: '2029-12-31T00:00:00.000Z' },
      },
      ConditionExpression: 'attribute_not_exists(#id)',
      ExpressionAttributeNames: { '#id': 'id' },
    });
  });

  it("recognises the service's ConditionalCheckFailedException (PUT on a missing id -> undefined)", async () => {
    const { documents, requests } = wireClient(400, {
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
    });
    expect(await new DynamoBookRepository(documents, TABLE).replace('nope', { title: 'T', author: 'A' }, 'now')).toBeUndefined();
    expect(requests[0].target).toBe('DynamoDB_20120810.UpdateItem');
    expect(requests[0].body).toMatchObject({ Key: { id: { S: 'nope' } }, ConditionExpression: 'attribute_exists(#id)', ReturnValues: 'ALL_NEW' });
  });

  it('unmarshals a GetItem answer', async () => {
    const { documents } = wireClient(200, {
      Item: { id: { S: 'b1' }, title: { S: 'T' }, author: { S: 'A' }, year: { N: '1999' }, createdAt: { S: 'c' }, updatedAt: { S: 'u' } },
    });
    expect(await new DynamoBookRepository(documents, TABLE).get('b1')).toEqual({
      id: 'b1',
      title: 'T',
      author: 'A',
      year: 1999,
      createdAt: 'c',
      updatedAt: 'u',
    });
  });
});
