/**
 * Builds every stack of one environment and their deploy order:
 * `<env>-state` first, then `<env>-identity` and `<env>-backend`, then
 * `<env>-edge`. Values cross stacks only through named outputs read with
 * remote state; `addDependency` orders them (cdktf deploy, Atlantis).
 *
 * With `existing.stateBucket` the `<env>-state` stack is not synthesized at
 * all (no empty project in cdktf.out, the manifest or atlantis.yaml); the
 * others keep their state in that bucket as usual. Last, each stack gets
 * its `moved` blocks (stacks/moves.ts) and `import` blocks (config.imports).
 */
import type { App } from 'cdktf';
import type { Config } from '../config/schema';
import { BackendStack, type BackendEntries } from './backend-stack';
import { EdgeStack } from './edge-stack';
import { IdentityStack } from './identity-stack';
import { applyImports } from './imports';
import { applyMoves } from './moves';
import { StateStack } from './state-stack';

/** The stacks of one environment. */
export interface AppStacks {
  /** Undefined when the config brings its own state bucket (`existing.stateBucket`). */
  readonly state?: StateStack;
  readonly identity: IdentityStack;
  readonly backend: BackendStack;
  readonly edge: EdgeStack;
}

/** Options for tests. */
export interface BuildAppOptions {
  /**
   * Handler entries of the backend.
   * @default the real handlers
   */
  readonly backendEntries?: BackendEntries;
}

export function buildApp(app: App, config: Config, options: BuildAppOptions = {}): AppStacks {
  const state = config.existing.stateBucket ? undefined : new StateStack(app, { config });
  const identity = new IdentityStack(app, { config });
  const backend = new BackendStack(app, { config, entries: options.backendEntries });
  const edge = new EdgeStack(app, { config });
  if (state) {
    identity.addDependency(state);
    backend.addDependency(state);
  }
  edge.addDependency(identity);
  edge.addDependency(backend);
  for (const stack of [state, identity, backend, edge]) {
    if (!stack) continue;
    applyMoves(stack);
    applyImports(stack);
  }
  return { state, identity, backend, edge };
}
