/**
 * Loads and validates one environment's configuration.
 *
 * `SFU_ENV` picks `config/<env>.json` (`dev` when unset). Every problem is
 * collected and reported at once, as `field: received <value>; allowed: ...`,
 * in a single {@link ConfigError}, before any construct is built.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { repoRoot } from '../lib/repo-root';
import { configSchema, crossFieldProblems, type Config } from './schema';

export const CONFIG_ENV_VAR = 'SFU_ENV';
export const DEFAULT_ENVIRONMENT = 'dev';

/** Thrown when a config file is missing, unreadable, or invalid; its message lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration in ${source} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The directory that holds `config/*.json` (works from sources and from `dist/`). */
export function configDir(): string {
  return path.join(repoRoot(), 'config');
}

function valueAt(input: unknown, at: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let cur: unknown = input;
  for (const key of at) {
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) return { found: false };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

function quote(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function fieldName(at: readonly PropertyKey[]): string {
  if (at.length === 0) return '(root)';
  return at.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Turns zod issues into `field: received X; allowed: Y` lines, quoting the value from the input. */
export function describeIssues(input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = [...issue.path, key];
        lines.push(`${fieldName(at)}: received ${quote(valueAt(input, at).value)}; allowed: no such field (unknown fields are refused)`);
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      const key = issue.path[issue.path.length - 1];
      const allowed = issue.issues.map((i) => i.message).join('; ');
      lines.push(`${fieldName(issue.path)}: received key ${quote(String(key))}; allowed: ${allowed}`);
      continue;
    }
    const { found, value } = valueAt(input, issue.path);
    if (!found || value === undefined) {
      const what = issue.code === 'invalid_type' ? `a ${issue.expected} (this field is required)` : issue.message;
      lines.push(`${fieldName(issue.path)}: received nothing (field missing); allowed: ${what}`);
    } else {
      lines.push(`${fieldName(issue.path)}: received ${quote(value)}; allowed: ${issue.message}`);
    }
  }
  return lines;
}

/** Validates an already-parsed config object; throws {@link ConfigError} listing every problem. */
export function parseConfig(input: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(input);
  const problems = result.success ? [] : describeIssues(input, result.error.issues);
  for (const p of crossFieldProblems(input)) {
    problems.push(`${fieldName(p.path)}: received ${quote(valueAt(input, p.path).value)}; allowed: ${p.allowed}`);
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(source, problems);
  return result.data;
}

/** Reads `config/<env>.json` (env from `SFU_ENV`, default `dev`) and validates it. */
export function loadConfig(env: string = process.env[CONFIG_ENV_VAR] || DEFAULT_ENVIRONMENT, dir: string = configDir()): Config {
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(env)) {
    throw new ConfigError(CONFIG_ENV_VAR, [`${CONFIG_ENV_VAR}: received ${quote(env)}; allowed: the name of a file in config/ without ".json"`]);
  }
  const file = path.join(dir, `${env}.json`);
  const source = path.relative(process.cwd(), file) || file;
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    const known = fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.slice(0, -5))
      : [];
    throw new ConfigError(source, [
      `${CONFIG_ENV_VAR}: received ${quote(env)}; allowed: one of ${known.map((k) => quote(k)).join(', ') || '(no config files found)'}`,
    ]);
  }
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch (e) {
    throw new ConfigError(source, [`(file): received text that is not JSON (${(e as Error).message}); allowed: a JSON object`]);
  }
  const config = parseConfig(input, source);
  if (config.environment !== env) {
    throw new ConfigError(source, [`environment: received ${quote(config.environment)}; allowed: ${quote(env)} (the file's name)`]);
  }
  return config;
}
