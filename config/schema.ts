/**
 * The configuration schema: one environment's settings as data
 * (`config/<env>.json`), validated before any construct is built.
 *
 * Every field is documented here; the README's configuration reference is
 * written from this file. Defaults are chosen so that a config can synth
 * with no AWS account: nothing here needs a real account id or resource.
 */
import { z } from 'zod';
import { asRecord as obj } from '../lib/json';
import { FUNCTION_URL_REGIONS, FUNCTION_URL_UNSUPPORTED_REGIONS, KNOWN_REGIONS } from './regions';
import { alarmsProblems, alarmsSchema } from './alarms-schema';
import { int, oneOf } from '../lib/contracts/zod-helpers';
import { apiBasePathSchema, apiLogLevelSchema, corsSchema, maxBodyBytesSchema } from '../lib/contracts/api-settings';
import { routesSchema } from '../lib/contracts/route-map';
import { SIGNING_MODES } from '../lib/contracts/signing-mode';
import { resourceNames } from '../lib/resource-names';

export { HTTP_METHODS, ROUTE_METHODS, accessSchema, routeRuleSchema } from '../lib/contracts/route-map';

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const NAME = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
const BUCKET = /^(?!xn--)(?!sthree-)(?!.*\.\.)(?!.*-s3alias$)(?!.*--ol-s3$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
const COUNTRY = /^[A-Z]{2}$/;

const region = z.string({ error: 'an AWS region name such as "eu-west-1"' }).refine((r) => KNOWN_REGIONS.includes(r), {
  error: `a known AWS region (${KNOWN_REGIONS.join(', ')})`,
});

const functionUrlRegion = z.string({ error: 'an AWS region name such as "eu-west-1"' }).superRefine((r, ctx) => {
  if (FUNCTION_URL_UNSUPPORTED_REGIONS.includes(r)) {
    ctx.addIssue({
      code: 'custom',
      message: `a region where Lambda function URLs are offered; ${r} has none (allowed: ${FUNCTION_URL_REGIONS.join(', ')})`,
    });
  } else if (!KNOWN_REGIONS.includes(r)) {
    ctx.addIssue({ code: 'custom', message: `a known AWS region with function URLs (${FUNCTION_URL_REGIONS.join(', ')})` });
  }
});

const tagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, {
    error: 'a tag key of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:"',
  });
const tagValue = z
  .string()
  .max(256)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, { error: 'a tag value of at most 256 letters, digits, spaces and _ . : / = + - @' });

const apiSchema = z.strictObject({
  /** Path prefix of every API route, e.g. "/api". @default "/api" */
  basePath: apiBasePathSchema.default('/api'),
  /** @default "nodejs22.x" */
  runtime: oneOf(['nodejs22.x', 'nodejs24.x'] as const).default('nodejs22.x'),
  /** @default 256 */
  memoryMb: int(128, 10240, 'MB').default(256),
  /** Function timeout; function URLs allow up to the Lambda maximum of 900 s. @default 30 */
  timeoutSeconds: int(1, 900, 'seconds').default(30),
  /** Reserved concurrency; null leaves the function in the account's unreserved pool. @default 10 */
  reservedConcurrency: int(1, 10000, 'concurrent executions').nullable().default(10),
  /** @default "arm64" */
  architecture: oneOf(['arm64', 'x86_64'] as const).default('arm64'),
  /** CloudWatch Logs retention of the API and worker log groups. @default 30 */
  logRetentionDays: z
    .number()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      error: `one of the CloudWatch retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(30),
  /** AWS X-Ray active tracing. @default false */
  xray: z.boolean().default(false),
  /** Largest request body the API accepts, in bytes (function URLs carry at most 6 MB). @default 1048576 */
  maxBodyBytes: maxBodyBytesSchema.default(1024 * 1024),
  /** Log level of the API and worker. @default "INFO" */
  logLevel: apiLogLevelSchema.default('INFO'),
  cors: corsSchema.default({
    allowOrigins: [],
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['authorization', 'content-type'],
    allowCredentials: false,
    maxAgeSeconds: 600,
  }),
});

const groupSchema = z.strictObject({
  name: z.string().regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u, { error: 'a group name of 1-128 characters, no spaces' }),
  description: z.string().max(2048).default(''),
  /** Lower wins when a user is in several groups. @default null */
  precedence: int(0, 2147483647, 'precedence').nullable().default(null),
});

const scopeSchema = z.strictObject({
  name: z.string().regex(/^[\x21\x23-\x2e\x30-\x5b\x5d-\x7e]{1,256}$/, { error: 'a scope name of printable ASCII, no spaces, quotes, slashes or backslashes' }),
  description: z.string().min(1).max(256),
});

const callbackUrl = z.string().regex(/^(https:\/\/[^\s#]+|http:\/\/localhost(:\d{1,5})?(\/[^\s#]*)?)$/, {
  error: 'an https:// URL without a fragment (http:// only for localhost)',
});

const identitySchema = z.strictObject({
  /** Cognito MFA mode. @default "OPTIONAL" */
  mfa: oneOf(['OFF', 'OPTIONAL', 'ON'] as const).default('OPTIONAL'),
  /** Cognito threat protection (advanced security) mode. @default "OFF" */
  advancedSecurity: oneOf(['OFF', 'AUDIT', 'ENFORCED'] as const).default('OFF'),
  /** @default 12 */
  passwordMinLength: int(12, 99, 'characters; at least 12').default(12),
  /** Hosted UI domain prefix (globally unique per region). */
  domainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
      error: 'a lower-case domain prefix of 1-63 letters, digits and hyphens (not starting or ending with a hyphen)',
    })
    .refine((d) => !/aws|amazon|cognito/.test(d), { error: 'a prefix without the reserved words aws, amazon or cognito' }),
  /** @default [] */
  groups: z.array(groupSchema).default([]),
  spaClient: z.strictObject({
    callbackUrls: z.array(callbackUrl).min(1, { error: 'at least one callback URL' }),
    logoutUrls: z.array(callbackUrl).default([]),
    /** @default 60 */
    accessTokenMinutes: int(5, 1440, 'minutes').default(60),
    /** @default 60 */
    idTokenMinutes: int(5, 1440, 'minutes').default(60),
    /** @default 30 */
    refreshTokenDays: int(1, 3650, 'days').default(30),
  }),
  /** A client-credentials client with a resource server and scopes. @default null (none) */
  machineClient: z
    .strictObject({
      /** Resource server identifier; scopes are `<identifier>/<scope>`. */
      resourceServer: z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/, { error: 'a resource server identifier of printable ASCII, no spaces' }),
      scopes: z.array(scopeSchema).min(1, { error: 'at least one scope' }),
      /** @default 60 */
      accessTokenMinutes: int(5, 1440, 'minutes').default(60),
    })
    .nullable()
    .default(null),
});

const wafSchema = z.strictObject({
  /** Requests per window per IP before the rate rule blocks. @default 1000 */
  rateLimit: int(10, 2_000_000_000, 'requests per window; AWS minimum is 10').default(1000),
  /** @default 300 */
  rateWindowSeconds: z.union([z.literal(60), z.literal(120), z.literal(300), z.literal(600)], { error: 'one of 60, 120, 300, 600 (seconds)' }).default(300),
  /** CIDRs that bypass every other rule. @default [] */
  allowIps: z.array(z.string().refine((c) => IPV4_CIDR.test(c) || IPV6_CIDR.test(c), { error: 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24"' })).default([]),
  /** CIDRs that are always blocked. @default [] */
  denyIps: z.array(z.string().refine((c) => IPV4_CIDR.test(c) || IPV6_CIDR.test(c), { error: 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24"' })).default([]),
  /** Add AWSManagedRulesAnonymousIpList. @default false */
  anonymousIpList: z.boolean().default(false),
  /** Add AWSManagedRulesSQLiRuleSet. @default false */
  sqli: z.boolean().default(false),
  /** Body inspection size for CloudFront (KB); above 16 costs extra. @default 16 */
  bodyInspectionKb: z.union([z.literal(16), z.literal(32), z.literal(48), z.literal(64)], { error: 'one of 16, 32, 48, 64' }).default(16),
  /** WAF log group retention (days). @default 30 */
  logRetentionDays: z
    .number()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      error: `one of the CloudWatch retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(30),
});

const edgeSchema = z.strictObject({
  /** "edge-sigv4": the edge function signs with its role; "oac": CloudFront Origin Access Control signs. @default "edge-sigv4" */
  signingMode: oneOf(SIGNING_MODES).default('edge-sigv4'),
  /**
   * `oac` mode: version of the claims MAC key the backend stack makes
   * (constructs/claims-key.ts); raise it to rotate the key. Unused in
   * `edge-sigv4` mode. @default 1
   */
  claimsKeyVersion: z.number().int({ error: 'a whole number' }).min(1, { error: 'at least 1' }).max(1_000_000, { error: 'at most 1000000' }).default(1),
  /** Which Cognito token the edge accepts. @default "access" */
  tokenUse: oneOf(['access', 'id'] as const).default('access'),
  /** @default "PriceClass_100" */
  priceClass: oneOf(['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const).default('PriceClass_100'),
  /** @default "redirect-to-https" */
  viewerProtocolPolicy: oneOf(['redirect-to-https', 'https-only'] as const).default('redirect-to-https'),
  /** The web ACL this project creates; not used with `existing.webAclArn`. */
  waf: wafSchema.default(wafSchema.parse({})),
  /** @default { type: "none", countries: [] } */
  geoRestriction: z
    .strictObject({
      type: oneOf(['none', 'whitelist', 'blacklist'] as const),
      countries: z.array(z.string().regex(COUNTRY, { error: 'an ISO 3166-1 alpha-2 country code such as "DE"' })).default([]),
    })
    .superRefine((g, ctx) => {
      if (g.type === 'none' && g.countries.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['countries'], message: 'no countries when type is "none"' });
      }
      if (g.type !== 'none' && g.countries.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['countries'], message: `at least one country when type is "${g.type}"` });
      }
    })
    .default({ type: 'none', countries: [] }),
  /**
   * Bring your own certificate: an existing ACM certificate in us-east-1
   * (CloudFront reads certificates only there) and the aliases it covers.
   * Nothing is created for it (no certificate, validation or DNS record);
   * point the aliases at `distribution_domain_name` yourself. The first
   * alias is the host of the `api_url` output.
   * @default null (the *.cloudfront.net certificate)
   */
  customDomain: z
    .strictObject({
      certificateArn: z.string().regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, {
        error: 'an ACM certificate ARN in us-east-1 (CloudFront reads certificates only from there)',
      }),
      aliases: z
        .array(z.string().regex(/^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: 'a lower-case DNS name such as "api.example.com"' }))
        .min(1, { error: 'at least one alias' }),
    })
    .nullable()
    .default(null),
  /**
   * Serve a private S3 bucket on the default behaviour (through S3 OAC).
   * Alone it stays empty, for a site you upload yourself; with `webApp`
   * the edge stack deploys this project's web app into it. @default false
   */
  staticSite: z.boolean().default(false),
  /**
   * Deploy the web app (`web/`) into the static site bucket: the Vite
   * build as S3 objects (built at synth), a `config.json` written at
   * plan/apply time from the identity outputs and the distribution's
   * domain, the deep-link CloudFront Function on the default behaviour, and
   * (for a pool this project creates) a `<env>-web` app client whose
   * callback is the distribution's own URL; the edge then trusts every app
   * client of that pool. Needs `staticSite: true`; with `existing.userPool`
   * it needs `existing.userPool.hostedUiDomain`. @default false
   */
  webApp: z.boolean().default(false),
  /** CloudFront standard access logs to an S3 bucket of this stack. @default false */
  accessLogs: z.boolean().default(false),
  /** Fetch the user pools' JWKS at plan time and bake it into the edge package. @default true */
  bakeJwks: z.boolean().default(true),
});

/** Point every AWS API and the S3 state backend at an emulator (moto, LocalStack). */
const endpointsSchema = z.strictObject({
  /** Base URL of the emulator, e.g. "http://127.0.0.1:5000". */
  url: z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, { error: 'a base URL such as "http://127.0.0.1:5000"' }),
  /** Environment variable that overrides `url` at synth time. @default "SFU_EMULATOR_URL" */
  urlFromEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .default('SFU_EMULATOR_URL'),
  /** Fixed credentials the emulator accepts. @default { accessKeyId: "test", secretAccessKey: "test" } */
  accessKeyId: z.string().default('test'),
  secretAccessKey: z.string().default('test'),
});

const REGION_PART = '[a-z]{2}(?:-[a-z]+)+-\\d';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const USER_POOL_ID = new RegExp(`^(${REGION_PART})_[0-9A-Za-z]{1,55}$`);
const USER_POOL_ARN = new RegExp(`^arn:aws:cognito-idp:(${REGION_PART}):(\\d{12}):userpool/(${REGION_PART}_[0-9A-Za-z]{1,55})$`);
const CLIENT_ID = /^[\w+]{1,128}$/;
const DNS_NAME = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** A CLOUDFRONT-scope web ACL: global, hence region us-east-1 in its ARN. */
export const CLOUDFRONT_WEB_ACL_ARN = new RegExp(`^arn:aws:wafv2:us-east-1:\\d{12}:global/webacl/[\\w-]{1,128}/${UUID}$`);
const KMS_KEY_ARN = new RegExp(`^arn:aws:kms:(${REGION_PART}):\\d{12}:key/(${UUID}|mrk-[0-9a-f]{32})$`);

/**
 * Bring your own: existing resources used instead of creating them. Each is
 * off by default (the project creates everything).
 */
const existingSchema = z.strictObject({
  /**
   * An existing Cognito user pool and its clients. The identity stack then
   * creates no pool, groups, clients or domain; its outputs pass these values
   * through (issuer and JWKS URLs derived from the pool id), so the edge works
   * unchanged. `identity.groups` and `identity.machineClient` still describe
   * the pool's groups and scopes, for checking `routes`; the other `identity`
   * settings are not used. @default null (create a pool)
   */
  userPool: z
    .strictObject({
      /** Pool id, `<region>_<suffix>`. */
      id: z.string().regex(USER_POOL_ID, { error: 'a user pool id such as "eu-west-1_AbCdEf123"' }),
      /** Pool ARN. @default null (derived from the id and the deploying account) */
      arn: z.string().regex(USER_POOL_ARN, { error: 'a user pool ARN: arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>' }).nullable().default(null),
      /** The public client whose tokens the edge accepts. */
      spaClientId: z.string().regex(CLIENT_ID, { error: 'an app client id (1-128 letters, digits, _ or +)' }),
      /** A client-credentials client (access tokens only). @default null (none) */
      machineClientId: z.string().regex(CLIENT_ID, { error: 'an app client id (1-128 letters, digits, _ or +)' }).nullable().default(null),
      /** The pool's hosted UI domain (output `hosted_ui_domain`). @default null ("" in the output) */
      hostedUiDomain: z.string().regex(DNS_NAME, { error: 'a lower-case DNS name such as "login.example.com"' }).nullable().default(null),
    })
    .nullable()
    .default(null),
  /**
   * ARN of an existing CLOUDFRONT-scope WAF web ACL. The edge stack then
   * creates no web ACL, IP sets or WAF logging and attaches this one;
   * `edge.waf` is not used. @default null (create one)
   */
  webAclArn: z
    .string()
    .regex(CLOUDFRONT_WEB_ACL_ARN, {
      error: 'a web ACL ARN of scope CLOUDFRONT: arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id> (CloudFront takes only global web ACLs)',
    })
    .nullable()
    .default(null),
  /**
   * The bucket `state.bucketName` exists already: the `<env>-state` stack is
   * not synthesized; the other stacks keep their state in that bucket.
   * @default false (the `<env>-state` stack creates it)
   */
  stateBucket: z.boolean().default(false),
  /**
   * ARN of a customer-managed KMS key in `backendRegion`, used instead of the
   * project's own topic key and the AWS managed keys: the SNS topic, both
   * dead-letter queues, the DynamoDB table, the secret and the API and worker
   * log groups. Its key policy must let CloudWatch Logs and SNS use it (see
   * the README). @default null (a topic key of our own; AWS managed keys elsewhere)
   */
  kmsKeyArn: z.string().regex(KMS_KEY_ARN, { error: 'a KMS key ARN: arn:aws:kms:<region>:<account>:key/<key id> (not an alias)' }).nullable().default(null),
});

/**
 * Resources of ours that `imports` can adopt, and the Terraform import id
 * each takes. An imported resource keeps its address; `terraform plan` shows
 * it as "will be imported" instead of "will be created".
 */
export const IMPORTABLE_RESOURCES = {
  userPool: 'the user pool id, "<backendRegion>_<suffix>"',
  userPoolDomain: 'the hosted UI domain prefix (identity.domainPrefix)',
  apiFunction: 'the API function name, "<environment>-api"',
  apiLogGroup: 'the API log group name, "/aws/lambda/<environment>-api"',
  workerLogGroup: 'the worker log group name, "/aws/lambda/<environment>-worker"',
  edgeLogGroup: 'the edge function log group name, "/aws/lambda/us-east-1.<environment>-edge-auth"',
  wafLogGroup: 'the WAF log group name, "aws-waf-logs-<environment>-edge"',
  webAcl: 'the web ACL "<id>/<environment>-edge-web-acl/CLOUDFRONT"',
  stateBucket: 'the state bucket name (state.bucketName)',
  table: 'the table name, "<environment>-books"',
  secret: 'the ARN of the secret "<environment>/secure-function-url/api"',
  secretVersion: 'the secret version, "<secret ARN>|<version id>"',
} as const;
export type ImportName = keyof typeof IMPORTABLE_RESOURCES;
export const IMPORT_NAMES = Object.keys(IMPORTABLE_RESOURCES) as ImportName[];

const importsSchema = z.record(
  z.string().refine((k) => (IMPORT_NAMES as string[]).includes(k), {
    error: `one of ${IMPORT_NAMES.map((n) => JSON.stringify(n)).join(', ')} (the resources that can be imported)`,
  }),
  z.string().min(1, { error: 'the id of the existing resource' }).max(2048),
);

export const configSchema = z.strictObject({
  /** Environment name; prefixes every stack (`<env>-state`) and resource name. */
  environment: z.string().regex(NAME, { error: 'a lower-case name of 2-16 letters, digits and hyphens, starting with a letter' }),
  /** Region of the state bucket's users and of the backend stack. */
  backendRegion: functionUrlRegion,
  state: z.strictObject({
    /** Name of the S3 bucket that holds Terraform state (globally unique). */
    bucketName: z.string().regex(BUCKET, { error: 'an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens' }),
    region,
    /** Prefix of every state key: `<keyPrefix>/<stack>.tfstate`. @default "secure-function-url" */
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, { error: 'an S3 key prefix without leading or trailing "/"' })
      .default('secure-function-url'),
    /** Days a replaced state version is kept. @default 90 */
    noncurrentVersionDays: int(1, 3650, 'days').default(90),
  }),
  /** Tags on every resource (provider default_tags). @default {} */
  tags: z.record(tagKey, tagValue).default({}),
  api: apiSchema.default(apiSchema.parse({})),
  /** Route authorization map, first match wins; a request no rule matches is denied. */
  routes: routesSchema,
  identity: identitySchema,
  edge: edgeSchema.default(edgeSchema.parse({})),
  /** @default null (real AWS endpoints) */
  endpoints: endpointsSchema.nullable().default(null),
  /** Bring your own resources. @default every field null/false (create everything) */
  existing: existingSchema.default(existingSchema.parse({})),
  /**
   * Adopt existing resources: `{ "<resource>": "<import id>" }` emits a
   * Terraform `import` block (Terraform/OpenTofu >= 1.5) for that resource.
   * Remove an entry once the import is applied. @default {}
   */
  imports: importsSchema.default({}),
  /** CloudWatch alarms, their topics and thresholds, and the dashboard (config/alarms-schema.ts). @default every alarm on except the two noted there */
  alarms: alarmsSchema.default(alarmsSchema.parse({})),
});

/** A problem found by a cross-field check: where, and what is allowed. */
export interface CrossFieldProblem {
  readonly path: readonly (string | number)[];
  readonly allowed: string;
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Checks that span several fields (route groups and scopes must exist,
 * group names are unique). They read the raw input defensively so they run
 * even when other fields are invalid: one run reports every problem.
 */
export function crossFieldProblems(input: unknown): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const root = obj(input);
  const identity = obj(root.identity);
  const groupNames = arr(identity.groups)
    .map((g) => obj(g).name)
    .filter((n): n is string => typeof n === 'string');
  const machine = obj(identity.machineClient);
  const scopeNames =
    typeof machine.resourceServer === 'string'
      ? arr(machine.scopes)
          .map((s) => obj(s).name)
          .filter((n): n is string => typeof n === 'string')
          .map((n) => `${machine.resourceServer}/${n}`)
      : [];
  const list = (xs: string[]) => xs.map((x) => JSON.stringify(x)).join(', ') || 'none defined';
  arr(root.routes).forEach((r, i) => {
    const access = obj(obj(r).access);
    arr(access.groups).forEach((g, j) => {
      if (typeof g === 'string' && !groupNames.includes(g)) {
        problems.push({ path: ['routes', i, 'access', 'groups', j], allowed: `a group defined in identity.groups (${list(groupNames)})` });
      }
    });
    arr(access.scopes).forEach((s, j) => {
      if (typeof s === 'string' && !scopeNames.includes(s)) {
        problems.push({
          path: ['routes', i, 'access', 'scopes', j],
          allowed: `a scope of identity.machineClient, written "<resourceServer>/<scope>" (${list(scopeNames)})`,
        });
      }
    });
  });
  groupNames.forEach((name, i) => {
    if (groupNames.indexOf(name) !== i) problems.push({ path: ['identity', 'groups', i, 'name'], allowed: 'a group name used only once' });
  });
  problems.push(...existingProblems(root), ...importProblems(root), ...webAppProblems(root));
  problems.push(...alarmsProblems(root));
  return problems;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `existing`: the pool ARN names the pool of the id, the KMS key is in backendRegion. */
function existingProblems(root: Record<string, unknown>): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const existing = obj(root.existing);
  const pool = obj(existing.userPool);
  const poolId = str(pool.id);
  const id = poolId === undefined ? null : USER_POOL_ID.exec(poolId);
  if (id && !KNOWN_REGIONS.includes(id[1])) {
    problems.push({ path: ['existing', 'userPool', 'id'], allowed: `a user pool id whose prefix is a known AWS region (${id[1]} is not one)` });
  }
  const poolArn = str(pool.arn);
  const arn = poolArn === undefined ? null : USER_POOL_ARN.exec(poolArn);
  if (id && arn && (arn[3] !== poolId || arn[1] !== id[1])) {
    problems.push({
      path: ['existing', 'userPool', 'arn'],
      allowed: `the ARN of existing.userPool.id: arn:aws:cognito-idp:${id[1]}:<account>:userpool/${poolId}`,
    });
  }
  const keyArn = str(existing.kmsKeyArn);
  const key = keyArn === undefined ? null : KMS_KEY_ARN.exec(keyArn);
  const backendRegion = str(root.backendRegion);
  if (key && backendRegion && key[1] !== backendRegion) {
    problems.push({
      path: ['existing', 'kmsKeyArn'],
      allowed: `a key in backendRegion (${backendRegion}): SNS, SQS, DynamoDB, Secrets Manager and CloudWatch Logs only use keys of their own region`,
    });
  }
  return problems;
}

/** `edge.webApp`: served from the static site's bucket, signed in through a hosted UI. */
function webAppProblems(root: Record<string, unknown>): CrossFieldProblem[] {
  const edge = obj(root.edge);
  if (edge.webApp !== true) return [];
  const problems: CrossFieldProblem[] = [];
  if (edge.staticSite !== true) {
    problems.push({ path: ['edge', 'webApp'], allowed: 'true only together with edge.staticSite: true (the web app is served from the static site bucket)' });
  }
  const pool = obj(obj(root.existing).userPool);
  if (obj(root.existing).userPool != null && (pool.hostedUiDomain === null || pool.hostedUiDomain === undefined)) {
    problems.push({
      path: ['existing', 'userPool', 'hostedUiDomain'],
      allowed: "the pool's hosted UI domain when edge.webApp is on (the web app signs in through it; its config.json needs the URL)",
    });
  }
  return problems;
}

/**
 * `imports`: each id has the form Terraform's import of that resource type
 * takes, names the resource this project would create (a resource of
 * another name is replaced, not adopted), and adopts nothing that
 * `existing` already replaces.
 */
function importProblems(root: Record<string, unknown>): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  const imports = obj(root.imports);
  const existing = obj(root.existing);
  const env = str(root.environment) !== undefined && NAME.test(root.environment as string) ? (root.environment as string) : undefined;
  const region = str(root.backendRegion) !== undefined && KNOWN_REGIONS.includes(root.backendRegion as string) ? (root.backendRegion as string) : undefined;
  const secret = str(imports.secret);
  const names = env === undefined ? undefined : resourceNames(env);
  const named = (expected: string | undefined, what: string) => ({
    expected,
    allowed: `${JSON.stringify(expected)}, the name this project gives ${what} (a resource of another name would be replaced, not adopted)`,
  });
  const exact: Partial<Record<ImportName, { expected: string | undefined; allowed: string }>> = {
    userPoolDomain: named(str(obj(root.identity).domainPrefix), 'the hosted UI domain (identity.domainPrefix)'),
    apiFunction: named(names?.apiFunction, 'the API function'),
    apiLogGroup: named(names?.apiLogGroup, 'the API log group'),
    workerLogGroup: named(names?.workerLogGroup, 'the worker log group'),
    edgeLogGroup: named(names?.edgeLogGroup, "the edge function's us-east-1 log group"),
    wafLogGroup: named(names?.wafLogGroup, 'the WAF log group'),
    stateBucket: named(str(obj(root.state).bucketName), 'the state bucket (state.bucketName)'),
    table: named(names?.booksTable, 'the books table'),
  };
  const patterns: Partial<Record<ImportName, { pattern: RegExp | undefined; allowed: string }>> = {
    userPool: {
      pattern: region ? new RegExp(`^${escapeRegExp(region)}_[0-9A-Za-z]{1,55}$`) : undefined,
      allowed: `a user pool id in backendRegion, "${region}_<suffix>" (the identity stack's region)`,
    },
    webAcl: {
      pattern: env ? new RegExp(`^${UUID}/${escapeRegExp(env)}-edge-web-acl/CLOUDFRONT$`) : undefined,
      allowed: `"<web ACL id>/${env}-edge-web-acl/CLOUDFRONT" (id/name/scope; the name this project gives the web ACL)`,
    },
    secret: {
      pattern:
        env && region
          ? new RegExp(`^arn:aws:secretsmanager:${escapeRegExp(region)}:\\d{12}:secret:${escapeRegExp(names?.apiSecret ?? '')}-[A-Za-z0-9]{6}$`)
          : undefined,
      allowed: `the ARN of the secret "${names?.apiSecret}": arn:aws:secretsmanager:${region}:<account>:secret:${names?.apiSecret}-<6 characters>`,
    },
    secretVersion: {
      pattern: secret === undefined ? undefined : new RegExp(`^${escapeRegExp(secret)}\\|[A-Za-z0-9-]{32,64}$`),
      allowed: '"<imports.secret>|<version id>" (the AWSCURRENT version id: aws secretsmanager describe-secret)',
    },
  };
  const conflicts: Partial<Record<ImportName, [boolean, string]>> = {
    userPool: [existing.userPool != null, 'existing.userPool'],
    userPoolDomain: [existing.userPool != null, 'existing.userPool'],
    webAcl: [existing.webAclArn != null, 'existing.webAclArn'],
    wafLogGroup: [existing.webAclArn != null, 'existing.webAclArn'],
    stateBucket: [existing.stateBucket === true, 'existing.stateBucket'],
  };
  for (const [name, id] of Object.entries(imports)) {
    // Unknown names and non-string ids are the schema's to report.
    if (!(IMPORT_NAMES as string[]).includes(name) || typeof id !== 'string' || id === '') continue;
    const key = name as ImportName;
    const conflict = conflicts[key];
    if (conflict?.[0]) {
      problems.push({ path: ['imports', key], allowed: `no import: ${conflict[1]} is set, so there is no resource of ours to adopt (use one or the other)` });
      continue;
    }
    const e = exact[key];
    if (e && e.expected !== undefined && id !== e.expected) problems.push({ path: ['imports', key], allowed: e.allowed });
    const p = patterns[key];
    if (p && p.pattern !== undefined && !p.pattern.test(id)) problems.push({ path: ['imports', key], allowed: p.allowed });
  }
  if (typeof imports.secret === 'string' && imports.secretVersion === undefined) {
    problems.push({
      path: ['imports', 'secret'],
      allowed: 'an import together with imports.secretVersion (without it the placeholder version would become the current value of the secret)',
    });
  }
  if (typeof imports.secretVersion === 'string' && imports.secret === undefined) {
    problems.push({ path: ['imports', 'secretVersion'], allowed: 'an import together with imports.secret' });
  }
  return problems;
}

/** A validated configuration, defaults applied. */
export type Config = z.infer<typeof configSchema>;
export type { Access, RouteRule } from '../lib/contracts/route-map';
export type { SigningMode } from '../lib/contracts/signing-mode';
