import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  CachingSecretReader,
  DEFAULT_API_SECRET,
  parseApiSecret,
  SecretsManagerSecretReader,
  type SecretReader,
  type SecretsSender,
} from '../../../../lambdas/api/secrets/secret-reader';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:sfu-dev-api-AbCdEf';

function countingReader(values: (string | Error)[]): SecretReader & { calls: number } {
  const reader = {
    calls: 0,
    read: async () => {
      const v = values[Math.min(reader.calls++, values.length - 1)];
      if (v instanceof Error) throw v;
      return v;
    },
  };
  return reader;
}

describe('CachingSecretReader', () => {
  it('reads once within the TTL and again after it', async () => {
    let now = 1_000;
    const inner = countingReader(['{"greeting":"Hello"}', '{"greeting":"Hi"}']);
    const cached = new CachingSecretReader(inner, 300_000, () => now);
    expect(await cached.read()).toBe('{"greeting":"Hello"}');
    now += 299_999;
    expect(await cached.read()).toBe('{"greeting":"Hello"}');
    expect(inner.calls).toBe(1);
    now += 1;
    expect(await cached.read()).toBe('{"greeting":"Hi"}');
    expect(inner.calls).toBe(2);
  });

  it('shares one request between concurrent reads', async () => {
    const inner = countingReader(['v']);
    const cached = new CachingSecretReader(inner, 60_000);
    expect(await Promise.all([cached.read(), cached.read(), cached.read()])).toEqual(['v', 'v', 'v']);
    expect(inner.calls).toBe(1);
  });

  it('does not cache a failure: the next read retries', async () => {
    const inner = countingReader([new Error('throttled'), 'v']);
    const cached = new CachingSecretReader(inner, 60_000);
    await expect(cached.read()).rejects.toThrow('throttled');
    expect(await cached.read()).toBe('v');
    expect(inner.calls).toBe(2);
  });

  it('reads every time with a TTL of 0', async () => {
    const inner = countingReader(['v']);
    const cached = new CachingSecretReader(inner, 0);
    await cached.read();
    await cached.read();
    expect(inner.calls).toBe(2);
  });
});

describe('SecretsManagerSecretReader', () => {
  it('sends GetSecretValue for the configured secret and returns its string', async () => {
    const send = jest.fn().mockResolvedValue({ SecretString: '{"greeting":"Hello"}' });
    expect(await new SecretsManagerSecretReader({ send } as unknown as SecretsSender, SECRET).read()).toBe('{"greeting":"Hello"}');
    const command = send.mock.calls[0][0];
    expect(command).toBeInstanceOf(GetSecretValueCommand);
    expect(command.input).toEqual({ SecretId: SECRET });
  });

  it('refuses a binary secret', async () => {
    const send = jest.fn().mockResolvedValue({ SecretBinary: new Uint8Array([1]) });
    await expect(new SecretsManagerSecretReader({ send } as unknown as SecretsSender, SECRET).read()).rejects.toThrow('no string value');
  });

  it('calls Secrets Manager once per TTL when cached, as the API wires it', async () => {
    const send = jest.fn().mockResolvedValue({ SecretString: '{"greeting":"Hello"}' });
    let now = 0;
    const reader = new CachingSecretReader(new SecretsManagerSecretReader({ send } as unknown as SecretsSender, SECRET), 300_000, () => now);
    await reader.read();
    await reader.read();
    expect(send).toHaveBeenCalledTimes(1);
    now = 300_000;
    await reader.read();
    expect(send).toHaveBeenCalledTimes(2);
  });
});

describe('parseApiSecret()', () => {
  it('reads the greeting and ignores other keys', () => {
    expect(parseApiSecret('{"greeting":" Hello ","rotatedBy":"ops"}')).toEqual({ greeting: 'Hello' });
    expect(parseApiSecret(JSON.stringify(DEFAULT_API_SECRET))).toEqual({ greeting: 'Hello' });
  });

  it.each([
    ['not JSON', 's3cr3t-value', 'not JSON'],
    ['no greeting', '{"greting":"s3cr3t-value"}', 'malformed: greeting'],
    ['a blank greeting', '{"greeting":"  "}', 'malformed: greeting'],
  ])('refuses %s without echoing the value', (_what, raw, message) => {
    expect(() => parseApiSecret(raw)).toThrow(message);
    try {
      parseApiSecret(raw);
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cr3t');
    }
  });
});
