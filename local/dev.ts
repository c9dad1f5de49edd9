/**
 * `npm run dev [-- --mode oac] [--port 8080] [--function-url-port 9000] [--no-web] [--verbose]`
 *
 * Starts the whole request path on loopback with the in-memory store, prints
 * the entry URL and a ready-to-paste `curl` line, and stops cleanly on Ctrl-C.
 * The web app (web/, built into web/dist when its sources changed) is served
 * on the entry URL's other paths, signing in at the hosted-UI stand-in.
 * The environment comes from `SFU_ENV` (default `dev`), like synth.
 */
import { describeLoopbackViolation, installLoopbackGuard } from './loopback-guard';
import * as path from 'node:path';
import { parseCommandLine } from '../lib/cli';
import { ConfigError, loadConfig } from '../config/load';
import type { SigningMode } from '../config/schema';
import { startChain } from './chain';
import { repoRoot } from '../lib/repo-root';
import { ensureWebBuild } from '../packaging/web-build';
import { DEV_USERS } from './hosted-ui';

const USAGE = 'usage: npm run dev -- [--mode edge-sigv4|oac] [--port 8080] [--function-url-port 9000] [--no-web] [--verbose]';

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name}: received "${value}"; allowed: a port number from 0 to 65535`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    {
      args: argv,
      options: {
        mode: { type: 'string' },
        port: { type: 'string' },
        'function-url-port': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        'no-web': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    },
    USAGE,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  let config;
  let ports;
  try {
    config = loadConfig();
    ports = { cloudFront: port('port', values.port, 8080), functionUrl: port('function-url-port', values['function-url-port'], 9000) };
    if (values.mode !== undefined && values.mode !== 'edge-sigv4' && values.mode !== 'oac') {
      throw new Error(`--mode: received "${values.mode}"; allowed: "edge-sigv4" or "oac"`);
    }
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : (e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const mode = (values.mode as SigningMode | undefined) ?? config.edge.signingMode;
  let web: { root: string } | undefined;
  if (!values['no-web']) {
    const started = Date.now();
    const build = await ensureWebBuild();
    const shown = path.relative(repoRoot(), build.outDir);
    process.stdout.write(
      build.built
        ? `web app: built ${shown} (${build.files.length} files) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`
        : `web app: ${shown} is up to date\n`,
    );
    web = { root: build.outDir };
  }
  const chain = await startChain({
    config,
    mode,
    buildDir: path.join(repoRoot(), '.local', 'build'),
    ports,
    web,
    log: (source, line) => {
      if (source === 'cloudfront' || source === 'function-url' || source === 'hosted-ui' || values.verbose) process.stdout.write(`[${source}] ${line}\n`);
    },
  });
  const token = chain.issuer.issue({ sub: 'alice', groups: ['admins'], expiresIn: 3600 });
  const base = `${chain.entryUrl}${config.api.basePath}`;
  const fu = chain.functionUrl;
  process.stdout.write(
    [
      `secure-function-url: local chain for "${config.environment}" in ${mode} mode`,
      ...(web
        ? [`  web app (open this):          ${chain.entryUrl}/  (sign in as ${DEV_USERS.map((u) => `${u.username}: ${u.groups.join(', ')}`).join('; ')})`]
        : []),
      `  entry (CloudFront stand-in):  ${base}`,
      `  function URL stand-in:        ${fu.localUrl} (answers for ${fu.host}, AWS_IAM)`,
      `  token issuer JWKS:            ${chain.jwks.baseUrl}/${chain.issuer.userPoolId}/.well-known/jwks.json`,
      `  hosted UI stand-in:           ${chain.hostedUi.baseUrl}/oauth2/authorize`,
      '',
      'Try it (token for alice in "admins", valid one hour):',
      `  curl -i -H "Authorization: Bearer ${token}" ${base}/me`,
      '',
      `More tokens:  npm run token -- --sub bob --groups readers`,
      'Call the function URL directly with IAM (SigV4), as a service would (the API sees that IAM identity and no user):',
      `  AWS_ACCESS_KEY_ID=${chain.callerCredentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${chain.callerCredentials.secretAccessKey} \\`,
      `    npm run call -- GET "${fu.localUrl}${config.api.basePath}/hello?name=you" --region ${config.backendRegion}`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('\nstopping...\n');
  await chain.close();
  return 0;
}

if (require.main === module) {
  // Offline by construction: this process, like the function workers, connects to loopback only.
  installLoopbackGuard({ onViolation: (v) => process.stderr.write(`npm run dev: refused a connection outside loopback: ${describeLoopbackViolation(v)}\n`) });
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`npm run dev failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
