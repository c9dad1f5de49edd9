/**
 * The base of every stack: readable, stable Terraform addresses.
 *
 * cdktf's default logical ids append a hash of the construct path
 * (`aws_lambda_function.api_function_A1B2C3D4`). Here a resource's name is
 * its construct path below the stack, lower-cased, joined with `_`, with
 * path components named `resource` or `default` left out (the aws-cdk
 * convention for "the main resource of this construct"):
 *
 *     BackendStack / api (NodeFunction) / function  ->  aws_lambda_function.api_function
 *     BackendStack / api / log_group                ->  aws_cloudwatch_log_group.api_log_group
 *
 * These addresses are a public contract (Atlantis plans, `moved` and `import`
 * blocks, state surgery). Renaming a construct id renames the address, which
 * Terraform would plan as destroy + create: ship every rename with a `moved`
 * block (`resource.moveTo(...)` / `moveToId(...)` in cdktf).
 */
import {
  TerraformDataSource,
  TerraformLocal,
  TerraformOutput,
  TerraformRemoteState,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  type TerraformElement,
} from 'cdktf';
import type { Construct, Node } from 'constructs';
import type { Config } from '../config/schema';
import { stackName, type StackRole } from './naming';

/** Construct ids hidden from addresses (the construct's main resource). */
const HIDDEN_IDS = new Set(['resource', 'default']);

/** Turns construct path components into a Terraform name (`api_function`). */
export function addressName(components: readonly string[]): string {
  const parts = components
    .filter((c) => !HIDDEN_IDS.has(c.toLowerCase()))
    .map((c) =>
      c
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/^_+|_+$/g, ''),
    )
    .filter((c) => c.length > 0);
  return parts.join('_');
}

/** Props of every stack. */
export interface SfuStackProps {
  /** The validated configuration of the environment. */
  readonly config: Config;
}

/** A stack named `<env>-<role>` whose elements have path-derived addresses. */
export abstract class SfuStack extends TerraformStack {
  readonly config: Config;
  readonly role: StackRole;
  /** `<env>-<role>`. */
  readonly stackName: string;
  private readonly allocated = new Map<string, string>();

  protected constructor(scope: Construct, role: StackRole, props: SfuStackProps) {
    super(scope, stackName(props.config, role));
    this.config = props.config;
    this.role = role;
    this.stackName = stackName(props.config, role);
  }

  /**
   * Path-derived logical ids without a hash. Throws when two different
   * constructs would get the same name (e.g. ids `log-group` and `log_group`
   * side by side), so a collision is caught at synth, never in a plan.
   */
  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node: Node = 'cdktfStack' in tfElement ? (tfElement as TerraformElement).node : (tfElement as Node);
    const scopes = node.scopes;
    const components = scopes.slice(scopes.indexOf(this) + 1).map((c) => c.node.id);
    if (components.length === 0) return '';
    const name = addressName(components);
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      throw new Error(`${this.stackName}: construct path ${node.path} gives an invalid Terraform name ${JSON.stringify(name)}`);
    }
    const key = `${tfElementKind(tfElement)}:${name}`;
    const previous = this.allocated.get(key);
    if (previous !== undefined && previous !== node.path) {
      throw new Error(`${this.stackName}: constructs ${previous} and ${node.path} both map to the address name ${name}; rename one`);
    }
    this.allocated.set(key, node.path);
    return name;
  }
}

/** Terraform's namespace of an element: names must be unique within it. */
function tfElementKind(e: TerraformElement | Node): string {
  if (e instanceof TerraformResource) return `resource.${e.terraformResourceType}`;
  if (e instanceof TerraformDataSource) return `data.${e.terraformResourceType}`;
  if (e instanceof TerraformRemoteState) return 'data.terraform_remote_state';
  if (e instanceof TerraformOutput) return 'output';
  if (e instanceof TerraformLocal) return 'local';
  if (e instanceof TerraformVariable) return 'variable';
  return `element.${e.constructor.name}`;
}
