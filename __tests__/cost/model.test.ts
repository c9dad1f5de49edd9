/**
 * The cost arithmetic, checked against cases worked out by hand. Every
 * expected number below is written out from the prices in cost/prices.json
 * (as of 2026-11-21), never computed by the code under test.
 *
 * Units: 1 KB = 1,024 B, 1 GB = 1,048,576 KB; GB-s = requests x seconds x GB.
 */
import { billedMs, estimate, gbSeconds, tieredCost, transferGb, wafRuleCount, withDefaults, type DesignCost, type DesignId } from '../../cost/model';
import { checkPriceBook, PRICES, PRICE_KEYS, FREE_TIER_KEYS } from '../../cost/prices';
import raw from '../../cost/prices.json';

function find(id: DesignId, partial = {}): DesignCost {
  const d = estimate(partial).designs.find((x) => x.id === id);
  if (!d) throw new Error(`no design ${id}`);
  return d;
}

function cost(d: DesignCost, service: string, itemStart: string): number {
  const found = d.items.filter((i) => i.service === service && i.item.startsWith(itemStart));
  if (found.length !== 1) throw new Error(`expected one ${service} ${itemStart} in ${d.id}, found ${found.length}`);
  return found[0].cost;
}

describe('defaults: 10 M requests, 50 ms, 256 MB arm64, 2 KB responses, edge 5 ms x 128 MB, 6 WAF rules, no free tiers', () => {
  const sigv4 = find('edge-sigv4');

  it('prices every edge-sigv4 line item', () => {
    // CloudFront HTTPS: 10,000,000 / 10,000 x $0.01 = $10.00
    expect(cost(sigv4, 'CloudFront', 'HTTPS requests')).toBeCloseTo(10, 10);
    // Transfer: 10,000,000 x 2 KB = 20,000,000 KB / 1,048,576 = 19.073486328125 GB x $0.085 = $1.621246337890625
    expect(cost(sigv4, 'CloudFront', 'data transfer out')).toBeCloseTo(1.621246337890625, 10);
    // Lambda@Edge requests: 10 M x $0.60/M = $6.00
    expect(cost(sigv4, 'Lambda@Edge', 'requests')).toBeCloseTo(6, 10);
    // Lambda@Edge duration: 10,000,000 x 0.005 s x 0.125 GB = 6,250 GB-s x $0.00005001 = $0.3125625
    expect(cost(sigv4, 'Lambda@Edge', 'duration')).toBeCloseTo(0.3125625, 10);
    // WAF: $5 ACL + 6 rules x $1 + 10 M x $0.60/M = 5 + 6 + 6
    expect(cost(sigv4, 'AWS WAF', 'web ACL')).toBeCloseTo(5, 10);
    expect(cost(sigv4, 'AWS WAF', 'rules')).toBeCloseTo(6, 10);
    expect(cost(sigv4, 'AWS WAF', 'requests')).toBeCloseTo(6, 10);
    // Lambda requests: 10 M x $0.20/M = $2.00
    expect(cost(sigv4, 'Lambda', 'requests')).toBeCloseTo(2, 10);
    // Lambda duration: 10,000,000 x 0.05 s x 0.25 GB = 125,000 GB-s x $0.0000133334 = $1.666675
    expect(cost(sigv4, 'Lambda', 'duration')).toBeCloseTo(1.666675, 10);
    // The function URL itself costs nothing.
    expect(cost(sigv4, 'Lambda', 'function URL')).toBe(0);
  });

  it('totals edge-sigv4 and gives the cost per million requests', () => {
    // 10 + 1.621246337890625 + 6 + 0.3125625 + 5 + 6 + 6 + 2 + 1.666675 = 38.600483837890625
    expect(sigv4.total).toBeCloseTo(38.60048383789063, 9);
    // 38.600483837890625 / 10 (million requests)
    expect(sigv4.perMillion).toBeCloseTo(3.860048383789063, 9);
  });

  it('gives oac the same line items plus a free OAC signing line, and says why the totals are equal', () => {
    const oac = find('oac');
    expect(oac.total).toBeCloseTo(38.60048383789063, 9);
    expect(cost(oac, 'Lambda@Edge', 'duration')).toBeCloseTo(0.3125625, 10);
    expect(cost(oac, 'CloudFront', 'origin access control signing')).toBe(0);
    expect(oac.notes.join(' ')).toMatch(/Same total as edge-sigv4: the edge function still runs on every request/);
  });

  it('prices API Gateway HTTP API + the same Lambda', () => {
    const http = find('http-api');
    // 10 M x $1.00/M = $10.00
    expect(cost(http, 'API Gateway', 'HTTP API requests')).toBeCloseTo(10, 10);
    // 19.073486328125 GB x $0.09 = $1.71661376953125
    expect(cost(http, 'Data transfer', 'out to internet')).toBeCloseTo(1.71661376953125, 10);
    // 10 + 1.71661376953125 + 2 + 1.666675 = 15.38328876953125
    expect(http.total).toBeCloseTo(15.38328876953125, 9);
    expect(http.items.some((i) => i.service === 'AWS WAF')).toBe(false);
  });

  it('prices API Gateway REST API with the same web ACL, and without it on request', () => {
    // 10 M x $3.50/M = $35; + 1.71661376953125 transfer + 17 WAF + 2 + 1.666675 Lambda = 57.38328876953125
    const rest = find('rest-api');
    expect(cost(rest, 'API Gateway', 'REST API requests')).toBeCloseTo(35, 10);
    expect(rest.total).toBeCloseTo(57.38328876953125, 9);
    // Without WAF: 57.38328876953125 - 17 = 40.38328876953125
    const bare = find('rest-api', { restApiWaf: false });
    expect(bare.total).toBeCloseTo(40.38328876953125, 9);
    expect(bare.notes.join(' ')).toMatch(/No WAF on the REST API/);
  });
});

describe('architecture, memory and duration', () => {
  it('uses the x86_64 duration price', () => {
    // 125,000 GB-s x $0.0000166667 = $2.0833375
    expect(cost(find('edge-sigv4', { arch: 'x86_64' }), 'Lambda', 'duration')).toBeCloseTo(2.0833375, 10);
  });

  it('scales GB-s with memory and duration', () => {
    // 10,000,000 x 0.2 s x 1 GB = 2,000,000 GB-s x $0.0000133334 = $26.6668
    expect(cost(find('http-api', { avgMs: 200, memoryMb: 1024 }), 'Lambda', 'duration')).toBeCloseTo(26.6668, 8);
  });

  it('computes GB-s and transfer from their definitions', () => {
    expect(gbSeconds(10_000_000, 50, 256)).toBeCloseTo(125_000, 6);
    expect(transferGb(10_000_000, 2)).toBeCloseTo(19.073486328125, 12);
  });
});

describe('1 ms billing granularity (Lambda@Edge and Lambda)', () => {
  it.each([
    [50, 50],
    [50.2, 51],
    [4.2, 5],
    [0.3, 1],
    [50.0000000001, 50], // float noise is not a whole extra millisecond
  ])('bills %p ms as %p ms', (ms, billed) => {
    expect(billedMs(ms)).toBe(billed);
  });

  it.each([
    // 4.2 ms -> 5 ms: 10,000,000 x 0.005 x 0.125 = 6,250 GB-s x $0.00005001 = $0.3125625
    [4.2, 0.3125625],
    // 5.01 ms -> 6 ms: 10,000,000 x 0.006 x 0.125 = 7,500 GB-s x $0.00005001 = $0.375075
    [5.01, 0.375075],
    // 0.3 ms -> 1 ms: 10,000,000 x 0.001 x 0.125 = 1,250 GB-s x $0.00005001 = $0.0625125
    [0.3, 0.0625125],
  ])('edge duration %p ms costs $%p', (edgeMs, expected) => {
    expect(cost(find('edge-sigv4', { edgeMs }), 'Lambda@Edge', 'duration')).toBeCloseTo(expected, 10);
  });

  it('lets the oac edge duration differ, and says so', () => {
    // oac 4 ms: 10,000,000 x 0.004 x 0.125 = 5,000 GB-s x $0.00005001 = $0.25005 (sigv4 5 ms: $0.3125625)
    const oac = find('oac', { edgeMs: 5, edgeMsOac: 4 });
    expect(cost(oac, 'Lambda@Edge', 'duration')).toBeCloseTo(0.25005, 10);
    // 38.600483837890625 - 0.3125625 + 0.25005 = 38.537971337890625
    expect(oac.total).toBeCloseTo(38.537971337890625, 9);
    expect(oac.notes.join(' ')).toMatch(/Differs from edge-sigv4 only in Lambda@Edge duration \(4 ms billed instead of 5 ms\)/);
  });

  it('has the oac edge duration follow --edge-ms unless given', () => {
    expect(withDefaults({ edgeMs: 7 }).edgeMsOac).toBe(7);
  });
});

describe('free tiers', () => {
  it('applies the always-free tiers at 10 M requests', () => {
    const sigv4 = find('edge-sigv4', { freeTier: true });
    // CloudFront: 10 M requests all free; 19.07 GB within 1 TB free
    expect(cost(sigv4, 'CloudFront', 'HTTPS requests')).toBe(0);
    expect(cost(sigv4, 'CloudFront', 'data transfer out')).toBe(0);
    // Lambda: (10 M - 1 M) x $0.20/M = $1.80; 125,000 GB-s within 400,000 free
    expect(cost(sigv4, 'Lambda', 'requests')).toBeCloseTo(1.8, 10);
    expect(cost(sigv4, 'Lambda', 'duration')).toBe(0);
    // Lambda@Edge and WAF have no free tier: 6 + 0.3125625 + 17; total 0 + 0 + 6.3125625 + 17 + 1.8 + 0 = 25.1125625
    expect(sigv4.total).toBeCloseTo(25.1125625, 9);
    // HTTP API: 10 + 0 (19.07 GB within the 100 GB free) + 1.80 + 0 = 11.80 (no first-year tier)
    expect(find('http-api', { freeTier: true }).total).toBeCloseTo(11.8, 9);
  });

  it("applies API Gateway's first-12-months tier only with firstYear", () => {
    // HTTP: (10 M - 1 M) x $1.00/M = 9.00, + 1.80 Lambda = 10.80
    expect(find('http-api', { firstYear: true }).total).toBeCloseTo(10.8, 9);
    // REST + WAF: 9 M x $3.50/M = 31.50, + 17 WAF + 1.80 = 50.30
    expect(find('rest-api', { firstYear: true }).total).toBeCloseTo(50.3, 9);
    // firstYear implies the always-free tiers too
    expect(find('edge-sigv4', { firstYear: true }).total).toBeCloseTo(25.1125625, 9);
  });

  it('bills only the part above the allowance at 100 M requests', () => {
    const sigv4 = find('edge-sigv4', { requests: 100_000_000, freeTier: true });
    // (100 M - 10 M) / 10,000 x $0.01 = $90.00
    expect(cost(sigv4, 'CloudFront', 'HTTPS requests')).toBeCloseTo(90, 9);
    // 190.73486328125 GB, inside 1,024 GB free
    expect(cost(sigv4, 'CloudFront', 'data transfer out')).toBe(0);
    // (100 M - 1 M) x $0.20/M = $19.80
    expect(cost(sigv4, 'Lambda', 'requests')).toBeCloseTo(19.8, 9);
    // 1,250,000 - 400,000 = 850,000 GB-s x $0.0000133334 = $11.33339
    expect(cost(sigv4, 'Lambda', 'duration')).toBeCloseTo(11.33339, 8);
    const line = sigv4.items.find((i) => i.service === 'Lambda' && i.item === 'requests');
    expect(line).toMatchObject({ quantity: 100_000_000, free: 1_000_000, billable: 99_000_000 });
  });

  it('leaves everything billable with free tiers off', () => {
    for (const d of estimate().designs) for (const i of d.items) expect(i.free).toBe(0);
  });
});

describe('tiered prices', () => {
  it('walks the tiers of a synthetic price', () => {
    // 150 units at $2 per 10 up to 100, then $1 per 10: 100 x 2 / 10 + 50 x 1 / 10 = 20 + 5 = 25
    const entry = {
      ...PRICES.prices.lambdaRequests,
      per: 10,
      tiers: [
        { upTo: 100, price: 2 },
        { upTo: null, price: 1 },
      ],
    };
    expect(tieredCost(150, entry)).toBeCloseTo(25, 12);
    expect(tieredCost(100, entry)).toBeCloseTo(20, 12);
    expect(tieredCost(0, entry)).toBe(0);
  });

  it('crosses the API Gateway request tiers at 1 B requests', () => {
    // HTTP: 300 M x $1.00/M + 700 M x $0.90/M = 300 + 630 = 930
    expect(cost(find('http-api', { requests: 1_000_000_000 }), 'API Gateway', 'HTTP API requests')).toBeCloseTo(930, 8);
    // REST: 333 M x $3.50/M + 667 M x $2.80/M = 1,165.50 + 1,867.60 = 3,033.10
    expect(cost(find('rest-api', { requests: 1_000_000_000 }), 'API Gateway', 'REST API requests')).toBeCloseTo(3033.1, 8);
  });

  it('crosses the data transfer tiers at 20,480 GB', () => {
    // 10,485,760 requests x 2,048 KB = 21,474,836,480 KB / 1,048,576 = 20,480 GB
    const inputs = { requests: 10_485_760, payloadKb: 2048 };
    // CloudFront: 10,240 x $0.085 + 10,240 x $0.080 = 870.40 + 819.20 = 1,689.60
    expect(cost(find('edge-sigv4', inputs), 'CloudFront', 'data transfer out')).toBeCloseTo(1689.6, 8);
    // Regional: 10,240 x $0.09 + 10,240 x $0.085 = 921.60 + 870.40 = 1,792.00
    expect(cost(find('http-api', inputs), 'Data transfer', 'out to internet')).toBeCloseTo(1792, 8);
  });
});

describe('WAF rules and request bodies', () => {
  it('counts the project web ACL honestly', () => {
    // rate-based 1 + IP allow 1 + IP deny 1 + Common, KnownBadInputs, AmazonIpReputationList 3 = 6
    expect(wafRuleCount()).toBe(6);
    expect(wafRuleCount({ sqli: true })).toBe(7); // config/dev.json
    expect(wafRuleCount({ sqli: true, anonymousIpList: true })).toBe(8); // config/prod.json
    expect(wafRuleCount({ ipSetRules: 0 })).toBe(4); // a stack that omits empty IP-set rules
  });

  it('charges $1 per rule-month', () => {
    // 8 rules: 5 + 8 + 6 = 19 of WAF
    const d = find('edge-sigv4', { wafRules: 8 });
    expect(cost(d, 'AWS WAF', 'rules')).toBeCloseTo(8, 10);
    expect(d.total).toBeCloseTo(38.60048383789063 + 2, 9);
  });

  it('bills request bodies sent to the origin only when there are any', () => {
    expect(find('edge-sigv4').items.some((i) => i.item === 'data transfer to origin')).toBe(false);
    // 10,000,000 x 1 KB / 1,048,576 = 9.5367431640625 GB x $0.02 = $0.19073486328125
    expect(cost(find('edge-sigv4', { requestKb: 1 }), 'CloudFront', 'data transfer to origin')).toBeCloseTo(0.19073486328125, 12);
  });
});

describe('inputs', () => {
  it.each([
    [{ memoryMb: 64 }, /memoryMb/],
    [{ requests: 0 }, /requests/],
    [{ requests: 1.5 }, /requests/],
    [{ avgMs: -1 }, /avgMs/],
    [{ payloadKb: Number.NaN }, /payloadKb/],
    [{ arch: 'sparc' as never }, /arch/],
    [{ wafRules: 2.5 }, /wafRules/],
  ])('rejects %p', (partial, message) => {
    expect(() => withDefaults(partial)).toThrow(message);
  });

  it('ignores explicitly undefined fields', () => {
    expect(withDefaults({ memoryMb: undefined }).memoryMb).toBe(256);
  });
});

describe('the price book', () => {
  it('has a date, region and currency, and a source and status for every price', () => {
    expect(PRICES.asOf).toBe('2026-11-21');
    expect(PRICES.region).toBe('us-east-1');
    expect(PRICES.currency).toBe('USD');
    for (const k of PRICE_KEYS) {
      expect(PRICES.prices[k].source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(['confirmed', 'secondary', 'unconfirmed']).toContain(PRICES.prices[k].status);
    }
    for (const k of FREE_TIER_KEYS) expect(PRICES.freeTiers[k].source).toMatch(/^https:\/\//);
  });

  it('rejects a broken price book', () => {
    const broken = JSON.parse(JSON.stringify(raw));
    broken.prices.apiGatewayHttpRequests.tiers = [
      { upTo: 300, price: 1 },
      { upTo: 200, price: 0.9 },
      { upTo: null, price: 0.8 },
    ];
    expect(() => checkPriceBook(broken)).toThrow(/apiGatewayHttpRequests\.tiers\[1\]\.upTo must increase/);
    const noSource = JSON.parse(JSON.stringify(raw));
    delete noSource.prices.wafRule.source;
    expect(() => checkPriceBook(noSource)).toThrow(/prices\.wafRule\.source/);
  });
});
