/**
 * The whole request path, offline: viewer -> CloudFront stand-in -> the
 * bundled edge function -> (OAC stand-in signer) -> function URL stand-in
 * (SigV4 check) -> the bundled API function, with the in-memory store.
 *
 * The bundles are built with the same esbuild options as the stacks use, and
 * the edge gets a `config.json` built the way the edge stack builds it, but
 * trusting the local token issuer.
 *
 * The issuer's hosts stand in too: the JWKS server (with OIDC discovery) and
 * the hosted UI (./hosted-ui.ts). With `web`, the CloudFront stand-in's
 * default behaviour serves the built web app and its `config.json`
 * (./static-site.ts, ./web-app.ts); the API keeps `<basePath>/*`.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config, SigningMode } from '../config/schema';
import { EDGE_CONFIG_FILENAME, EDGE_CONFIG_VERSION, type EdgeConfig } from '../edge/config';
import { buildEdgeBundle } from '../packaging/edge-bundle-options';
import { API_ENV, apiEnvironment } from '../lib/contracts/api-environment';
import { EDGE_REGION, resourceNames } from '../lib/resource-names';
import { bundle } from '../packaging/bundle';
import { startCloudFront, type OacSigner, type RunningCloudFront } from './cloudfront-standin';
import { startFunctionUrl, type KnownPrincipal, type ObservedRequest, type RunningFunctionUrl } from './function-url-standin';
import { openIdConfiguration, startHostedUi, type RunningHostedUi } from './hosted-ui';
import { startJwksServer, type RunningJwksServer } from './jwks-server';
import { startLambda, type LambdaRuntime } from './lambda-runtime';
import { createStaticSite } from './static-site';
import { localSpaClient, localWebConfig, webConfigObject, type WebConfigJson } from './web-app';
import { LOCAL_MACHINE_CLIENT_ID, LOCAL_SPA_CLIENT_ID, createIssuer, loadOrCreateKey, type LocalIssuer } from './token-issuer';
import { trustsWholePool } from '../stacks/web-app-trust';

/** A fixed URL id (function URL ids are 32 lower-case letters and digits). */
export const LOCAL_URL_ID = 'localfunctionurl0000000000000000';
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface ChainOptions {
  readonly config: Config;
  /** @default config.edge.signingMode */
  readonly mode?: SigningMode;
  /** Where bundles are written. */
  readonly buildDir: string;
  /** The issuer's key file. @default `.local/dev-issuer-key.pem` */
  readonly keyPath?: string;
  /** Fixed ports (0 = free ports). @default all 0 */
  readonly ports?: { readonly cloudFront?: number; readonly functionUrl?: number; readonly jwks?: number; readonly hostedUi?: number };
  /** Receives the stand-ins' request lines and the functions' output. @default discarded */
  readonly log?: (source: 'cloudfront' | 'function-url' | 'edge' | 'api' | 'hosted-ui', line: string) => void;
  /** Serve the built web app (e.g. web/dist) on the default behaviour, with a config.json for this chain. @default none (the API serves every path) */
  readonly web?: { readonly root: string };
  /** The clock of the signers and verifiers. @default () => new Date() */
  readonly clock?: () => Date;
  /** Sees every request that reaches the function URL stand-in, as sent. @default none */
  readonly observeOrigin?: (request: ObservedRequest) => void;
}

/** Credentials of an IAM principal the function URL stand-in knows. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface RunningChain {
  readonly mode: SigningMode;
  /** The entry point (CloudFront stand-in), e.g. http://127.0.0.1:8080 */
  readonly entryUrl: string;
  /** The function URL stand-in. */
  readonly functionUrl: RunningFunctionUrl;
  readonly issuer: LocalIssuer;
  readonly jwks: RunningJwksServer;
  /** The hosted-UI stand-in (sign-in for the web app). */
  readonly hostedUi: RunningHostedUi;
  /** The config.json served to the web app (with `web`). */
  readonly webConfig?: WebConfigJson;
  /** A caller that may invoke the function URL directly (for `npm run call`). */
  readonly callerCredentials: LocalCredentials;
  /** The edge role's credentials (what the edge signs with in `edge-sigv4` mode). */
  readonly edgeCredentials: LocalCredentials;
  close(): Promise<void>;
}

function newCredentials(prefix: string, withSession: boolean): LocalCredentials {
  const accessKeyId = `${prefix}${crypto.randomBytes(8).toString('hex').toUpperCase()}`.slice(0, 20);
  const secretAccessKey = crypto.randomBytes(30).toString('base64');
  return withSession ? { accessKeyId, secretAccessKey, sessionToken: crypto.randomBytes(48).toString('base64') } : { accessKeyId, secretAccessKey };
}

function principal(creds: LocalCredentials, userArn: string, userId: string): KnownPrincipal {
  return {
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    identity: { accessKey: creds.accessKeyId, accountId: LOCAL_ACCOUNT_ID, callerId: userId, userArn, userId },
  };
}

/** The edge package's config.json for the local chain: the stack's shape, trusting the local issuer. */
export function localEdgeConfig(
  config: Config,
  mode: SigningMode,
  issuer: LocalIssuer,
  originHost: string,
  jwksBaseUrl: string,
  claimsKey: EdgeConfig['claimsKey'] = null,
): EdgeConfig {
  return {
    version: EDGE_CONFIG_VERSION,
    mode,
    basePath: config.api.basePath,
    routes: config.routes,
    originHost,
    originRegion: config.backendRegion,
    verifiers: [
      {
        userPoolId: issuer.userPoolId,
        // As the edge stack bakes it: with the web app on a pool of ours, any client of the pool (null).
        clientIds: trustsWholePool(config) ? null : [LOCAL_SPA_CLIENT_ID, LOCAL_MACHINE_CLIENT_ID],
        tokenUse: config.edge.tokenUse,
        jwks: config.edge.bakeJwks ? issuer.jwks : null,
      },
    ],
    // Always the local JWKS server, baked or not: an unknown kid refetches from loopback (AWS refetches from Cognito), never from the Internet.
    jwksBaseUrl,
    claimsKey: mode === 'oac' ? claimsKey : null,
  };
}

/** A fresh claims MAC key for one run of the chain (oac mode), as the backend stack's secret holds it. */
export function newLocalClaimsKey(): { readonly version: number; readonly key: string } {
  return { version: 1, key: crypto.randomBytes(32).toString('hex') };
}

/** Writes the API bundle to `<dir>/index.js` (same esbuild options as the backend stack). */
export function writeApiBundle(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.js');
  fs.writeFileSync(file, bundle({ entry: 'lambdas/api/handler.ts' }).code);
  return file;
}

/** Starts every part; `close()` stops them all. */
export async function startChain(options: ChainOptions): Promise<RunningChain> {
  const { config } = options;
  const mode = options.mode ?? config.edge.signingMode;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const issuer = createIssuer(loadOrCreateKey(options.keyPath));
    let entryUrl = ''; // the CloudFront stand-in's, known once it listens (the app client's URLs ask for it per request)
    const hostedUi = await startHostedUi({
      issuer,
      clients: [localSpaClient(config, () => entryUrl)],
      accessTokenSeconds: config.identity.spaClient.accessTokenMinutes * 60,
      idTokenSeconds: config.identity.spaClient.idTokenMinutes * 60,
      port: options.ports?.hostedUi ?? 0,
      clock,
      log: (line) => log('hosted-ui', line),
    });
    closers.push(hostedUi.close);
    const jwks = await startJwksServer(issuer, options.ports?.jwks ?? 0, (baseUrl) => openIdConfiguration(issuer, baseUrl, hostedUi.baseUrl));
    closers.push(jwks.close);

    const edgeCredentials = newCredentials('ASIALOCALEDGE', true);
    const oacCredentials = newCredentials('ASIALOCALOAC', true);
    const callerCredentials = newCredentials('AKIALOCALCALLER', false);
    const names = resourceNames(config.environment);
    const edgeRoleArn = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${names.edgeRole}`;
    const edgeSession = `${EDGE_REGION}.${names.edgeFunction}`;
    const claimsKey = mode === 'oac' ? newLocalClaimsKey() : null;
    const principals = new Map<string, KnownPrincipal>([
      // What a Lambda@Edge session reports (the session is named after the function; the API matches the role only).
      [
        edgeCredentials.accessKeyId,
        principal(edgeCredentials, `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${names.edgeRole}/${edgeSession}`, `AROALOCALEDGE:${edgeSession}`),
      ],
      [callerCredentials.accessKeyId, principal(callerCredentials, `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local-caller`, 'AIDALOCALCALLER')],
    ]);
    if (mode === 'oac')
      principals.set(
        oacCredentials.accessKeyId,
        principal(oacCredentials, `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/cloudfront-oac/${LOCAL_URL_ID}`, 'AROALOCALOAC:cloudfront'),
      );

    // The API function, in its own execution environment, with the in-memory store.
    const apiFile = writeApiBundle(path.join(options.buildDir, 'api'));
    const apiEnv = {
      // The config as the stacks would deploy it in the mode under test (which may differ from the config's).
      ...apiEnvironment(
        { ...config, edge: { ...config.edge, signingMode: mode } },
        {
          tableName: names.booksTable,
          topicArn: `arn:aws:sns:${config.backendRegion}:${LOCAL_ACCOUNT_ID}:${names.messagesTopic}`,
          secretArn: `arn:aws:secretsmanager:${config.backendRegion}:${LOCAL_ACCOUNT_ID}:secret:${names.apiSecret}-AbCdEf`,
          edgeRoleArn,
          claimsKeySecretArn: `arn:aws:secretsmanager:${config.backendRegion}:${LOCAL_ACCOUNT_ID}:secret:${names.claimsKeySecret}-AbCdEf`,
        },
      ),
      // oac: the memory store reads the claims key from here instead of its secret.
      ...(claimsKey ? { [API_ENV.claimsKey]: JSON.stringify(claimsKey) } : {}),
      [API_ENV.store]: 'memory',
      AWS_REGION: config.backendRegion,
      AWS_LAMBDA_FUNCTION_NAME: names.apiFunction,
    };
    const api: LambdaRuntime = startLambda({
      file: apiFile,
      env: apiEnv,
      functionName: names.apiFunction,
      timeoutSeconds: config.api.timeoutSeconds,
      memoryMb: config.api.memoryMb,
      onOutput: (chunk) => log('api', chunk.trimEnd()),
      loopbackOnly: true,
    });
    closers.push(api.close);
    const functionUrl = await startFunctionUrl({
      runtime: api,
      urlId: LOCAL_URL_ID,
      region: config.backendRegion,
      principals,
      port: options.ports?.functionUrl ?? 0,
      clock,
      log: (line) => log('function-url', line),
      observe: options.observeOrigin,
    });
    closers.push(functionUrl.close);

    // The edge function: the real bundle and a config.json beside it.
    const edgeDir = path.join(options.buildDir, `edge-${mode}`);
    const edgeBundle = await buildEdgeBundle(edgeDir);
    fs.writeFileSync(
      path.join(edgeDir, EDGE_CONFIG_FILENAME),
      JSON.stringify(localEdgeConfig(config, mode, issuer, functionUrl.host, jwks.baseUrl, claimsKey)),
    );
    const edge = startLambda({
      file: edgeBundle.file,
      env: {
        AWS_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: edgeSession,
        AWS_ACCESS_KEY_ID: edgeCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: edgeCredentials.secretAccessKey,
        AWS_SESSION_TOKEN: edgeCredentials.sessionToken ?? '',
      },
      functionName: edgeSession,
      timeoutSeconds: 30,
      onOutput: (chunk) => log('edge', chunk.trimEnd()),
      loopbackOnly: true,
    });
    closers.push(edge.close);

    const oac: OacSigner | undefined =
      mode === 'oac'
        ? { ...oacCredentials, distributionArn: `arn:aws:cloudfront::${LOCAL_ACCOUNT_ID}:distribution/ELOCALDEV00000`, accountId: LOCAL_ACCOUNT_ID }
        : undefined;
    let webConfig: WebConfigJson | undefined;
    const site = options.web ? createStaticSite({ root: options.web.root, objects: () => new Map(webConfig ? [webConfigObject(webConfig)] : []) }) : undefined;
    const cloudFront: RunningCloudFront = await startCloudFront({
      edge,
      origin: { host: functionUrl.host, region: config.backendRegion, port: functionUrl.port },
      oac,
      port: options.ports?.cloudFront ?? 0,
      clock,
      log: (line) => log('cloudfront', line),
      defaultBehavior: site ? { basePath: config.api.basePath, site } : undefined,
    });
    closers.push(cloudFront.close);
    entryUrl = cloudFront.url;
    if (site) webConfig = localWebConfig(config, { entryUrl, issuerHostUrl: jwks.baseUrl, userPoolId: issuer.userPoolId, hostedUiUrl: hostedUi.baseUrl });

    return { mode, entryUrl: cloudFront.url, functionUrl, issuer, jwks, hostedUi, webConfig, callerCredentials, edgeCredentials, close };
  } catch (e) {
    await close();
    throw e;
  }
}
