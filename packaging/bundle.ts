/**
 * Bundles a handler with esbuild at synth time (the aws-cdk NodejsFunction
 * approach): one minified CommonJS file, no source map, no legal comments.
 *
 * Determinism: the build runs with `absWorkingDir` = the repository root and
 * a repo-relative entry, so no absolute path of this machine reaches the
 * output; esbuild is deterministic for the same inputs and version
 * (esbuild 0.28.2 is pinned in package-lock.json).
 */
import * as esbuild from 'esbuild';
import { repoRelative, repoRoot } from './paths';

/** Options of one bundle. */
export interface BundleProps {
  /** The entry file, relative to the repository root (e.g. `lambdas/api/handler.ts`). */
  readonly entry: string;
  /**
   * esbuild target.
   * @default "node20" (runs on the nodejs20.x, nodejs22.x and nodejs24.x runtimes)
   */
  readonly target?: string;
  /**
   * Modules left out of the bundle (resolved by the runtime).
   * @default [] (everything is bundled, including the AWS SDK, so the tested versions ship)
   */
  readonly external?: readonly string[];
  /**
   * Compile-time constants (esbuild `define`), values are JS source text.
   * @default {}
   */
  readonly define?: Readonly<Record<string, string>>;
}

/** A finished bundle. */
export interface Bundle {
  /** The repo-relative entry it was built from. */
  readonly entry: string;
  /** The bundled JavaScript (`index.js`). */
  readonly code: Uint8Array;
}

const cache = new Map<string, Bundle>();

/** The esbuild options used for every handler bundle (exported for tests). */
export function esbuildOptions(props: BundleProps): esbuild.BuildOptions {
  return {
    entryPoints: [repoRelative(props.entry)],
    absWorkingDir: repoRoot(),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: props.target ?? 'node20',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    external: [...(props.external ?? [])],
    define: { ...(props.define ?? {}) },
    // esbuild needs an output name even with write: false; it never touches disk.
    outfile: 'index.js',
    write: false,
    logLevel: 'silent',
    metafile: false,
  };
}

/**
 * Bundles `props.entry`. Memoized per process: tests synthesize many stacks,
 * and each handler is bundled once.
 */
export function bundle(props: BundleProps): Bundle {
  const entry = repoRelative(props.entry);
  const key = JSON.stringify({ ...props, entry });
  const hit = cache.get(key);
  if (hit) return hit;
  let result: esbuild.BuildResult;
  try {
    result = esbuild.buildSync(esbuildOptions(props));
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    const details = (failure.errors ?? [])
      .map((m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`)
      .join('\n  ');
    throw new Error(`packaging: esbuild failed for ${entry}${details ? `:\n  ${details}` : `: ${(e as Error).message}`}`, { cause: e });
  }
  const out = result.outputFiles?.find((f) => f.path.endsWith('index.js'));
  if (!out) throw new Error(`packaging: esbuild produced no index.js for ${entry}`);
  const made: Bundle = { entry, code: out.contents };
  cache.set(key, made);
  return made;
}
