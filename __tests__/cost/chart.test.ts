import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logSpace, renderChart } from '../../cost/chart';
import raw from '../../cost/prices.json';

/** A small well-formedness check: tags balance, attributes are quoted, text has no bare & or <. */
function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(xml)) !== null) {
    const between = xml.slice(last, m.index);
    if (/[<>]/.test(between) || /&(?!(amp|lt|gt|quot|apos);)/.test(between)) problems.push(`bad text before offset ${m.index}: ${between.slice(0, 40)}`);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      stack.push(name);
    }
  }
  if (xml.slice(last).trim() !== '') problems.push('trailing content');
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

function attr(element: string, name: string): string {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(element);
  if (!m) throw new Error(`no ${name} in ${element}`);
  return m[1];
}

function elements(svg: string, pattern: RegExp): string[] {
  return svg.match(pattern) ?? [];
}

describe('the cost chart', () => {
  const svg = renderChart();

  it('is one well-formed SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(wellFormedProblems(svg)).toEqual([]);
  });

  it('draws the four designs, each over the whole range', () => {
    const series = elements(svg, /<polyline class="series"[^>]*>/g);
    expect(series.map((s) => attr(s, 'data-design'))).toEqual(['edge-sigv4', 'oac', 'http-api', 'rest-api']);
    for (const s of series) {
      // 3 decades x 24 points per decade + the end point
      expect(attr(s, 'points').split(' ')).toHaveLength(73);
    }
    // a legend entry per series
    expect(elements(svg, /<text class="legend-label"/g)).toHaveLength(4);
  });

  it('puts the price date and the inputs in the subtitle, and a title', () => {
    expect(svg).toContain(`prices as of ${raw.asOf}`);
    expect(svg).toContain('Monthly cost against requests per month');
    expect(svg).toContain('Function 50 ms, 256 MB arm64; 2 KB per response; Lambda@Edge 5 ms, 128 MB; 6 WAF rules; free tiers off');
  });

  it('has a log x axis from 1M to 1B with evenly spaced decades and log-placed minor ticks', () => {
    const majors = elements(svg, /<line class="x-tick major"[^>]*>/g);
    expect(majors.map((t) => attr(t, 'data-value'))).toEqual(['1000000', '10000000', '100000000', '1000000000']);
    const xs = majors.map((t) => Number(attr(t, 'x1')));
    expect(xs[1] - xs[0]).toBeCloseTo(xs[2] - xs[1], 0);
    expect(xs[2] - xs[1]).toBeCloseTo(xs[3] - xs[2], 0);
    for (const label of ['>1M<', '>10M<', '>100M<', '>1B<']) expect(svg).toContain(label);
    // 2M sits log10(2) = 0.30103 of the way through its decade
    const two = elements(svg, /<line class="x-tick minor" data-value="2000000"[^>]*>/g)[0];
    expect((Number(attr(two, 'x1')) - xs[0]) / (xs[1] - xs[0])).toBeCloseTo(0.30103, 2);
  });

  it('has a log y axis in whole decades from $1 to $10k', () => {
    // Data range by hand: HTTP API at 1M is about $1.54; REST API + WAF at 1B about $4,182.
    const majors = elements(svg, /<line class="y-tick major"[^>]*>/g);
    expect(majors.map((t) => attr(t, 'data-value'))).toEqual(['1', '10', '100', '1000', '10000']);
    const ys = majors.map((t) => Number(attr(t, 'y1')));
    const steps = ys.slice(1).map((y, i) => ys[i] - y);
    for (const s of steps) expect(s).toBeCloseTo(steps[0], 0);
    for (const label of ['>$1<', '>$10<', '>$100<', '>$1k<', '>$10k<']) expect(svg).toContain(label);
  });

  it('orders the lines as the arithmetic says at 1B requests (SVG y grows downwards)', () => {
    // By hand at 1B: REST + WAF ~$4,182 > this project ~$2,771 > HTTP API ~$1,468.
    const lastY = (id: string): number => {
      const s = elements(svg, new RegExp(`<polyline class="series" data-design="${id}"[^>]*>`, 'g'))[0];
      const points = attr(s, 'points').split(' ');
      return Number(points[points.length - 1].split(',')[1]);
    };
    expect(lastY('rest-api')).toBeLessThan(lastY('edge-sigv4'));
    expect(lastY('edge-sigv4')).toBeLessThan(lastY('http-api'));
    expect(lastY('oac')).toBe(lastY('edge-sigv4'));
  });

  it('marks the input volume with the hand-checked totals in the legend', () => {
    expect(svg).toContain('This project, edge-sigv4: $38.60 at 10M');
    expect(svg).toContain('API Gateway HTTP API: $15.38 at 10M');
    expect(svg).toContain('API Gateway REST API + WAF: $57.38 at 10M');
    expect(elements(svg, /<circle data-design=/g)).toHaveLength(4);
  });

  it('is deterministic', () => {
    expect(renderChart()).toBe(svg);
    expect(svg).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('keeps free-tier zeros on the axis and says so', () => {
    const free = renderChart({ inputs: { firstYear: true } });
    expect(wellFormedProblems(free)).toEqual([]);
    expect(free).toContain('are drawn on the bottom axis');
    expect(free).toContain('free tiers on (+ first year)');
  });

  it('spaces volumes evenly in log10', () => {
    // 1M to 100M at 2 per decade: 1M, 3.16M, 10M, 31.6M, 100M
    expect(logSpace(1e6, 1e8, 2)).toEqual([1_000_000, 3_162_278, 10_000_000, 31_622_777, 100_000_000]);
  });

  it('matches the committed docs/cost.svg (regenerate: npm run cost -- --chart docs/cost.svg)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'cost.svg'), 'utf8')).toBe(svg);
  });
});
