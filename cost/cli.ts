/**
 * `npm run cost -- [flags]`: monthly cost of this project in both signing modes
 * beside API Gateway HTTP API and REST API with the same Lambda, and optionally
 * an SVG chart of cost against requests per month.
 *
 * Exit codes: 0 done; 1 could not write the chart; 2 bad flags.
 */
import { writeFileSync } from 'node:fs';
import { renderChart } from './chart';
import { ARCHES, DEFAULT_INPUTS, estimate, LIMITS, type Arch, type CostInputs } from './model';
import { PRICES } from './prices';
import { renderReport } from './report';

export const USAGE = `Usage: npm run cost -- [flags]

  --requests N        requests per month (default ${DEFAULT_INPUTS.requests}; 1e7, 10M, 10_000_000 also work)
  --avg-ms N          average API function duration in ms (default ${DEFAULT_INPUTS.avgMs})
  --memory N          API function memory in MB, 128-10240 (default ${DEFAULT_INPUTS.memoryMb})
  --arch A            arm64 | x86_64 (default ${DEFAULT_INPUTS.arch})
  --payload-kb N      KB sent back per response, headers included (default ${DEFAULT_INPUTS.payloadKb})
  --request-kb N      KB of request body per request, billed CloudFront -> origin (default ${DEFAULT_INPUTS.requestKb})
  --edge-ms N         Lambda@Edge duration per request in ms (default ${DEFAULT_INPUTS.edgeMs})
  --edge-ms-oac N     Lambda@Edge duration in oac mode (default: --edge-ms)
  --edge-memory N     Lambda@Edge memory in MB (default ${DEFAULT_INPUTS.edgeMemoryMb})
  --waf-rules N       rules in the web ACL (default ${DEFAULT_INPUTS.wafRules}; config/dev.json 7, config/prod.json 8)
  --free-tier         apply the always-free tiers (Lambda, CloudFront, 100 GB data transfer)
  --first-year        also apply API Gateway's first-12-months free tier (implies --free-tier)
  --no-rest-waf       compare against a REST API without WAF (default: the same web ACL on it)
  --chart FILE        also write an SVG chart of cost against requests (1M to 1B per month)
  --sources           list every price with its status, source and where it was seen
  --help              this text
`;

export class UsageError extends Error {}

export interface CliOptions {
  readonly inputs: Partial<CostInputs>;
  readonly chart?: string;
  readonly sources: boolean;
  readonly help: boolean;
}

type NumberFlag = 'requests' | 'avg-ms' | 'memory' | 'payload-kb' | 'request-kb' | 'edge-ms' | 'edge-ms-oac' | 'edge-memory' | 'waf-rules';

const NUMBER_FLAGS: Record<NumberFlag, { key: keyof CostInputs; min: number; max: number; integer: boolean; what: string }> = {
  requests: { key: 'requests', ...LIMITS.requests, integer: true, what: 'a whole number of requests per month' },
  'avg-ms': { key: 'avgMs', ...LIMITS.avgMs, integer: false, what: 'a duration in ms' },
  memory: { key: 'memoryMb', ...LIMITS.memoryMb, integer: true, what: 'a whole number of MB' },
  'payload-kb': { key: 'payloadKb', ...LIMITS.payloadKb, integer: false, what: 'a size in KB' },
  'request-kb': { key: 'requestKb', ...LIMITS.requestKb, integer: false, what: 'a size in KB' },
  'edge-ms': { key: 'edgeMs', ...LIMITS.edgeMs, integer: false, what: 'a duration in ms' },
  'edge-ms-oac': { key: 'edgeMsOac', ...LIMITS.edgeMs, integer: false, what: 'a duration in ms' },
  'edge-memory': { key: 'edgeMemoryMb', ...LIMITS.edgeMemoryMb, integer: true, what: 'a whole number of MB' },
  'waf-rules': { key: 'wafRules', ...LIMITS.wafRules, integer: true, what: 'a whole number of rules' },
};
const BOOLEAN_FLAGS = ['free-tier', 'first-year', 'no-rest-waf', 'sources', 'help'] as const;
const STRING_FLAGS = ['arch', 'chart'] as const;

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/** "10M" -> 1e7, "1e7" -> 1e7, "10_000_000" / "10,000,000" -> 1e7; NaN when not a number. */
export function parseNumber(text: string): number {
  const cleaned = text.trim().replace(/[_,]/g, '');
  const match = /^([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)([kmb]?)$/i.exec(cleaned);
  if (!match) return NaN;
  const value = Number(match[1]) * (match[2] ? SUFFIX[match[2].toLowerCase()] : 1);
  // 2.5M and similar: remove float noise from the multiplication.
  return Number(value.toPrecision(15));
}

function numberFlag(flag: NumberFlag, text: string): number {
  const spec = NUMBER_FLAGS[flag];
  const value = parseNumber(text);
  const ok = Number.isFinite(value) && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
  if (!ok) throw new UsageError(`invalid value for --${flag}: got "${text}", expected ${spec.what} from ${spec.min} to ${spec.max}`);
  return value;
}

/** Parses argv (without node and script). Throws UsageError naming the flag and the value received. */
export function parseCli(argv: readonly string[]): CliOptions {
  const inputs: Record<string, unknown> = {};
  let chart: string | undefined;
  let sources = false;
  let help = false;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(`unexpected argument "${arg}" (flags start with --; see --help)`);
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (seen.has(flag)) throw new UsageError(`--${flag} given more than once`);
    seen.add(flag);
    if ((BOOLEAN_FLAGS as readonly string[]).includes(flag)) {
      if (inline !== undefined) throw new UsageError(`--${flag} takes no value, got "${inline}"`);
      if (flag === 'free-tier') inputs.freeTier = true;
      else if (flag === 'first-year') inputs.firstYear = true;
      else if (flag === 'no-rest-waf') inputs.restApiWaf = false;
      else if (flag === 'sources') sources = true;
      else help = true;
      continue;
    }
    const isNumber = flag in NUMBER_FLAGS;
    if (!isNumber && !(STRING_FLAGS as readonly string[]).includes(flag)) throw new UsageError(`unknown flag --${flag} (see --help)`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`--${flag} needs a value`);
      value = next;
      i++;
    }
    if (isNumber) {
      const n = flag as NumberFlag;
      inputs[NUMBER_FLAGS[n].key] = numberFlag(n, value);
    } else if (flag === 'arch') {
      if (!(ARCHES as readonly string[]).includes(value))
        throw new UsageError(`invalid value for --arch: got "${value}", expected one of ${ARCHES.join(', ')}`);
      inputs.arch = value as Arch;
    } else {
      if (value.trim() === '') throw new UsageError(`invalid value for --chart: got "${value}", expected a file name`);
      chart = value;
    }
  }
  return { inputs: inputs as Partial<CostInputs>, chart, sources, help };
}

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly writeFile: (path: string, content: string) => void;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  writeFile: (p, c) => writeFileSync(p, c, 'utf8'),
};

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[], io: Io = processIo): number {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cost: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  const report = estimate(options.inputs, PRICES);
  io.out(renderReport(report, PRICES, options.sources));
  if (options.chart) {
    try {
      io.writeFile(options.chart, renderChart({ inputs: options.inputs, prices: PRICES }));
    } catch (e) {
      io.err(`cost: could not write the chart to ${options.chart}: ${(e as Error).message}\n`);
      return 1;
    }
    io.out(`Chart written to ${options.chart}\n`);
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
