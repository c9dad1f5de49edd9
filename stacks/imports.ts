/**
 * Adopting existing resources: `config.imports` maps a resource of ours to
 * the id of an existing one, and the resource gets a Terraform `import`
 * block (`importFrom`). The plan then shows "will be imported" instead of
 * "will be created"; after the apply the resource is ours, at its usual
 * address. Terraform/OpenTofu >= 1.5 read import blocks, so a stack with
 * one says so in `required_version`.
 *
 * Synth note: cdktf's `importFrom` also adds a synth-time validation that
 * runs `terraform version` (or `$TERRAFORM_BINARY_NAME version`) and wants
 * >= 1.5: synthesizing a config with imports needs that binary on PATH.
 */
import { TerraformResource, type TerraformStack } from 'cdktf';
import { IMPORT_NAMES, type ImportName } from '../config/schema';
import type { SfuStack } from './base-stack';
import type { StackRole } from './naming';

/** Where each importable resource lives: its stack and its Terraform address. */
export const IMPORT_TARGETS: Readonly<Record<ImportName, { readonly role: StackRole; readonly address: string }>> = {
  userPool: { role: 'identity', address: 'aws_cognito_user_pool.users' },
  userPoolDomain: { role: 'identity', address: 'aws_cognito_user_pool_domain.users_domain' },
  apiFunction: { role: 'backend', address: 'aws_lambda_function.api_function' },
  apiLogGroup: { role: 'backend', address: 'aws_cloudwatch_log_group.api_log_group' },
  workerLogGroup: { role: 'backend', address: 'aws_cloudwatch_log_group.worker_log_group' },
  table: { role: 'backend', address: 'aws_dynamodb_table.books_table' },
  secret: { role: 'backend', address: 'aws_secretsmanager_secret.api_secret' },
  secretVersion: { role: 'backend', address: 'aws_secretsmanager_secret_version.api_secret_initial_version' },
  edgeLogGroup: { role: 'edge', address: 'aws_cloudwatch_log_group.edge_log_group' },
  wafLogGroup: { role: 'edge', address: 'aws_cloudwatch_log_group.waf_log_group' },
  webAcl: { role: 'edge', address: 'aws_wafv2_web_acl.waf' },
  stateBucket: { role: 'state', address: 'aws_s3_bucket.state_bucket' },
};

/** The Terraform versions that read `import` blocks. */
export const IMPORT_REQUIRED_VERSION = '>= 1.5';

/** Every resource of a stack by its address (`type.name`). */
export function resourcesByAddress(stack: TerraformStack): Map<string, TerraformResource> {
  const out = new Map<string, TerraformResource>();
  for (const c of stack.node.findAll()) {
    if (c instanceof TerraformResource) out.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
  }
  return out;
}

/**
 * Adds the import blocks of `config.imports` that belong to this stack.
 * Returns the addresses it imports into. Throws when a target is missing
 * (the config checks make that unreachable; this keeps the two in step).
 */
export function applyImports(stack: SfuStack): string[] {
  const imports = stack.config.imports as Partial<Record<ImportName, string>>;
  const mine = IMPORT_NAMES.filter((name) => imports[name] !== undefined && IMPORT_TARGETS[name].role === stack.role);
  if (mine.length === 0) return [];
  const byAddress = resourcesByAddress(stack);
  const done: string[] = [];
  for (const name of mine) {
    const { address } = IMPORT_TARGETS[name];
    const resource = byAddress.get(address);
    if (!resource) throw new Error(`imports.${name}: ${stack.stackName} has no ${address} to import into`);
    resource.importFrom(imports[name]!);
    done.push(address);
  }
  stack.addOverride('terraform.required_version', IMPORT_REQUIRED_VERSION);
  return done;
}
