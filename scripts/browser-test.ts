/**
 * The web app in a real browser: Debian's Chromium (never a downloaded
 * build), headless, driven by playwright-core, against `npm run dev` on free
 * ports, in each signing mode. Not part of `npm test`: run it with
 * `npm run test:browser` (scripts/browser-test.sh installs chromium first).
 *
 * Per mode: sign in as an editor (erin) at the hosted-UI stand-in; the
 * verified identity and the greeting show; create a book (and see the API's
 * own 400 message for a bad year), list it, edit it (focus returns to its
 * Edit button); open its deep link and reload it; sign out (through
 * /logout); sign in as a reader (rita): Delete shows the API's 403 text; as
 * an admin (alice): delete; a token the edge refuses (401) sends the user
 * back to sign in with the API's message; a deep link opened signed out
 * returns there after sign-in; the phone-sized page has no sideways scroll.
 * Tokens are only ever in sessionStorage, and the browser talks to
 * 127.0.0.1 only (every other request is refused and fails the run).
 *
 *   node dist/scripts/browser-test.js [--mode edge-sigv4|oac|both] [--artifacts DIR] [--docs-screenshot FILE]
 *
 * Screenshots and logs go to the artifacts directory (default
 * `.local/browser-test/`, git-ignored). Ends with "N passed, N failed".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCommandLine } from '../lib/cli';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../lib/repo-root';

const CHROMIUM = process.env.SFU_CHROMIUM ?? '/usr/bin/chromium';
const USAGE = 'usage: node dist/scripts/browser-test.js [--mode edge-sigv4|oac|both] [--artifacts DIR] [--docs-screenshot FILE]';
const TIMEOUT_MS = 20_000;
const ISBN = '978-0-441-17271-9';

interface Dev {
  readonly process: ChildProcess;
  readonly appUrl: string;
  readonly hostedUiUrl: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

interface StepResult {
  readonly mode: string;
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

/** Starts `npm run dev` in its own process group on free ports and waits for its URLs. */
async function startDev(mode: string, logFile: string): Promise<Dev> {
  const child = spawn('npm', ['run', '--silent', 'dev', '--', '--mode', mode, '--port', '0', '--function-url-port', '0'], {
    cwd: repoRoot(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let output = '';
  const log = fs.createWriteStream(logFile);
  const take = (c: Buffer) => {
    output += c.toString('utf8');
    log.write(c);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  const deadline = Date.now() + 240_000;
  for (;;) {
    const app = /web app \(open this\): +(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
    const ui = /hosted UI stand-in: +(http:\/\/127\.0\.0\.1:\d+)\/oauth2\/authorize/.exec(output);
    if (app && ui) return { process: child, appUrl: app[1], hostedUiUrl: ui[1], output: () => output, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm run dev (${mode}) did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

class Run {
  readonly results: StepResult[] = [];
  private shot = 0;
  constructor(
    readonly mode: string,
    readonly dir: string,
  ) {}

  async step(name: string, fn: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await fn();
      this.results.push({ mode: this.mode, name, ok: true, ms: Date.now() - started });
      process.stdout.write(`  ok    ${this.mode}: ${name} (${Date.now() - started} ms)\n`);
    } catch (e) {
      const error = e instanceof Error ? e.message.split('\n').slice(0, 6).join('\n') : String(e);
      this.results.push({ mode: this.mode, name, ok: false, ms: Date.now() - started, error });
      process.stdout.write(`  FAIL  ${this.mode}: ${name} (${Date.now() - started} ms)\n        ${error.replace(/\n/g, '\n        ')}\n`);
      throw e;
    }
  }

  async screenshot(page: Page, name: string, fullPage = true): Promise<string> {
    const file = path.join(this.dir, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Fails the run on any request that is not to 127.0.0.1 (data: URLs aside). */
async function loopbackOnly(context: BrowserContext, refused: string[]): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.hostname === '127.0.0.1') return route.continue();
    refused.push(route.request().url());
    return route.abort('blockedbyclient');
  });
}

const storageKeys = async (page: Page, storage: 'localStorage' | 'sessionStorage'): Promise<string[]> => page.evaluate(`Object.keys(${storage})`);

async function signIn(page: Page, dev: Dev, username: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.href.startsWith(`${dev.hostedUiUrl}/oauth2/authorize`));
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${username}\\b`) }).click();
  await page.waitForURL((u) => u.href.startsWith(dev.appUrl) && !u.pathname.startsWith('/callback'));
  await page.getByText(`Signed in as ${username}`).waitFor();
}

async function signOut(page: Page, dev: Dev): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${dev.appUrl}/`);
  await page.getByRole('heading', { name: 'Welcome', level: 1 }).waitFor();
  check((await storageKeys(page, 'sessionStorage')).filter((k) => k.startsWith('oidc.user')).length === 0, 'sign-out left the user in sessionStorage');
}

const bookRow = (page: Page, title: string) => page.getByTestId('book').filter({ has: page.getByRole('link', { name: title, exact: true }) });

async function scenario(browser: Browser, dev: Dev, run: Run, docsScreenshot: string | undefined): Promise<void> {
  const refused: string[] = [];
  const pageErrors: string[] = [];
  const consoleLog: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(TIMEOUT_MS);
  await loopbackOnly(context, refused);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => consoleLog.push(`${m.type()}: ${m.text()}`));
  const title = `Dune (${run.mode})`;
  const edited = `Dune Messiah (${run.mode})`;
  let bookId = '';

  try {
    await run.step('signed-out home: the page heading has focus, Tab reaches "Sign in"', async () => {
      await page.goto(`${dev.appUrl}/`);
      await page.getByRole('heading', { name: 'Welcome', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Skip to content' }).waitFor({ state: 'attached' });
      check((await page.evaluate('document.activeElement && document.activeElement.tagName')) === 'H1', 'the page heading is not focused on arrival');
      await page.keyboard.press('Tab');
      check(
        (await page.evaluate('document.activeElement && document.activeElement.textContent')) === 'Sign in',
        'Tab from the heading does not reach the Sign in button',
      );
      await run.screenshot(page, 'signed-out');
    });

    await run.step('sign in with the keyboard as erin (editors) at the hosted-UI stand-in: identity and greeting', async () => {
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.href.startsWith(`${dev.hostedUiUrl}/oauth2/authorize`));
      const url = new URL(page.url());
      check(
        url.searchParams.get('code_challenge_method') === 'S256' && (url.searchParams.get('code_challenge') ?? '').length === 43,
        'the authorize request has no PKCE S256 challenge',
      );
      await run.screenshot(page, 'hosted-ui');
      await page.getByRole('button', { name: /^Sign in as erin\b/ }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${dev.appUrl}/`);
      await page.getByRole('heading', { name: 'Hello, erin', level: 1 }).waitFor();
      await page.getByTestId('me-groups').filter({ hasText: 'editors' }).waitFor();
      await page.getByTestId('greeting').filter({ hasText: 'Hello, erin!' }).waitFor();
      check((await storageKeys(page, 'localStorage')).length === 0, `localStorage is not empty: ${await storageKeys(page, 'localStorage')}`);
      check(
        (await storageKeys(page, 'sessionStorage')).some((k) => k.startsWith('oidc.user:')),
        'no user in sessionStorage',
      );
    });

    await run.step('list shows the verified identity and no books yet', async () => {
      await page.getByTestId('me-username').filter({ hasText: 'erin' }).waitFor();
      await page.getByRole('heading', { name: 'Books', level: 2 }).waitFor();
      await page.getByText('No books yet.').waitFor();
    });

    await run.step("create a book; a bad year shows the API's 400 message", async () => {
      await page.getByLabel('Title').last().fill(title);
      await page.getByLabel('Author').last().fill('Frank Herbert');
      await page.getByLabel(/^Year/).last().fill('MCMLXV');
      await page.getByRole('button', { name: 'Add book' }).click();
      await page.getByRole('alert').filter({ hasText: 'year' }).filter({ hasText: 'HTTP 400' }).waitFor();
      await run.screenshot(page, 'create-400');
      await page.getByLabel(/^Year/).last().fill('1965');
      await page.getByLabel(/^ISBN/).last().fill(ISBN);
      await page.getByRole('button', { name: 'Add book' }).click();
      await page
        .getByTestId('books-status')
        .filter({ hasText: `Added “${title}”.` })
        .waitFor();
      await bookRow(page, title).waitFor();
      bookId = (await bookRow(page, title).getAttribute('data-book-id')) ?? '';
      check(bookId !== '', 'the new book has no id');
    });

    await run.step('list after reload shows the book', async () => {
      await page.reload();
      await bookRow(page, title).waitFor();
      check((await bookRow(page, title).textContent())?.includes('Frank Herbert, 1965') === true, 'the listed book lacks author and year');
    });

    await run.step('edit the book with the keyboard; focus returns to its Edit button', async () => {
      await page.getByRole('button', { name: `Edit “${title}”` }).click();
      check((await page.evaluate('document.activeElement && document.activeElement.name')) === 'title', 'the edit form did not focus its title field');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(edited);
      await page.keyboard.press('Enter');
      await page
        .getByTestId('books-status')
        .filter({ hasText: `Saved “${edited}”.` })
        .waitFor();
      await page.waitForFunction(`document.activeElement && document.activeElement.getAttribute('aria-label') === ${JSON.stringify(`Edit “${edited}”`)}`);
      await bookRow(page, edited).waitFor();
      await run.screenshot(page, 'edited');
      if (docsScreenshot) {
        fs.mkdirSync(path.dirname(docsScreenshot), { recursive: true });
        await page.evaluate('document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)');
        await page.screenshot({ path: docsScreenshot, fullPage: true });
      }
    });

    await run.step('open the deep link /books/<id> and reload it', async () => {
      await page.getByRole('link', { name: edited, exact: true }).click();
      await page.waitForURL(`${dev.appUrl}/books/${encodeURIComponent(bookId)}`);
      await page.getByRole('heading', { name: edited, level: 1 }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: edited, level: 1 }).waitFor();
      await page.getByText(ISBN.replace(/-/g, '')).waitFor();
      await run.screenshot(page, 'deep-link-reloaded');
      await page.getByRole('link', { name: '← All books' }).click();
      await page.getByRole('heading', { name: 'Hello, erin', level: 1 }).waitFor();
    });

    await run.step('sign out through the hosted UI /logout', async () => {
      await signOut(page, dev);
      await run.screenshot(page, 'signed-out-again');
    });

    await run.step("as rita (readers), Delete shows the API's 403 text", async () => {
      await signIn(page, dev, 'rita');
      await bookRow(page, edited).waitFor();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: `Delete “${edited}”` }).click();
      const alert = bookRow(page, edited).getByRole('alert');
      await alert.filter({ hasText: 'You may not use this route.' }).waitFor();
      check((await alert.textContent())?.includes('HTTP 403 · forbidden') === true, 'the 403 alert lacks its status and code');
      await run.screenshot(page, 'reader-delete-403');
      await signOut(page, dev);
    });

    await run.step('as alice (admins), delete the book', async () => {
      await signIn(page, dev, 'alice');
      await bookRow(page, edited).waitFor();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: `Delete “${edited}”` }).click();
      await page
        .getByTestId('books-status')
        .filter({ hasText: `Deleted “${edited}”.` })
        .waitFor();
      check((await bookRow(page, edited).count()) === 0, 'the deleted book is still listed');
      await run.screenshot(page, 'admin-deleted');
    });

    await run.step("a token the edge refuses (401) sends the user to sign in again, with the API's message", async () => {
      // Spoil the stored access token's signature, as an expired or revoked session would be refused.
      await page.evaluate(`(() => {
        const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
        const user = JSON.parse(sessionStorage.getItem(key));
        user.access_token = user.access_token.slice(0, -4) + (user.access_token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
        sessionStorage.setItem(key, JSON.stringify(user));
      })()`);
      await page.reload();
      await page.getByRole('alert').filter({ hasText: 'Your session has ended: The token is invalid.' }).waitFor();
      await page.waitForFunction(`document.activeElement && document.activeElement.textContent === 'Sign in'`);
      await run.screenshot(page, 'session-ended-401');
      await signIn(page, dev, 'alice');
      await page.getByRole('heading', { name: 'Hello, alice', level: 1 }).waitFor();
      await signOut(page, dev);
    });

    await run.step('a deep link opened signed out returns there after sign-in (and shows the API 404 message)', async () => {
      await page.goto(`${dev.appUrl}/books/${encodeURIComponent(bookId)}`);
      await page.getByRole('heading', { name: 'Welcome', level: 1 }).waitFor();
      await signIn(page, dev, 'erin');
      await page.waitForURL(`${dev.appUrl}/books/${encodeURIComponent(bookId)}`);
      await page
        .getByRole('alert')
        .filter({ hasText: `No book with id "${bookId}".` })
        .waitFor();
    });

    await run.step('phone-sized viewport (390x844): signed-in home without sideways scrolling', async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-GB',
        timezoneId: 'UTC',
      });
      phone.setDefaultTimeout(TIMEOUT_MS);
      await loopbackOnly(phone, refused);
      const p = await phone.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      try {
        await p.goto(`${dev.appUrl}/`);
        await signIn(p, dev, 'erin');
        await p.getByTestId('greeting').filter({ hasText: 'Hello, erin!' }).waitFor();
        await p.getByLabel('Title').last().fill(`Phone (${run.mode})`);
        await p.getByLabel('Author').last().fill('Someone');
        await p.getByRole('button', { name: 'Add book' }).click();
        await bookRow(p, `Phone (${run.mode})`).waitFor();
        const overflow = (await p.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
        check(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
        await run.screenshot(p, 'phone');
      } finally {
        await phone.close();
      }
    });

    await run.step('no page errors, and no request left 127.0.0.1', async () => {
      check(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
      check(refused.length === 0, `requests outside loopback were refused: ${refused.join(', ')}`);
    });
  } catch {
    await run.screenshot(page, 'failure').catch(() => undefined);
  } finally {
    fs.writeFileSync(path.join(run.dir, 'console.log'), `${consoleLog.join('\n')}\n`);
    await context.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    {
      args: argv,
      options: {
        mode: { type: 'string', default: 'both' },
        artifacts: { type: 'string' },
        'docs-screenshot': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    },
    USAGE,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const modes = values.mode === 'both' ? ['edge-sigv4', 'oac'] : [values.mode];
  if (!modes.every((m) => m === 'edge-sigv4' || m === 'oac')) {
    process.stderr.write(`--mode: received "${values.mode}"; allowed: edge-sigv4, oac or both\n${USAGE}\n`);
    return 2;
  }
  if (!fs.existsSync(CHROMIUM)) {
    process.stderr.write(`${CHROMIUM} is missing: run scripts/browser-test.sh (installs Debian's chromium) or set SFU_CHROMIUM\n`);
    return 2;
  }
  const artifacts = path.resolve(values.artifacts ?? path.join(repoRoot(), '.local', 'browser-test'));
  fs.rmSync(artifacts, { recursive: true, force: true });
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--no-pings',
      '--disable-domain-reliability',
      '--disable-client-side-phishing-detection',
      // No name resolves but 127.0.0.1: nothing outside loopback, even from the browser itself.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  process.stdout.write(`browser test: ${browser.version()} (${CHROMIUM}), artifacts in ${path.relative(repoRoot(), artifacts) || artifacts}\n`);
  const results: StepResult[] = [];
  const timings: string[] = [];
  try {
    for (const mode of modes) {
      const dir = path.join(artifacts, mode);
      fs.mkdirSync(dir, { recursive: true });
      const t0 = Date.now();
      const dev = await startDev(mode, path.join(dir, 'dev.log'));
      const startMs = Date.now() - t0;
      process.stdout.write(`npm run dev -- --mode ${mode}: ${dev.appUrl}/ (started in ${(startMs / 1000).toFixed(1)} s)\n`);
      const run = new Run(mode, dir);
      const t1 = Date.now();
      try {
        await scenario(browser, dev, run, mode === modes[0] ? values['docs-screenshot'] : undefined);
      } finally {
        await dev.stop();
      }
      results.push(...run.results);
      timings.push(`${mode}: dev start ${(startMs / 1000).toFixed(1)} s, browser steps ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    }
  } finally {
    await browser.close();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const expected = modes.length * 14;
  process.stdout.write(`\ntimings: ${timings.join('; ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (results.length < expected) process.stdout.write(`(${expected - results.length} steps did not run after a failure)\n`);
  process.stdout.write(`browser-test: ${passed} passed, ${failed + (expected - results.length)} failed\n`);
  return failed === 0 && results.length === expected ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`browser test failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
