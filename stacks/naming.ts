/**
 * Names shared by the stacks: stack names (`<env>-<role>`), state keys, and
 * the rules that depend on the environment.
 */
import type { Config } from '../config/schema';

/** The roles of the stacks, in deploy order. */
export const STACK_ROLES = ['state', 'identity', 'backend', 'edge'] as const;
export type StackRole = (typeof STACK_ROLES)[number];

/** `<env>-<role>`, e.g. `dev-backend`: the stack's directory in `cdktf.out/stacks/`. */
export function stackName(config: Config, role: StackRole): string {
  return `${config.environment}-${role}`;
}

/** The S3 key of a stack's state: `<keyPrefix>/<stack>.tfstate`. */
export function stateKey(config: Config, stack: string): string {
  return `${config.state.keyPrefix}/${stack}.tfstate`;
}

/** The region of the edge stack: CloudFront, its WAF and Lambda@Edge live only in us-east-1. */
export { EDGE_REGION } from '../lib/resource-names';

/**
 * Whether the environment may be torn down freely: `dev`, or any environment
 * pointed at an emulator (`endpoints` set). Outside these, deletion
 * protection is on (Cognito, DynamoDB) and secrets keep a recovery window.
 */
export function isDisposable(config: Config): boolean {
  return config.environment === 'dev' || config.endpoints !== null;
}
