/**
 * A Lambda@Edge function: created in us-east-1 (the stack's provider),
 * nodejs22.x on x86_64 (Lambda@Edge supports no arm64), `publish = true` so
 * every code or config change is a new numbered version, associated by that
 * version's qualified ARN.
 *
 * Its role trusts lambda.amazonaws.com and edgelambda.amazonaws.com and may
 * write logs in every region: replicas log to `/aws/lambda/us-east-1.<name>`
 * in the region that served the request. Only the us-east-1 log group is
 * created here (with retention); Lambda creates the others on first use,
 * without retention.
 *
 * Deleting: CloudFront keeps replicas for hours after the last association
 * is removed, and until then `DeleteFunction` fails. `skip_destroy = true`
 * makes `terraform destroy` forget the function (and its versions) instead
 * of failing; delete it later by hand (`aws lambda delete-function
 * --region us-east-1 --function-name <name>`) once the replicas are gone.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Construct } from 'constructs';
import { EDGE_REGION as LAMBDA_EDGE_REGION } from '../lib/resource-names';
import { LambdaRole } from './lambda-role';
import type { PolicyStatement } from './policy-document';

/** Lambda@Edge functions are created in this region only. */
export { EDGE_REGION as LAMBDA_EDGE_REGION } from '../lib/resource-names';

/** Props of {@link EdgeFunction}. */
export interface EdgeFunctionProps {
  readonly functionName: string;
  /** Relative path of the deployment zip. */
  readonly filename: string;
  /** Base64 SHA-256 of the zip. */
  readonly sourceCodeHash: string;
  /** Retention of the us-east-1 log group, days. */
  readonly logRetentionDays: number;
  /**
   * Permissions beyond logs (e.g. invoking the function URL in edge-sigv4 mode).
   * @default []
   */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Runtime.
   * @default "nodejs22.x"
   */
  readonly runtime?: string;
  /**
   * Memory, MB (origin triggers allow up to 10240).
   * @default 128
   */
  readonly memoryMb?: number;
  /**
   * Timeout, seconds (origin triggers allow up to 30).
   * @default 5
   */
  readonly timeoutSeconds?: number;
}

export class EdgeFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: LambdaRole;
  readonly logGroup: CloudwatchLogGroup;
  /** `arn:...:function:<name>:<version>`: what CloudFront associates. */
  readonly qualifiedArn: string;

  constructor(scope: Construct, id: string, props: EdgeFunctionProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'account', {});
    const partition = new DataAwsPartition(this, 'partition', {});
    const logGroupName = `/aws/lambda/${LAMBDA_EDGE_REGION}.${props.functionName}`;
    const logGroupArn = `arn:${partition.partition}:logs:*:${account.accountId}:log-group:${logGroupName}`;

    this.logGroup = new CloudwatchLogGroup(this, 'log_group', { name: logGroupName, retentionInDays: props.logRetentionDays });
    this.role = new LambdaRole(this, 'role', {
      roleName: props.functionName,
      description: `Execution role of the ${props.functionName} Lambda@Edge function`,
      trustedServices: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'],
      statements: [
        {
          // Replicas run (and log) in every region; the log group is created
          // on first use there, hence CreateLogGroup.
          sid: 'WriteEdgeLogsInEveryRegion',
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroupArn, `${logGroupArn}:*`],
        },
        ...(props.statements ?? []),
      ],
    });
    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: 'Verifies the Cognito JWT, authorizes the route, signs for the function URL (Lambda@Edge origin-request)',
      role: this.role.arn,
      runtime: props.runtime ?? 'nodejs22.x',
      architectures: ['x86_64'],
      handler: 'index.handler',
      filename: props.filename,
      sourceCodeHash: props.sourceCodeHash,
      memorySize: props.memoryMb ?? 128,
      timeout: props.timeoutSeconds ?? 5,
      publish: true,
      skipDestroy: true,
      dependsOn: [this.logGroup, this.role.inlinePolicy],
    });
    this.qualifiedArn = this.function.qualifiedArn;
  }
}
