/**
 * The claims MAC key (`oac` mode), read from its secret and cached.
 *
 * The secret holds `{"version": n, "key": "<hex>"}`, written by Terraform
 * (stacks/backend-stack.ts). Rotation bumps the version: the edge package
 * with the new key can reach CloudFront before this cache expires, so a MAC
 * that names another version than the cached one re-reads the secret at once
 * (at most once per `refreshIntervalMs`, so a flood of bad versions cannot
 * turn into a flood of Secrets Manager calls). Only the current version is
 * accepted: a retired key stops working as soon as the API has the new one.
 */
import { parseClaimsKey, type ClaimsKey } from '../../../lib/claims-mac';
import type { SecretReader } from './secret-reader';

export interface ClaimsKeyCacheOptions {
  /** How long a read key is used without asking again. @default 300000 (5 min) */
  readonly ttlMs?: number;
  /** Least time between two reads caused by an unknown version. @default 10000 */
  readonly refreshIntervalMs?: number;
  /** @default Date.now */
  readonly nowMs?: () => number;
}

export class ClaimsKeyCache {
  private cached?: { key: ClaimsKey; expiresAt: number };
  private inFlight?: Promise<ClaimsKey>;
  private lastForcedAt = Number.NEGATIVE_INFINITY;
  private readonly ttlMs: number;
  private readonly refreshIntervalMs: number;
  private readonly nowMs: () => number;

  constructor(
    private readonly reader: SecretReader,
    options: ClaimsKeyCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 300_000;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 10_000;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** The key if `version` is the current one, else undefined. Throws when the secret cannot be read or parsed. */
  async forVersion(version: number): Promise<ClaimsKey | undefined> {
    const now = this.nowMs();
    let key = this.cached && now < this.cached.expiresAt ? this.cached.key : await this.load();
    if (key.version !== version && now - this.lastForcedAt >= this.refreshIntervalMs) {
      this.lastForcedAt = now;
      key = await this.load();
    }
    return key.version === version ? key : undefined;
  }

  private load(): Promise<ClaimsKey> {
    this.inFlight ??= this.reader
      .read()
      .then((raw) => {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          throw new Error('the claims key secret is not JSON (expected {"version": n, "key": "<hex>"})');
        }
        const key = parseClaimsKey(json);
        this.cached = { key, expiresAt: this.nowMs() + this.ttlMs };
        return key;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
