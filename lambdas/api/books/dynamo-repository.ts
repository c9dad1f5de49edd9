/**
 * Books in DynamoDB (table with partition key `id`, type S), through the
 * lib-dynamodb document client.
 *
 * Writes are conditional, so the API never creates by accident:
 * - create: `attribute_not_exists(#id)` (an id collision fails, not overwrites);
 * - replace (PUT) and delete: `attribute_exists(#id)`; a failed condition means
 *   "no such book" and becomes a 404.
 *
 * IAM actions used: dynamodb:GetItem, PutItem, UpdateItem, DeleteItem, Scan
 * on the table ARN.
 */
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toBook, type Book, type BookInput } from './model';
import { BookExistsError, decodeCursor, encodeCursor, type BookPage, type BookRepository } from './repository';

/** The only thing the repository needs from the document client (tests pass a fake). */
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

export function isConditionalCheckFailed(e: unknown): boolean {
  return e instanceof Error && e.name === 'ConditionalCheckFailedException';
}

export class DynamoBookRepository implements BookRepository {
  constructor(
    private readonly client: DocumentSender,
    private readonly tableName: string,
  ) {}

  async list(page: { limit: number; cursor?: string }): Promise<BookPage> {
    const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const out = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: { id: start.id } } : {}),
      }),
    );
    const items = (out.Items ?? []).map((i) => toBook(i));
    const last = out.LastEvaluatedKey;
    return last && typeof last.id === 'string' ? { items, nextCursor: encodeCursor({ id: last.id }) } : { items };
  }

  async get(id: string): Promise<Book | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }));
    return out.Item ? toBook(out.Item) : undefined;
  }

  async create(book: Book): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...book },
          ConditionExpression: 'attribute_not_exists(#id)',
          ExpressionAttributeNames: { '#id': 'id' },
        }),
      );
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw new BookExistsError(book.id);
      throw e;
    }
  }

  async replace(id: string, input: BookInput, updatedAt: string): Promise<Book | undefined> {
    const set: string[] = ['#title = :title', '#author = :author', '#updatedAt = :updatedAt'];
    const remove: string[] = [];
    const names: Record<string, string> = { '#id': 'id', '#title': 'title', '#author': 'author', '#updatedAt': 'updatedAt', '#year': 'year', '#isbn': 'isbn' };
    const values: Record<string, unknown> = { ':title': input.title, ':author': input.author, ':updatedAt': updatedAt };
    if (input.year !== undefined) {
      set.push('#year = :year');
      values[':year'] = input.year;
    } else remove.push('#year');
    if (input.isbn !== undefined) {
      set.push('#isbn = :isbn');
      values[':isbn'] = input.isbn;
    } else remove.push('#isbn');
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toBook(out.Attributes) : undefined;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return undefined;
      throw e;
    }
  }

  async delete(id: string): Promise<Book | undefined> {
    try {
      const out = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { id },
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: { '#id': 'id' },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes ? toBook(out.Attributes) : undefined;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return undefined;
      throw e;
    }
  }
}
