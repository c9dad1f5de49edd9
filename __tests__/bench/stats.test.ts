/** The bench's pure helpers, against hand-computed values. No timing here. */
import {
  escapeCell,
  formatBytes,
  formatDeltaMillis,
  formatInteger,
  formatMicros,
  formatMillis,
  formatRate,
  formatRatio,
  formatTable,
  goalMet,
  median,
  percentile,
  range,
} from '../../bench/stats';

describe('median', () => {
  it('takes the middle sample of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it('averages the two middle samples of an even count', () => {
    // sorted: 1 2 4 10 -> (2 + 4) / 2
    expect(median([10, 2, 1, 4])).toBe(3);
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('refuses no samples', () => {
    expect(() => median([])).toThrow(/no samples/);
  });
});

describe('percentile (linear between closest ranks)', () => {
  const xs = [40, 10, 30, 20, 50]; // sorted 10 20 30 40 50, n - 1 = 4

  it('gives the ends at 0 and 100', () => {
    expect(percentile(xs, 0)).toBe(10);
    expect(percentile(xs, 100)).toBe(50);
  });

  it('gives the median at 50', () => {
    expect(percentile(xs, 50)).toBe(30);
  });

  it('interpolates between ranks', () => {
    // p90: rank 0.9 * 4 = 3.6 -> 40 + 0.6 * (50 - 40) = 46
    expect(percentile(xs, 90)).toBeCloseTo(46, 10);
    // p99: rank 3.96 -> 40 + 0.96 * 10 = 49.6
    expect(percentile(xs, 99)).toBeCloseTo(49.6, 10);
    // p25 of [1, 2]: rank 0.25 -> 1.25
    expect(percentile([2, 1], 25)).toBeCloseTo(1.25, 10);
  });

  it('refuses no samples and p outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
    expect(() => percentile([1], 101)).toThrow(/0\.\.100/);
    expect(() => percentile([1], Number.NaN)).toThrow(/0\.\.100/);
  });
});

describe('range', () => {
  it('gives the smallest and largest sample', () => {
    expect(range([3, -1, 8, 2])).toEqual({ min: -1, max: 8 });
  });
});

describe('goalMet', () => {
  it('below and above are strict', () => {
    expect(goalMet({ kind: 'below', limit: 2000 }, 1999.9)).toBe(true);
    expect(goalMet({ kind: 'below', limit: 2000 }, 2000)).toBe(false);
    expect(goalMet({ kind: 'above', limit: 1500 }, 1500)).toBe(false);
    expect(goalMet({ kind: 'above', limit: 1500 }, 1500.1)).toBe(true);
  });

  it('ratioAtMost includes the limit ("within 2x")', () => {
    expect(goalMet({ kind: 'ratioAtMost', limit: 2 }, 100, 50)).toBe(true);
    expect(goalMet({ kind: 'ratioAtMost', limit: 2 }, 101, 50)).toBe(false);
    expect(() => goalMet({ kind: 'ratioAtMost', limit: 2 }, 1)).toThrow(/positive baseline/);
    expect(() => goalMet({ kind: 'ratioAtMost', limit: 2 }, 1, 0)).toThrow(/positive baseline/);
  });

  it('deltaBelow compares value - baseline, strictly', () => {
    // 32.4 - 2.7 = 29.7 ms above: not under 10 ms
    expect(goalMet({ kind: 'deltaBelow', limit: 10 }, 32.4, 2.7)).toBe(false);
    expect(goalMet({ kind: 'deltaBelow', limit: 10 }, 12.5, 3)).toBe(true);
    expect(goalMet({ kind: 'deltaBelow', limit: 10 }, 13, 3)).toBe(false);
    expect(() => goalMet({ kind: 'deltaBelow', limit: 10 }, 1)).toThrow(/baseline/);
  });
});

describe('number formatting', () => {
  it('formats ratios with fewer decimals as they grow', () => {
    expect(formatRatio(1.234)).toBe('1.23x');
    expect(formatRatio(12.34)).toBe('12.3x');
    expect(formatRatio(1234.5)).toBe('1235x');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('formats microseconds in the unit that fits', () => {
    expect(formatMicros(0.0625)).toBe('62.5 ns');
    expect(formatMicros(12.34)).toBe('12.3 µs');
    expect(formatMicros(167.4)).toBe('167 µs');
    expect(formatMicros(4560)).toBe('4.56 ms');
    expect(formatMicros(1_230_000)).toBe('1.23 s');
  });

  it('formats milliseconds and signed differences', () => {
    expect(formatMillis(3.214)).toBe('3.21 ms');
    expect(formatMillis(4010)).toBe('4.01 s');
    expect(formatDeltaMillis(29.7)).toBe('+29.7 ms');
    expect(formatDeltaMillis(-0.45)).toBe('-450 µs');
  });

  it('formats integers, bytes and rates', () => {
    expect(formatInteger(1234567.4)).toBe('1,234,567');
    expect(formatInteger(-1000)).toBe('-1,000');
    expect(formatInteger(999)).toBe('999');
    expect(formatBytes(46041)).toBe('46,041 B (46.0 KB)');
    expect(formatRate(1202.4)).toBe('1,202 req/s');
  });
});

describe('formatTable', () => {
  it('pads every column to its widest cell, with a rule under the header', () => {
    const table = formatTable([{ figure: 'synth', value: '1.50 s', baseline: '—', ratio: '0.67x', goal: '< 2 s', met: 'yes' }]);
    expect(table.split('\n')).toEqual([
      '| figure | value  | baseline | ratio | goal  | met? |',
      '|--------|--------|----------|-------|-------|------|',
      '| synth  | 1.50 s | —        | 0.67x | < 2 s | yes  |',
    ]);
  });

  it('escapes pipes and newlines inside cells', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b c');
    const table = formatTable([{ figure: 'x|y', value: '1', baseline: '2', ratio: '3', goal: '4', met: '5' }]);
    expect(table.split('\n')[2]).toBe('| x\\|y   | 1     | 2        | 3     | 4    | 5    |');
  });
});
