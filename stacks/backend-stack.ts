/**
 * `<env>-backend`: the API function behind its `AWS_IAM` function URL, the
 * books table, the messages topic with the worker subscribed and a
 * dead-letter queue, and the API's secret. Region: `backendRegion`.
 *
 * IAM, one statement per need, narrowest ARNs, no wildcard action:
 * - API role: its log streams; GetItem/PutItem/UpdateItem/DeleteItem/Scan on
 *   the table; sns:Publish on the topic and kms:Decrypt/GenerateDataKey on
 *   the topic's key through SNS only; GetSecretValue on the secret; X-Ray
 *   writes when tracing is on.
 * - Worker role: its log streams (and X-Ray when on), sqs:SendMessage on its
 *   own dead-letter queue. SNS invokes it through a resource-based
 *   permission limited to the topic.
 *
 * Two dead-letter queues, both SSE-SQS: `<env>-messages-dlq` gets what SNS
 * could not deliver (subscription redrive policy); `<env>-worker-dlq` gets
 * the events the worker failed on after Lambda's retries.
 *
 * Bring your own key (`existing.kmsKeyArn`): that customer-managed key
 * encrypts the topic (no key of our own then), both queues (SSE-KMS), the
 * table, the secret and both log groups. The API role may use it through
 * SNS, DynamoDB and Secrets Manager, the worker role through SQS (its
 * dead-letter queue): kms:Decrypt and kms:GenerateDataKey on that key only.
 * Its key policy must allow `logs.<region>.amazonaws.com` and
 * `sns.amazonaws.com` (failed deliveries into the SSE-KMS queue).
 */
import type { Construct } from 'constructs';
import type { Config } from '../config/schema';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { ApiAlarms } from '../constructs/api-alarms';
import { AppSecret } from '../constructs/app-secret';
import { ClaimsKey } from '../constructs/claims-key';
import { customerKeyStatement } from '../constructs/customer-key-statement';
import { DataTable, TABLE_READ_WRITE_ACTIONS } from '../constructs/data-table';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import { EncryptedTopic } from '../constructs/encrypted-topic';
import { FunctionUrl } from '../constructs/function-url';
import { LambdaSubscription } from '../constructs/lambda-subscription';
import { NodeFunction } from '../constructs/node-function';
import { apiEnvironment } from '../lib/contracts/api-environment';
import { workerEnvironment } from '../lambdas/worker/settings';
import { resourceNames, type ResourceNames } from '../lib/resource-names';
import { SfuStack, type SfuStackProps } from './base-stack';
import { denyInsecureTransport } from './emulator';
import { isDisposable } from './naming';
import { BACKEND_OUTPUTS, contractOutput } from './outputs';
import { awsProvider } from './providers';
import { useS3Backend } from './remote-state';

/** Entry files of the functions, relative to the repository root. */
export interface BackendEntries {
  /** @default "lambdas/api/handler.ts" */
  readonly api?: string;
  /** @default "lambdas/worker/handler.ts" */
  readonly worker?: string;
}

/** Props of {@link BackendStack}. */
export interface BackendStackProps extends SfuStackProps {
  /**
   * Handler entries (tests may swap in fixtures).
   * @default the real handlers
   */
  readonly entries?: BackendEntries;
}

/** DynamoDB actions the API's book repository uses (lambdas/api/books/dynamo-repository.ts). */
export const API_TABLE_ACTIONS = TABLE_READ_WRITE_ACTIONS;

/** The placeholder value of the API secret: the shape lambdas/api/secrets expects, nothing secret. */
export const API_SECRET_PLACEHOLDER = { greeting: 'Hello' } as const;

export { customerKeyStatement };

export class BackendStack extends SfuStack {
  readonly api: NodeFunction;
  readonly worker: NodeFunction;
  readonly functionUrl: FunctionUrl;
  readonly table: DataTable;
  readonly topic: EncryptedTopic;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly workerDeadLetterQueue: DeadLetterQueue;
  readonly secret: AppSecret;
  /** oac mode only. */
  readonly claimsKey?: ClaimsKey;
  private readonly names: ResourceNames;
  /** existing.kmsKeyArn: one customer-managed key for the topic, queues, table, secret and log groups. */
  private readonly kmsKeyArn?: string;
  private readonly disposable: boolean;

  constructor(scope: Construct, props: BackendStackProps) {
    super(scope, 'backend', props);
    const { config } = props;
    this.names = resourceNames(config.environment);
    this.kmsKeyArn = config.existing.kmsKeyArn ?? undefined;
    this.disposable = isDisposable(config);
    useS3Backend(this, config);
    awsProvider(this, 'aws', config, { region: config.backendRegion });

    const kmsKeyArn = this.kmsKeyArn;
    this.table = new DataTable(this, 'books_table', { tableName: this.names.booksTable, partitionKey: 'id', deletionProtection: !this.disposable, kmsKeyArn });
    this.topic = new EncryptedTopic(this, 'messages_topic', {
      topicName: this.names.messagesTopic,
      region: config.backendRegion,
      keyDeletionWindowDays: this.disposable ? 7 : 30,
      kmsKeyArn,
    });
    this.deadLetterQueue = new DeadLetterQueue(this, 'messages_dlq', {
      queueName: this.names.messagesDeadLetterQueue,
      serviceSender: { service: 'sns.amazonaws.com', sourceArn: this.topic.arn, sid: 'TopicSendsFailedDeliveries' },
      denyInsecureTransport: denyInsecureTransport(config),
      kmsKeyArn,
    });
    // Events the worker failed on (after Lambda's two retries of an asynchronous
    // invocation): the topic's redrive policy only covers deliveries SNS could not make.
    this.workerDeadLetterQueue = new DeadLetterQueue(this, 'worker_dlq', {
      queueName: this.names.workerDeadLetterQueue,
      denyInsecureTransport: denyInsecureTransport(config),
      kmsKeyArn,
    });
    this.secret = new AppSecret(this, 'api_secret', {
      secretName: this.names.apiSecret,
      description: 'Runtime settings of the API (JSON); replace the placeholder after the first apply.',
      placeholder: API_SECRET_PLACEHOLDER,
      recoveryWindowDays: this.disposable ? 0 : 30,
      kmsKeyArn,
    });
    this.claimsKey =
      config.edge.signingMode === 'oac'
        ? new ClaimsKey(this, 'claims_key', {
            secretName: this.names.claimsKeySecret,
            version: config.edge.claimsKeyVersion,
            recoveryWindowDays: this.disposable ? 0 : 30,
            kmsKeyArn,
          })
        : undefined;
    this.api = this.apiFunction(config, props.entries?.api ?? 'lambdas/api/handler.ts');
    this.functionUrl = new FunctionUrl(this, 'api_url', { functionName: this.api.function.functionName, cors: config.api.cors });
    this.worker = this.workerFunction(config, props.entries?.worker ?? 'lambdas/worker/handler.ts');
    this.outputs(config);
  }

  /**
   * How the API recognises the edge (lambdas/api/identity.ts). edge-sigv4: the
   * edge role, by the name both stacks derive from the environment (the edge
   * stack creates it later; no dependency between the stacks), in this
   * account and partition. oac: the claims MAC key made here (the edge stack
   * reads it from this stack's sensitive output).
   */
  private edgeTrust(): { edgeRoleArn?: string; claimsKeySecretArn?: string } {
    if (this.claimsKey) return { claimsKeySecretArn: this.claimsKey.arn };
    const account = new DataAwsCallerIdentity(this, 'account', {});
    const partition = new DataAwsPartition(this, 'partition', {});
    return { edgeRoleArn: `arn:${partition.partition}:iam::${account.accountId}:role/${this.names.edgeRole}` };
  }

  /** The API function: its settings from the config, one statement per need. */
  private apiFunction(config: Config, entry: string): NodeFunction {
    const api = config.api;
    const kmsKeyArn = this.kmsKeyArn;
    return new NodeFunction(this, 'api', {
      functionName: this.names.apiFunction,
      packageName: 'api',
      description: 'The single-function API behind the IAM-authenticated function URL',
      entry,
      runtime: api.runtime,
      memoryMb: api.memoryMb,
      timeoutSeconds: api.timeoutSeconds,
      architecture: api.architecture,
      reservedConcurrency: api.reservedConcurrency,
      xray: api.xray,
      logRetentionDays: api.logRetentionDays,
      environment: apiEnvironment(config, { tableName: this.table.name, topicArn: this.topic.arn, secretArn: this.secret.arn, ...this.edgeTrust() }),
      statements: [
        this.table.readWriteStatement('ReadWriteBooks'),
        ...this.topic.publishStatements(),
        this.secret.readStatement(),
        ...(this.claimsKey ? [this.claimsKey.readStatement()] : []),
        ...(kmsKeyArn ? [customerKeyStatement('UseCustomerKeyForTableAndSecret', kmsKeyArn, ['dynamodb', 'secretsmanager'], config.backendRegion)] : []),
      ],
      logKmsKeyArn: kmsKeyArn,
    });
  }

  /** The worker: subscribed to the topic, with a dead-letter queue of its own. */
  private workerFunction(config: Config, entry: string): NodeFunction {
    const kmsKeyArn = this.kmsKeyArn;
    const worker = new NodeFunction(this, 'worker', {
      functionName: this.names.workerFunction,
      packageName: 'worker',
      description: 'Consumes the messages topic',
      entry,
      runtime: config.api.runtime,
      memoryMb: 128,
      timeoutSeconds: 30,
      architecture: config.api.architecture,
      xray: config.api.xray,
      logRetentionDays: config.api.logRetentionDays,
      environment: workerEnvironment(config),
      deadLetterQueueArn: this.workerDeadLetterQueue.arn,
      statements: kmsKeyArn ? [customerKeyStatement('UseCustomerKeyForDeadLetterQueue', kmsKeyArn, ['sqs'], config.backendRegion)] : [],
      logKmsKeyArn: kmsKeyArn,
    });
    new LambdaSubscription(this, 'worker_subscription', {
      topicArn: this.topic.arn,
      functionName: worker.function.functionName,
      functionArn: worker.arn,
      deadLetterQueueArn: this.deadLetterQueue.arn,
    });
    return worker;
  }

  /** Alarms of this region and their topic (config alarms; constructs/api-alarms.ts), then the output contract. */
  private outputs(config: Config): void {
    const alarms = new ApiAlarms(this, 'operations', {
      environment: config.environment,
      alarms: config.alarms,
      apiTimeoutSeconds: config.api.timeoutSeconds,
      keyDeletionWindowDays: this.disposable ? 7 : 30,
      kmsKeyArn: this.kmsKeyArn,
      targets: {
        region: config.backendRegion,
        apiFunctionName: this.api.function.functionName,
        workerFunctionName: this.worker.function.functionName,
        messagesDeadLetterQueueName: this.deadLetterQueue.queue.name,
        workerDeadLetterQueueName: this.workerDeadLetterQueue.queue.name,
        messagesTopicName: this.topic.topic.name,
      },
    });
    const o = BACKEND_OUTPUTS;
    contractOutput(this, o.functionName, this.api.function.functionName, 'Name of the API function.');
    contractOutput(this, o.functionArn, this.api.arn, 'Unqualified ARN of the API function (the resource of its function URL permissions).');
    contractOutput(this, o.functionRegion, config.backendRegion, 'Region of the API function and its function URL.');
    contractOutput(
      this,
      o.functionUrl,
      this.functionUrl.url,
      'Function URL, https://<url-id>.lambda-url.<region>.on.aws/ (AWS_IAM auth: signed requests only).',
    );
    contractOutput(this, o.functionUrlHost, this.functionUrl.host, 'Bare host of the function URL (no scheme, no slash): the CloudFront origin domain.');
    contractOutput(this, o.functionRoleArn, this.api.role.arn, "ARN of the API function's execution role.");
    contractOutput(this, o.tableName, this.table.name, 'Name of the DynamoDB books table.');
    contractOutput(this, o.topicArn, this.topic.arn, 'ARN of the SNS messages topic (KMS-encrypted).');
    contractOutput(
      this,
      o.alarmTopicArn,
      alarms.topicArn,
      'ARN of the SNS topic the backend region\'s alarms notify (ours or alarms.snsTopicArn); "" when alarms.enabled is false.',
    );
    if (this.claimsKey) {
      contractOutput(this, o.claimsKey, this.claimsKey.value, 'oac mode: the claims MAC key, JSON {"key","version"}, for the edge package (sensitive).', true);
    }
  }
}
