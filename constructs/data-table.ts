/**
 * A DynamoDB table for application data: on-demand, point-in-time recovery,
 * server-side encryption with the AWS managed key (`aws/dynamodb`), and
 * deletion protection unless the environment is disposable.
 */
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';

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
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: props.deletionProtection ?? true,
    });
    this.name = this.resource.name;
    this.arn = this.resource.arn;
  }
}
