/**
 * Reads `tofu show -json` of a saved plan for scripts/verify-iac/stacks.sh
 * (built to dist/ by scripts/build.js; plain Node, no dependencies):
 *
 *   targets --plan PLAN.json --gaps emulator-gaps.txt --tf cdk.tf.json [--override FILE] --out DIR
 *     Which planned resources the emulator cannot create (types listed as
 *     `apply` gaps) and which depend on them, through the configuration's
 *     references, `depends_on` and locals; the rest can be applied with
 *     `-target`. Writes DIR/applicable.txt (one address a line),
 *     DIR/unsupported.txt and DIR/blocked.tsv (address, why).
 *
 *   drift --plan REPLAN.json --allowlist drift-allowlist.txt --out FILE
 *     Every change on the second plan, attribute by attribute (before vs
 *     after, and values known only after apply). An in-place update whose
 *     every changed attribute matches an allowlist rule is an allowed
 *     emulator gap; anything else (another attribute, create, delete,
 *     replace) is unexpected. Writes FILE: `status=none|allowed|unexpected`,
 *     `allowed=N` (attribute changes), `unexpected=N`, `rules=<used rule lines>`.
 *
 *   remote-state --plan PLAN.json
 *     The `terraform_remote_state` data sources the plan read, one line each:
 *     `address<TAB>s3://bucket/key<TAB>N outputs (names)`; none: no output.
 *
 *   standins --tf cdk.tf.json --gaps emulator-gaps.txt --out FILE
 *     For each `standin <type>.<attribute> <literal>` of emulator-gaps.txt,
 *     every resource argument and local of the stack that reads that
 *     attribute of a resource of that type (one the emulator cannot create),
 *     with the reference replaced by the literal: written as a Terraform
 *     override file (FILE must end in `_override.tf.json`), so those
 *     resources no longer depend on the missing one and are applied as
 *     synthesized but for that value. Prints `<where>\t<reference>` lines;
 *     writes no file when nothing matched.
 *
 *   destroy-gaps --gaps emulator-gaps.txt --state-list FILE
 *     Addresses of `tofu state list` whose type the emulator cannot delete,
 *     one `address<TAB>reason` a line.
 *
 * Nothing here prints attribute values marked sensitive.
 */
import { isRecord as isObject } from '../../lib/json';
import * as fs from 'node:fs';
import * as path from 'node:path';

// ------------------------------------------------------------------ types ---

export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
  };
}

export interface ConfigResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly expressions?: unknown;
  readonly depends_on?: readonly string[];
  readonly count_expression?: unknown;
  readonly for_each_expression?: unknown;
}

export interface StateResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly values?: Record<string, unknown>;
}

export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
  readonly prior_state?: { readonly values?: { readonly root_module?: { readonly resources?: readonly StateResource[] } } };
  readonly configuration?: { readonly root_module?: { readonly resources?: readonly ConfigResource[] } };
}

/** One line of drift-allowlist.txt: `<address ERE> <attribute> # reason`. */
export interface AllowRule {
  readonly address: RegExp;
  readonly attribute: string;
  readonly reason: string;
  readonly line: number;
}

/** `standin <type>.<attribute> <literal> # reason`: a value used instead of an attribute the emulator cannot produce. */
export interface StandIn {
  readonly type: string;
  readonly attribute: string;
  readonly literal: string;
  readonly reason: string;
}

/** emulator-gaps.txt: resource types the emulator cannot create (`apply`) or delete (`destroy`), and stand-in values. */
export interface EmulatorGaps {
  readonly apply: ReadonlyMap<string, string>;
  readonly destroy: ReadonlyMap<string, string>;
  readonly standins: readonly StandIn[];
}

// ---------------------------------------------------------------- parsing ---

/** Splits `body # reason`; the reason is required. */
function splitReason(raw: string, file: string, line: number): { body: string; reason: string } | undefined {
  const text = raw.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const hash = text.indexOf('#');
  const body = (hash === -1 ? text : text.slice(0, hash)).trim();
  const reason = hash === -1 ? '' : text.slice(hash + 1).trim();
  if (reason === '') throw new Error(`${file}:${line}: every entry needs a reason after "#": ${JSON.stringify(text)}`);
  return { body, reason };
}

export function parseAllowlist(text: string, file = 'drift-allowlist.txt'): AllowRule[] {
  const rules: AllowRule[] = [];
  text.split('\n').forEach((raw, i) => {
    const entry = splitReason(raw, file, i + 1);
    if (!entry) return;
    const parts = entry.body.split(/\s+/);
    if (parts.length !== 2) throw new Error(`${file}:${i + 1}: expected "<address regex> <attribute> # reason", got ${JSON.stringify(entry.body)}`);
    let address: RegExp;
    try {
      address = new RegExp(parts[0]);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: invalid regular expression ${parts[0]}: ${(e as Error).message}`, { cause: e });
    }
    rules.push({ address, attribute: parts[1], reason: entry.reason, line: i + 1 });
  });
  return rules;
}

export function parseGaps(text: string, file = 'emulator-gaps.txt'): EmulatorGaps {
  const apply = new Map<string, string>();
  const destroy = new Map<string, string>();
  const standins: StandIn[] = [];
  text.split('\n').forEach((raw, i) => {
    const entry = splitReason(raw, file, i + 1);
    if (!entry) return;
    const [kind, type, ...rest] = entry.body.split(/\s+/);
    if (kind === 'standin') {
      const m = /^([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(type ?? '');
      if (!m || rest.length !== 1 || !/^[A-Za-z0-9_.:/-]+$/.test(rest[0])) {
        throw new Error(
          `${file}:${i + 1}: expected "standin <resource type>.<attribute> <literal: letters, digits, _.:/->" # reason", got ${JSON.stringify(entry.body)}`,
        );
      }
      standins.push({ type: m[1], attribute: m[2], literal: rest[0], reason: entry.reason });
      return;
    }
    if (rest.length > 0 || !type || (kind !== 'apply' && kind !== 'destroy')) {
      throw new Error(
        `${file}:${i + 1}: expected "apply|destroy <resource type> # reason" or "standin <type>.<attribute> <literal> # reason", got ${JSON.stringify(entry.body)}`,
      );
    }
    (kind === 'apply' ? apply : destroy).set(type, entry.reason);
  });
  return { apply, destroy, standins };
}

/** `s` as a literal inside a regular expression. */
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ------------------------------------------------------------------ drift ---

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  return v;
}

/** Whether an `after_unknown` / `*_sensitive` value marks anything (true somewhere inside). */
function marks(v: unknown): boolean {
  if (v === true) return true;
  if (Array.isArray(v)) return v.some(marks);
  if (isObject(v)) return Object.values(v).some(marks);
  return false;
}

/** Top-level attributes an update changes: before != after, or known only after apply. */
export function changedAttributes(change: ResourceChange['change']): string[] {
  const before = isObject(change.before) ? change.before : {};
  const after = isObject(change.after) ? change.after : {};
  const unknown = isObject(change.after_unknown) ? change.after_unknown : {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys].filter((k) => marks(unknown[k]) || !deepEqual(before[k] ?? null, after[k] ?? null)).sort();
}

export interface DriftAttribute {
  readonly name: string;
  /** The allowlist rule that covers it, if any. */
  readonly rule?: AllowRule;
  /** "before -> after", values abbreviated, sensitive ones hidden. */
  readonly detail: string;
}

export interface DriftItem {
  readonly address: string;
  readonly actions: readonly string[];
  readonly attributes: readonly DriftAttribute[];
  /** Every attribute allow-listed and the action an in-place update. */
  readonly allowed: boolean;
}

function show(v: unknown, sensitive: unknown, unknown = false): string {
  if (unknown) return '(known after apply)';
  if (marks(sensitive)) return '(sensitive)';
  const s = v === undefined ? 'null' : JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

export function classifyDrift(plan: PlanJson, rules: readonly AllowRule[]): DriftItem[] {
  const items: DriftItem[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions;
    if (actions.length === 1 && (actions[0] === 'no-op' || actions[0] === 'read')) continue;
    const isUpdate = actions.length === 1 && actions[0] === 'update';
    const before = isObject(rc.change.before) ? rc.change.before : {};
    const after = isObject(rc.change.after) ? rc.change.after : {};
    const unknown = isObject(rc.change.after_unknown) ? rc.change.after_unknown : {};
    const bs = isObject(rc.change.before_sensitive) ? rc.change.before_sensitive : {};
    const as = isObject(rc.change.after_sensitive) ? rc.change.after_sensitive : {};
    const attributes = (isUpdate ? changedAttributes(rc.change) : []).map((name) => ({
      name,
      rule: rules.find((r) => r.attribute === name && r.address.test(rc.address)),
      detail: `${show(before[name], bs[name])} -> ${show(after[name], as[name], marks(unknown[name]))}`,
    }));
    items.push({ address: rc.address, actions, attributes, allowed: isUpdate && attributes.length > 0 && attributes.every((a) => a.rule !== undefined) });
  }
  // An output that changes on the second plan is a perpetual diff too.
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    if (oc.actions.length === 1 && oc.actions[0] === 'no-op') continue;
    items.push({ address: `output.${name}`, actions: oc.actions, attributes: [], allowed: false });
  }
  return items;
}

// ---------------------------------------------------------------- targets ---

/** `aws_x.y.attr` / `data.aws_x.y.attr` / `local.z` -> `aws_x.y` / `data.aws_x.y` / `local.z`. */
export function referenceTarget(ref: string): string {
  const parts = ref.split('.');
  if (parts[0] === 'data') return parts.slice(0, 3).join('.');
  return parts.slice(0, 2).join('.').replace(/\[.*$/, '');
}

/** Every `references` entry anywhere in a configuration expression tree. */
export function collectReferences(expr: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(expr)) {
    for (const e of expr) collectReferences(e, out);
  } else if (isObject(expr)) {
    for (const [k, v] of Object.entries(expr)) {
      if (k === 'references' && Array.isArray(v)) {
        for (const r of v) if (typeof r === 'string') out.add(referenceTarget(r));
      } else {
        collectReferences(v, out);
      }
    }
  }
  return out;
}

/** The configuration address of a resource instance (`a.b[0]` -> `a.b`, no modules here). */
export function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/**
 * Dependencies of each local (`local.<name>`) from the synthesized
 * `cdk.tf.json`: plan JSON does not describe locals, so their `${...}`
 * expressions are searched for known addresses and other locals.
 */
export function localDependencies(tfJson: unknown, known: readonly string[]): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  const locals = isObject(tfJson) && isObject(tfJson.locals) ? tfJson.locals : {};
  const names = Object.keys(locals).map((n) => `local.${n}`);
  for (const [name, value] of Object.entries(locals)) {
    const text = JSON.stringify(value);
    const found = new Set<string>();
    for (const addr of [...known, ...names]) {
      if (new RegExp(`(^|[^A-Za-z0-9_.])${escape(addr)}($|[^A-Za-z0-9_])`).test(text)) found.add(addr);
    }
    deps.set(`local.${name}`, found);
  }
  return deps;
}

export interface TargetPlan {
  /** Planned resources of a type the emulator cannot create. */
  readonly unsupported: readonly string[];
  /** Every resource not to apply (unsupported ones included), with why. */
  readonly blocked: ReadonlyMap<string, string>;
  /** Planned managed resources that can be applied (`-target`). */
  readonly applicable: readonly string[];
}

export function planTargets(plan: PlanJson, gaps: EmulatorGaps, tfJson?: unknown): TargetPlan {
  const config = plan.configuration?.root_module?.resources ?? [];
  const known = config.map((r) => r.address);
  const locals = localDependencies(tfJson, known);
  // Direct dependencies of every configuration address, locals resolved transitively.
  const resolve = (refs: Iterable<string>, seen = new Set<string>()): Set<string> => {
    const out = new Set<string>();
    for (const r of refs) {
      if (r.startsWith('local.')) {
        if (seen.has(r)) continue;
        seen.add(r);
        for (const d of resolve(locals.get(r) ?? [], seen)) out.add(d);
      } else {
        out.add(r);
      }
    }
    return out;
  };
  const deps = new Map<string, Set<string>>();
  for (const r of config) {
    const refs = collectReferences([r.expressions, r.count_expression, r.for_each_expression]);
    for (const d of r.depends_on ?? []) refs.add(referenceTarget(d));
    deps.set(r.address, resolve(refs));
  }

  const managed = (plan.resource_changes ?? []).filter((rc) => rc.mode === 'managed');
  const unsupported = managed.filter((rc) => gaps.apply.has(rc.type)).map((rc) => rc.address);
  const blocked = new Map<string, string>();
  for (const rc of managed) {
    if (gaps.apply.has(rc.type)) blocked.set(configAddress(rc.address), `emulator gap: ${gaps.apply.get(rc.type)}`);
  }
  // Everything that depends, directly or not, on a blocked address is blocked too.
  for (let changed = true; changed;) {
    changed = false;
    for (const [addr, ds] of deps) {
      if (blocked.has(addr)) continue;
      const via = [...ds].find((d) => blocked.has(d));
      if (via !== undefined) {
        blocked.set(addr, `depends on ${via}`);
        changed = true;
      }
    }
  }
  const applicable = managed.filter((rc) => !blocked.has(configAddress(rc.address))).map((rc) => rc.address);
  // Report only planned resources (data sources are read as dependencies of the targets).
  const plannedConfig = new Set(managed.map((rc) => configAddress(rc.address)));
  const blockedPlanned = new Map([...blocked].filter(([a]) => plannedConfig.has(a)));
  return { unsupported, blocked: blockedPlanned, applicable };
}

// -------------------------------------------------------------- stand-ins ---

export interface StandInOverride {
  /** The override file's content; undefined when nothing reads a stand-in attribute. */
  readonly override?: Record<string, unknown>;
  /** `resource.<type>.<name>.<argument>` or `local.<name>`, and the reference replaced there. */
  readonly replaced: ReadonlyArray<readonly [string, string]>;
}

/**
 * The override (Terraform merges `*_override.tf.json` argument by argument,
 * and locals value by value) that gives every argument and local reading a
 * stand-in attribute the stand-in literal instead. In a Terraform JSON string
 * the reference sits inside `${...}`; it becomes the HCL string `"<literal>"`
 * there, so `${aws_x.y.id}` reads `${"<literal>"}` and larger expressions stay
 * valid. `depends_on` and cdktf's `//` metadata are left alone.
 */
export function standInOverride(tfJson: unknown, standins: readonly StandIn[]): StandInOverride {
  if (standins.length === 0 || !isObject(tfJson)) return { replaced: [] };
  const patterns = standins.map((si) => ({
    si,
    re: new RegExp(`(?<![A-Za-z0-9_.])${escape(si.type)}\\.[A-Za-z0-9_-]+\\.${escape(si.attribute)}(?![A-Za-z0-9_])`, 'g'),
  }));
  const found = new Set<string>();
  const rewrite = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const { si, re } of patterns) {
        out = out.replace(re, (ref) => {
          found.add(ref);
          return JSON.stringify(si.literal);
        });
      }
      return out;
    }
    if (Array.isArray(v)) return v.map(rewrite);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    return v;
  };
  const replaced: Array<readonly [string, string]> = [];
  const changed = (where: string, value: unknown): unknown => {
    found.clear();
    const next = rewrite(value);
    for (const ref of [...found].sort()) replaced.push([where, ref]);
    return found.size > 0 ? next : undefined;
  };
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  const res = isObject(tfJson.resource) ? tfJson.resource : {};
  for (const [type, byName] of Object.entries(res)) {
    if (!isObject(byName)) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (!isObject(body)) continue;
      for (const [arg, value] of Object.entries(body)) {
        if (arg === 'depends_on' || arg === '//') continue;
        const next = changed(`resource.${type}.${name}.${arg}`, value);
        if (next !== undefined) ((resources[type] ??= {})[name] ??= {})[arg] = next;
      }
    }
  }
  const locals: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(isObject(tfJson.locals) ? tfJson.locals : {})) {
    const next = changed(`local.${name}`, value);
    if (next !== undefined) locals[name] = next;
  }
  if (replaced.length === 0) return { replaced };
  const override: Record<string, unknown> = {};
  if (Object.keys(resources).length > 0) override.resource = resources;
  if (Object.keys(locals).length > 0) override.locals = locals;
  return { override, replaced };
}

/** cdk.tf.json with an override file's locals and resource arguments merged over it (as Terraform does). */
export function mergeOverride(tfJson: unknown, override: unknown): unknown {
  if (!isObject(tfJson) || !isObject(override)) return tfJson;
  const merged: Record<string, unknown> = { ...tfJson };
  if (isObject(override.locals)) merged.locals = { ...(isObject(tfJson.locals) ? tfJson.locals : {}), ...override.locals };
  if (isObject(override.resource)) {
    const res: Record<string, unknown> = { ...(isObject(tfJson.resource) ? tfJson.resource : {}) };
    for (const [type, byName] of Object.entries(override.resource)) {
      if (!isObject(byName)) continue;
      const base = isObject(res[type]) ? { ...res[type] } : {};
      for (const [name, body] of Object.entries(byName)) {
        base[name] = { ...(isObject(base[name]) ? base[name] : {}), ...(isObject(body) ? body : {}) };
      }
      res[type] = base;
    }
    merged.resource = res;
  }
  return merged;
}

// ----------------------------------------------------------- remote state ---

export interface RemoteStateRead {
  readonly address: string;
  readonly location: string;
  readonly outputs: readonly string[];
}

/** The `terraform_remote_state` data sources a plan read (from its prior state). */
export function remoteStateReads(plan: PlanJson): RemoteStateRead[] {
  return (plan.prior_state?.values?.root_module?.resources ?? [])
    .filter((r) => r.mode === 'data' && r.type === 'terraform_remote_state')
    .map((r) => {
      const v = r.values ?? {};
      const cfg = isObject(v.config) ? v.config : {};
      const location = v.backend === 's3' ? `s3://${String(cfg.bucket)}/${String(cfg.key)}` : `${String(v.backend)} backend`;
      return { address: r.address, location, outputs: Object.keys(isObject(v.outputs) ? v.outputs : {}).sort() };
    });
}

// -------------------------------------------------------------------- CLI ---

function argValue(args: readonly string[], name: string): string {
  const i = args.indexOf(name);
  if (i === -1 || i + 1 >= args.length) throw new Error(`missing ${name}`);
  return args[i + 1];
}

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

export function main(argv: readonly string[]): number {
  const [command, ...args] = argv;
  const err = (s: string) => process.stderr.write(`${s}\n`);
  if (command === 'targets') {
    const plan = readJson(argValue(args, '--plan')) as PlanJson;
    const gapsFile = argValue(args, '--gaps');
    const gaps = parseGaps(fs.readFileSync(gapsFile, 'utf8'), path.basename(gapsFile));
    const tfFile = args.includes('--tf') ? argValue(args, '--tf') : undefined;
    const overrideFile = args.includes('--override') ? argValue(args, '--override') : undefined;
    const out = argValue(args, '--out');
    let tfJson = tfFile ? readJson(tfFile) : undefined;
    if (overrideFile && fs.existsSync(overrideFile)) tfJson = mergeOverride(tfJson, readJson(overrideFile));
    const t = planTargets(plan, gaps, tfJson);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'applicable.txt'), t.applicable.map((a) => `${a}\n`).join(''));
    fs.writeFileSync(path.join(out, 'unsupported.txt'), t.unsupported.map((a) => `${a}\n`).join(''));
    fs.writeFileSync(path.join(out, 'blocked.tsv'), [...t.blocked].map(([a, why]) => `${a}\t${why}\n`).join(''));
    return 0;
  }
  if (command === 'drift') {
    const plan = readJson(argValue(args, '--plan')) as PlanJson;
    const allowFile = argValue(args, '--allowlist');
    const rules = fs.existsSync(allowFile) ? parseAllowlist(fs.readFileSync(allowFile, 'utf8'), path.basename(allowFile)) : [];
    const items = classifyDrift(plan, rules);
    let allowed = 0;
    let unexpected = 0;
    const used = new Set<number>();
    for (const item of items) {
      const tag = item.allowed ? 'allowed (emulator gap)' : 'UNEXPECTED';
      err(`    drift ${tag}: ${item.address} ${item.actions.join('/')}`);
      if (item.attributes.length === 0) unexpected++;
      for (const a of item.attributes) {
        if (a.rule && item.allowed) {
          allowed++;
          used.add(a.rule.line);
          err(`      ~ ${a.name}: ${a.detail}  [drift-allowlist.txt:${a.rule.line}: ${a.rule.reason}]`);
        } else {
          unexpected++;
          err(`      ~ ${a.name}: ${a.detail}${a.rule ? '  [allow-listed, but other attributes of this resource are not]' : ''}`);
        }
      }
    }
    const status = unexpected > 0 ? 'unexpected' : allowed > 0 ? 'allowed' : 'none';
    fs.writeFileSync(
      argValue(args, '--out'),
      `status=${status}\nallowed=${allowed}\nunexpected=${unexpected}\nrules=${[...used].sort((a, b) => a - b).join(',')}\n`,
    );
    return 0;
  }
  if (command === 'remote-state') {
    for (const r of remoteStateReads(readJson(argValue(args, '--plan')) as PlanJson)) {
      process.stdout.write(`${r.address}\t${r.location}\t${r.outputs.length} outputs (${r.outputs.join(', ')})\n`);
    }
    return 0;
  }
  if (command === 'standins') {
    const gapsFile = argValue(args, '--gaps');
    const gaps = parseGaps(fs.readFileSync(gapsFile, 'utf8'), path.basename(gapsFile));
    const out = argValue(args, '--out');
    if (!out.endsWith('_override.tf.json'))
      throw new Error(`--out must end in _override.tf.json (Terraform reads it as an override), got ${JSON.stringify(out)}`);
    const r = standInOverride(readJson(argValue(args, '--tf')), gaps.standins);
    if (fs.existsSync(out)) fs.rmSync(out);
    if (r.override) fs.writeFileSync(out, `${JSON.stringify(r.override, null, 2)}\n`);
    for (const [where, ref] of r.replaced) process.stdout.write(`${where}\t${ref}\n`);
    return 0;
  }
  if (command === 'destroy-gaps') {
    const gapsFile = argValue(args, '--gaps');
    const gaps = parseGaps(fs.readFileSync(gapsFile, 'utf8'), path.basename(gapsFile));
    for (const addr of fs.readFileSync(argValue(args, '--state-list'), 'utf8').split('\n')) {
      const m = /^([a-z0-9_]+)\.[^.]+$/.exec(addr.trim().replace(/\[[^\]]*\]$/, ''));
      if (m && gaps.destroy.has(m[1])) process.stdout.write(`${addr.trim()}\t${gaps.destroy.get(m[1])}\n`);
    }
    return 0;
  }
  err('usage: plan-analysis.js targets|drift|remote-state|standins|destroy-gaps ... (see the file header)');
  return 2;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`plan-analysis: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
