/**
 * A Node.js Lambda function bundled at synth time (the aws-cdk
 * NodejsFunction model): its package, its own log group with retention, its
 * own least-privilege role, and the function, which depends on the log group
 * so Lambda never creates an unmanaged one first.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Construct } from 'constructs';
import { LambdaPackage } from '../packaging/lambda-package';
import { LambdaRole } from './lambda-role';
import type { PolicyStatement } from './policy-document';
import { literal } from './terraform-literal';

/** Props of {@link NodeFunction}. */
export interface NodeFunctionProps {
  /** Function name; also the role name and the log group `/aws/lambda/<name>`. */
  readonly functionName: string;
  /** Entry file relative to the repository root, exporting `handler`. */
  readonly entry: string;
  /** Lambda runtime, e.g. "nodejs22.x". */
  readonly runtime: string;
  /** Log retention in days (a CloudWatch retention period). */
  readonly logRetentionDays: number;
  /**
   * Memory in MB.
   * @default 128
   */
  readonly memoryMb?: number;
  /**
   * Timeout in seconds.
   * @default 3
   */
  readonly timeoutSeconds?: number;
  /**
   * Instruction set.
   * @default "arm64"
   */
  readonly architecture?: 'arm64' | 'x86_64';
  /**
   * Reserved concurrency; null leaves the function in the unreserved pool.
   * @default null
   */
  readonly reservedConcurrency?: number | null;
  /**
   * X-Ray active tracing (adds the two X-Ray write actions to the role).
   * @default false
   */
  readonly xray?: boolean;
  /**
   * Environment variables (written in key order; literal values are
   * escaped, so `${` in config data never becomes a Terraform interpolation).
   * @default {} (no environment block)
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Permissions beyond writing its own logs (and X-Ray when on).
   * @default []
   */
  readonly statements?: readonly PolicyStatement[];
  /**
   * SQS queue that receives events of failed asynchronous invocations
   * (after Lambda's retries); adds sqs:SendMessage on it to the role.
   * @default undefined (failed asynchronous events are dropped)
   */
  readonly deadLetterQueueArn?: string;
  /**
   * Base name of the zip (`<packageName>.zip`).
   * @default functionName
   */
  readonly packageName?: string;
  /**
   * Description of the function.
   * @default none
   */
  readonly description?: string;
  /**
   * ARN of a customer-managed KMS key for the log group (its key policy
   * must let `logs.<region>.amazonaws.com` use it).
   * @default undefined (CloudWatch Logs' own encryption)
   */
  readonly logKmsKeyArn?: string;
}

/** Statements every function gets: its own log streams, and X-Ray when on. */
export function baseStatements(logGroupArn: string, xray: boolean): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroupArn}:*`],
    },
  ];
  if (xray) {
    // X-Ray's write actions support no resource-level permissions: "*" is the
    // only resource they accept (Service Authorization Reference, X-Ray).
    statements.push({ sid: 'WriteXRayTraces', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] });
  }
  return statements;
}

export class NodeFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: LambdaRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly package: LambdaPackage;
  readonly functionName: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.package = new LambdaPackage(this, 'package', { entry: props.entry, name: props.packageName ?? props.functionName });
    this.logGroup = new CloudwatchLogGroup(this, 'log_group', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    const xray = props.xray ?? false;
    this.role = new LambdaRole(this, 'role', {
      roleName: props.functionName,
      description: `Execution role of the ${props.functionName} function`,
      statements: [
        ...baseStatements(this.logGroup.arn, xray),
        ...(props.deadLetterQueueArn
          ? [{ sid: 'SendFailedEventsToDeadLetterQueue', actions: ['sqs:SendMessage'], resources: [props.deadLetterQueueArn] }]
          : []),
        ...(props.statements ?? []),
      ],
    });
    const env = props.environment ?? {};
    const keys = Object.keys(env).sort();
    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: props.runtime,
      handler: this.package.handler,
      filename: this.package.path,
      sourceCodeHash: this.package.sourceCodeHash,
      memorySize: props.memoryMb ?? 128,
      timeout: props.timeoutSeconds ?? 3,
      architectures: [props.architecture ?? 'arm64'],
      reservedConcurrentExecutions: props.reservedConcurrency ?? undefined,
      tracingConfig: xray ? { mode: 'Active' } : undefined,
      deadLetterConfig: props.deadLetterQueueArn ? { targetArn: props.deadLetterQueueArn } : undefined,
      environment: keys.length > 0 ? { variables: Object.fromEntries(keys.map((k) => [k, literal(env[k])])) } : undefined,
      dependsOn: [this.logGroup, this.role.inlinePolicy],
    });
    this.functionName = this.function.functionName;
    this.arn = this.function.arn;
  }
}
