import { ClaimsKeyCache } from '../../../../lambdas/api/secrets/claims-key';
import type { SecretReader } from '../../../../lambdas/api/secrets/secret-reader';

/** A secret whose value the test changes, counting reads. */
function secret(initial: object) {
  let value = JSON.stringify(initial);
  const reader: SecretReader & { reads: number; set(v: object): void } = {
    reads: 0,
    async read() {
      this.reads++;
      return value;
    },
    set(v) {
      value = JSON.stringify(v);
    },
  };
  return reader;
}

const k = (version: number, byte: string) => ({ version, key: byte.repeat(64) });

describe('ClaimsKeyCache', () => {
  it('reads the key once and serves it for the TTL', async () => {
    const s = secret(k(1, 'a'));
    let now = 0;
    const cache = new ClaimsKeyCache(s, { ttlMs: 1000, nowMs: () => now });
    expect((await cache.forVersion(1))?.version).toBe(1);
    await cache.forVersion(1);
    expect(s.reads).toBe(1);
    now = 1001;
    await cache.forVersion(1);
    expect(s.reads).toBe(2);
  });

  it('re-reads at once when a MAC names another version (rotation), at most once per refresh interval', async () => {
    const s = secret(k(1, 'a'));
    let now = 0;
    const cache = new ClaimsKeyCache(s, { ttlMs: 300_000, refreshIntervalMs: 10_000, nowMs: () => now });
    await cache.forVersion(1);
    s.set(k(2, 'b'));
    expect((await cache.forVersion(2))?.version).toBe(2);
    expect(s.reads).toBe(2);
    // A flood of unknown versions costs no more reads within the interval.
    for (let i = 0; i < 50; i++) expect(await cache.forVersion(9)).toBeUndefined();
    expect(s.reads).toBe(2);
    now = 10_000;
    await cache.forVersion(9);
    expect(s.reads).toBe(3);
  });

  it('no longer accepts the retired version once it has the new one', async () => {
    const s = secret(k(1, 'a'));
    const cache = new ClaimsKeyCache(s, { nowMs: () => 0 });
    await cache.forVersion(1);
    s.set(k(2, 'b'));
    await cache.forVersion(2);
    expect(await cache.forVersion(1)).toBeUndefined();
  });

  it('fails loudly (no key) when the secret is not the expected JSON', async () => {
    await expect(new ClaimsKeyCache(secret({ version: 'x' })).forVersion(1)).rejects.toThrow('claims key: version: received "x"');
    const notJson: SecretReader = { read: async () => 'nope' };
    await expect(new ClaimsKeyCache(notJson).forVersion(1)).rejects.toThrow('not JSON');
  });
});
