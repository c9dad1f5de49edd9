/**
 * The platform-team sections of the config: `existing` (bring your own) and
 * `imports` (adopt). Every problem is one `field: received X; allowed: Y`
 * line of the single ConfigError.
 */
import { parseConfig } from '../../config/load';
import { IMPORT_NAMES } from '../../config/schema';
import { devRaw, devWith, problemsOf } from './config-fixtures';
import { ACCOUNT, DEV_IMPORT_IDS, KEY, SECRET, UUID, WEB_ACL } from '../stacks/platform-fixtures';

describe('existing (bring your own)', () => {
  it('defaults to creating everything', () => {
    expect(parseConfig(devRaw).existing).toEqual({ userPool: null, webAclArn: null, stateBucket: false, kmsKeyArn: null });
    expect(parseConfig(devRaw).imports).toEqual({});
  });

  it('accepts a pool with clients, a CLOUDFRONT web ACL, a state bucket and a KMS key in backendRegion', () => {
    const c = parseConfig(
      devWith((c) => {
        // Without the web app, which needs the pool's hosted UI domain.
        c.edge.webApp = false;
        c.existing = { userPool: { id: 'eu-west-1_AbCdEf123', spaClientId: 'spa123' }, webAclArn: WEB_ACL, stateBucket: true, kmsKeyArn: KEY };
      }),
    );
    expect(c.existing.userPool).toEqual({ id: 'eu-west-1_AbCdEf123', arn: null, spaClientId: 'spa123', machineClientId: null, hostedUiDomain: null });
    expect(c.existing.webAclArn).toBe(WEB_ACL);
  });

  it.each([
    [
      'a REGIONAL web ACL',
      (c: any) => (c.existing = { webAclArn: WEB_ACL.replace('us-east-1', 'eu-west-1').replace('global/', 'regional/') }),
      /^existing\.webAclArn: received ".*regional.*"; allowed: a web ACL ARN of scope CLOUDFRONT: arn:aws:wafv2:us-east-1:<account>:global\/webacl\/<name>\/<id>/,
    ],
    ['a web ACL id instead of its ARN', (c: any) => (c.existing = { webAclArn: UUID }), /^existing\.webAclArn: received "0a1b/],
    [
      'a pool id without region',
      (c: any) => (c.existing = { userPool: { id: 'AbCdEf123', spaClientId: 'x' } }),
      /^existing\.userPool\.id: received "AbCdEf123"; allowed: a user pool id such as/,
    ],
    [
      'a pool id of an unknown region',
      (c: any) => (c.existing = { userPool: { id: 'xx-nowhere-9_Abc', spaClientId: 'x' } }),
      /^existing\.userPool\.id: received "xx-nowhere-9_Abc"; allowed: a user pool id whose prefix is a known AWS region/,
    ],
    [
      'a pool ARN of another pool',
      (c: any) =>
        (c.existing = { userPool: { id: 'eu-west-1_Abc', arn: `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_Other`, spaClientId: 'x' } }),
      /^existing\.userPool\.arn: received .*; allowed: the ARN of existing\.userPool\.id: arn:aws:cognito-idp:eu-west-1:<account>:userpool\/eu-west-1_Abc$/,
    ],
    [
      'a pool without its SPA client',
      (c: any) => (c.existing = { userPool: { id: 'eu-west-1_Abc' } }),
      /^existing\.userPool\.spaClientId: received nothing \(field missing\)/,
    ],
    [
      'a KMS key in another region',
      (c: any) => (c.existing = { kmsKeyArn: KEY.replace('eu-west-1', 'us-east-1') }),
      /^existing\.kmsKeyArn: received .*; allowed: a key in backendRegion \(eu-west-1\)/,
    ],
    [
      'a KMS alias',
      (c: any) => (c.existing = { kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/mine` }),
      /^existing\.kmsKeyArn: received .*; allowed: a KMS key ARN: .*\(not an alias\)$/,
    ],
    ['an unknown field', (c: any) => (c.existing = { certificateArn: 'x' }), /^existing\.certificateArn: received "x"; allowed: no such field/],
  ])('refuses %s', (_name, change, expected) => {
    expect(problemsOf(devWith(change))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('accepts a multi-region key (mrk-) in backendRegion', () => {
    expect(
      parseConfig(devWith((c) => (c.existing = { kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-${'0123456789abcdef'.repeat(2)}` }))).existing.kmsKeyArn,
    ).toMatch(/mrk-/);
  });
});

describe('imports (adopt)', () => {
  it('accepts an id of the right form for every importable resource', () => {
    expect(Object.keys(DEV_IMPORT_IDS).sort()).toEqual([...IMPORT_NAMES].sort());
    expect(parseConfig(devWith((c) => (c.imports = DEV_IMPORT_IDS))).imports).toEqual(DEV_IMPORT_IDS);
  });

  it('refuses an unknown resource name, listing the names it knows', () => {
    const [line] = problemsOf(devWith((c) => (c.imports = { lambda: 'dev-api' })));
    expect(line).toBe(
      `imports.lambda: received key "lambda"; allowed: one of ${IMPORT_NAMES.map((n) => JSON.stringify(n)).join(', ')} (the resources that can be imported)`,
    );
  });

  it.each([
    ['userPool', 'us-east-1_AbC', /allowed: a user pool id in backendRegion, "eu-west-1_<suffix>"/],
    [
      'apiLogGroup',
      '/aws/lambda/legacy-api',
      /allowed: "\/aws\/lambda\/dev-api", the name this project gives the API log group \(a resource of another name would be replaced, not adopted\)$/,
    ],
    ['workerLogGroup', '/aws/lambda/dev-api', /allowed: "\/aws\/lambda\/dev-worker"/],
    ['edgeLogGroup', '/aws/lambda/dev-edge-auth', /allowed: "\/aws\/lambda\/us-east-1\.dev-edge-auth"/],
    ['wafLogGroup', 'dev-edge', /allowed: "aws-waf-logs-dev-edge"/],
    ['apiFunction', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:dev-api`, /allowed: "dev-api"/],
    ['webAcl', WEB_ACL, /allowed: "<web ACL id>\/dev-edge-web-acl\/CLOUDFRONT"/],
    ['webAcl', `${UUID}/dev-edge-web-acl/REGIONAL`, /allowed: "<web ACL id>\/dev-edge-web-acl\/CLOUDFRONT"/],
    ['stateBucket', 'another-bucket', /allowed: "sfu-dev-tfstate-example", the name this project gives the state bucket/],
    ['table', 'books', /allowed: "dev-books"/],
    ['userPoolDomain', 'login', /allowed: "sfu-dev-example"/],
  ])('refuses imports.%s = %j', (name, id, expected) => {
    const problems = problemsOf(devWith((c) => (c.imports = { [name]: id })));
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`imports.${name}: received ${JSON.stringify(id)}; allowed: `)).toBe(true);
    expect(problems[0]).toMatch(expected);
  });

  it('needs the secret and its current version together, the version of that secret', () => {
    expect(problemsOf(devWith((c) => (c.imports = { secret: SECRET })))).toEqual([
      expect.stringMatching(/^imports\.secret: received .*; allowed: an import together with imports\.secretVersion/),
    ]);
    expect(problemsOf(devWith((c) => (c.imports = { secretVersion: DEV_IMPORT_IDS.secretVersion })))).toEqual([
      expect.stringMatching(/^imports\.secretVersion: received .*; allowed: an import together with imports\.secret$/),
    ]);
    const other = `${SECRET.replace('AbC123', 'ZzZ999')}|a1b2c3d4-5678-90ab-cdef-EXAMPLEaaaaa`;
    expect(problemsOf(devWith((c) => (c.imports = { secret: SECRET, secretVersion: other })))).toEqual([
      expect.stringMatching(/^imports\.secretVersion: received .*; allowed: "<imports\.secret>\|<version id>"/),
    ]);
    expect(
      problemsOf(
        devWith(
          (c) =>
            (c.imports = { secret: SECRET.replace('eu-west-1', 'us-east-1'), secretVersion: DEV_IMPORT_IDS.secretVersion.replace('eu-west-1', 'us-east-1') }),
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^imports\.secret: received .*; allowed: the ARN of the secret "dev\/secure-function-url\/api": arn:aws:secretsmanager:eu-west-1:<account>:secret:/,
      ),
    ]);
  });

  it('refuses to import what an existing.* option replaces', () => {
    const problems = problemsOf(
      devWith((c) => {
        c.existing = { userPool: { id: 'eu-west-1_AbC', spaClientId: 'x', hostedUiDomain: 'login.example.com' }, webAclArn: WEB_ACL, stateBucket: true };
        c.imports = {
          userPool: 'eu-west-1_AbC',
          userPoolDomain: 'sfu-dev-example',
          webAcl: DEV_IMPORT_IDS.webAcl,
          wafLogGroup: 'aws-waf-logs-dev-edge',
          stateBucket: 'sfu-dev-tfstate-example',
        };
      }),
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'imports.stateBucket',
      'imports.userPool',
      'imports.userPoolDomain',
      'imports.wafLogGroup',
      'imports.webAcl',
    ]);
    for (const p of problems)
      expect(p).toMatch(/allowed: no import: existing\.(userPool|webAclArn|stateBucket) is set, so there is no resource of ours to adopt/);
  });

  it('reports import problems together with every other problem, in one error', () => {
    const problems = problemsOf(
      devWith((c) => {
        c.api.memoryMb = 1;
        c.imports = { ghost: 'x', table: 'wrong' };
        c.existing = { webAclArn: 'nope' };
      }),
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['api.memoryMb', 'existing.webAclArn', 'imports.ghost', 'imports.table']);
  });
});
