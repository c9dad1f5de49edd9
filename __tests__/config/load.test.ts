import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configDir, loadConfig, parseConfig } from '../../config/load';
import { devRaw, devWith, problemsOf } from './config-fixtures';

describe('loadConfig', () => {
  it('loads dev by default and applies defaults', () => {
    const saved = process.env.SFU_ENV;
    delete process.env.SFU_ENV;
    try {
      const c = loadConfig();
      expect(c.environment).toBe('dev');
      expect(c.api.basePath).toBe('/api');
      expect(c.edge.waf.rateWindowSeconds).toBe(300);
    } finally {
      if (saved !== undefined) process.env.SFU_ENV = saved;
    }
  });

  it('picks the environment from SFU_ENV', () => {
    const saved = process.env.SFU_ENV;
    process.env.SFU_ENV = 'prod';
    try {
      expect(loadConfig().environment).toBe('prod');
    } finally {
      if (saved === undefined) delete process.env.SFU_ENV;
      else process.env.SFU_ENV = saved;
    }
  });

  it('names the known environments when the file does not exist', () => {
    expect(() => loadConfig('staging')).toThrow(/SFU_ENV: received "staging"; allowed: one of .*"dev".*"prod"/);
  });

  it('refuses an environment name that is not a plain file name', () => {
    expect(() => loadConfig('../etc/passwd')).toThrow(/SFU_ENV: received "..\/etc\/passwd"/);
  });

  it('refuses a file that is not JSON, saying so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-config-'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "environment": ');
    expect(() => loadConfig('broken', dir)).toThrow(/received text that is not JSON/);
  });

  it('refuses a file whose environment field differs from its name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-config-'));
    fs.writeFileSync(path.join(dir, 'qa.json'), JSON.stringify(devRaw));
    expect(() => loadConfig('qa', dir)).toThrow(/environment: received "dev"; allowed: "qa"/);
  });

  it('accepts every shipped config', () => {
    for (const file of fs.readdirSync(configDir()).filter((f) => f.endsWith('.json'))) {
      expect(() => loadConfig(file.slice(0, -5))).not.toThrow();
    }
  });
});

describe('parseConfig rejects invalid configs with the field, the value and what is allowed', () => {
  const cases: Array<[string, (c: any) => void, RegExp]> = [
    [
      'a backend region without function URLs',
      (c) => (c.backendRegion = 'il-central-1'),
      /^backendRegion: received "il-central-1"; allowed: a region where Lambda function URLs are offered; il-central-1 has none/,
    ],
    ['an unknown region', (c) => (c.backendRegion = 'mars-north-1'), /^backendRegion: received "mars-north-1"; allowed: a known AWS region/],
    ['an environment name with capitals', (c) => (c.environment = 'Dev'), /^environment: received "Dev"; allowed: a lower-case name/],
    ['a state bucket name with underscores', (c) => (c.state.bucketName = 'my_bucket'), /^state\.bucketName: received "my_bucket"; allowed: an S3 bucket name/],
    [
      'a key prefix with a trailing slash',
      (c) => (c.state.keyPrefix = 'tf/'),
      /^state\.keyPrefix: received "tf\/"; allowed: an S3 key prefix without leading or trailing "\/"/,
    ],
    ['memory below 128 MB', (c) => (c.api.memoryMb = 64), /^api\.memoryMb: received 64; allowed: a whole number from 128 to 10240 \(MB\)$/],
    ['a timeout over 15 minutes', (c) => (c.api.timeoutSeconds = 901), /^api\.timeoutSeconds: received 901; allowed: a whole number from 1 to 900/],
    ['a fractional reserved concurrency', (c) => (c.api.reservedConcurrency = 2.5), /^api\.reservedConcurrency: received 2\.5; allowed: a whole number/],
    ['an unsupported architecture', (c) => (c.api.architecture = 'arm32'), /^api\.architecture: received "arm32"; allowed: one of "arm64", "x86_64"$/],
    [
      'a log retention CloudWatch does not offer',
      (c) => (c.api.logRetentionDays = 10),
      /^api\.logRetentionDays: received 10; allowed: one of the CloudWatch retention periods: 1, 3, 5, 7, 14/,
    ],
    ['X-Ray as a string', (c) => (c.api.xray = 'yes'), /^api\.xray: received "yes"; allowed: .*boolean/],
    [
      'CORS "*" together with credentials',
      (c) => (c.api.cors = { allowOrigins: ['*'], allowCredentials: true }),
      /^api\.cors\.allowOrigins: received \["\*"\]; allowed: explicit origins when allowCredentials is true/,
    ],
    [
      'a CORS origin with a path',
      (c) => (c.api.cors.allowOrigins = ['https://app.example.com/x']),
      /^api\.cors\.allowOrigins\[0\]: received "https:\/\/app\.example\.com\/x"; allowed: an origin such as/,
    ],
    ['a route with an unknown method', (c) => (c.routes[0].method = 'FETCH'), /^routes\[0\]\.method: received "FETCH"; allowed: one of GET, POST/],
    [
      'a HEAD route rule (HEAD is authorized as GET)',
      (c) => (c.routes[0].method = 'HEAD'),
      /^routes\[0\]\.method: received "HEAD"; allowed: one of GET, POST, PUT, PATCH, DELETE, OPTIONS, \* \(HEAD is authorized as GET: write a GET rule\)/,
    ],
    [
      'a route pattern with "*" in the middle',
      (c) => (c.routes[1].path = '/a/*/b'),
      /^routes\[1\]\.path: received "\/a\/\*\/b"; allowed: "\*" only as the last segment/,
    ],
    [
      'a route naming an undefined group',
      (c) => (c.routes[3].access.groups = ['nobody']),
      /^routes\[3\]\.access\.groups\[0\]: received "nobody"; allowed: a group defined in identity\.groups \("admins", "editors", "readers"\)/,
    ],
    [
      'a route naming an undefined scope',
      (c) => (c.routes[3].access.scopes = ['books/delete']),
      /^routes\[3\]\.access\.scopes\[0\]: received "books\/delete"; allowed: a scope of identity\.machineClient/,
    ],
    [
      'a route access that is neither keyword nor object',
      (c) => (c.routes[2].access = 'everyone'),
      /^routes\[2\]\.access: received "everyone"; allowed: "public", "authenticated", or/,
    ],
    ['an empty route map', (c) => (c.routes = []), /^routes: received \[\]; allowed: at least one route rule/],
    [
      'a password minimum below 12',
      (c) => (c.identity.passwordMinLength = 8),
      /^identity\.passwordMinLength: received 8; allowed: a whole number from 12 to 99/,
    ],
    ['an MFA mode Cognito does not have', (c) => (c.identity.mfa = 'SMS'), /^identity\.mfa: received "SMS"; allowed: one of "OFF", "OPTIONAL", "ON"$/],
    [
      'a missing hosted UI domain prefix',
      (c) => delete c.identity.domainPrefix,
      /^identity\.domainPrefix: received nothing \(field missing\); allowed: a string \(this field is required\)$/,
    ],
    [
      'a domain prefix with a reserved word',
      (c) => (c.identity.domainPrefix = 'my-cognito-login'),
      /^identity\.domainPrefix: received "my-cognito-login"; allowed: a prefix without the reserved words/,
    ],
    [
      'a plain-http callback URL',
      (c) => (c.identity.spaClient.callbackUrls = ['http://app.example.com/cb']),
      /^identity\.spaClient\.callbackUrls\[0\]: received "http:\/\/app\.example\.com\/cb"; allowed: an https:\/\/ URL/,
    ],
    [
      'a duplicate group name',
      (c) => c.identity.groups.push({ name: 'admins' }),
      /^identity\.groups\[3\]\.name: received "admins"; allowed: a group name used only once$/,
    ],
    ['an unknown signing mode', (c) => (c.edge.signingMode = 'sigv4a'), /^edge\.signingMode: received "sigv4a"; allowed: one of "edge-sigv4", "oac"$/],
    [
      'a WAF rate limit below AWS minimum',
      (c) => (c.edge.waf.rateLimit = 5),
      /^edge\.waf\.rateLimit: received 5; allowed: a whole number from 10 to 2000000000/,
    ],
    [
      'a WAF window AWS does not offer',
      (c) => (c.edge.waf.rateWindowSeconds = 30),
      /^edge\.waf\.rateWindowSeconds: received 30; allowed: one of 60, 120, 300, 600/,
    ],
    [
      'an IP set entry that is not a CIDR',
      (c) => (c.edge.waf.denyIps = ['10.0.0.1']),
      /^edge\.waf\.denyIps\[0\]: received "10\.0\.0\.1"; allowed: an IPv4 or IPv6 CIDR/,
    ],
    [
      'a geo restriction without countries',
      (c) => (c.edge.geoRestriction = { type: 'whitelist', countries: [] }),
      /^edge\.geoRestriction\.countries: received \[\]; allowed: at least one country when type is "whitelist"$/,
    ],
    [
      'a lower-case country code',
      (c) => (c.edge.geoRestriction = { type: 'blacklist', countries: ['de'] }),
      /^edge\.geoRestriction\.countries\[0\]: received "de"; allowed: an ISO 3166-1 alpha-2 country code/,
    ],
    [
      'a certificate outside us-east-1',
      (c) =>
        (c.edge.customDomain = {
          certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
          aliases: ['api.example.com'],
        }),
      /^edge\.customDomain\.certificateArn: received "arn:aws:acm:eu-west-1:.*"; allowed: an ACM certificate ARN in us-east-1/,
    ],
    [
      'the web app without the static site bucket',
      (c) => Object.assign(c.edge, { webApp: true, staticSite: false }),
      /^edge\.webApp: received true; allowed: true only together with edge\.staticSite: true/,
    ],
    [
      'the web app on a brought pool without a hosted UI domain',
      (c) =>
        Object.assign(c, {
          edge: { ...c.edge, webApp: true, staticSite: true },
          existing: { userPool: { id: 'eu-west-1_AbC123', spaClientId: 'spa123', hostedUiDomain: null } },
        }),
      /^existing\.userPool\.hostedUiDomain: received null; allowed: the pool's hosted UI domain when edge\.webApp is on/,
    ],
    [
      'an unknown price class',
      (c) => (c.edge.priceClass = 'PriceClass_50'),
      /^edge\.priceClass: received "PriceClass_50"; allowed: one of "PriceClass_100", "PriceClass_200", "PriceClass_All"$/,
    ],
    [
      'a tag key in the aws: namespace',
      (c) => (c.tags = { 'aws:owner': 'me' }),
      /^tags\.aws:owner: received key "aws:owner"; allowed: a tag key of 1-128 .*not starting with "aws:"/,
    ],
    ['an unknown top-level field', (c) => (c.regoin = 'eu-west-1'), /^regoin: received "eu-west-1"; allowed: no such field \(unknown fields are refused\)$/],
    ['an unknown nested field', (c) => (c.api.memory = 512), /^api\.memory: received 512; allowed: no such field/],
    [
      'an emulator URL with a path',
      (c) => (c.endpoints = { url: 'http://127.0.0.1:5000/moto' }),
      /^endpoints\.url: received "http:\/\/127\.0\.0\.1:5000\/moto"; allowed: a base URL/,
    ],
  ];

  it.each(cases)('rejects %s', (_name, change, expected) => {
    expect(problemsOf(devWith(change))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('reports every problem of a config at once, in one message', () => {
    const input = devWith((c) => {
      c.api.memoryMb = 64;
      c.backendRegion = 'il-central-1';
      c.edge.waf.rateLimit = 5;
      c.routes[3].access.groups = ['nobody'];
      c.unknown = true;
    });
    let message = '';
    try {
      parseConfig(input, 'config/broken.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration in config\/broken\.json \(5 problems\):\n/);
    for (const field of ['api.memoryMb', 'backendRegion', 'edge.waf.rateLimit', 'routes[3].access.groups[0]', 'unknown']) {
      expect(message).toContain(`  - ${field}: received `);
    }
  });

  it('runs the cross-field checks even when other fields are invalid', () => {
    const problems = problemsOf(
      devWith((c) => {
        c.api.memoryMb = 1;
        c.routes[5].access.groups = ['ghosts'];
      }),
    );
    expect(problems).toHaveLength(2);
  });

  it('accepts a config without the optional sections and fills their defaults', () => {
    const minimal = devWith((c) => {
      delete c.api;
      delete c.edge;
      delete c.tags;
      delete c.identity.machineClient;
      c.routes = c.routes.filter((r: any) => typeof r.access !== 'object' || !r.access.scopes);
    });
    const parsed = parseConfig(minimal);
    expect(parsed.api.memoryMb).toBe(256);
    expect(parsed.edge.signingMode).toBe('edge-sigv4');
    expect(parsed.identity.machineClient).toBeNull();
    expect(parsed.endpoints).toBeNull();
  });
});
