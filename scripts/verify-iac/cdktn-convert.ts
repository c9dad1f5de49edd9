/**
 * Turns a copy of this repository into its CDK Terrain (cdktn) form, the
 * same edits the README's "Moving to CDK Terrain" section lists (built to
 * dist/ by scripts/build.js; plain Node, no dependencies):
 *
 *   cdktn-convert.js <copy dir> --cdktn V --cdktn-cli V --provider-aws V
 *                    --provider-archive V --constructs V --http-constraint C
 *                    [--files-out FILE]   (the rewritten files, one a line)
 *
 * 1. package.json: cdktf -> cdktn, cdktf-cli -> cdktn-cli,
 *    @cdktf/provider-aws|archive -> @cdktn/provider-aws|archive (at the given
 *    versions), constructs raised to the given version, @cdktf/provider-http
 *    removed (no @cdktn build is published: a local binding replaces it),
 *    `cdktf <cmd>` -> `cdktn <cmd>` in the npm scripts.
 * 2. cdktf.json (cdktn reads the same file): `terraformProviders` gets
 *    `hashicorp/http@<constraint>`, so `cdktn get` writes the http binding to
 *    `.gen/providers/http`.
 * 3. scripts/build.js: `.gen` joins SOURCE_DIRS, so dist/ holds the binding.
 * 4. Every .ts/.js source: module specifiers (import/export from, import(),
 *    require(), jest.mock()) `cdktf` -> `cdktn`, `@cdktf/provider-aws|archive`
 *    -> `@cdktn/...`, `@cdktf/provider-http[/lib/<x>]` -> the relative path of
 *    `.gen/providers/http[/<x>]`. Nothing else (strings such as the Atlantis
 *    workflow name "cdktf" or the `cdktf.out` directory stay).
 *
 * Prints what it changed; fails (exit 1) when an expected anchor is missing or
 * a cdktf module specifier is left, so a refactor that moves things is noticed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ConvertOptions {
  readonly cdktn: string;
  readonly cdktnCli: string;
  readonly providerAws: string;
  readonly providerArchive: string;
  readonly constructs: string;
  readonly httpConstraint: string;
}

export interface ConvertReport {
  readonly packageJson: string[];
  readonly files: Map<string, number>;
  readonly specifiers: Map<string, number>;
  readonly notes: string[];
}

/** Where an import-like call or statement names a module: group 1 is the quote, 2 the specifier. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bjest\.(?:mock|requireActual|doMock)\s*\(\s*)(['"])([^'"\n]+)\2/g;

/** The module a specifier names, without the subpath (`@scope/name` or `name`). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The cdktn form of one specifier in `fromFile`, or undefined when it stays. */
export function mapSpecifier(specifier: string, fromFile: string, root: string): string | undefined {
  const pkg = packageOf(specifier);
  const sub = specifier.slice(pkg.length); // "" or "/lib/x"
  switch (pkg) {
    case 'cdktf':
      return `cdktn${sub}`;
    case '@cdktf/provider-aws':
      return `@cdktn/provider-aws${sub}`;
    case '@cdktf/provider-archive':
      return `@cdktn/provider-archive${sub}`;
    case '@cdktf/provider-http': {
      // @cdktf/provider-http/lib/<x> -> .gen/providers/http/<x>
      const rest = sub.replace(/^\/lib(?=\/|$)/, '');
      const target = path.join(root, '.gen', 'providers', 'http') + rest;
      let rel = path.relative(path.dirname(fromFile), target).split(path.sep).join('/');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return rel;
    }
    default:
      return undefined;
  }
}

/** Rewrites the module specifiers of one source text; returns the text and the rewrites. */
export function rewriteSource(text: string, fromFile: string, root: string): { text: string; rewrites: Array<[string, string]> } {
  const rewrites: Array<[string, string]> = [];
  const out = text.replace(SPECIFIER, (whole, lead: string, quote: string, spec: string) => {
    const mapped = mapSpecifier(spec, fromFile, root);
    if (mapped === undefined) return whole;
    rewrites.push([spec, mapped]);
    return `${lead}${quote}${mapped}${quote}`;
  });
  return { text: out, rewrites };
}

/** Module specifiers of cdktf packages still in a text (should be none after the rewrite). */
export function leftoverSpecifiers(text: string): string[] {
  const left: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const pkg = packageOf(m[3]);
    if (pkg === 'cdktf' || pkg === 'cdktf-cli' || pkg.startsWith('@cdktf/')) left.push(m[3]);
  }
  return left;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', '.gen', '.git', '.build', 'cdktf.out', 'cdktf.out.hcl', '.local', 'coverage']);

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('cdktf.out')) sources(path.join(dir, e.name), out);
    } else if (/\.(ts|js|cjs|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
      out.push(path.join(dir, e.name));
    }
  }
  return out;
}

type Deps = Record<string, string>;

/** package.json edits; returns the lines describing them. */
export function convertPackageJson(pkg: { dependencies?: Deps; devDependencies?: Deps; scripts?: Record<string, string> }, o: ConvertOptions): string[] {
  const lines: string[] = [];
  const deps = pkg.dependencies ?? {};
  const dev = pkg.devDependencies ?? {};
  const move = (from: string, to: string, version: string) => {
    for (const [section, table] of [
      ['dependencies', deps],
      ['devDependencies', dev],
    ] as const) {
      if (table[from] !== undefined) {
        lines.push(`${section}: ${from}@${table[from]} -> ${to}@${version}`);
        delete table[from];
        table[to] = version;
        return;
      }
    }
    throw new Error(`package.json has no ${from} (dependencies or devDependencies): the conversion's anchors moved`);
  };
  move('cdktf', 'cdktn', o.cdktn);
  move('cdktf-cli', 'cdktn-cli', o.cdktnCli);
  move('@cdktf/provider-aws', '@cdktn/provider-aws', o.providerAws);
  move('@cdktf/provider-archive', '@cdktn/provider-archive', o.providerArchive);
  if (deps['@cdktf/provider-http'] !== undefined) {
    lines.push(`dependencies: @cdktf/provider-http@${deps['@cdktf/provider-http']} removed (local binding: cdktn get -> .gen/providers/http)`);
    delete deps['@cdktf/provider-http'];
  }
  if (deps.constructs === undefined) throw new Error('package.json has no constructs dependency');
  if (deps.constructs !== o.constructs) {
    lines.push(`dependencies: constructs@${deps.constructs} -> constructs@${o.constructs} (cdktn needs >= 10.6)`);
    deps.constructs = o.constructs;
  }
  // npm keeps dependency tables sorted by name.
  const sorted = (t: Deps): Deps =>
    Object.fromEntries(
      Object.keys(t)
        .sort()
        .map((k) => [k, t[k]]),
    );
  if (pkg.dependencies) pkg.dependencies = sorted(deps);
  if (pkg.devDependencies) pkg.devDependencies = sorted(dev);
  for (const [section, table] of [
    ['dependencies', deps],
    ['devDependencies', dev],
  ] as const) {
    const left = Object.keys(table).filter((k) => k === 'cdktf' || k === 'cdktf-cli' || k.startsWith('@cdktf/'));
    if (left.length > 0) throw new Error(`package.json ${section} still has ${left.join(', ')}: add them to cdktn-convert.ts`);
  }
  for (const [name, cmd] of Object.entries(pkg.scripts ?? {})) {
    const next = cmd.replace(/\bcdktf (?=(synth|deploy|diff|destroy|get|plan|output|list)\b)/g, 'cdktn ');
    if (next !== cmd) {
      lines.push(`scripts.${name}: ${cmd} -> ${next}`);
      pkg.scripts![name] = next;
    }
  }
  return lines;
}

export function convert(root: string, o: ConvertOptions): ConvertReport {
  const notes: string[] = [];
  // 1. package.json
  const pkgFile = path.join(root, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const hadHttp = pkg.dependencies?.['@cdktf/provider-http'] !== undefined;
  const packageJson = convertPackageJson(pkg, o);
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

  // 2. cdktf.json
  if (hadHttp) {
    const cfgFile = path.join(root, 'cdktf.json');
    const cfg = JSON.parse(fs.readFileSync(cfgFile, 'utf8'));
    const entry = `hashicorp/http@${o.httpConstraint}`;
    cfg.terraformProviders = [...(cfg.terraformProviders ?? []).filter((p: string) => !/^(hashicorp\/)?http(@|$)/.test(p)), entry];
    fs.writeFileSync(cfgFile, `${JSON.stringify(cfg, null, 2)}\n`);
    notes.push(`cdktf.json: terraformProviders += "${entry}" (cdktn get writes .gen/providers/http)`);

    // 3. scripts/build.js transpiles .gen too.
    const buildFile = path.join(root, 'scripts', 'build.js');
    const build = fs.readFileSync(buildFile, 'utf8');
    const anchor = /const SOURCE_DIRS = \[/;
    if (!anchor.test(build)) throw new Error('scripts/build.js: no "const SOURCE_DIRS = [" to add .gen to');
    fs.writeFileSync(buildFile, build.replace(anchor, "const SOURCE_DIRS = ['.gen', "));
    notes.push("scripts/build.js: SOURCE_DIRS += '.gen'");
  }

  // 4. module specifiers
  const files = new Map<string, number>();
  const specifiers = new Map<string, number>();
  const leftovers: string[] = [];
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    const { text: next, rewrites } = rewriteSource(text, file, root);
    if (rewrites.length > 0) {
      fs.writeFileSync(file, next);
      files.set(path.relative(root, file), rewrites.length);
      for (const [from] of rewrites) {
        const to = packageOf(from) === '@cdktf/provider-http' ? '.gen/providers/http' : packageOf(mapSpecifier(from, file, root)!);
        const key = `${packageOf(from)} -> ${to}`;
        specifiers.set(key, (specifiers.get(key) ?? 0) + 1);
      }
    }
    for (const s of leftoverSpecifiers(next)) leftovers.push(`${path.relative(root, file)}: ${s}`);
  }
  if (leftovers.length > 0) throw new Error(`cdktf module specifiers left after the rewrite:\n  ${leftovers.join('\n  ')}`);
  if (files.size === 0) throw new Error('no source imports cdktf: nothing converted (wrong directory?)');
  return { packageJson, files, specifiers, notes };
}

function argValue(args: readonly string[], name: string): string {
  const i = args.indexOf(name);
  if (i === -1 || i + 1 >= args.length) throw new Error(`missing ${name}`);
  return args[i + 1];
}

export function main(argv: readonly string[]): number {
  const [root, ...args] = argv;
  if (!root || !fs.existsSync(path.join(root, 'package.json'))) {
    process.stderr.write(
      'usage: cdktn-convert.js <copy dir> --cdktn V --cdktn-cli V --provider-aws V --provider-archive V --constructs V --http-constraint C\n',
    );
    return 2;
  }
  const report = convert(path.resolve(root), {
    cdktn: argValue(args, '--cdktn'),
    cdktnCli: argValue(args, '--cdktn-cli'),
    providerAws: argValue(args, '--provider-aws'),
    providerArchive: argValue(args, '--provider-archive'),
    constructs: argValue(args, '--constructs'),
    httpConstraint: argValue(args, '--http-constraint'),
  });
  const filesOut = args.includes('--files-out') ? argValue(args, '--files-out') : undefined;
  if (filesOut) fs.writeFileSync(filesOut, [...report.files.keys()].map((f) => `${f}\n`).join(''));
  const say = (s: string) => process.stderr.write(`    ${s}\n`);
  for (const l of report.packageJson) say(`package.json ${l}`);
  for (const n of report.notes) say(n);
  const total = [...report.files.values()].reduce((a, b) => a + b, 0);
  say(`imports: ${total} module specifiers in ${report.files.size} files (${[...report.specifiers].map(([k, n]) => `${k} x${n}`).join(', ')})`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`cdktn-convert: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
