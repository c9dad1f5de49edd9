/**
 * Test helpers: build one environment's stacks and read each stack's
 * synthesized Terraform JSON. Synthesizing is the slow part, so suites call
 * these once per describe (beforeAll) and share the result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { parseConfig } from '../../config/load';
import type { Config } from '../../config/schema';
import { buildApp, type AppStacks } from '../../stacks/app';

/** A synthesized stack (cdk.tf.json), loosely typed for assertions. */
export type TfJson = {
  terraform: Record<string, any>;
  provider: Record<string, any[]>;
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  locals?: Record<string, unknown>;
  [key: string]: unknown;
};

const CONFIG_DIR = path.join(__dirname, '..', '..', 'config');

/** The raw JSON of `config/<env>.json`. */
export function rawConfig(env: string): any {
  return JSON.parse(fs.readFileSync(path.join(CONFIG_DIR, `${env}.json`), 'utf8'));
}

/** `config/<env>.json`, validated, with `change` applied to the raw JSON first. */
export function testConfig(env = 'dev', change: (raw: any) => void = () => {}): Config {
  const raw = rawConfig(env);
  change(raw);
  return parseConfig(raw, `config/${env}.json (test)`);
}

/** Parses `Testing.synth(stack)`. */
export function synthJson(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

export interface SynthedApp {
  readonly stacks: AppStacks;
  /** Throws when the config brings its own state bucket (no `<env>-state` stack). */
  readonly state: TfJson;
  readonly identity: TfJson;
  readonly backend: TfJson;
  readonly edge: TfJson;
}

/** Builds every stack of `config` in a fresh test app and synthesizes each. */
export function synthApp(config: Config): SynthedApp {
  const app = Testing.app();
  const stacks = buildApp(app, config);
  const state = stacks.state ? synthJson(stacks.state) : undefined;
  return {
    stacks,
    get state(): TfJson {
      if (!state) throw new Error('no <env>-state stack: the config sets existing.stateBucket');
      return state;
    },
    identity: synthJson(stacks.identity),
    backend: synthJson(stacks.backend),
    edge: synthJson(stacks.edge),
  };
}

/** Every resource of `type` in a stack, by name. */
export function resources(json: TfJson, type: string): Record<string, any> {
  return json.resource[type] ?? {};
}

/** The one resource `type.name`; fails clearly when absent. */
export function resource(json: TfJson, type: string, name: string): any {
  const r = json.resource[type]?.[name];
  if (!r) throw new Error(`no ${type}.${name}; have ${Object.keys(json.resource[type] ?? {}).join(', ') || 'none of that type'}`);
  return r;
}

/** The one data source `data.type.name`. */
export function dataSource(json: TfJson, type: string, name: string): any {
  const d = json.data?.[type]?.[name];
  if (!d) throw new Error(`no data.${type}.${name}; have ${Object.keys(json.data?.[type] ?? {}).join(', ') || 'none of that type'}`);
  return d;
}

/** Resolves `${data.aws_iam_policy_document.<name>.json}` to that document's statements. */
export function policyStatements(json: TfJson, reference: string): any[] {
  const m = /^\$\{data\.aws_iam_policy_document\.([a-z0-9_]+)\.json\}$/.exec(reference);
  if (!m) throw new Error(`not a policy document reference: ${reference}`);
  return dataSource(json, 'aws_iam_policy_document', m[1]).statement;
}

/** Every address (`type.name`, `data.type.name`, `output.name`) of a stack, sorted. */
export function addresses(json: TfJson): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const name of Object.keys(byName)) out.push(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const name of Object.keys(byName)) out.push(`data.${type}.${name}`);
  for (const name of Object.keys(json.output ?? {})) out.push(`output.${name}`);
  return out.sort();
}
