/**
 * The web app's production build: Vite, run in this process on `web/`, into
 * `web/dist/` (or another directory), and the list of the files as a deploy
 * uploads them: object key, content type, cache-control, size and hashes.
 *
 * Reproducible: no timestamps are written, and the asset names carry Vite's
 * content hashes (`assets/<name>-<hash>.<ext>`), so two builds of the same
 * sources are byte-identical (scripts/web-build.ts `--check-reproducible`
 * proves it; __tests__/packaging/web-build.test.ts runs a real build).
 *
 * Caching: `index.html` and `config.json` (the runtime config the deploy
 * writes beside it, never part of the build) are `no-cache` (always
 * revalidated, so a deploy shows at once); hashed assets are immutable for a
 * year (a change makes a new name); any other file is `no-cache` too.
 *
 * Vite runs in a child Node process through its JavaScript API (see
 * runViteBuild): one way for the CLI, `npm run dev` and jest alike.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { InlineConfig } from 'vite';
import { repoRoot } from '../lib/repo-root';

/** The runtime config served beside index.html (written by the deploy or `npm run dev`, never built). */
export const WEB_CONFIG_FILENAME = 'config.json';
export const WEB_INDEX_FILENAME = 'index.html';
/** Revalidate every time (S3 answers 304 while the ETag holds). */
export const CACHE_NO_CACHE = 'no-cache';
/** A content-hashed asset never changes under its name. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Where Vite writes hashed assets (build.assetsDir). */
export const WEB_ASSETS_DIR = 'assets';

/** Content types by extension; a file of any other type fails the listing (add it here first). */
export const WEB_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Vite's default asset name, `assets/<name>-<8 character hash>.<ext>`. */
const HASHED_ASSET = new RegExp(`^${WEB_ASSETS_DIR}/[^/]+-[A-Za-z0-9_-]{8}\\.[A-Za-z0-9]+$`);

/** One file of the build, as it becomes an S3 object. */
export interface WebFile {
  /** The object key: the path below the build directory, with `/`. */
  readonly key: string;
  /** Absolute path on disk. */
  readonly file: string;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly size: number;
  /** Hex SHA-256 of the bytes (e.g. for `source_hash`). */
  readonly sha256: string;
  /** Hex MD5 of the bytes (S3's ETag of a single-part upload without KMS). */
  readonly md5: string;
}

export interface WebBuild {
  readonly outDir: string;
  readonly files: readonly WebFile[];
}

/** The content type of an object key (throws for an extension not in {@link WEB_CONTENT_TYPES}). */
export function webContentType(key: string): string {
  const type = WEB_CONTENT_TYPES[path.posix.extname(key).toLowerCase()];
  if (!type) throw new Error(`web build: no content type for "${key}"; add its extension to WEB_CONTENT_TYPES in packaging/web-build.ts`);
  return type;
}

/** The cache-control of an object key: immutable for Vite's hashed assets, `no-cache` for everything else. */
export function webCacheControl(key: string): string {
  return HASHED_ASSET.test(key) ? CACHE_IMMUTABLE : CACHE_NO_CACHE;
}

function walk(dir: string, prefix: string, out: string[]): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(path.join(dir, entry.name), key, out);
    else if (entry.isFile()) out.push(key);
    else throw new Error(`web build: ${path.join(dir, entry.name)} is neither a file nor a directory`);
  }
  return out;
}

/** Lists a build directory, sorted by key (code-unit order), with each file's headers and hashes. */
export function listWebFiles(outDir: string): WebFile[] {
  const keys = walk(outDir, '', []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!keys.includes(WEB_INDEX_FILENAME)) throw new Error(`web build: ${outDir} has no ${WEB_INDEX_FILENAME}`);
  if (keys.includes(WEB_CONFIG_FILENAME)) {
    throw new Error(
      `web build: ${outDir} contains ${WEB_CONFIG_FILENAME}; it is written per environment by the deploy, never built (remove it from web/public)`,
    );
  }
  return keys.map((key) => {
    const file = path.join(outDir, ...key.split('/'));
    const bytes = fs.readFileSync(file);
    return {
      key,
      file,
      contentType: webContentType(key),
      cacheControl: webCacheControl(key),
      size: bytes.length,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      md5: crypto.createHash('md5').update(bytes).digest('hex'),
    };
  });
}

export interface WebBuildOptions {
  /** The app's directory (holds index.html). @default `<repo>/web` */
  readonly root?: string;
  /** @default `<root>/dist` */
  readonly outDir?: string;
  /** @default "warn" */
  readonly logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

/** The whole Vite configuration (there is no vite.config file: this is the one place). */
export function webViteConfig(root: string, outDir: string, logLevel: WebBuildOptions['logLevel'] = 'warn'): InlineConfig {
  return {
    configFile: false,
    // No .env files: the build depends on the sources only (runtime settings come from config.json).
    envDir: false,
    root,
    base: '/',
    mode: 'production',
    logLevel,
    clearScreen: false,
    publicDir: path.join(root, 'public'),
    esbuild: { jsx: 'automatic', legalComments: 'none' },
    build: {
      outDir,
      emptyOutDir: true,
      assetsDir: WEB_ASSETS_DIR,
      target: 'es2022',
      sourcemap: false,
      // No polyfill script for <link rel=modulepreload> (every supported browser has it).
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      copyPublicDir: true,
      write: true,
    },
  };
}

/**
 * Vite's JavaScript API (`build(config)`), run in a child Node process: Vite
 * 7 is ESM-only, and a child loads it the same way from the CLI, from
 * `npm run dev` and from jest (whose module system cannot load it). The
 * config is plain JSON (no plugins), passed on stdin.
 */
const VITE_CHILD_SCRIPT = [
  'const chunks = [];',
  "process.stdin.on('data', (c) => chunks.push(c));",
  "process.stdin.on('end', () => {",
  "  const config = JSON.parse(Buffer.concat(chunks).toString('utf8'));",
  "  const vite = require(require.resolve('vite', { paths: [process.argv[1]] }));",
  "  vite.build(config).then(() => process.exit(0), (e) => { process.stderr.write(String((e && e.stack) || e) + '\\n'); process.exit(1); });",
  '});',
].join('\n');

function runViteBuild(config: InlineConfig): Promise<void> {
  const script = VITE_CHILD_SCRIPT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, repoRoot()], {
      cwd: repoRoot(),
      stdio: ['pipe', 'inherit', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (c: Buffer) => {
      stderr.push(c);
      process.stderr.write(c);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`web build: vite build failed (exit ${code}): ${Buffer.concat(stderr).toString('utf8').trim()}`)),
    );
    child.stdin.end(JSON.stringify(config));
  });
}

/**
 * The same child-process build, synchronously: for the synth, which cannot
 * await (cdktf constructs are built synchronously). Vite's output goes to
 * stderr only on failure (log level "warn" or quieter).
 */
export function buildWebSync(options: WebBuildOptions = {}): WebBuild {
  const root = path.resolve(options.root ?? path.join(repoRoot(), 'web'));
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist'));
  const result = spawnSync(process.execPath, ['-e', VITE_CHILD_SCRIPT, repoRoot()], {
    cwd: repoRoot(),
    input: JSON.stringify(webViteConfig(root, outDir, options.logLevel ?? 'warn')),
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`web build: could not run vite: ${result.error.message}`, { cause: result.error });
  if (result.status !== 0) {
    throw new Error(
      `web build: vite build failed (exit ${result.status}): ${Buffer.concat([result.stdout ?? Buffer.alloc(0), result.stderr ?? Buffer.alloc(0)])
        .toString('utf8')
        .trim()}`,
    );
  }
  return { outDir, files: listWebFiles(outDir) };
}

/** Builds the web app with Vite and lists the result. */
export async function buildWeb(options: WebBuildOptions = {}): Promise<WebBuild> {
  const root = path.resolve(options.root ?? path.join(repoRoot(), 'web'));
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist'));
  await runViteBuild(webViteConfig(root, outDir, options.logLevel));
  return { outDir, files: listWebFiles(outDir) };
}

/** Hex SHA-256 over the build's inputs: the app's sources (web/ but its dist/ and node_modules/), the lockfile and this file. */
export function webInputsHash(root: string = path.join(repoRoot(), 'web')): string {
  const hash = crypto.createHash('sha256');
  const skip = new Set([path.join(path.resolve(root), 'dist'), path.join(path.resolve(root), 'node_modules')]);
  const add = (label: string, bytes: Buffer) => hash.update(`${label}\0${bytes.length}\0`).update(bytes);
  const visit = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (skip.has(full)) continue;
      if (entry.isDirectory()) visit(full, `${prefix}${entry.name}/`);
      else if (entry.isFile()) add(`web/${prefix}${entry.name}`, fs.readFileSync(full));
    }
  };
  visit(path.resolve(root), '');
  for (const file of ['package-lock.json', 'packaging/web-build.ts']) {
    const full = path.join(repoRoot(), file);
    if (fs.existsSync(full)) add(file, fs.readFileSync(full));
  }
  return hash.digest('hex');
}

/**
 * Builds unless the build directory already holds a build of the current
 * inputs (a stamp file outside it records their hash, so nothing extra is
 * ever uploaded). For `npm run dev`: a clean clone builds once, then starts fast.
 */
export async function ensureWebBuild(options: WebBuildOptions & { readonly stampFile?: string } = {}): Promise<WebBuild & { readonly built: boolean }> {
  const root = path.resolve(options.root ?? path.join(repoRoot(), 'web'));
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist'));
  const stampFile = options.stampFile ?? path.join(repoRoot(), '.local', 'web-build.stamp');
  const inputs = webInputsHash(root);
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  if (stamp === `${inputs} ${outDir}` && fs.existsSync(path.join(outDir, WEB_INDEX_FILENAME))) {
    return { outDir, files: listWebFiles(outDir), built: false };
  }
  const result = await buildWeb({ ...options, root, outDir });
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, `${inputs} ${outDir}\n`);
  return { ...result, built: true };
}
