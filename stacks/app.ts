/**
 * Builds every stack of one environment and their deploy order:
 * `<env>-state` first, then `<env>-identity` and `<env>-backend`, then
 * `<env>-edge`. Values cross stacks only through named outputs read with
 * remote state; `addDependency` orders them (cdktf deploy, Atlantis).
 */
import type { App } from 'cdktf';
import type { Config } from '../config/schema';
import { BackendStack, type BackendEntries } from './backend-stack';
import { EdgeStack } from './edge-stack';
import { IdentityStack } from './identity-stack';
import { StateStack } from './state-stack';

/** The stacks of one environment. */
export interface AppStacks {
  readonly state: StateStack;
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
  const state = new StateStack(app, { config });
  const identity = new IdentityStack(app, { config });
  const backend = new BackendStack(app, { config, entries: options.backendEntries });
  const edge = new EdgeStack(app, { config });
  identity.addDependency(state);
  backend.addDependency(state);
  edge.addDependency(identity);
  edge.addDependency(backend);
  return { state, identity, backend, edge };
}
