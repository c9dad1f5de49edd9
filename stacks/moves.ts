/**
 * Deliberate renames. A resource's address (`type.name`, from its construct
 * path: see base-stack.ts) is a contract; renaming a construct renames the
 * address, and Terraform would destroy the old resource and create a new one.
 * Record every rename here, in the stack it belongs to: the new resource
 * gets a `moved { from = <old>, to = <new> }` block (cdktf `moveFromId`), so
 * the plan shows "has moved to" and nothing is replaced. Then update
 * `__tests__/stacks/__addresses__/<env>.txt` in the same commit.
 *
 * Why `moveFromId` and not `moveTo`/`moveToId`: those are called on the OLD
 * resource, which must then stay in the code (cdktf leaves it out of the
 * output); a rename replaces the construct, so the new resource names its
 * old address instead. The `moved` block is the same.
 *
 * Keep an entry until every environment has applied it; a moved block whose
 * `from` no longer exists in any state is harmless.
 */
import type { SfuStack } from './base-stack';
import { resourcesByAddress } from './imports';
import type { StackRole } from './naming';

/** One rename. */
export interface ResourceMove {
  /** The address the resource had, e.g. "aws_dynamodb_table.table". */
  readonly from: string;
  /** Its address now, e.g. "aws_dynamodb_table.books_table". */
  readonly to: string;
  /** Why it moved (and since when), for the reviewer of the plan. */
  readonly reason: string;
}

/** Renames per stack. Empty: nothing has been renamed since the first release. */
export const MOVES: Readonly<Record<StackRole, readonly ResourceMove[]>> = {
  state: [],
  identity: [],
  backend: [],
  edge: [],
};

const ADDRESS = /^([a-z0-9_]+)\.([a-z_][a-z0-9_-]*)$/;

/** Emits a `moved` block for each rename of this stack; throws on a move that cannot be right. */
export function applyMoves(stack: SfuStack, moves: readonly ResourceMove[] = MOVES[stack.role]): void {
  if (moves.length === 0) return;
  const byAddress = resourcesByAddress(stack);
  for (const m of moves) {
    const from = ADDRESS.exec(m.from);
    if (!from) throw new Error(`${stack.stackName}: moved from ${JSON.stringify(m.from)}: not a resource address (type.name)`);
    const target = byAddress.get(m.to);
    if (!target) throw new Error(`${stack.stackName}: moved to ${m.to}, which this stack does not have`);
    if (byAddress.has(m.from)) throw new Error(`${stack.stackName}: moved from ${m.from}, which this stack still has`);
    if (from[1] !== target.terraformResourceType) {
      throw new Error(`${stack.stackName}: moved from ${m.from} to ${m.to}: a moved block cannot change the resource type`);
    }
    target.moveFromId(m.from);
  }
}
