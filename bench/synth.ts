/**
 * Figure 1: synth wall time of the whole app as a fresh process
 * (`node dist/main.js`, every stack of the environment) beside a one-stack
 * baseline app that imports `@cdktf/provider-aws` from its package root
 * (./baseline-app.ts). Both write to a fresh temporary `CDKTF_OUTDIR`
 * (`new App()` reads it), run alternately, after one untimed run each (so
 * both see a warm file cache). On a busy machine it stops early (never
 * under `minRepetitions` pairs) to keep the whole bench under 3 minutes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Figure } from './report';
import { firstLines, runNode } from './proc';
import { median } from './stats';

export interface SynthOptions {
  /** The repository root (where `dist/` is). */
  readonly root: string;
  /** At most this many alternating pairs (app, baseline)... */
  readonly repetitions: number;
  /** ...and at least this many, stopping early once `budgetMs` has passed (a busy machine). */
  readonly minRepetitions: number;
  readonly budgetMs: number;
  readonly progress: (line: string) => void;
}

async function synthOnce(root: string, script: string): Promise<{ ms: number; stacks: string[] }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-bench-synth-'));
  try {
    const r = await runNode([script], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`node ${script} exited with ${r.code ?? r.signal}: ${firstLines(r.stderr || r.stdout)}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, unknown> };
    return { ms: r.wallMs, stacks: Object.keys(manifest.stacks ?? {}) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export async function measureSynth(o: SynthOptions): Promise<Figure> {
  const app = path.join('dist', 'main.js');
  const baseline = path.join('dist', 'bench', 'baseline-app.js');
  for (const f of [app, baseline]) if (!fs.existsSync(path.join(o.root, f))) throw new Error(`${f} is missing: run npm run build first`);
  const started = performance.now();
  o.progress('synth: warm-up (one untimed run each)');
  const { stacks } = await synthOnce(o.root, app);
  await synthOnce(o.root, baseline);
  const appMs: number[] = [];
  const baseMs: number[] = [];
  for (let i = 0; i < o.repetitions; i++) {
    // Alternate which goes first, so a drift in machine load hits both alike.
    const order = i % 2 === 0 ? [app, baseline] : [baseline, app];
    for (const script of order) {
      const { ms } = await synthOnce(o.root, script);
      (script === app ? appMs : baseMs).push(ms);
    }
    o.progress(`synth: ${i + 1}/${o.repetitions}`);
    if (i + 1 >= o.minRepetitions && performance.now() - started > o.budgetMs) {
      o.progress(`synth: stopping after ${i + 1} pairs (time budget of ${o.budgetMs / 1000} s used)`);
      break;
    }
  }
  return {
    id: 'synth.wall',
    figure: `Synth, whole app as a fresh process (${stacks.length} stacks: ${stacks.join(', ')})`,
    unit: 'ms',
    value: median(appMs),
    baseline: median(baseMs),
    baselineLabel: '1-stack app, provider-aws root import',
    goal: { kind: 'below', limit: 2000, text: '< 2 s' },
    samples: { value: appMs, baseline: baseMs },
  };
}
