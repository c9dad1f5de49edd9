/** Shared helpers of the config tests: the dev config as data, and its problems when rejected. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, configDir, parseConfig } from '../../config/load';

/** config/dev.json as parsed JSON (not validated). */
export const devRaw = JSON.parse(fs.readFileSync(path.join(configDir(), 'dev.json'), 'utf8'));

/** A deep copy of the dev config with one change applied. */
export function devWith(change: (c: any) => void): any {
  const c = structuredClone(devRaw);
  change(c);
  return c;
}

/** Parses and returns the ConfigError's problem lines (fails if the config is accepted). */
export function problemsOf(input: unknown): string[] {
  try {
    parseConfig(input, 'test.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error('expected the config to be rejected');
}
