/** How bench figures become table rows, the machine line and JSON (pure; hand-computed values). */
import { formatDelta, formatValue, machineLine, metOf, ratioOf, renderReport, toJson, toRow, type Figure, type Machine } from '../../bench/report';
import { parseFlags } from '../../bench/run';

const MACHINE: Machine = {
  cpu: 'Test CPU',
  cores: 2,
  node: 'v20.0.0',
  platform: 'linux x64',
  date: '2025-01-02T03:04:05Z',
  loadAverage: 1.5,
};

const synth: Figure = {
  id: 'synth.wall',
  figure: 'Synth',
  unit: 'ms',
  value: 1500,
  baseline: 3000,
  baselineLabel: 'baseline app',
  goal: { kind: 'below', limit: 2000, text: '< 2 s' },
};

describe('ratioOf and metOf', () => {
  it('divides value by baseline unless a ratio is given', () => {
    expect(ratioOf(synth)).toBe(0.5);
    expect(ratioOf({ ...synth, ratio: 0.7 })).toBe(0.7);
    expect(ratioOf({ ...synth, baseline: undefined })).toBeUndefined();
    expect(ratioOf({ ...synth, baseline: 0 })).toBeUndefined();
  });

  it('checks ratio goals on the reported ratio (median of per-round ratios), not value / baseline', () => {
    const edge: Figure = { id: 'e', figure: 'e', unit: 'us', value: 100, baseline: 40, ratio: 1.9, goal: { kind: 'ratioAtMost', limit: 2, text: '≤ 2x' } };
    expect(metOf(edge)).toBe(true); // 100 / 40 = 2.5 would fail
    expect(metOf({ ...edge, ratio: 2.1 })).toBe(false);
  });

  it('has no verdict without a goal or a value', () => {
    expect(metOf({ ...synth, goal: undefined })).toBeUndefined();
    expect(metOf({ ...synth, value: null })).toBeUndefined();
  });
});

describe('formatValue and formatDelta', () => {
  it('formats each unit', () => {
    expect(formatValue('us', 83.7)).toBe('83.7 µs');
    expect(formatValue('ms', 2.71)).toBe('2.71 ms');
    expect(formatValue('bytes', 46041)).toBe('46,041 B (46.0 KB)');
    expect(formatValue('req/s', 956.4)).toBe('956 req/s');
    expect(formatDelta('us', 68.2)).toBe('+68.2 µs');
    expect(formatDelta('ms', -1.5)).toBe('-1.50 ms');
    expect(formatDelta('bytes', -2048)).toBe('-2,048 B');
    expect(formatDelta('req/s', 100)).toBe('+100 req/s');
  });
});

describe('toRow', () => {
  it('formats a figure with a baseline and a goal', () => {
    expect(toRow(synth)).toEqual({ figure: 'Synth', value: '1.50 s', baseline: '3.00 s (baseline app)', ratio: '0.50x', goal: '< 2 s', met: 'yes' });
  });

  it('says NO for a missed goal', () => {
    expect(toRow({ ...synth, value: 4010 }).met).toBe('NO');
  });

  it('adds the difference to the ratio for a delta goal', () => {
    const coldRequire: Figure = {
      id: 'r',
      figure: 'cold require',
      unit: 'ms',
      value: 32.4,
      baseline: 2.7,
      baselineLabel: 'empty module',
      goal: { kind: 'deltaBelow', limit: 10, text: '< 10 ms above empty module' },
    };
    // 32.4 / 2.7 = 12.0; 32.4 - 2.7 = 29.7
    expect(toRow(coldRequire)).toEqual({
      figure: 'cold require',
      value: '32.4 ms',
      baseline: '2.70 ms (empty module)',
      ratio: '12.0x (+29.7 ms)',
      goal: '< 10 ms above empty module',
      met: 'NO',
    });
  });

  it('uses dashes where there is no baseline or goal', () => {
    const bytes: Figure = { id: 'b', figure: 'bundle', unit: 'bytes', value: 46041 };
    expect(toRow(bytes)).toEqual({ figure: 'bundle', value: '46,041 B (46.0 KB)', baseline: '—', ratio: '—', goal: '—', met: '—' });
  });

  it('marks a failed measurement as an error, keeping the goal', () => {
    expect(toRow({ ...synth, value: null, error: 'synth failed' })).toEqual({
      figure: 'Synth',
      value: 'not measured',
      baseline: 'baseline app',
      ratio: '—',
      goal: '< 2 s',
      met: 'error',
    });
  });
});

describe('machine line, report and JSON', () => {
  it('names CPU, cores, Node, platform, date and load', () => {
    expect(machineLine(MACHINE)).toBe('Machine: Test CPU, 2 cores, Node v20.0.0, linux x64, 2025-01-02T03:04:05Z (1-min load average 1.50 at start)');
    expect(machineLine({ ...MACHINE, cores: 1 })).toContain('1 core,');
  });

  it('renders the machine line, the table and the notes', () => {
    const text = renderReport(MACHINE, [synth], ['a note']);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Machine: Test CPU/);
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^\| figure +\| value +\| baseline/);
    expect(lines[4]).toMatch(/^\| Synth +\| 1\.50 s +\| 3\.00 s \(baseline app\) \| 0\.50x \| < 2 s \| yes {2}\|$/);
    expect(lines.slice(-2)).toEqual(['', '- a note']);
  });

  it('writes raw numbers, the ratio and the verdict to JSON', () => {
    const json = toJson(MACHINE, [synth], ['n'], 93.46) as { totalSeconds: number; figures: Array<Record<string, unknown>>; notes: string[] };
    expect(json.totalSeconds).toBe(93.5);
    expect(json.figures[0]).toEqual({
      id: 'synth.wall',
      figure: 'Synth',
      unit: 'ms',
      value: 1500,
      baseline: 3000,
      baselineLabel: 'baseline app',
      ratio: 0.5,
      goal: { kind: 'below', limit: 2000, text: '< 2 s' },
      met: true,
      samples: null,
      error: null,
    });
    expect(json.notes).toEqual(['n']);
  });
});

describe('parseFlags', () => {
  it('defaults to every section and no JSON file', () => {
    expect(parseFlags([])).toEqual({ json: undefined, only: ['synth', 'edge', 'bundle', 'api', 'chain'], help: false });
  });

  it('takes --json FILE and --only in the fixed section order', () => {
    expect(parseFlags(['--json', 'out.json', '--only', 'chain,synth'])).toEqual({ json: 'out.json', only: ['synth', 'chain'], help: false });
  });

  it('refuses unknown sections, unknown flags and an empty file name', () => {
    expect(() => parseFlags(['--only', 'synth,nope'])).toThrow(/--only: received "synth,nope"/);
    expect(() => parseFlags(['--fast'])).toThrow();
    expect(() => parseFlags(['--json', ''])).toThrow(/--json/);
  });
});
