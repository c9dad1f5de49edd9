/**
 * Emulator settings (moto, LocalStack): when `config.endpoints` is set, every
 * AWS provider, the S3 backend and every remote state point at one URL.
 */
import type { Config } from '../config/schema';

/** The settings an emulator run needs, with the URL resolved. */
export interface EmulatorSettings {
  /** Base URL, e.g. "http://127.0.0.1:5000". */
  readonly url: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const URL_PATTERN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/**
 * The emulator of this config, or undefined for real AWS. The environment
 * variable named by `endpoints.urlFromEnv` (default `SFU_EMULATOR_URL`)
 * overrides `endpoints.url` at synth time.
 */
export function emulatorSettings(config: Config): EmulatorSettings | undefined {
  const e = config.endpoints;
  if (!e) return undefined;
  const fromEnv = process.env[e.urlFromEnv];
  const url = fromEnv && fromEnv.length > 0 ? fromEnv.replace(/\/+$/, '') : e.url;
  if (!URL_PATTERN.test(url)) {
    throw new Error(`${e.urlFromEnv}: received ${JSON.stringify(fromEnv)}; allowed: a base URL such as "http://127.0.0.1:5000"`);
  }
  return { url, accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey };
}

/**
 * The AWS services this project calls, by their provider `endpoints` key.
 * Every aws provider (each region and alias) gets all of them when an
 * emulator is configured.
 */
export const EMULATED_SERVICES = [
  'acm',
  'cloudfront',
  // CloudWatch alarms and dashboards (config alarms).
  'cloudwatch',
  'cognitoidp',
  'dynamodb',
  'iam',
  'kms',
  'lambda',
  'logs',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'sts',
  'wafv2',
  'xray',
] as const;

/**
 * Whether resource policies deny plain-HTTP requests (`aws:SecureTransport =
 * false`). Always, except against an emulator: it speaks plain HTTP, so the
 * deny would lock Terraform itself out of the state bucket. Real AWS
 * environments never set `endpoints`.
 */
export function denyInsecureTransport(config: Config): boolean {
  return config.endpoints === null;
}
