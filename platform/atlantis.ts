/**
 * Generates `atlantis.yaml` from cdktf's `cdktf.out/manifest.json`: one
 * Atlantis project per synthesized stack, ordered by the stacks'
 * dependencies (`depends_on` and `execution_order_group`), autoplanned when
 * that stack's `cdk.tf.json` changes, or any source it is synthesized from.
 *
 * Why the sources too: Atlantis matches `when_modified` against the files
 * a pull request changes. When `cdktf.out` is generated on the server (a
 * pre-workflow hook runs the synth) it is never part of the diff, so
 * `cdk.tf.json` alone would never trigger an autoplan; a change of a stack,
 * construct, handler or config file does. (When `cdktf.out` is committed,
 * `cdk.tf.json` matches as well.)
 */
import * as path from 'node:path';
import { stringify } from 'yaml';

/** The part of cdktf's manifest.json this generator reads. */
export interface CdktfManifest {
  readonly version: string;
  readonly stacks: Readonly<Record<string, { readonly name: string; readonly workingDirectory: string; readonly dependencies: readonly string[] }>>;
}

/**
 * What the stacks are synthesized from, relative to the repository root:
 * a change of any of these may change any stack.
 */
export const DEFAULT_SOURCE_PATTERNS = [
  'cdktf.json',
  'main.ts',
  'package-lock.json',
  'config/*.json',
  'constructs/**/*.ts',
  'edge/**/*.ts',
  'lambdas/**/*.ts',
  'lib/**/*.ts',
  'packaging/**/*.ts',
  // The web app's deep-link CloudFront Function, uploaded as is (edge.webApp).
  'packaging/**/*.js',
  'stacks/**/*.ts',
  // The web app, built at synth into the edge stack's S3 objects (edge.webApp).
  'web/**/*',
] as const;

export interface AtlantisOptions {
  /** The synth output directory relative to the repository root. @default "cdktf.out" */
  readonly outDir?: string;
  /** The custom workflow name the server-side repo config defines. @default "cdktf" */
  readonly workflow?: string;
  /**
   * Source files (globs relative to the repository root) whose change autoplans every project.
   * @default DEFAULT_SOURCE_PATTERNS
   */
  readonly sourcePatterns?: readonly string[];
}

export interface AtlantisProject {
  readonly name: string;
  readonly dir: string;
  readonly workflow: string;
  readonly autoplan: { readonly enabled: true; readonly when_modified: readonly string[] };
  readonly depends_on?: readonly string[];
  readonly execution_order_group: number;
}

export interface AtlantisConfig {
  readonly version: 3;
  readonly automerge: false;
  readonly parallel_plan: true;
  readonly parallel_apply: false;
  readonly projects: readonly AtlantisProject[];
}

/** Thrown for a manifest Atlantis cannot order (a cycle, or a dependency on a missing stack). */
export class StackOrderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackOrderError';
  }
}

/** Thrown for options atlantis.yaml cannot express (e.g. an output directory outside the repository). */
export class AtlantisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AtlantisInputError';
  }
}

/**
 * Each stack's execution order group: 0 for stacks without dependencies,
 * otherwise one more than its deepest dependency. Refuses cycles, naming them.
 */
export function orderGroups(manifest: CdktfManifest): Map<string, number> {
  const groups = new Map<string, number>();
  const visiting: string[] = [];
  const visit = (name: string): number => {
    const known = groups.get(name);
    if (known !== undefined) return known;
    const stack = manifest.stacks[name];
    if (!stack)
      throw new StackOrderError(`stack ${JSON.stringify(visiting[visiting.length - 1])} depends on ${JSON.stringify(name)}, which is not in the manifest`);
    const at = visiting.indexOf(name);
    if (at !== -1) throw new StackOrderError(`dependency cycle between stacks: ${[...visiting.slice(at), name].join(' -> ')}`);
    visiting.push(name);
    const group = stack.dependencies.reduce((deepest, dep) => Math.max(deepest, visit(dep) + 1), 0);
    visiting.pop();
    groups.set(name, group);
    return group;
  };
  for (const name of Object.keys(manifest.stacks).sort()) visit(name);
  return groups;
}

/** The atlantis.yaml content as an object, projects in execution order then name. */
export function atlantisConfig(manifest: CdktfManifest, options: AtlantisOptions = {}): AtlantisConfig {
  const outDir = options.outDir ?? 'cdktf.out';
  const workflow = options.workflow ?? 'cdktf';
  const sources = options.sourcePatterns ?? DEFAULT_SOURCE_PATTERNS;
  if (path.posix.isAbsolute(outDir) || outDir.split('/').includes('..')) {
    throw new AtlantisInputError(`the output directory must be inside the repository, relative to its root (got ${JSON.stringify(outDir)})`);
  }
  const groups = orderGroups(manifest);
  const names = Object.keys(manifest.stacks).sort((a, b) => groups.get(a)! - groups.get(b)! || a.localeCompare(b));
  return {
    version: 3,
    automerge: false,
    parallel_plan: true,
    parallel_apply: false,
    projects: names.map((name) => {
      const stack = manifest.stacks[name];
      const deps = [...stack.dependencies].sort();
      const dir = path.posix.join(outDir, stack.workingDirectory);
      // Patterns are relative to the project directory.
      const toRoot = dir
        .split('/')
        .map(() => '..')
        .join('/');
      return {
        name,
        dir,
        workflow,
        autoplan: { enabled: true, when_modified: ['cdk.tf.json', ...sources.map((p) => `${toRoot}/${p}`)] },
        ...(deps.length > 0 ? { depends_on: deps } : {}),
        execution_order_group: groups.get(name)!,
      };
    }),
  };
}

/** Renders the config as YAML with a header that says it is generated. */
export function renderAtlantisYaml(config: AtlantisConfig): string {
  return `# Generated by \`npm run atlantis\` from cdktf.out/manifest.json. Do not edit by hand.\n${stringify(config, { lineWidth: 0 })}`;
}
