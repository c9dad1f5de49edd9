/**
 * Monthly cost model: this project (CloudFront + WAF + Lambda@Edge + a Lambda
 * function URL) in both signing modes, beside API Gateway HTTP API and REST API
 * in front of the same Lambda. Pure functions: no I/O, no clock; every price
 * comes from the price book (`cost/prices.json`).
 *
 * Units: 1 KB = 1,024 bytes, 1 GB = 1,024^3 bytes, GB-s = GB of memory x seconds.
 */
import { PRICES, type FreeTierKey, type PriceBook, type PriceEntry, type PriceKey } from './prices';

export type Arch = 'arm64' | 'x86_64';
export const ARCHES: readonly Arch[] = ['arm64', 'x86_64'];

export interface CostInputs {
  /** Requests per month (every request reaches the API: caching is off). */
  readonly requests: number;
  /** Average API function duration, ms (billed per 1 ms, rounded up). */
  readonly avgMs: number;
  /** API function memory, MB. */
  readonly memoryMb: number;
  readonly arch: Arch;
  /** Bytes sent back per response, headers included, in KB. */
  readonly payloadKb: number;
  /** Request body bytes per request in KB (CloudFront bills transfer to the origin). */
  readonly requestKb: number;
  /** Lambda@Edge duration per request in `edge-sigv4` mode, ms. */
  readonly edgeMs: number;
  /** Lambda@Edge duration per request in `oac` mode, ms (same work minus the SigV4 HMAC chain). */
  readonly edgeMsOac: number;
  /** Lambda@Edge memory, MB. */
  readonly edgeMemoryMb: number;
  /** Rules in the web ACL (a managed group counts as one). */
  readonly wafRules: number;
  /** Apply the always-free allowances (Lambda, CloudFront, 100 GB data transfer). */
  readonly freeTier: boolean;
  /** Also apply API Gateway's first-12-months free tier (older accounts in their first year). */
  readonly firstYear: boolean;
  /** Put the same web ACL in front of the REST API (HTTP APIs cannot have WAF). */
  readonly restApiWaf: boolean;
}

export interface WafRuleOptions {
  /** Rules referencing IP sets: allow + deny. @default 2 */
  readonly ipSetRules?: number;
  /** AWSManagedRulesAnonymousIpList. @default false */
  readonly anonymousIpList?: boolean;
  /** AWSManagedRulesSQLiRuleSet. @default false */
  readonly sqli?: boolean;
}

/** Managed groups every web ACL of this project has. */
export const BASE_MANAGED_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'] as const;

/**
 * Rules in the project's web ACL (config `edge.waf`): one rate-based rule, the
 * IP allow and deny set rules, the three baseline managed groups, and the two
 * optional managed groups. Schema defaults give 6; config/dev.json (SQLi) 7;
 * config/prod.json (both optional groups) 8.
 */
export function wafRuleCount(options: WafRuleOptions = {}): number {
  const { ipSetRules = 2, anonymousIpList = false, sqli = false } = options;
  return 1 + ipSetRules + BASE_MANAGED_GROUPS.length + (anonymousIpList ? 1 : 0) + (sqli ? 1 : 0);
}

export const DEFAULT_INPUTS: CostInputs = Object.freeze({
  requests: 10_000_000,
  avgMs: 50,
  memoryMb: 256,
  arch: 'arm64',
  payloadKb: 2,
  requestKb: 0,
  edgeMs: 5,
  edgeMsOac: 5,
  edgeMemoryMb: 128,
  wafRules: wafRuleCount(),
  freeTier: false,
  firstYear: false,
  restApiWaf: true,
});

/** Input limits, shared with the CLI so its messages and the model agree. */
export const LIMITS = {
  requests: { min: 1, max: 1e13 },
  avgMs: { min: 0.001, max: 900_000 },
  memoryMb: { min: 128, max: 10_240 },
  payloadKb: { min: 0, max: 1_048_576 },
  requestKb: { min: 0, max: 1_048_576 },
  edgeMs: { min: 0.001, max: 30_000 },
  edgeMemoryMb: { min: 128, max: 10_240 },
  wafRules: { min: 0, max: 1_000 },
} as const;

/** Everything wrong with a set of inputs, one message per field (empty when valid). */
export function inputProblems(i: CostInputs): string[] {
  const problems: string[] = [];
  const range = (name: string, v: number, { min, max }: { min: number; max: number }, integer = false): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      problems.push(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${String(v)}`);
    }
  };
  range('requests', i.requests, LIMITS.requests, true);
  range('avgMs', i.avgMs, LIMITS.avgMs);
  range('memoryMb', i.memoryMb, LIMITS.memoryMb, true);
  range('payloadKb', i.payloadKb, LIMITS.payloadKb);
  range('requestKb', i.requestKb, LIMITS.requestKb);
  range('edgeMs', i.edgeMs, LIMITS.edgeMs);
  range('edgeMsOac', i.edgeMsOac, LIMITS.edgeMs);
  range('edgeMemoryMb', i.edgeMemoryMb, LIMITS.edgeMemoryMb, true);
  range('wafRules', i.wafRules, LIMITS.wafRules, true);
  if (!ARCHES.includes(i.arch)) problems.push(`arch must be one of ${ARCHES.join(', ')}, got ${String(i.arch)}`);
  return problems;
}

/** Defaults filled in and checked. `edgeMsOac` follows `edgeMs` unless given. */
export function withDefaults(partial: Partial<CostInputs> = {}): CostInputs {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<CostInputs>;
  const edgeMs = given.edgeMs ?? DEFAULT_INPUTS.edgeMs;
  const inputs: CostInputs = { ...DEFAULT_INPUTS, ...given, edgeMs, edgeMsOac: given.edgeMsOac ?? edgeMs };
  const problems = inputProblems(inputs);
  if (problems.length > 0) throw new RangeError(`invalid cost inputs: ${problems.join('; ')}`);
  return inputs;
}

// ---------------------------------------------------------------- arithmetic

/** Lambda and Lambda@Edge bill each invocation in whole milliseconds, rounded up. */
export function billedMs(ms: number): number {
  // Guard against 50.000000000001 from float input turning 50 into 51.
  return Math.ceil(Math.round(ms * 1e6) / 1e6);
}

/** GB-seconds for `count` invocations of `ms` (billed) at `memoryMb`. */
export function gbSeconds(count: number, ms: number, memoryMb: number): number {
  return count * (billedMs(ms) / 1000) * (memoryMb / 1024);
}

/** KB per request x requests, in GB (1 GB = 1,048,576 KB). */
export function transferGb(count: number, kb: number): number {
  return (count * kb) / 1_048_576;
}

/** Cost of `quantity` units through a price's tiers (quantity counted from the first tier). */
export function tieredCost(quantity: number, entry: PriceEntry): number {
  let cost = 0;
  let floor = 0;
  for (const tier of entry.tiers) {
    if (quantity <= floor) break;
    const ceiling = tier.upTo ?? Infinity;
    const inTier = Math.min(quantity, ceiling) - floor;
    cost += (inTier * tier.price) / entry.per;
    floor = ceiling;
  }
  return cost;
}

// ---------------------------------------------------------------- line items

export type DesignId = 'edge-sigv4' | 'oac' | 'http-api' | 'rest-api';
export const DESIGN_IDS: readonly DesignId[] = ['edge-sigv4', 'oac', 'http-api', 'rest-api'];

export interface LineItem {
  readonly service: string;
  readonly item: string;
  /** Usage in `unit` before any free tier. */
  readonly quantity: number;
  readonly unit: string;
  /** Free-tier allowance used against this item. */
  readonly free: number;
  readonly billable: number;
  /** Price key in the price book; absent for items that cost nothing. */
  readonly price?: PriceKey;
  readonly cost: number;
}

export interface DesignCost {
  readonly id: DesignId;
  readonly name: string;
  /** A short label for tables and the chart legend. */
  readonly short: string;
  readonly items: readonly LineItem[];
  readonly total: number;
  readonly perMillion: number;
  readonly notes: readonly string[];
}

export interface CostReport {
  readonly inputs: CostInputs;
  readonly asOf: string;
  readonly region: string;
  readonly currency: string;
  readonly designs: readonly DesignCost[];
  readonly assumptions: readonly string[];
}

interface Ctx {
  readonly inputs: CostInputs;
  readonly prices: PriceBook;
}

function allowance(ctx: Ctx, key: FreeTierKey): number {
  const f = ctx.prices.freeTiers[key];
  if (f.term === 'always') return ctx.inputs.freeTier || ctx.inputs.firstYear ? f.amount : 0;
  return ctx.inputs.firstYear ? f.amount : 0;
}

function item(ctx: Ctx, service: string, name: string, quantity: number, unit: string, price: PriceKey, freeKey?: FreeTierKey): LineItem {
  const free = freeKey ? Math.min(quantity, allowance(ctx, freeKey)) : 0;
  const billable = quantity - free;
  return { service, item: name, quantity, unit, free, billable, price, cost: tieredCost(billable, ctx.prices.prices[price]) };
}

function noCharge(service: string, name: string, quantity: number, unit: string): LineItem {
  return { service, item: name, quantity, unit, free: 0, billable: quantity, cost: 0 };
}

function cloudFrontItems(ctx: Ctx): LineItem[] {
  const { requests, payloadKb, requestKb } = ctx.inputs;
  const items = [
    item(ctx, 'CloudFront', 'HTTPS requests', requests, 'requests', 'cloudfrontHttpsRequests', 'cloudfrontRequests'),
    item(ctx, 'CloudFront', 'data transfer out', transferGb(requests, payloadKb), 'GB', 'cloudfrontDataTransferOut', 'cloudfrontDataTransferGb'),
  ];
  if (requestKb > 0) items.push(item(ctx, 'CloudFront', 'data transfer to origin', transferGb(requests, requestKb), 'GB', 'cloudfrontDataTransferToOrigin'));
  return items;
}

function edgeItems(ctx: Ctx, edgeMs: number): LineItem[] {
  const { requests, edgeMemoryMb } = ctx.inputs;
  return [
    item(ctx, 'Lambda@Edge', 'requests', requests, 'requests', 'lambdaEdgeRequests'),
    item(ctx, 'Lambda@Edge', `duration (${billedMs(edgeMs)} ms x ${edgeMemoryMb} MB)`, gbSeconds(requests, edgeMs, edgeMemoryMb), 'GB-s', 'lambdaEdgeDuration'),
  ];
}

function wafItems(ctx: Ctx): LineItem[] {
  return [
    item(ctx, 'AWS WAF', 'web ACL', 1, 'web ACL', 'wafWebAcl'),
    item(ctx, 'AWS WAF', 'rules', ctx.inputs.wafRules, 'rules', 'wafRule'),
    item(ctx, 'AWS WAF', 'requests', ctx.inputs.requests, 'requests', 'wafRequests'),
  ];
}

function lambdaItems(ctx: Ctx): LineItem[] {
  const { requests, avgMs, memoryMb, arch } = ctx.inputs;
  return [
    item(ctx, 'Lambda', 'requests', requests, 'requests', 'lambdaRequests', 'lambdaRequests'),
    item(
      ctx,
      'Lambda',
      `duration (${billedMs(avgMs)} ms x ${memoryMb} MB ${arch})`,
      gbSeconds(requests, avgMs, memoryMb),
      'GB-s',
      arch === 'arm64' ? 'lambdaDurationArm64' : 'lambdaDurationX86',
      'lambdaGbSeconds',
    ),
  ];
}

function regionalTransfer(ctx: Ctx): LineItem {
  return item(
    ctx,
    'Data transfer',
    'out to internet',
    transferGb(ctx.inputs.requests, ctx.inputs.payloadKb),
    'GB',
    'dataTransferOutInternet',
    'dataTransferOutGb',
  );
}

function design(ctx: Ctx, id: DesignId, name: string, short: string, items: LineItem[], notes: string[]): DesignCost {
  const total = items.reduce((sum, i) => sum + i.cost, 0);
  return { id, name, short, items, total, perMillion: total / (ctx.inputs.requests / 1e6), notes };
}

function designs(ctx: Ctx): DesignCost[] {
  const { inputs } = ctx;
  const sigv4 = design(
    ctx,
    'edge-sigv4',
    'This project, edge-sigv4 (CloudFront + WAF + Lambda@Edge signs + function URL)',
    'This project, edge-sigv4',
    [
      ...cloudFrontItems(ctx),
      ...edgeItems(ctx, inputs.edgeMs),
      ...wafItems(ctx),
      ...lambdaItems(ctx),
      noCharge('Lambda', 'function URL', inputs.requests, 'requests'),
    ],
    ['Function URLs cost nothing beyond the function; CloudFront origin fetches from AWS origins are free.', 'Lambda@Edge and AWS WAF have no free tier.'],
  );
  const oacNotes =
    billedMs(inputs.edgeMsOac) === billedMs(inputs.edgeMs)
      ? [
          'Same total as edge-sigv4: the edge function still runs on every request (JWT check, route policy, x-amz-content-sha256 body hash).',
          'OAC signing itself is free, and the SigV4 HMAC chain it spares the edge takes microseconds, below the 1 ms billing step.',
        ]
      : [
          `Differs from edge-sigv4 only in Lambda@Edge duration (${billedMs(inputs.edgeMsOac)} ms billed instead of ${billedMs(inputs.edgeMs)} ms); OAC signing itself is free.`,
        ];
  const oac = design(
    ctx,
    'oac',
    'This project, oac (CloudFront + WAF + Lambda@Edge + OAC signs + function URL)',
    'This project, oac',
    [
      ...cloudFrontItems(ctx),
      ...edgeItems(ctx, inputs.edgeMsOac),
      ...wafItems(ctx),
      noCharge('CloudFront', 'origin access control signing', inputs.requests, 'requests'),
      ...lambdaItems(ctx),
      noCharge('Lambda', 'function URL', inputs.requests, 'requests'),
    ],
    oacNotes,
  );
  const http = design(
    ctx,
    'http-api',
    'API Gateway HTTP API + the same Lambda',
    'API Gateway HTTP API',
    [
      item(ctx, 'API Gateway', 'HTTP API requests', inputs.requests, 'requests', 'apiGatewayHttpRequests', 'apiGatewayHttpRequests'),
      regionalTransfer(ctx),
      ...lambdaItems(ctx),
    ],
    [
      'No WAF: HTTP APIs cannot be associated with AWS WAF. Its JWT authorizer (Cognito) costs nothing extra.',
      'HTTP API requests are metered in 512 KB increments; responses here are assumed smaller.',
    ],
  );
  const rest = design(
    ctx,
    'rest-api',
    inputs.restApiWaf ? 'API Gateway REST API + the same web ACL + the same Lambda' : 'API Gateway REST API + the same Lambda (no WAF)',
    inputs.restApiWaf ? 'API Gateway REST API + WAF' : 'API Gateway REST API',
    [
      item(ctx, 'API Gateway', 'REST API requests', inputs.requests, 'requests', 'apiGatewayRestRequests', 'apiGatewayRestRequests'),
      regionalTransfer(ctx),
      ...(inputs.restApiWaf ? wafItems(ctx) : []),
      ...lambdaItems(ctx),
    ],
    [
      inputs.restApiWaf
        ? 'Assumption: the same web ACL (regional scope, same WAF prices) protects the REST API, to compare like with like; --no-rest-waf drops it.'
        : 'No WAF on the REST API (--no-rest-waf); add the three WAF lines of the other designs to protect it.',
      'Its Cognito user pool authorizer costs nothing extra.',
    ],
  );
  return [sigv4, oac, http, rest];
}

function assumptions(ctx: Ctx): string[] {
  const { inputs, prices } = ctx;
  const tiers = inputs.firstYear
    ? 'Free tiers ON, including API Gateway first-12-months (accounts created from 2025-07-15 get credits instead)'
    : inputs.freeTier
      ? 'Always-free tiers ON (Lambda 1 M requests + 400,000 GB-s, CloudFront 10 M requests + 1 TB, 100 GB data transfer); API Gateway first-year tier off'
      : 'Free tiers OFF (--free-tier applies the always-free ones)';
  return [
    `Every request reaches the API: no caching, none blocked by WAF (CloudFront does not bill requests WAF blocks). All HTTPS; ${prices.edgeRates}.`,
    `Duration billed per 1 ms, rounded up per invocation; the model rounds the average (${inputs.avgMs} ms -> ${billedMs(inputs.avgMs)} ms; edge ${inputs.edgeMs} ms -> ${billedMs(inputs.edgeMs)} ms). Cold starts not counted.`,
    `WAF rules: ${inputs.wafRules} (project default ${wafRuleCount()}: rate-based 1 + IP allow 1 + IP deny 1 + managed groups ${BASE_MANAGED_GROUPS.length}; AnonymousIpList and SQLi add 1 each: dev config 7, prod 8).`,
    `Tiered prices (API Gateway, data transfer, Lambda duration) are applied to this volume alone, as if it were the account's only usage. ${tiers}.`,
    `1 KB = 1,024 bytes; 1 GB = 1,024^3 bytes. Not modelled: ${prices.notModelled.join('; ')}.`,
  ];
}

/** The four designs' monthly costs for the given inputs. */
export function estimate(partial: Partial<CostInputs> = {}, prices: PriceBook = PRICES): CostReport {
  const inputs = withDefaults(partial);
  const ctx: Ctx = { inputs, prices };
  return { inputs, asOf: prices.asOf, region: prices.region, currency: prices.currency, designs: designs(ctx), assumptions: assumptions(ctx) };
}

/** Monthly totals of every design at each request volume (other inputs fixed), for the chart. */
export function curves(volumes: readonly number[], partial: Partial<CostInputs> = {}, prices: PriceBook = PRICES): Record<DesignId, number[]> {
  const out: Record<DesignId, number[]> = { 'edge-sigv4': [], oac: [], 'http-api': [], 'rest-api': [] };
  for (const requests of volumes) {
    for (const d of estimate({ ...partial, requests }, prices).designs) out[d.id].push(d.total);
  }
  return out;
}
