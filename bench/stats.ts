/**
 * Pure helpers of `npm run bench`: statistics, goal checks, number formatting
 * and the table. No clocks and no I/O here, so they are unit-tested with
 * hand-computed expectations (__tests__/bench/stats.test.ts).
 */

/** The median of the samples (the mean of the two middle ones for an even count). Throws for none. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median: no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The p-th percentile (0-100) by linear interpolation between closest ranks
 * (rank = p/100 * (n - 1), as numpy's default). Throws for no samples or p
 * out of range.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile: no samples');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p must be within 0..100, received ${p}`);
  const s = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

/** Smallest and largest sample. */
export function range(samples: readonly number[]): { min: number; max: number } {
  if (samples.length === 0) throw new Error('range: no samples');
  return { min: Math.min(...samples), max: Math.max(...samples) };
}

/**
 * A goal a figure is checked against. `value` is the figure, `baseline` the
 * figure it was measured beside.
 * - `below`: value < limit (e.g. synth under 2 s, bundle under 100 KB);
 * - `above`: value > limit (throughput);
 * - `ratioAtMost`: value / baseline <= limit ("within 2x the floor");
 * - `deltaBelow`: value - baseline < limit ("under 10 ms above the empty module").
 */
export type Goal =
  | { readonly kind: 'below'; readonly limit: number }
  | { readonly kind: 'above'; readonly limit: number }
  | { readonly kind: 'ratioAtMost'; readonly limit: number }
  | { readonly kind: 'deltaBelow'; readonly limit: number };

/** Whether the goal is met; `baseline` is needed for the ratio and delta goals. */
export function goalMet(goal: Goal, value: number, baseline?: number): boolean {
  switch (goal.kind) {
    case 'below':
      return value < goal.limit;
    case 'above':
      return value > goal.limit;
    case 'ratioAtMost':
      if (baseline === undefined || !(baseline > 0)) throw new Error('goalMet: a ratio goal needs a positive baseline');
      return value / baseline <= goal.limit;
    case 'deltaBelow':
      if (baseline === undefined) throw new Error('goalMet: a delta goal needs a baseline');
      return value - baseline < goal.limit;
  }
}

/** "1.23x" (two decimals below 10, one below 100, none above). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  const digits = ratio < 10 ? 2 : ratio < 100 ? 1 : 0;
  return `${ratio.toFixed(digits)}x`;
}

/** Three significant digits at most, no exponent, trailing zeros kept to the unit's precision. */
function sig3(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toFixed(digits);
}

/** A duration given in microseconds: "850 ns", "12.3 µs", "4.56 ms", "1.23 s". */
export function formatMicros(us: number): string {
  const abs = Math.abs(us);
  if (abs < 1) return `${sig3(us * 1000)} ns`;
  if (abs < 1000) return `${sig3(us)} µs`;
  if (abs < 1_000_000) return `${sig3(us / 1000)} ms`;
  return `${sig3(us / 1_000_000)} s`;
}

/** A duration given in milliseconds (see {@link formatMicros}). */
export function formatMillis(ms: number): string {
  return formatMicros(ms * 1000);
}

/** A signed difference of durations in milliseconds: "+3.21 ms", "-450 µs". */
export function formatDeltaMillis(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${formatMillis(Math.abs(ms))}`;
}

/** Thousands separators: 1234567 -> "1,234,567" (rounded to an integer). */
export function formatInteger(n: number): string {
  const rounded = Math.round(n);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes with separators and KB (1 KB = 1,000 bytes): "84,321 B (84.3 KB)". */
export function formatBytes(bytes: number): string {
  return `${formatInteger(bytes)} B (${(bytes / 1000).toFixed(1)} KB)`;
}

/** Requests per second: "1,234 req/s". */
export function formatRate(perSecond: number): string {
  return `${formatInteger(perSecond)} req/s`;
}

/** One line of the bench table, already formatted. */
export interface TableRow {
  readonly figure: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly goal: string;
  readonly met: string;
}

export const TABLE_HEADERS: TableRow = { figure: 'figure', value: 'value', baseline: 'baseline', ratio: 'ratio', goal: 'goal', met: 'met?' };
const COLUMNS: ReadonlyArray<keyof TableRow> = ['figure', 'value', 'baseline', 'ratio', 'goal', 'met'];

/** Escapes a cell for a Markdown table ("|" would end the cell; newlines would end the row). */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A Markdown table (GitHub flavour) with padded columns, so it reads in a
 * terminal and pastes into the README as it is.
 */
export function formatTable(rows: readonly TableRow[]): string {
  const all = [TABLE_HEADERS, ...rows].map((r) => COLUMNS.map((c) => escapeCell(r[c])));
  const widths = COLUMNS.map((_, i) => Math.max(3, ...all.map((cells) => [...cells[i]].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(all[0]), rule, ...all.slice(1).map(line)].join('\n');
}
