/**
 * Builds the API's dependencies from its settings: real AWS clients (created
 * once, reused across invocations) when the store is `dynamodb`, in-process
 * fakes when it is `memory` (local runs only: nothing persists, messages go
 * nowhere, the secret is the default).
 *
 * The SDK takes its region and credentials from the Lambda environment; an
 * emulator can be targeted with the SDK's own AWS_ENDPOINT_URL(_<SERVICE>)
 * variables, so no endpoint setting is needed here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoBookRepository } from './books/dynamo-repository';
import { MemoryBookRepository } from './books/memory-repository';
import type { BookRepository } from './books/repository';
import { MemoryMessagePublisher, SnsMessagePublisher, type MessagePublisher } from './messages/publisher';
import { CachingSecretReader, DEFAULT_API_SECRET, SecretsManagerSecretReader, StaticSecretReader, type SecretReader } from './secrets/secret-reader';
import { assumedRolePrefix, type EdgeTrust } from './identity';
import { ClaimsKeyCache } from './secrets/claims-key';
import type { ApiSettings } from './settings';

export interface ServiceDependencies {
  readonly books: BookRepository;
  readonly messages: MessagePublisher;
  readonly secret: SecretReader;
  readonly edgeTrust: EdgeTrust;
}

/** How the API recognises the edge, from the settings (identity.ts). */
export function createEdgeTrust(settings: Pick<ApiSettings, 'edgeTrust'>, secrets: () => SecretsManagerClient): EdgeTrust {
  const t = settings.edgeTrust;
  if (t.signingMode === 'edge-sigv4') return { mode: 'edge-sigv4', principalPrefix: assumedRolePrefix(t.edgeRoleArn) };
  // The key itself only in local runs (settings refuse it with the dynamodb store).
  const reader: SecretReader =
    t.claimsKey !== undefined ? new StaticSecretReader(t.claimsKey) : new SecretsManagerSecretReader(secrets(), t.claimsKeySecretArn ?? '');
  const cache = new ClaimsKeyCache(reader);
  return { mode: 'oac', claimsKey: (version) => cache.forVersion(version) };
}

export function createServiceDependencies(settings: ApiSettings): ServiceDependencies {
  let secretsClient: SecretsManagerClient | undefined;
  const secrets = () => (secretsClient ??= new SecretsManagerClient({}));
  const edgeTrust = createEdgeTrust(settings, secrets);
  if (settings.store === 'memory') {
    return {
      books: new MemoryBookRepository(),
      messages: new MemoryMessagePublisher(),
      secret: new StaticSecretReader(JSON.stringify(DEFAULT_API_SECRET)),
      edgeTrust,
    };
  }
  const { tableName, topicArn, secretArn } = settings;
  if (!tableName || !topicArn || !secretArn) throw new Error('createServiceDependencies: the dynamodb store needs a table, a topic and a secret');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  return {
    books: new DynamoBookRepository(documents, tableName),
    messages: new SnsMessagePublisher(new SNSClient({}), topicArn),
    secret: new CachingSecretReader(new SecretsManagerSecretReader(secrets(), secretArn), settings.secretTtlSeconds * 1000),
    edgeTrust,
  };
}
