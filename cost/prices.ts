/**
 * The price book: every price the cost model uses, with its date, region,
 * currency and source, read from `cost/prices.json` (the one data file).
 * Checked once at load so a hand edit that breaks the shape fails loudly.
 */
import { isRecord } from '../lib/json';
import raw from './prices.json';

export type PriceStatus = 'confirmed' | 'secondary' | 'unconfirmed';

/** One step of a tiered price: `price` per `per` units up to the cumulative `upTo` (null = no limit). */
export interface Tier {
  readonly upTo: number | null;
  readonly price: number;
}

export interface PriceEntry {
  readonly description: string;
  readonly unit: string;
  /** The price is quoted per this many units (10,000 requests, 1 M requests, 1 GB...). */
  readonly per: number;
  readonly tiers: readonly Tier[];
  readonly source: string;
  readonly evidence: string;
  readonly status: PriceStatus;
}

export interface FreeTierEntry {
  readonly description: string;
  readonly amount: number;
  readonly unit: string;
  /** "always": every month for every account; "first-12-months": new accounts only. */
  readonly term: 'always' | 'first-12-months';
  readonly source: string;
  readonly evidence: string;
  readonly status: PriceStatus;
}

export const PRICE_KEYS = [
  'cloudfrontHttpsRequests',
  'cloudfrontDataTransferOut',
  'cloudfrontDataTransferToOrigin',
  'lambdaRequests',
  'lambdaDurationArm64',
  'lambdaDurationX86',
  'lambdaEdgeRequests',
  'lambdaEdgeDuration',
  'wafWebAcl',
  'wafRule',
  'wafRequests',
  'apiGatewayHttpRequests',
  'apiGatewayRestRequests',
  'dataTransferOutInternet',
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

export const FREE_TIER_KEYS = [
  'cloudfrontRequests',
  'cloudfrontDataTransferGb',
  'lambdaRequests',
  'lambdaGbSeconds',
  'dataTransferOutGb',
  'apiGatewayHttpRequests',
  'apiGatewayRestRequests',
] as const;
export type FreeTierKey = (typeof FREE_TIER_KEYS)[number];

export interface PriceBook {
  readonly asOf: string;
  readonly region: string;
  readonly currency: string;
  readonly edgeRates: string;
  readonly prices: Readonly<Record<PriceKey, PriceEntry>>;
  readonly freeTiers: Readonly<Record<FreeTierKey, FreeTierEntry>>;
  readonly noFreeTier: readonly string[];
  readonly notModelled: readonly string[];
}

const STATUSES: readonly string[] = ['confirmed', 'secondary', 'unconfirmed'];

function fail(message: string): never {
  throw new Error(`cost/prices.json: ${message}`);
}

function checkEntry(key: string, v: unknown): void {
  if (!isRecord(v)) fail(`prices.${key} is missing or not an object`);
  for (const field of ['description', 'unit', 'source', 'evidence']) {
    if (typeof v[field] !== 'string' || (v[field] as string).length === 0) fail(`prices.${key}.${field} must be a non-empty string`);
  }
  if (!STATUSES.includes(v.status as string)) fail(`prices.${key}.status must be one of ${STATUSES.join(', ')}`);
  if (typeof v.per !== 'number' || !(v.per > 0)) fail(`prices.${key}.per must be a positive number`);
  const tiers = v.tiers;
  if (!Array.isArray(tiers) || tiers.length === 0) fail(`prices.${key}.tiers must be a non-empty list`);
  let previous = 0;
  tiers.forEach((t: unknown, i: number) => {
    if (!isRecord(t)) fail(`prices.${key}.tiers[${i}] is not an object`);
    if (typeof t.price !== 'number' || !(t.price >= 0)) fail(`prices.${key}.tiers[${i}].price must be a number >= 0`);
    const last = i === tiers.length - 1;
    if (last && t.upTo !== null) fail(`prices.${key}: the last tier must have upTo: null`);
    if (!last) {
      if (typeof t.upTo !== 'number' || !(t.upTo > previous)) fail(`prices.${key}.tiers[${i}].upTo must increase`);
      previous = t.upTo;
    }
  });
}

/** Validates the shape of a price book (used on the bundled file; exported for tests). */
export function checkPriceBook(book: unknown): PriceBook {
  if (!isRecord(book)) fail('not an object');
  if (typeof book.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(book.asOf)) fail('asOf must be a YYYY-MM-DD date');
  for (const field of ['region', 'currency', 'edgeRates']) {
    if (typeof book[field] !== 'string') fail(`${field} must be a string`);
  }
  if (!isRecord(book.prices)) fail('prices must be an object');
  for (const key of PRICE_KEYS) checkEntry(key, book.prices[key]);
  if (!isRecord(book.freeTiers)) fail('freeTiers must be an object');
  for (const key of FREE_TIER_KEYS) {
    const f = book.freeTiers[key];
    if (!isRecord(f) || typeof f.amount !== 'number' || !(f.amount >= 0)) fail(`freeTiers.${key}.amount must be a number >= 0`);
    if (f.term !== 'always' && f.term !== 'first-12-months') fail(`freeTiers.${key}.term must be "always" or "first-12-months"`);
    if (typeof f.source !== 'string' || !STATUSES.includes(f.status as string)) fail(`freeTiers.${key} needs a source and a status`);
  }
  if (!Array.isArray(book.noFreeTier) || !Array.isArray(book.notModelled)) fail('noFreeTier and notModelled must be lists');
  return book as unknown as PriceBook;
}

export const PRICES: PriceBook = checkPriceBook(raw);
