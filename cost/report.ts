/** Plain-text rendering of a cost report: line items per design, totals, sources. Pure. */
import type { CostInputs, CostReport, DesignCost, LineItem } from './model';
import { PRICES, PRICE_KEYS, type PriceBook, type PriceEntry } from './prices';

const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "$1,234.56"; amounts above zero that round to nothing show as "<$0.01". */
export function money(amount: number): string {
  if (amount > 0 && amount < 0.005) return '<$0.01';
  return `$${moneyFormat.format(amount)}`;
}

export function quantity(n: number): string {
  return quantityFormat.format(n);
}

/** A unit price as quoted: "$0.01 per 10k requests", "$1.00 per 1M requests (first 300M requests)". */
export function priceLabel(entry: PriceEntry): string {
  const first = entry.tiers[0];
  const cents = first.price * 100;
  const amount = Math.abs(cents - Math.round(cents)) < 1e-9 ? `$${first.price.toFixed(2)}` : `$${first.price}`;
  const per = entry.per === 1 ? entry.unit : `${shortCount(entry.per)} ${entry.unit}s`;
  const tier = entry.tiers.length > 1 && first.upTo !== null ? ` (first ${shortCount(first.upTo)} ${entry.unit}${entry.unit === 'request' ? 's' : ''})` : '';
  return `${amount} per ${per}${tier}`;
}

/** 10000 -> "10k", 1e6 -> "1M", 7.5e9 -> "7.5B", 10240 -> "10,240". */
export function shortCount(n: number): string {
  for (const [size, suffix] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    const scaled = n / size;
    if (n >= size && (Number.isInteger(scaled) || (size >= 1e6 && Number.isInteger(scaled * 100)))) return `${scaled}${suffix}`;
  }
  return quantity(n);
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function usage(i: LineItem): string {
  const base = `${quantity(i.billable)} ${i.unit}`;
  if (i.free <= 0) return base;
  return i.billable === 0 ? `${quantity(i.free)} ${i.unit}, all free` : `${base} (+${quantity(i.free)} free)`;
}

export function describeInputs(i: CostInputs): string {
  const tiers = i.firstYear ? 'free tiers on (incl. API Gateway first year)' : i.freeTier ? 'always-free tiers on' : 'free tiers off';
  const oac = i.edgeMsOac !== i.edgeMs ? ` (oac ${i.edgeMsOac} ms)` : '';
  const request = i.requestKb > 0 ? `, ${i.requestKb} KB per request body` : '';
  return (
    `${quantity(i.requests)} requests/month; function ${i.avgMs} ms, ${i.memoryMb} MB, ${i.arch}; ` +
    `${i.payloadKb} KB per response${request}; Lambda@Edge ${i.edgeMs} ms${oac}, ${i.edgeMemoryMb} MB; ${i.wafRules} WAF rules; ${tiers}`
  );
}

const COLS = { item: 42, usage: 38, price: 42, cost: 10 } as const;

function designTable(d: DesignCost, index: number, prices: PriceBook): string[] {
  const lines = [`(${index + 1}) ${d.name}`];
  lines.push('    ' + pad('Item', COLS.item) + pad('Billable usage', COLS.usage) + pad('Price', COLS.price) + pad('Monthly', COLS.cost, true));
  for (const i of d.items) {
    const price = i.price ? priceLabel(prices.prices[i.price]) : 'no charge';
    lines.push('    ' + pad(`${i.service} ${i.item}`, COLS.item) + pad(usage(i), COLS.usage) + pad(price, COLS.price) + pad(money(i.cost), COLS.cost, true));
  }
  const labelWidth = COLS.item + COLS.usage + COLS.price;
  lines.push('    ' + pad('Total per month', labelWidth) + pad(money(d.total), COLS.cost, true));
  lines.push('    ' + pad('Per million requests', labelWidth) + pad(money(d.perMillion), COLS.cost, true));
  for (const note of d.notes) lines.push(`    Note: ${note}`);
  return lines;
}

function summary(report: CostReport): string[] {
  const http = report.designs.find((d) => d.id === 'http-api');
  const lines = ['Summary', '    ' + pad('Design', 44) + pad('Monthly', 12, true) + pad('Per 1M requests', 18, true) + pad('vs HTTP API', 14, true)];
  report.designs.forEach((d, index) => {
    const ratio = http && http.total > 0 ? `${(d.total / http.total).toFixed(2)}x` : 'n/a';
    lines.push('    ' + pad(`(${index + 1}) ${d.short}`, 44) + pad(money(d.total), 12, true) + pad(money(d.perMillion), 18, true) + pad(ratio, 14, true));
  });
  return lines;
}

/** The price date, where the prices come from, and which were not confirmed on an AWS page. */
export function sourceLines(prices: PriceBook = PRICES, detailed = false): string[] {
  const notConfirmed = PRICE_KEYS.filter((k) => prices.prices[k].status !== 'confirmed').map((k) => prices.prices[k].description);
  const lines = [
    `Prices: ${prices.region}, ${prices.currency}, as of ${prices.asOf}, from cost/prices.json; sources: aws.amazon.com/{cloudfront,lambda,waf,api-gateway,ec2}/pricing (one URL per price in the file).`,
    `Not confirmed on an AWS page (third-party and project notes agree): ${notConfirmed.join('; ')}.`,
  ];
  if (detailed) {
    for (const k of PRICE_KEYS) {
      const p = prices.prices[k];
      lines.push(`  ${p.description}: ${priceLabel(p)} [${p.status}] ${p.source}; seen in: ${p.evidence}`);
    }
  }
  return lines;
}

export function renderReport(report: CostReport, prices: PriceBook = PRICES, detailedSources = false): string {
  const lines = [`Monthly cost of one API, ${report.region}, ${report.currency}, prices as of ${report.asOf}`, `Inputs: ${describeInputs(report.inputs)}`, ''];
  report.designs.forEach((d, index) => {
    lines.push(...designTable(d, index, prices), '');
  });
  lines.push(...summary(report), '');
  lines.push('Assumptions:');
  for (const a of report.assumptions) lines.push(`  - ${a}`);
  lines.push('', ...sourceLines(prices, detailedSources));
  return lines.join('\n') + '\n';
}
