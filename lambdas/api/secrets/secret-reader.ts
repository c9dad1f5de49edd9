/**
 * The API's runtime secret, read from Secrets Manager and cached with a TTL.
 *
 * The secret holds JSON `{"greeting": "Hello"}` (other keys are allowed and
 * ignored); `GET /hello` answers `<greeting>, <name>!`. Rotating the value
 * takes effect within the cache TTL, without a deploy. Local runs
 * (`SFU_STORE=memory`) use {@link StaticSecretReader} with the default.
 *
 * IAM action used: secretsmanager:GetSecretValue on the secret ARN (plus
 * kms:Decrypt when the secret uses a customer-managed KMS key).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';

export interface SecretReader {
  /** The secret's string value. */
  read(): Promise<string>;
}

export type SecretsSender = Pick<SecretsManagerClient, 'send'>;

export class SecretsManagerSecretReader implements SecretReader {
  constructor(
    private readonly client: SecretsSender,
    private readonly secretId: string,
  ) {}

  async read(): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (typeof out.SecretString !== 'string') throw new Error('the API secret has no string value (binary secrets are not supported)');
    return out.SecretString;
  }
}

export class StaticSecretReader implements SecretReader {
  constructor(private readonly value: string) {}

  async read(): Promise<string> {
    return this.value;
  }
}

/**
 * Caches another reader's value for `ttlMs`. Concurrent reads share one
 * request; a failed read is not cached (the next call retries).
 */
export class CachingSecretReader implements SecretReader {
  private cached?: { value: string; expiresAt: number };
  private inFlight?: Promise<string>;

  constructor(
    private readonly inner: SecretReader,
    private readonly ttlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async read(): Promise<string> {
    if (this.cached && this.nowMs() < this.cached.expiresAt) return this.cached.value;
    if (!this.inFlight) {
      this.inFlight = this.inner
        .read()
        .then((value) => {
          this.cached = { value, expiresAt: this.nowMs() + this.ttlMs };
          return value;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }
}

/** What the API expects in its secret. */
export const apiSecretSchema = z.object({
  greeting: z.string().trim().min(1).max(64),
});
export type ApiSecret = z.infer<typeof apiSecretSchema>;

/** The value local runs use, and the initial value the stack may store. */
export const DEFAULT_API_SECRET: ApiSecret = { greeting: 'Hello' };

/** Parses the secret; the error names the problem but never includes the value. */
/** The last secret string parsed and its value (the secret changes rarely; parsing it is pure). */
let lastParsed: { readonly raw: string; readonly secret: ApiSecret } | undefined;

export function parseApiSecret(raw: string): ApiSecret {
  if (lastParsed && lastParsed.raw === raw) return lastParsed.secret;
  const secret = parseApiSecretAnew(raw);
  lastParsed = { raw, secret };
  return secret;
}

function parseApiSecretAnew(raw: string): ApiSecret {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('the API secret is not JSON (expected {"greeting": "..."})');
  }
  const r = apiSecretSchema.safeParse(json);
  if (!r.success) throw new Error(`the API secret is malformed: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}
