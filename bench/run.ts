/**
 * `npm run bench [-- --json FILE] [--only synth,edge,bundle,api,chain]`
 *
 * Measures the project's speed and size figures, each beside its baseline in
 * the same run (the machines are noisy: ratios are what count), and prints
 * one Markdown table (figure, value, baseline, ratio, goal, met?) with the
 * machine line, ready to paste into the README. Progress goes to stderr.
 *
 * Exit codes: 0 every figure was measured (whether or not its goal is met);
 * 1 a measurement failed (its row says "error", the others are printed);
 * 2 bad flags. A missed goal is printed as "NO", never an exit code.
 *
 * The whole run takes about a minute and a half on 2 cores (under 3 minutes).
 * It must run from `dist/` (`npm run bench` builds first).
 */
import { describeLoopbackViolation, installLoopbackGuard } from '../local/loopback-guard';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load';
import type { Config } from '../config/schema';
import { measureApiOverhead } from './api-overhead';
import { measureChainLoad } from './chain-load';
import { measureEdgeBundle } from './edge-bundle';
import { measureEdgeCpu } from './edge-cpu';
import { renderReport, toJson, type Figure, type Machine } from './report';
import { measureSynth } from './synth';
import { repoRoot } from '../lib/repo-root';

export const SECTIONS = ['synth', 'edge', 'bundle', 'api', 'chain'] as const;
export type Section = (typeof SECTIONS)[number];

const USAGE = `usage: npm run bench -- [--json FILE] [--only ${SECTIONS.join(',')}]`;

/** The figures a section produces when it fails (so its rows still print, as errors). */
const PLACEHOLDERS: Record<Section, ReadonlyArray<Pick<Figure, 'id' | 'figure' | 'unit' | 'goal'>>> = {
  synth: [{ id: 'synth.wall', figure: 'Synth, whole app as a fresh process', unit: 'ms', goal: { kind: 'below', limit: 2000, text: '< 2 s' } }],
  edge: [
    {
      id: 'edge.cpu.sigv4',
      figure: 'Edge CPU/request, edge-sigv4 (verify + authorize + sign)',
      unit: 'us',
      goal: { kind: 'ratioAtMost', limit: 2, text: '≤ 2x floor' },
    },
    {
      id: 'edge.cpu.oac',
      figure: 'Edge CPU/request, oac (verify + authorize + body hash)',
      unit: 'us',
      goal: { kind: 'ratioAtMost', limit: 2, text: '≤ 2x floor' },
    },
  ],
  bundle: [
    {
      id: 'edge.bundle.bytes',
      figure: 'Edge bundle size (minified, config.json excluded)',
      unit: 'bytes',
      goal: { kind: 'below', limit: 100_000, text: '< 100 KB (100,000 B)' },
    },
    { id: 'edge.bundle.require', figure: 'Edge bundle cold require', unit: 'ms', goal: { kind: 'deltaBelow', limit: 10, text: '< 10 ms above empty module' } },
  ],
  api: [
    {
      id: 'api.overhead',
      figure: 'API handler CPU/request, GET /api/hello?name=x',
      unit: 'us',
      goal: { kind: 'ratioAtMost', limit: 1.2, text: '≤ 1.2x the plain adapter' },
    },
  ],
  chain: [
    {
      id: 'chain.throughput',
      figure: 'Local chain throughput, edge-sigv4, GET /api/hello',
      unit: 'req/s',
      goal: { kind: 'above', limit: 1500, text: '> 1,500 req/s on 2 cores' },
    },
  ],
};

/** Notes printed under the table: how to read it. */
const NOTES: readonly string[] = [
  'Medians of several repetitions; each figure alternates with its baseline in the same run. Edge ratios are medians of per-round ratios.',
  'Edge and API figures are CPU time (process.cpuUsage, user + system) per request in one warm process; log lines are serialised (edge) or below the level (API, ERROR) and not written.',
  'Edge floor = 1 RSA-2048 RS256 verify + 4 HMAC-SHA256 (signing key) + 1 HMAC (signature) + 2 SHA-256 (payload, canonical request). The same floor is used for oac, which does one HMAC (the claims MAC) and one SHA-256 (the body) instead of SigV4.',
  'Chain: autocannon in a child process on the same 2 cores, loopback, 2xx only; the direct figure reuses one pre-signed request per run (the stand-in still verifies each). Latencies have 1 ms resolution.',
  'Not measured here: Lambda and Lambda@Edge cold starts (init, package download), network hops (viewer -> edge location -> function URL region), TLS, WAF, and Lambda@Edge CPU speed (128 MB gets a fraction of a vCPU).',
];

export interface BenchFlags {
  readonly json?: string;
  readonly only: readonly Section[];
  readonly help: boolean;
}

/** Parses the flags; throws an Error naming the bad one. */
export function parseFlags(argv: readonly string[]): BenchFlags {
  const { values } = parseArgs({
    args: [...argv],
    options: { json: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  let only: Section[] = [...SECTIONS];
  if (values.only !== undefined) {
    const names = values.only
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
    if (names.length === 0 || bad.length > 0) throw new Error(`--only: received "${values.only}"; allowed: a comma-separated list of ${SECTIONS.join(', ')}`);
    only = SECTIONS.filter((s) => names.includes(s));
  }
  if (values.json !== undefined && values.json.trim() === '') throw new Error('--json: received ""; allowed: a file path');
  return { json: values.json, only, help: values.help ?? false };
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    loadAverage: os.loadavg()[0],
  };
}

async function runSection(section: Section, config: Config, root: string, progress: (l: string) => void): Promise<Figure[]> {
  switch (section) {
    case 'synth':
      return [await measureSynth({ root, repetitions: 5, minRepetitions: 3, budgetMs: 50_000, progress })];
    case 'edge':
      return measureEdgeCpu({ config, rounds: 7, handlerIterations: 1000, floorIterations: 3000, tokenPool: 256, progress });
    case 'bundle':
      return measureEdgeBundle({ config, root, repetitions: 15, progress });
    case 'api':
      return [await measureApiOverhead({ config, rounds: 7, iterations: 4000, progress })];
    case 'chain':
      return measureChainLoad({ config, runs: 3, durationSeconds: 5, warmupSeconds: 2, connections: 50, progress });
  }
}

export async function main(argv: string[]): Promise<number> {
  let flags: BenchFlags;
  try {
    flags = parseFlags(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const m = machine();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`bench: ${e instanceof ConfigError ? e.message : (e as Error).message}\n`);
    return 1;
  }
  const root = repoRoot();
  const progress = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  const figures: Figure[] = [];
  const errors: string[] = [];
  for (const section of flags.only) {
    try {
      figures.push(...(await runSection(section, config, root, progress)));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push(`${section}: ${message}`);
      progress(`${section} FAILED: ${message}`);
      figures.push(...PLACEHOLDERS[section].map((p) => ({ ...p, value: null, error: message })));
    }
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const notes = [...NOTES, ...errors.map((e) => `ERROR ${e}`), `Environment "${config.environment}"; whole bench ${totalSeconds.toFixed(0)} s.`];
  process.stdout.write(`${renderReport(m, figures, notes)}\n`);
  if (flags.json) {
    fs.writeFileSync(flags.json, `${JSON.stringify(toJson(m, figures, notes, totalSeconds), null, 2)}\n`);
    progress(`wrote ${flags.json}`);
  }
  return errors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  // Offline by construction: this process, like the function workers, connects to loopback only.
  installLoopbackGuard({ onViolation: (v) => process.stderr.write(`bench: refused a connection outside loopback: ${describeLoopbackViolation(v)}\n`) });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
