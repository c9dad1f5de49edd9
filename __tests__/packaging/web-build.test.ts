/**
 * packaging/web-build.ts: the file list a deploy uploads (content type,
 * cache-control, hashes) and a real Vite build of web/, twice: the two are
 * byte-identical and carry no timestamp.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CACHE_IMMUTABLE,
  CACHE_NO_CACHE,
  buildWeb,
  ensureWebBuild,
  listWebFiles,
  webCacheControl,
  webContentType,
  webInputsHash,
  webViteConfig,
  type WebBuild,
} from '../../packaging/web-build';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-web-build-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeTree(dir: string, files: Record<string, string>): string {
  for (const [key, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), text);
  }
  return dir;
}

describe('content type and cache-control', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8', CACHE_NO_CACHE],
    ['config.json', 'application/json', CACHE_NO_CACHE],
    ['assets/index-CRDXWRej.css', 'text/css; charset=utf-8', CACHE_IMMUTABLE],
    ['assets/index-O0_kcvfY.js', 'text/javascript; charset=utf-8', CACHE_IMMUTABLE],
    ['assets/logo-a1B2c3D4.svg', 'image/svg+xml', CACHE_IMMUTABLE],
    ['assets/font-a1B2c3D4.woff2', 'font/woff2', CACHE_IMMUTABLE],
    // Not content-hashed: revalidated.
    ['assets/logo.svg', 'image/svg+xml', CACHE_NO_CACHE],
    ['favicon.ico', 'image/x-icon', CACHE_NO_CACHE],
    ['robots.txt', 'text/plain; charset=utf-8', CACHE_NO_CACHE],
    ['index-a1B2c3D4.js', 'text/javascript; charset=utf-8', CACHE_NO_CACHE],
  ])('%s: %s, %s', (key, type, cache) => {
    expect(webContentType(key)).toBe(type);
    expect(webCacheControl(key)).toBe(cache);
  });

  it('CACHE_IMMUTABLE is a year, immutable', () => {
    expect(CACHE_IMMUTABLE).toBe('public, max-age=31536000, immutable');
    expect(CACHE_NO_CACHE).toBe('no-cache');
  });

  it('refuses a file type it has no content type for', () => {
    expect(() => webContentType('assets/data-a1B2c3D4.wasm')).toThrow(/no content type for "assets\/data-a1B2c3D4.wasm"/);
  });
});

describe('listWebFiles', () => {
  it('lists keys in order with sizes and hashes', () => {
    const dir = writeTree(path.join(tmp, 'list'), { 'index.html': '<!doctype html>', 'assets/index-a1B2c3D4.js': 'x', 'assets/b/c.txt': 'abc' });
    const files = listWebFiles(dir);
    expect(files.map((f) => [f.key, f.size, f.cacheControl])).toEqual([
      ['assets/b/c.txt', 3, CACHE_NO_CACHE],
      ['assets/index-a1B2c3D4.js', 1, CACHE_IMMUTABLE],
      ['index.html', 15, CACHE_NO_CACHE],
    ]);
    expect(files[0]).toMatchObject({
      file: path.join(dir, 'assets', 'b', 'c.txt'),
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      md5: '900150983cd24fb0d6963f7d28e17f72',
    });
  });

  it('needs index.html, and never ships a config.json (the deploy writes it)', () => {
    expect(() => listWebFiles(writeTree(path.join(tmp, 'no-index'), { 'a.js': '' }))).toThrow(/has no index.html/);
    expect(() => listWebFiles(writeTree(path.join(tmp, 'with-config'), { 'index.html': '', 'config.json': '{}' }))).toThrow(/contains config.json/);
  });
});

describe('webViteConfig', () => {
  it('is the whole configuration: no config file, no .env files, no source maps, assets/ with hashes', () => {
    const c = webViteConfig('/r/web', '/r/web/dist');
    expect(c).toMatchObject({ configFile: false, envDir: false, root: '/r/web', base: '/', mode: 'production' });
    expect(c.build).toMatchObject({ outDir: '/r/web/dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: false });
  });
});

describe("a real build of web/ (Vite's API, in a child process)", () => {
  let first: WebBuild;
  let second: WebBuild;
  beforeAll(async () => {
    first = await buildWeb({ outDir: path.join(tmp, 'build-1'), logLevel: 'silent' });
    second = await buildWeb({ outDir: path.join(tmp, 'build-2'), logLevel: 'silent' });
  }, 120_000);

  it('has index.html and hashed JS and CSS under assets/, with the deploy headers', () => {
    const keys = first.files.map((f) => f.key);
    expect(keys).toContain('index.html');
    expect(keys.filter((k) => /^assets\/index-[A-Za-z0-9_-]{8}\.js$/.test(k))).toHaveLength(1);
    expect(keys.filter((k) => /^assets\/index-[A-Za-z0-9_-]{8}\.css$/.test(k))).toHaveLength(1);
    expect(keys).not.toContain('config.json');
    for (const f of first.files) expect(f.cacheControl).toBe(f.key === 'index.html' ? CACHE_NO_CACHE : CACHE_IMMUTABLE);
    const html = fs.readFileSync(path.join(first.outDir, 'index.html'), 'utf8');
    for (const k of keys.filter((k) => k.startsWith('assets/'))) expect(html).toContain(`/${k}`);
  });

  it('is reproducible: a second build is byte-identical (names are content hashes; no timestamps)', () => {
    expect(second.files.map((f) => [f.key, f.sha256])).toEqual(first.files.map((f) => [f.key, f.sha256]));
    const text = first.files.map((f) => fs.readFileSync(f.file, 'utf8')).join('\n');
    expect(text).not.toContain(tmp);
    expect(text).not.toMatch(new RegExp(`${new Date().getUTCFullYear()}-\\d\\d-\\d\\dT\\d\\d:\\d\\d`));
  });

  it('ensureWebBuild builds when the inputs changed and reuses the build otherwise', async () => {
    const stampFile = path.join(tmp, 'stamp');
    const outDir = first.outDir;
    fs.writeFileSync(stampFile, `${webInputsHash()} ${outDir}\n`);
    const reused = await ensureWebBuild({ outDir, stampFile, logLevel: 'silent' });
    expect(reused.built).toBe(false);
    expect(reused.files.map((f) => f.sha256)).toEqual(first.files.map((f) => f.sha256));
    // A stamp for other inputs (or another directory) means: build.
    fs.writeFileSync(stampFile, `0000 ${outDir}\n`);
    const rebuilt = await ensureWebBuild({ outDir, stampFile, logLevel: 'silent' });
    expect(rebuilt.built).toBe(true);
    expect(fs.readFileSync(stampFile, 'utf8')).toBe(`${webInputsHash()} ${outDir}\n`);
  }, 120_000);
});
