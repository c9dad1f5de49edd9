/**
 * The figures `npm run bench` measures, and how they become table rows and
 * JSON. Pure: no clocks and no I/O (tested in __tests__/bench/report.test.ts).
 */
import {
  formatBytes,
  formatDeltaMillis,
  formatInteger,
  formatMicros,
  formatMillis,
  formatRate,
  formatRatio,
  formatTable,
  goalMet,
  type Goal,
  type TableRow,
} from './stats';

/** The unit of a figure's value and baseline. */
export type Unit = 'us' | 'ms' | 'bytes' | 'req/s';

/** A goal with the words printed for it. */
export type StatedGoal = Goal & { readonly text: string };

/** One measured figure (medians of several repetitions unless said otherwise). */
export interface Figure {
  /** Stable key for the JSON output, e.g. "synth.wall". */
  readonly id: string;
  /** What is measured, as printed in the table. */
  readonly figure: string;
  readonly unit: Unit;
  /** Null when it could not be measured (see `error`). */
  readonly value: number | null;
  /** The figure measured beside it in the same run, if any. */
  readonly baseline?: number | null;
  /** What the baseline is, e.g. "1-stack app, provider-aws root import". */
  readonly baselineLabel?: string;
  /** value / baseline, or the median of per-repetition ratios when given. */
  readonly ratio?: number | null;
  readonly goal?: StatedGoal;
  /** Raw per-repetition samples, for the JSON output. */
  readonly samples?: { readonly value: readonly number[]; readonly baseline?: readonly number[] };
  /** Set when the measurement failed. */
  readonly error?: string;
}

/** The ratio of a figure: the given one, else value / baseline when both are known. */
export function ratioOf(f: Figure): number | undefined {
  if (f.ratio !== undefined && f.ratio !== null) return f.ratio;
  if (f.value === null || f.baseline === undefined || f.baseline === null || !(f.baseline > 0)) return undefined;
  return f.value / f.baseline;
}

/** Whether the figure meets its goal; undefined without a goal or a value. */
export function metOf(f: Figure): boolean | undefined {
  if (!f.goal || f.value === null) return undefined;
  if (f.goal.kind === 'ratioAtMost') {
    const r = ratioOf(f);
    return r === undefined ? undefined : r <= f.goal.limit;
  }
  if (f.goal.kind === 'deltaBelow' && (f.baseline === undefined || f.baseline === null)) return undefined;
  return goalMet(f.goal, f.value, f.baseline ?? undefined);
}

/** A value in the figure's unit, formatted. */
export function formatValue(unit: Unit, n: number): string {
  switch (unit) {
    case 'us':
      return formatMicros(n);
    case 'ms':
      return formatMillis(n);
    case 'bytes':
      return formatBytes(n);
    case 'req/s':
      return formatRate(n);
  }
}

/** A difference in the figure's unit, signed. */
export function formatDelta(unit: Unit, n: number): string {
  switch (unit) {
    case 'us':
      return formatDeltaMillis(n / 1000);
    case 'ms':
      return formatDeltaMillis(n);
    case 'bytes':
      return `${n < 0 ? '-' : '+'}${formatInteger(Math.abs(n))} B`;
    case 'req/s':
      return `${n < 0 ? '-' : '+'}${formatRate(Math.abs(n))}`;
  }
}

const NONE = '—';

/** The table row of a figure. */
export function toRow(f: Figure): TableRow {
  if (f.error !== undefined || f.value === null) {
    return { figure: f.figure, value: 'not measured', baseline: f.baselineLabel ?? NONE, ratio: NONE, goal: f.goal?.text ?? NONE, met: 'error' };
  }
  const hasBaseline = f.baseline !== undefined && f.baseline !== null;
  const baseline = hasBaseline ? `${formatValue(f.unit, f.baseline as number)}${f.baselineLabel ? ` (${f.baselineLabel})` : ''}` : NONE;
  const r = ratioOf(f);
  let ratio = r === undefined ? NONE : formatRatio(r);
  if (hasBaseline && f.goal?.kind === 'deltaBelow') ratio += ` (${formatDelta(f.unit, f.value - (f.baseline as number))})`;
  const met = metOf(f);
  return {
    figure: f.figure,
    value: formatValue(f.unit, f.value),
    baseline,
    ratio,
    goal: f.goal?.text ?? NONE,
    met: met === undefined ? NONE : met ? 'yes' : 'NO',
  };
}

/** Facts about the machine a run happened on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  /** ISO 8601. */
  readonly date: string;
  /** 1-minute load average when the run started (how busy the machine was). */
  readonly loadAverage: number;
}

/** "Machine: <cpu>, 2 cores, Node v20.20.2, linux x64, 2025-01-01T00:00:00Z (load average 1.23 at start)". */
export function machineLine(m: Machine): string {
  return `Machine: ${m.cpu}, ${m.cores} core${m.cores === 1 ? '' : 's'}, Node ${m.node}, ${m.platform}, ${m.date} (1-min load average ${m.loadAverage.toFixed(2)} at start)`;
}

/** The whole printed report: machine line, table, then the notes as a list. */
export function renderReport(machine: Machine, figures: readonly Figure[], notes: readonly string[]): string {
  const lines = [machineLine(machine), '', formatTable(figures.map(toRow))];
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

/** The JSON written by `--json FILE`. */
export function toJson(machine: Machine, figures: readonly Figure[], notes: readonly string[], totalSeconds: number): unknown {
  return {
    machine,
    totalSeconds: Math.round(totalSeconds * 10) / 10,
    figures: figures.map((f) => ({
      id: f.id,
      figure: f.figure,
      unit: f.unit,
      value: f.value,
      baseline: f.baseline ?? null,
      baselineLabel: f.baselineLabel ?? null,
      ratio: ratioOf(f) ?? null,
      goal: f.goal ? { kind: f.goal.kind, limit: f.goal.limit, text: f.goal.text } : null,
      met: metOf(f) ?? null,
      samples: f.samples ?? null,
      error: f.error ?? null,
    })),
    notes,
  };
}
