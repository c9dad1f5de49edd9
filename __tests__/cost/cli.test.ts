import { main, parseCli, parseNumber, type Io } from '../../cost/cli';

interface Run {
  code: number;
  out: string;
  err: string;
  files: Map<string, string>;
}

function run(argv: string[], writeFile?: Io['writeFile']): Run {
  let out = '';
  let err = '';
  const files = new Map<string, string>();
  const code = main(argv, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    writeFile: writeFile ?? ((p, c) => files.set(p, c)),
  });
  return { code, out, err, files };
}

describe('npm run cost', () => {
  it('prints the line items, totals, cost per million, price date and sources with the defaults', () => {
    const { code, out, err } = run([]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('prices as of 2026-11-21');
    expect(out).toContain('Inputs: 10,000,000 requests/month; function 50 ms, 256 MB, arm64; 2 KB per response');
    // Hand-worked totals (see model.test.ts): 38.6005, 15.3833, 57.3833 per month; 3.86, 1.54, 5.74 per million
    expect(out).toMatch(/\(1\) This project, edge-sigv4\s+\$38\.60\s+\$3\.86\s+2\.51x/);
    expect(out).toMatch(/\(2\) This project, oac\s+\$38\.60\s+\$3\.86\s+2\.51x/);
    expect(out).toMatch(/\(3\) API Gateway HTTP API\s+\$15\.38\s+\$1\.54\s+1\.00x/);
    expect(out).toMatch(/\(4\) API Gateway REST API \+ WAF\s+\$57\.38\s+\$5\.74\s+3\.73x/);
    expect(out).toMatch(/Lambda@Edge duration \(5 ms x 128 MB\)\s+6,250 GB-s\s+\$0\.00005001 per GB-s\s+\$0\.31/);
    expect(out).toMatch(/CloudFront HTTPS requests\s+10,000,000 requests\s+\$0\.01 per 10k requests\s+\$10\.00/);
    expect(out).toContain('Prices: us-east-1, USD, as of 2026-11-21, from cost/prices.json');
    expect(out).toMatch(/Not confirmed on an AWS page .*CloudFront HTTPS requests/);
  });

  it('applies the flags', () => {
    // 10 M x 100 ms x 0.5 GB = 500,000 GB-s x $0.0000166667 = $8.33335
    const { code, out } = run(['--requests', '10M', '--avg-ms', '100', '--memory=512', '--arch', 'x86_64']);
    expect(code).toBe(0);
    expect(out).toMatch(/Lambda duration \(100 ms x 512 MB x86_64\)\s+500,000 GB-s\s+\$0\.0000166667 per GB-s \(first 6B GB-s\)\s+\$8\.33/);
  });

  it('shows free-tier usage', () => {
    const { out } = run(['--free-tier']);
    expect(out).toMatch(/CloudFront HTTPS requests\s+10,000,000 requests, all free/);
    expect(out).toMatch(/Lambda requests\s+9,000,000 requests \(\+1,000,000 free\)\s+\$0\.20 per 1M requests\s+\$1\.80/);
    // 25.1125625 by hand
    expect(out).toMatch(/\(1\) This project, edge-sigv4\s+\$25\.11/);
  });

  it('lists every price with its status and source with --sources', () => {
    const { out } = run(['--sources']);
    expect(out).toMatch(/ {2}Lambda@Edge requests: \$0\.60 per 1M requests \[secondary\] https:\/\/aws\.amazon\.com\/lambda\/pricing\//);
    expect(out).toMatch(/ {2}API Gateway REST API requests: \$3\.50 per 1M requests \(first 333M requests\) \[confirmed\]/);
  });

  it('writes the chart with --chart', () => {
    const { code, out, files } = run(['--chart', 'cost.svg']);
    expect(code).toBe(0);
    expect(out).toContain('Chart written to cost.svg');
    const svg = files.get('cost.svg') ?? '';
    expect(svg.match(/<polyline class="series"/g)).toHaveLength(4);
  });

  it('exits 1 when the chart cannot be written', () => {
    const { code, err } = run(['--chart', '/nonexistent/dir/cost.svg'], () => {
      throw new Error('ENOENT: no such file or directory');
    });
    expect(code).toBe(1);
    expect(err).toContain('could not write the chart to /nonexistent/dir/cost.svg');
  });

  it('prints usage with --help', () => {
    const { code, out } = run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: npm run cost -- [flags]');
  });

  it.each([
    [['--memory', 'abc'], 'invalid value for --memory: got "abc"'],
    [['--memory', '64'], 'invalid value for --memory: got "64", expected a whole number of MB from 128 to 10240'],
    [['--requests', '-5'], 'invalid value for --requests: got "-5"'],
    [['--requests', '2.5'], 'invalid value for --requests: got "2.5"'],
    [['--requests', '0'], 'invalid value for --requests: got "0"'],
    [['--avg-ms', '1e99'], 'invalid value for --avg-ms: got "1e99"'],
    [['--payload-kb', '2KB'], 'invalid value for --payload-kb: got "2KB"'],
    [['--edge-ms', ''], 'invalid value for --edge-ms: got ""'],
    [['--waf-rules', '6.5'], 'invalid value for --waf-rules: got "6.5"'],
    [['--arch', 'sparc'], 'invalid value for --arch: got "sparc", expected one of arm64, x86_64'],
    [['--requests'], '--requests needs a value'],
    [['--requests', '--free-tier'], '--requests needs a value'],
    [['--foo', '1'], 'unknown flag --foo'],
    [['--free-tier=yes'], '--free-tier takes no value, got "yes"'],
    [['10000000'], 'unexpected argument "10000000"'],
    [['--memory', '256', '--memory', '512'], '--memory given more than once'],
    [['--chart', ''], 'invalid value for --chart: got ""'],
  ])('rejects %j with exit code 2', (argv, message) => {
    const { code, out, err } = run(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`cost: ${message}`);
  });

  it.each([
    ['10000000', 10_000_000],
    ['10_000_000', 10_000_000],
    ['10,000,000', 10_000_000],
    ['1e7', 10_000_000],
    ['10M', 10_000_000],
    ['2.5M', 2_500_000],
    ['1.5k', 1_500],
    ['1B', 1_000_000_000],
    ['0.5', 0.5],
  ])('reads %s as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['', 'abc', '-1', '1..2', '10MB', '0x10'])('does not read %j as a number', (text) => {
    expect(parseNumber(text)).toBeNaN();
  });

  it('maps flags to model inputs', () => {
    expect(parseCli(['--requests', '1B', '--no-rest-waf', '--first-year', '--edge-ms-oac', '4', '--request-kb', '1'])).toEqual({
      inputs: { requests: 1_000_000_000, restApiWaf: false, firstYear: true, edgeMsOac: 4, requestKb: 1 },
      chart: undefined,
      sources: false,
      help: false,
    });
  });
});
