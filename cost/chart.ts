/**
 * An SVG line chart of monthly cost against requests per month for the four
 * designs, both axes on a log scale. Written by hand (no dependencies) and
 * deterministic: the same inputs and prices give the same bytes.
 */
import { curves, DESIGN_IDS, estimate, type CostInputs, type DesignId } from './model';
import { PRICES, type PriceBook } from './prices';
import { describeInputs, money, shortCount } from './report';

export interface ChartOptions {
  /** Model inputs other than the volume (which the x axis sweeps). */
  readonly inputs?: Partial<CostInputs>;
  readonly prices?: PriceBook;
  /** @default 1e6 */
  readonly minRequests?: number;
  /** @default 1e9 */
  readonly maxRequests?: number;
  /** Points computed per decade of volume. @default 24 */
  readonly pointsPerDecade?: number;
}

const WIDTH = 900;
const HEIGHT = 620;
const PLOT = { left: 84, right: WIDTH - 28, top: 100, bottom: HEIGHT - 126 } as const;

/** Okabe-Ito colours (readable with colour-blindness); oac dashed on top of edge-sigv4, which it may equal. */
const STYLE: Record<DesignId, { colour: string; width: number; dash?: string }> = {
  'edge-sigv4': { colour: '#0072B2', width: 3.5 },
  oac: { colour: '#E69F00', width: 2, dash: '8 6' },
  'http-api': { colour: '#009E73', width: 2.5 },
  'rest-api': { colour: '#D55E00', width: 2.5 },
};

function f(n: number): string {
  const s = n.toFixed(1);
  return s === '-0.0' ? '0.0' : s;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "$1", "$10", "$1k", "$0.1". */
export function dollarTick(value: number): string {
  if (value >= 1000) return `$${shortCount(value)}`;
  return `$${Number(value.toPrecision(3))}`;
}

/** Request volumes from min to max, evenly spaced in log10, ends included. */
export function logSpace(min: number, max: number, perDecade: number): number[] {
  const decades = Math.log10(max / min);
  const steps = Math.max(1, Math.round(decades * perDecade));
  const out: number[] = [];
  for (let i = 0; i <= steps; i++) out.push(i === steps ? max : Math.round(min * 10 ** ((decades * i) / steps)));
  return out;
}

export function renderChart(options: ChartOptions = {}): string {
  const prices = options.prices ?? PRICES;
  const minX = options.minRequests ?? 1e6;
  const maxX = options.maxRequests ?? 1e9;
  if (!(minX > 0 && maxX > minX)) throw new RangeError(`chart needs 0 < minRequests < maxRequests, got ${minX} and ${maxX}`);
  const volumes = logSpace(minX, maxX, options.pointsPerDecade ?? 24);
  const series = curves(volumes, options.inputs ?? {}, prices);
  const reference = estimate(options.inputs ?? {}, prices);
  const inputs = reference.inputs;

  // Axis ranges: whole decades around the data. Zero costs (free tiers) sit on the bottom axis.
  const all = DESIGN_IDS.flatMap((id) => series[id]);
  const positive = all.filter((v) => v > 0);
  const minY = 10 ** Math.floor(Math.log10(positive.length ? Math.min(...positive) : 1));
  const maxY = 10 ** Math.ceil(Math.log10(positive.length ? Math.max(...positive) : 10));
  const clamped = all.some((v) => v < minY);
  const lx0 = Math.log10(minX);
  const lx1 = Math.log10(maxX);
  const ly0 = Math.log10(minY);
  const ly1 = Math.log10(Math.max(maxY, minY * 10));
  const px = (x: number): number => PLOT.left + ((Math.log10(x) - lx0) / (lx1 - lx0)) * (PLOT.right - PLOT.left);
  const py = (y: number): number => PLOT.bottom - ((Math.log10(Math.max(y, minY)) - ly0) / (ly1 - ly0)) * (PLOT.bottom - PLOT.top);

  const out: string[] = [];
  const font = 'font-family="-apple-system, \'Segoe UI\', Roboto, Helvetica, Arial, sans-serif"';
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" ${font}>`,
  );
  out.push(`<title id="chart-title">Monthly cost against requests per month: this project (edge-sigv4, oac) and API Gateway HTTP and REST APIs</title>`);
  out.push(
    `<desc id="chart-desc">${esc(`Log-log line chart, ${shortCount(minX)} to ${shortCount(maxX)} requests per month; ${prices.region}, ${prices.currency}, prices as of ${prices.asOf}. Inputs: ${describeInputs(inputs)}.`)}</desc>`,
  );
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);

  // Title and subtitle (price date and inputs).
  out.push(`<text x="${PLOT.left}" y="32" font-size="19" font-weight="bold" fill="#111">Monthly cost against requests per month</text>`);
  out.push(
    `<text class="subtitle" x="${PLOT.left}" y="56" font-size="13" fill="#333">${esc(`${prices.region}, ${prices.currency}, prices as of ${prices.asOf} (cost/prices.json); both axes log scale`)}</text>`,
  );
  const tiers = inputs.firstYear ? 'free tiers on (+ first year)' : inputs.freeTier ? 'always-free tiers on' : 'free tiers off';
  out.push(
    `<text class="subtitle" x="${PLOT.left}" y="76" font-size="12" fill="#555">${esc(
      `Function ${inputs.avgMs} ms, ${inputs.memoryMb} MB ${inputs.arch}; ${inputs.payloadKb} KB per response; Lambda@Edge ${inputs.edgeMs} ms, ${inputs.edgeMemoryMb} MB; ${inputs.wafRules} WAF rules; ${tiers}`,
    )}</text>`,
  );

  // Grid and ticks.
  out.push('<g class="grid" stroke-width="1">');
  for (let d = Math.ceil(lx0); d <= Math.floor(lx1); d++) {
    for (let m = 2; m <= 9; m++) {
      const v = m * 10 ** d;
      if (v > minX && v < maxX)
        out.push(`<line class="x-tick minor" data-value="${v}" x1="${f(px(v))}" y1="${PLOT.top}" x2="${f(px(v))}" y2="${PLOT.bottom}" stroke="#eeeeee"/>`);
    }
  }
  for (let d = Math.round(ly0); d < Math.round(ly1); d++) {
    for (let m = 2; m <= 9; m++) {
      const v = m * 10 ** d;
      out.push(
        `<line class="y-tick minor" data-value="${Number(v.toPrecision(3))}" x1="${PLOT.left}" y1="${f(py(v))}" x2="${PLOT.right}" y2="${f(py(v))}" stroke="#eeeeee"/>`,
      );
    }
  }
  out.push('</g>');
  out.push(`<g class="axes" font-size="12" fill="#333">`);
  for (let d = Math.ceil(lx0); d <= Math.floor(lx1); d++) {
    const v = 10 ** d;
    const x = f(px(v));
    out.push(`<line class="x-tick major" data-value="${v}" x1="${x}" y1="${PLOT.top}" x2="${x}" y2="${PLOT.bottom + 6}" stroke="#cccccc"/>`);
    out.push(`<text class="x-label" x="${x}" y="${PLOT.bottom + 22}" text-anchor="middle">${shortCount(v)}</text>`);
  }
  for (let d = Math.round(ly0); d <= Math.round(ly1); d++) {
    const v = 10 ** d;
    const y = f(py(v));
    out.push(
      `<line class="y-tick major" data-value="${Number(v.toPrecision(3))}" x1="${PLOT.left - 6}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="#cccccc"/>`,
    );
    out.push(`<text class="y-label" x="${PLOT.left - 10}" y="${f(py(v) + 4)}" text-anchor="end">${esc(dollarTick(v))}</text>`);
  }
  out.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#666666"/>`);
  out.push(`<text x="${f((PLOT.left + PLOT.right) / 2)}" y="${PLOT.bottom + 46}" text-anchor="middle" font-size="13">Requests per month</text>`);
  out.push(
    `<text transform="translate(22 ${f((PLOT.top + PLOT.bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="13">Monthly cost (${esc(prices.currency)})</text>`,
  );
  out.push('</g>');

  // The input volume, marked when it lies on the chart.
  const atInput = new Map(reference.designs.map((d) => [d.id, d.total] as const));
  const showMarker = inputs.requests >= minX && inputs.requests <= maxX;
  if (showMarker) {
    const x = f(px(inputs.requests));
    out.push(`<g class="input-marker">`);
    out.push(`<line x1="${x}" y1="${PLOT.top}" x2="${x}" y2="${PLOT.bottom}" stroke="#888888" stroke-dasharray="3 4"/>`);
    out.push(`<text x="${f(px(inputs.requests) + 5)}" y="${PLOT.bottom - 8}" font-size="11" fill="#555">${esc(`${shortCount(inputs.requests)}/month`)}</text>`);
    out.push('</g>');
  }

  // Series.
  out.push('<g class="series-group" fill="none" stroke-linejoin="round" stroke-linecap="round">');
  for (const id of DESIGN_IDS) {
    const s = STYLE[id];
    const points = volumes.map((v, i) => `${f(px(v))},${f(py(series[id][i]))}`).join(' ');
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(`<polyline class="series" data-design="${id}" points="${points}" stroke="${s.colour}" stroke-width="${s.width}"${dash}/>`);
  }
  out.push('</g>');
  if (showMarker) {
    out.push('<g class="input-points">');
    for (const id of DESIGN_IDS) {
      out.push(
        `<circle data-design="${id}" cx="${f(px(inputs.requests))}" cy="${f(py(atInput.get(id) ?? 0))}" r="4" fill="${STYLE[id].colour}" stroke="#ffffff" stroke-width="1"/>`,
      );
    }
    out.push('</g>');
  }

  // Legend (top left, where the curves never reach).
  const names = new Map(reference.designs.map((d) => [d.id, d.short] as const));
  const rows = DESIGN_IDS.map((id) => {
    const value = showMarker ? `: ${money(atInput.get(id) ?? 0)} at ${shortCount(inputs.requests)}` : '';
    return { id, text: `${names.get(id) ?? id}${value}` };
  });
  const lx = PLOT.left + 14;
  const ly = PLOT.top + 14;
  out.push(`<g class="legend" font-size="12" fill="#222">`);
  // Box sized for wide fallback fonts (about 7 px per character at 12 px).
  const boxWidth = 64 + 7 * Math.max(...rows.map((r) => r.text.length));
  out.push(`<rect x="${lx}" y="${ly}" width="${boxWidth}" height="${rows.length * 22 + 14}" fill="#ffffff" fill-opacity="0.92" stroke="#bbbbbb"/>`);
  rows.forEach((row, i) => {
    const y = ly + 18 + i * 22;
    const s = STYLE[row.id];
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(`<line x1="${lx + 10}" y1="${y}" x2="${lx + 42}" y2="${y}" stroke="${s.colour}" stroke-width="${s.width}"${dash}/>`);
    out.push(`<text class="legend-label" data-design="${row.id}" x="${lx + 50}" y="${y + 4}">${esc(row.text)}</text>`);
  });
  out.push('</g>');

  // Footnotes.
  const notes: string[] = [];
  if (series['edge-sigv4'].every((v, i) => Math.abs(v - series.oac[i]) < 1e-9)) {
    notes.push('oac costs the same as edge-sigv4 (same edge work; OAC signing is free): its dashed line lies on the blue one.');
  }
  notes.push(
    `HTTP APIs cannot have AWS WAF; ${inputs.restApiWaf ? 'the REST API line includes the same web ACL.' : 'the REST API line has no WAF (--no-rest-waf).'}`,
  );
  notes.push('Lambda, data transfer and tiered request prices included; CloudWatch Logs, Cognito and DNS not.');
  if (clamped) notes.push(`Costs below ${dollarTick(minY)} (free tiers) are drawn on the bottom axis.`);
  notes.forEach((note, i) => {
    out.push(`<text class="footnote" x="${PLOT.left}" y="${PLOT.bottom + 72 + i * 16}" font-size="11" fill="#555">${esc(note)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
