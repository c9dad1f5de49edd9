/**
 * Compares cdktf and cdktn synth outputs of the same sources (built to dist/
 * by scripts/build.js; plain Node, no dependencies):
 *
 *   cdktn-compare.js --base DIR --other DIR --allow cdktn-differences.txt [--out FILE]
 *
 * DIR holds one synth output per variant (`<env>.<signing mode>/`, each with
 * manifest.json and stacks/). For every variant the two sides must have the
 * same stacks (names, working directories, dependencies); for every stack the
 * same addresses (resources, data sources, outputs, locals, providers,
 * moved/import/check blocks), backend, provider blocks and resource bodies:
 * each `cdk.tf.json` and `manifest.json` is compared value by value, and
 * every asset file byte by byte (sha256). A value that differs must match a
 * line of the allow file (`<file>:<path> <cdktf JSON value> <cdktn JSON
 * value> # why`); anything else is a difference and fails the run (exit 1).
 *
 * Prints one line per variant and the totals; --out gets `key=value` lines
 * (variants, stacks, addresses, bodies, assets, documented, undocumented,
 * kinds, runtimes) for the tier's summary.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AllowedDifference {
  readonly file: string;
  readonly path: string;
  readonly base: unknown;
  readonly other: unknown;
  readonly reason: string;
  readonly line: number;
}

export interface Difference {
  readonly file: string;
  /** The stack (or variant) the difference is in. */
  readonly where: string;
  readonly path: string;
  readonly base: unknown;
  readonly other: unknown;
}

const ABSENT = Symbol('absent');

/** Parses the allow file: `<file>:<path> <JSON> <JSON> # reason`, the reason required. */
export function parseAllowed(text: string, name = 'cdktn-differences.txt'): AllowedDifference[] {
  const out: AllowedDifference[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([a-z.]+\.json):(\S+)\s+("(?:[^"\\]|\\.)*"|\S+)\s+("(?:[^"\\]|\\.)*"|\S+)\s+#\s*(\S.*)$/.exec(line);
    if (!m) throw new Error(`${name}:${i + 1}: expected "<file>:<path> <cdktf JSON value> <cdktn JSON value> # why", got: ${line}`);
    out.push({ file: m[1], path: m[2], base: JSON.parse(m[3]), other: JSON.parse(m[4]), reason: m[5], line: i + 1 });
  });
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf where `a` and `b` differ; object keys as `.key`, array items as `[i]`. */
export function diffJson(a: unknown, b: unknown, at = '', out: Array<{ path: string; base: unknown; other: unknown }> = []) {
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const p = at === '' ? k : `${at}.${k}`;
      if (!(k in a)) out.push({ path: p, base: ABSENT, other: b[k] });
      else if (!(k in b)) out.push({ path: p, base: a[k], other: ABSENT });
      else diffJson(a[k], b[k], p, out);
    }
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffJson(x, b[i], `${at}[${i}]`, out));
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push({ path: at, base: a, other: b });
  }
  return out;
}

/** Terraform addresses declared in a cdk.tf.json (resources, data, outputs, locals, providers, blocks). */
export function addressesOf(tf: Record<string, unknown>): string[] {
  const out: string[] = [];
  const section = (name: string) => (isObject(tf[name]) ? (tf[name] as Record<string, unknown>) : {});
  for (const [type, byName] of Object.entries(section('resource'))) for (const n of Object.keys(byName as object)) out.push(`${type}.${n}`);
  for (const [type, byName] of Object.entries(section('data'))) for (const n of Object.keys(byName as object)) out.push(`data.${type}.${n}`);
  for (const n of Object.keys(section('output'))) out.push(`output.${n}`);
  for (const n of Object.keys(section('locals'))) out.push(`local.${n}`);
  for (const n of Object.keys(section('variable'))) out.push(`var.${n}`);
  for (const n of Object.keys(section('module'))) out.push(`module.${n}`);
  for (const [type, blocks] of Object.entries(section('provider'))) {
    for (const b of Array.isArray(blocks) ? blocks : [blocks]) out.push(`provider.${type}${isObject(b) && typeof b.alias === 'string' ? `.${b.alias}` : ''}`);
  }
  for (const kind of ['moved', 'import', 'removed']) {
    const blocks = tf[kind];
    if (Array.isArray(blocks)) blocks.forEach((b) => out.push(`${kind}:${JSON.stringify(isObject(b) ? (b.to ?? b.from ?? b.id) : b)}`));
  }
  for (const n of Object.keys(section('check'))) out.push(`check.${n}`);
  return out.sort();
}

function filesBelow(dir: string, base = dir, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesBelow(p, base, out);
    else out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out;
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

export interface VariantResult {
  readonly variant: string;
  readonly stacks: number;
  readonly addresses: number;
  readonly bodies: number;
  readonly assets: number;
  readonly documented: Array<Difference & { rule: AllowedDifference }>;
  readonly undocumented: Difference[];
  readonly runtimes: Set<string>;
}

function matchRule(rules: readonly AllowedDifference[], d: Difference): AllowedDifference | undefined {
  return rules.find(
    (r) => r.file === d.file && r.path === d.path && JSON.stringify(r.base) === JSON.stringify(d.base) && JSON.stringify(r.other) === JSON.stringify(d.other),
  );
}

const shown = (v: unknown) => (v === ABSENT ? '(absent)' : JSON.stringify(v)?.slice(0, 160));

export function compareVariant(variant: string, baseDir: string, otherDir: string, rules: readonly AllowedDifference[]): VariantResult {
  const documented: VariantResult['documented'] = [];
  const undocumented: Difference[] = [];
  const runtimes = new Set<string>();
  const record = (file: string, where: string, diffs: ReturnType<typeof diffJson>) => {
    for (const d of diffs) {
      const diff = { file, where, path: d.path, base: d.base, other: d.other };
      const rule = matchRule(rules, diff);
      if (rule) documented.push({ ...diff, rule });
      else undocumented.push(diff);
    }
  };
  const fileName = (rel: string) => path.basename(rel);
  const baseManifest = readJson(path.join(baseDir, 'manifest.json'));
  const otherManifest = readJson(path.join(otherDir, 'manifest.json'));
  record('manifest.json', variant, diffJson(baseManifest, otherManifest));
  const stacks = Object.keys((baseManifest.stacks ?? {}) as object).sort();
  let addresses = 0;
  let bodies = 0;
  let assets = 0;
  for (const name of stacks) {
    const stack = (baseManifest.stacks as Record<string, { synthesizedStackPath: string; workingDirectory: string }>)[name];
    const rel = stack.synthesizedStackPath;
    const a = readJson(path.join(baseDir, rel));
    const bFile = path.join(otherDir, rel);
    if (!fs.existsSync(bFile)) {
      undocumented.push({ file: fileName(rel), where: name, path: '(whole stack)', base: 'present', other: ABSENT });
      continue;
    }
    const b = readJson(bFile);
    const addrA = addressesOf(a);
    const addrB = addressesOf(b);
    addresses += addrA.length;
    for (const x of addrA.filter((v) => !addrB.includes(v)))
      undocumented.push({ file: fileName(rel), where: name, path: `(address ${x})`, base: 'present', other: ABSENT });
    for (const x of addrB.filter((v) => !addrA.includes(v)))
      undocumented.push({ file: fileName(rel), where: name, path: `(address ${x})`, base: ABSENT, other: 'present' });
    for (const kind of ['resource', 'data']) {
      for (const byName of Object.values((a[kind] ?? {}) as Record<string, object>)) bodies += Object.keys(byName).length;
    }
    record(fileName(rel), name, diffJson(a, b));
    for (const fn of Object.values(((a.resource ?? {}) as Record<string, Record<string, { runtime?: unknown }>>).aws_lambda_function ?? {})) {
      if (typeof fn.runtime === 'string') runtimes.add(fn.runtime);
    }
    // Assets (bundles, zips) byte for byte.
    const dirA = path.join(baseDir, stack.workingDirectory);
    const dirB = path.join(otherDir, stack.workingDirectory);
    const filesA = filesBelow(path.join(dirA, 'assets'));
    const filesB = filesBelow(path.join(dirB, 'assets'));
    for (const f of [...new Set([...filesA, ...filesB])].sort()) {
      assets++;
      const inA = filesA.includes(f);
      const inB = filesB.includes(f);
      if (!inA || !inB) undocumented.push({ file: 'assets', where: name, path: f, base: inA ? 'present' : ABSENT, other: inB ? 'present' : ABSENT });
      else if (sha256(path.join(dirA, 'assets', f)) !== sha256(path.join(dirB, 'assets', f)))
        undocumented.push({ file: 'assets', where: name, path: f, base: 'sha256 differs', other: 'sha256 differs' });
    }
  }
  // Stacks only the other side has.
  for (const name of Object.keys((otherManifest.stacks ?? {}) as object)) {
    if (!stacks.includes(name)) undocumented.push({ file: 'manifest.json', where: variant, path: `stacks.${name}`, base: ABSENT, other: 'present' });
  }
  return { variant, stacks: stacks.length, addresses, bodies, assets, documented, undocumented, runtimes };
}

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 || i + 1 >= args.length ? undefined : args[i + 1];
}

export function main(argv: readonly string[]): number {
  const base = argValue(argv, '--base');
  const other = argValue(argv, '--other');
  const allowFile = argValue(argv, '--allow');
  const outFile = argValue(argv, '--out');
  if (!base || !other || !allowFile) {
    process.stderr.write('usage: cdktn-compare.js --base DIR --other DIR --allow FILE [--out FILE]\n');
    return 2;
  }
  const rules = parseAllowed(fs.readFileSync(allowFile, 'utf8'), path.basename(allowFile));
  const say = (s: string) => process.stderr.write(`    ${s}\n`);
  const variants = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'manifest.json')))
    .sort();
  if (variants.length === 0) throw new Error(`no synth outputs (<variant>/manifest.json) in ${base}`);
  const results: VariantResult[] = [];
  for (const v of variants) {
    if (!fs.existsSync(path.join(other, v, 'manifest.json'))) {
      results.push({
        variant: v,
        stacks: 0,
        addresses: 0,
        bodies: 0,
        assets: 0,
        documented: [],
        undocumented: [{ file: 'manifest.json', where: v, path: '(no cdktn output)', base: 'present', other: ABSENT }],
        runtimes: new Set(),
      });
      continue;
    }
    const r = compareVariant(v, path.join(base, v), path.join(other, v), rules);
    results.push(r);
    const kinds = new Set(r.documented.map((d) => `${d.file}:${d.path}`));
    say(
      `${v}: ${r.stacks} stacks, ${r.addresses} addresses (${r.bodies} resource/data bodies), ${r.assets} asset files; documented differences ${r.documented.length} (${kinds.size} fields), other differences ${r.undocumented.length}`,
    );
    for (const d of r.undocumented) say(`  DIFFERENCE ${d.where} ${d.file}:${d.path}: cdktf ${shown(d.base)} vs cdktn ${shown(d.other)}`);
  }
  const used = new Map<number, { rule: AllowedDifference; n: number }>();
  for (const r of results) {
    for (const d of r.documented) {
      const u = used.get(d.rule.line) ?? { rule: d.rule, n: 0 };
      u.n++;
      used.set(d.rule.line, u);
    }
  }
  for (const { rule, n } of [...used.values()].sort((a, b) => a.rule.line - b.rule.line)) {
    say(
      `documented (${path.basename(allowFile)}:${rule.line}, ${n}x): ${rule.file}:${rule.path} ${JSON.stringify(rule.base)} -> ${JSON.stringify(rule.other)} -- ${rule.reason}`,
    );
  }
  for (const rule of rules)
    if (!used.has(rule.line)) say(`note: ${path.basename(allowFile)}:${rule.line} (${rule.file}:${rule.path}) matched nothing in this run`);
  const sum = (f: (r: VariantResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const undocumented = sum((r) => r.undocumented.length);
  const runtimes = [...new Set(results.flatMap((r) => [...r.runtimes]))].sort();
  const kinds = [...used.values()].map((u) => `${u.rule.file}:${u.rule.path}`);
  if (outFile) {
    fs.writeFileSync(
      outFile,
      [
        `variants=${results.length}`,
        `variant_names=${results.map((r) => r.variant).join(',')}`,
        `stacks=${sum((r) => r.stacks)}`,
        `addresses=${sum((r) => r.addresses)}`,
        `bodies=${sum((r) => r.bodies)}`,
        `assets=${sum((r) => r.assets)}`,
        `documented=${sum((r) => r.documented.length)}`,
        `undocumented=${undocumented}`,
        `kinds=${kinds.join(',')}`,
        `runtimes=${runtimes.join(',')}`,
        '',
      ].join('\n'),
    );
  }
  return undocumented === 0 ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`cdktn-compare: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
