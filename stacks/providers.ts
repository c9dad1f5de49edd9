/**
 * Provider configuration shared by every stack: the AWS provider (default
 * tags, emulator endpoints) and the version pins of every provider used.
 */
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { HttpProvider } from '@cdktf/provider-http/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Config } from '../config/schema';
import { EMULATED_SERVICES, emulatorSettings } from './emulator';

/**
 * `required_providers` version constraints. The @cdktf bindings write the
 * exact version they were generated from (aws 6.25.0, archive 2.7.x,
 * http 3.5.x); these overrides replace them:
 * - aws `>= 6.29, < 7`: `aws_lambda_permission.invoked_via_function_url`
 *   (the second function-URL permission) exists from 6.29.0;
 * - archive `~> 2.7` and http `~> 3.5`: any later release of their major.
 */
export const PROVIDER_CONSTRAINTS = {
  aws: '>= 6.29, < 7',
  archive: '~> 2.7',
  http: '~> 3.5',
} as const;

type PinnedProvider = keyof typeof PROVIDER_CONSTRAINTS;

/** Overrides the binding's version constraint of `name` in the stack of `scope`. */
export function pinProvider(scope: Construct, name: PinnedProvider): void {
  TerraformStack.of(scope).addOverride(`terraform.required_providers.${name}.version`, PROVIDER_CONSTRAINTS[name]);
}

/** Options of {@link awsProvider}. */
export interface AwsProviderOptions {
  /** Region of the provider. */
  readonly region: string;
  /**
   * Provider alias; resources pick it with `provider:`.
   * @default undefined (the default provider of the stack)
   */
  readonly alias?: string;
}

/**
 * An AWS provider with `default_tags` from `config.tags` and, when the config
 * has `endpoints`, every service used by this project pointed at the
 * emulator with the checks an emulator cannot answer skipped.
 */
export function awsProvider(scope: Construct, id: string, config: Config, options: AwsProviderOptions): AwsProvider {
  pinProvider(scope, 'aws');
  const tags = Object.keys(config.tags).length > 0 ? [{ tags: sortedRecord(config.tags) }] : undefined;
  const emulator = emulatorSettings(config);
  const emulated: Partial<AwsProviderConfig> = emulator
    ? {
        endpoints: [Object.fromEntries(EMULATED_SERVICES.map((s) => [s, emulator.url]))],
        accessKey: emulator.accessKeyId,
        secretKey: emulator.secretAccessKey,
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: 'true',
        s3UsePathStyle: true,
      }
    : {};
  return new AwsProvider(scope, id, {
    region: options.region,
    alias: options.alias,
    defaultTags: tags,
    ...emulated,
  });
}

/** The archive provider (plan-time zips), pinned. */
export function archiveProvider(scope: Construct, id = 'archive'): ArchiveProvider {
  pinProvider(scope, 'archive');
  return new ArchiveProvider(scope, id, {});
}

/** The http provider (plan-time JWKS fetch), pinned. */
export function httpProvider(scope: Construct, id = 'http'): HttpProvider {
  pinProvider(scope, 'http');
  return new HttpProvider(scope, id, {});
}

/** A copy of `record` with keys in byte order (stable JSON). */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}
