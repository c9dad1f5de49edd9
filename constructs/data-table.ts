/**
 * A DynamoDB table for application data: on-demand, point-in-time recovery,
 * server-side encryption with the AWS managed key (`aws/dynamodb`) or a
 * given customer-managed key, and
 * deletion protection unless the environment is disposable.
 */
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import type { PolicyStatement } from './policy-document';

/** Item actions of a read-write user of the table (what lambdas/api/books/dynamo-repository.ts calls). */
export const TABLE_READ_WRITE_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:UpdateItem'] as const;

/** Props of {@link DataTable}. */
export interface DataTableProps {
  readonly tableName: string;
  /**
   * Partition key (type S).
   * @default "id"
   */
  readonly partitionKey?: string;
  /**
   * Refuse `DeleteTable` (deletion_protection_enabled).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * ARN of a customer-managed KMS key for server-side encryption.
   * @default undefined (the AWS managed key aws/dynamodb)
   */
  readonly kmsKeyArn?: string;
}

export class DataTable extends Construct {
  readonly resource: DynamodbTable;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const key = props.partitionKey ?? 'id';
    this.resource = new DynamodbTable(this, 'resource', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: key,
      attribute: [{ name: key, type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      // enabled = true: the AWS managed key aws/dynamodb (visible in CloudTrail),
      // rather than the AWS owned key used when the block is off.
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection ?? true,
    });
    this.name = this.resource.name;
    this.arn = this.resource.arn;
  }

  /** Read and write items of this table only (no table management, no other table). */
  readWriteStatement(sid: string): PolicyStatement {
    return { sid, actions: [...TABLE_READ_WRITE_ACTIONS], resources: [this.arn] };
  }
}
