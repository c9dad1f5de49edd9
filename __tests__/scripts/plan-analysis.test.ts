import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  changedAttributes,
  classifyDrift,
  collectReferences,
  mergeOverride,
  parseAllowlist,
  parseGaps,
  planTargets,
  referenceTarget,
  remoteStateReads,
  standInOverride,
  type PlanJson,
  type ResourceChange,
} from '../../scripts/verify-iac/plan-analysis';
import { decodePayload, tamper } from '../../scripts/verify-iac/e2e-token';
import { synthApp, testConfig } from '../stacks/synth-helpers';

const VERIFY_DIR = path.join(__dirname, '..', '..', 'scripts', 'verify-iac');

const update = (
  address: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  extra: Partial<ResourceChange['change']> = {},
): ResourceChange => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  change: { actions: ['update'], before, after, after_unknown: {}, ...extra },
});

describe('drift-allowlist.txt and emulator-gaps.txt', () => {
  it('parse, and every entry carries a reason', () => {
    const rules = parseAllowlist(fs.readFileSync(path.join(VERIFY_DIR, 'drift-allowlist.txt'), 'utf8'));
    expect(rules.map((r) => r.attribute).sort()).toEqual(['dead_letter_config', 'tags_all', 'user_pool_tier']);
    for (const r of rules) expect(r.reason.length).toBeGreaterThan(20);
    const gaps = parseGaps(fs.readFileSync(path.join(VERIFY_DIR, 'emulator-gaps.txt'), 'utf8'));
    expect([...gaps.apply.keys()].sort()).toEqual([
      'aws_cloudfront_cache_policy',
      'aws_cloudfront_monitoring_subscription',
      'aws_cloudfront_response_headers_policy',
    ]);
    expect([...gaps.destroy.keys()]).toEqual(['aws_cognito_resource_server']);
    expect(gaps.standins.map((si) => `${si.type}.${si.attribute}=${si.literal}`)).toEqual(['aws_cloudfront_distribution.id=E2SFUEMULATOR0']);
  });

  it('refuse stand-ins without a literal, with a quote in the literal, or without an attribute', () => {
    expect(() => parseGaps('standin aws_x.id # no literal\n')).toThrow(/standin <resource type>\.<attribute> <literal/);
    expect(() => parseGaps('standin aws_x.id a"b # quote\n')).toThrow(/got "standin aws_x.id a\\"b"/);
    expect(() => parseGaps('standin aws_x LIT # no attribute\n')).toThrow(/standin/);
    expect(() => parseGaps('standin aws_x.id LIT\n')).toThrow(/reason/);
  });

  it('refuse entries without a reason or in the wrong shape', () => {
    expect(() => parseAllowlist('^aws_s3_bucket\\. tags_all\n')).toThrow(/reason/);
    expect(() => parseAllowlist('^aws_s3_bucket\\. # only an address\n')).toThrow(/expected/);
    expect(() => parseAllowlist('^aws_(s3 tags_all # bad regex\n')).toThrow(/regular expression/);
    expect(() => parseGaps('create aws_x # wrong kind\n')).toThrow(/apply\|destroy/);
    expect(() => parseGaps('apply aws_x\n')).toThrow(/reason/);
  });
});

describe('changedAttributes', () => {
  it('finds attributes that differ or are known only after apply', () => {
    expect(
      changedAttributes({
        actions: ['update'],
        before: { tags_all: {}, name: 'a', dead_letter_config: [], arn: 'x' },
        after: { tags_all: { project: 'p' }, name: 'a', dead_letter_config: [{ target_arn: 'q' }], arn: null },
        after_unknown: { arn: true },
      }),
    ).toEqual(['arn', 'dead_letter_config', 'tags_all']);
  });

  it('ignores key order and null vs absent', () => {
    expect(changedAttributes({ actions: ['update'], before: { t: { a: 1, b: 2 }, x: null }, after: { t: { b: 2, a: 1 } } })).toEqual([]);
  });
});

describe('classifyDrift', () => {
  const rules = parseAllowlist('^aws_s3_bucket\\. tags_all # moto drops tags on create\n^aws_lambda_function\\. dead_letter_config # moto drops DLQ\n');

  it('allows an update whose every changed attribute is allow-listed', () => {
    const [item] = classifyDrift({ resource_changes: [update('aws_s3_bucket.state_bucket', { tags_all: {} }, { tags_all: { a: 'b' } })] }, rules);
    expect(item.allowed).toBe(true);
    expect(item.attributes.map((a) => [a.name, a.rule?.line])).toEqual([['tags_all', 1]]);
  });

  it('refuses another attribute, the allow-listed attribute on another type, and non-updates', () => {
    const plan: PlanJson = {
      resource_changes: [
        update('aws_s3_bucket.state_bucket', { tags_all: {}, acl: null }, { tags_all: { a: 'b' }, acl: 'private' }),
        update('aws_sqs_queue.q', { tags_all: {} }, { tags_all: { a: 'b' } }),
        {
          address: 'aws_lambda_function.f',
          mode: 'managed',
          type: 'aws_lambda_function',
          name: 'f',
          change: { actions: ['delete', 'create'], before: {}, after: {} },
        },
        { address: 'aws_s3_bucket.x', mode: 'managed', type: 'aws_s3_bucket', name: 'x', change: { actions: ['no-op'], before: {}, after: {} } },
      ],
    };
    const items = classifyDrift(plan, rules);
    expect(items.map((i) => [i.address, i.allowed])).toEqual([
      ['aws_s3_bucket.state_bucket', false],
      ['aws_sqs_queue.q', false],
      ['aws_lambda_function.f', false],
    ]);
  });

  it('counts a changed output as unexpected', () => {
    const items = classifyDrift({ resource_changes: [], output_changes: { a: { actions: ['no-op'] }, b: { actions: ['update'] } } }, rules);
    expect(items.map((i) => [i.address, i.allowed])).toEqual([['output.b', false]]);
  });

  it('never shows sensitive values', () => {
    const [item] = classifyDrift(
      {
        resource_changes: [update('aws_x.y', { secret: 'old' }, { secret: 'new' }, { before_sensitive: { secret: true }, after_sensitive: { secret: true } })],
      },
      rules,
    );
    expect(item.attributes[0].detail).toBe('(sensitive) -> (sensitive)');
  });
});

describe('planTargets', () => {
  const managed = (address: string): ResourceChange => ({
    address,
    mode: 'managed',
    type: address.split('.')[0],
    name: address.split('.')[1],
    change: { actions: ['create'] },
  });
  const ref = (...refs: string[]) => ({ references: refs });
  // The shape of the edge stack: cache and headers policies, the distribution
  // that uses them, a bucket policy that names the distribution through a
  // data source, and a log group that depends on nothing.
  const plan: PlanJson = {
    resource_changes: [
      'aws_cloudfront_cache_policy.cp',
      'aws_cloudfront_response_headers_policy.hp',
      'aws_cloudfront_distribution.d',
      'aws_s3_bucket_policy.site',
      'aws_cloudwatch_log_group.logs',
      'aws_lambda_function.f',
      'aws_iam_role.r',
    ].map(managed),
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_cloudfront_cache_policy.cp', mode: 'managed', type: 'aws_cloudfront_cache_policy', expressions: { name: { constant_value: 'x' } } },
          { address: 'aws_cloudfront_response_headers_policy.hp', mode: 'managed', type: 'aws_cloudfront_response_headers_policy', expressions: {} },
          {
            address: 'aws_cloudfront_distribution.d',
            mode: 'managed',
            type: 'aws_cloudfront_distribution',
            expressions: {
              default_cache_behavior: [{ cache_policy_id: ref('aws_cloudfront_cache_policy.cp.id', 'aws_cloudfront_cache_policy.cp') }],
              lambda: [{ arn: ref('aws_lambda_function.f.qualified_arn', 'aws_lambda_function.f') }],
            },
          },
          {
            address: 'data.aws_iam_policy_document.site',
            mode: 'data',
            type: 'aws_iam_policy_document',
            expressions: { statement: [{ values: ref('aws_cloudfront_distribution.d.arn') }] },
          },
          {
            address: 'aws_s3_bucket_policy.site',
            mode: 'managed',
            type: 'aws_s3_bucket_policy',
            expressions: { policy: ref('data.aws_iam_policy_document.site.json', 'data.aws_iam_policy_document.site') },
          },
          { address: 'aws_cloudwatch_log_group.logs', mode: 'managed', type: 'aws_cloudwatch_log_group', expressions: {} },
          { address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', expressions: { name: ref('local.cfg') } },
          {
            address: 'aws_lambda_function.f',
            mode: 'managed',
            type: 'aws_lambda_function',
            expressions: { role: ref('aws_iam_role.r.arn') },
            depends_on: ['aws_cloudwatch_log_group.logs'],
          },
        ],
      },
    },
  };
  const gaps = parseGaps('apply aws_cloudfront_cache_policy # no API\napply aws_cloudfront_response_headers_policy # no API\n');

  it('blocks the unsupported types and everything that depends on them, directly or through data sources', () => {
    const t = planTargets(plan, gaps, { locals: { cfg: 'static' } });
    expect(t.unsupported).toEqual(['aws_cloudfront_cache_policy.cp', 'aws_cloudfront_response_headers_policy.hp']);
    expect(Object.fromEntries(t.blocked)).toEqual({
      'aws_cloudfront_cache_policy.cp': 'emulator gap: no API',
      'aws_cloudfront_response_headers_policy.hp': 'emulator gap: no API',
      'aws_cloudfront_distribution.d': 'depends on aws_cloudfront_cache_policy.cp',
      'aws_s3_bucket_policy.site': 'depends on data.aws_iam_policy_document.site',
    });
    expect(t.applicable).toEqual(['aws_cloudwatch_log_group.logs', 'aws_lambda_function.f', 'aws_iam_role.r']);
  });

  it('follows locals (not described by plan JSON) through cdk.tf.json', () => {
    const t = planTargets(plan, gaps, { locals: { cfg: '${aws_cloudfront_distribution.d.domain_name}' } });
    expect(t.blocked.get('aws_iam_role.r')).toBe('depends on aws_cloudfront_distribution.d');
    expect(t.blocked.get('aws_lambda_function.f')).toBe('depends on aws_iam_role.r');
    expect(t.applicable).toEqual(['aws_cloudwatch_log_group.logs']);
  });

  it('applies everything when nothing is unsupported', () => {
    const t = planTargets(plan, parseGaps(''), {});
    expect(t.blocked.size).toBe(0);
    expect(t.applicable).toHaveLength(7);
  });

  it('reduces references to addresses', () => {
    expect(referenceTarget('aws_a.b.c[0].d')).toBe('aws_a.b');
    expect(referenceTarget('data.terraform_remote_state.identity_stack.outputs')).toBe('data.terraform_remote_state.identity_stack');
    expect(referenceTarget('local.x')).toBe('local.x');
    expect([...collectReferences({ a: [{ references: ['aws_a.b.id', 'aws_a.b'] }], b: { references: ['local.x'] } })].sort()).toEqual(['aws_a.b', 'local.x']);
  });
});

describe('standInOverride', () => {
  const standins = parseGaps('standin aws_cloudfront_distribution.id E2LIT # the distribution is a gap\n').standins;

  it('replaces the id reference in resource arguments and locals, as a valid HCL string inside ${...}', () => {
    const tf = {
      locals: { body: { widgets: [{ metrics: [['AWS/CloudFront', '5xxErrorRate', 'DistributionId', '${aws_cloudfront_distribution.d.id}']] }] } },
      resource: {
        aws_cloudwatch_metric_alarm: {
          a: { '//': { metadata: { path: 'x' } }, alarm_name: 'n', dimensions: { DistributionId: '${aws_cloudfront_distribution.d.id}', Region: 'Global' } },
          b: { alarm_name: 'plain', dimensions: { FunctionName: 'f' } },
        },
        aws_cloudwatch_dashboard: { d: { dashboard_body: '${jsonencode(local.body)}', depends_on: ['aws_cloudfront_distribution.d'] } },
      },
    };
    const r = standInOverride(tf, standins);
    expect(r.override).toEqual({
      resource: { aws_cloudwatch_metric_alarm: { a: { dimensions: { DistributionId: '${"E2LIT"}', Region: 'Global' } } } },
      locals: { body: { widgets: [{ metrics: [['AWS/CloudFront', '5xxErrorRate', 'DistributionId', '${"E2LIT"}']] }] } },
    });
    expect(r.replaced).toEqual([
      ['resource.aws_cloudwatch_metric_alarm.a.dimensions', 'aws_cloudfront_distribution.d.id'],
      ['local.body', 'aws_cloudfront_distribution.d.id'],
    ]);
  });

  it('leaves other attributes, longer names, other types and depends_on alone', () => {
    const tf = {
      resource: {
        aws_cognito_user_pool_client: { c: { callback_urls: ['https://${aws_cloudfront_distribution.d.domain_name}/'] } },
        aws_s3_bucket_policy: { p: { policy: '${aws_cloudfront_distribution.d.arn}' } },
        aws_x: {
          y: {
            a: '${aws_cloudfront_distribution.d.id_suffix}',
            b: '${xaws_cloudfront_distribution.d.id}',
            c: '${module.m.aws_cloudfront_distribution.d.id}',
            depends_on: ['aws_cloudfront_distribution.d.id'],
          },
        },
      },
    };
    expect(standInOverride(tf, standins)).toEqual({ replaced: [] });
    expect(standInOverride(tf, [])).toEqual({ replaced: [] });
  });

  it('replaces every reference in one string, inside larger expressions too', () => {
    const tf = { resource: { t: { n: { v: '${join(",", [aws_cloudfront_distribution.a.id, aws_cloudfront_distribution.b.id])}' } } } };
    expect(standInOverride(tf, standins).override).toEqual({ resource: { t: { n: { v: '${join(",", ["E2LIT", "E2LIT"])}' } } } });
  });

  it("unblocks the emulator edge stack's CloudFront alarms and dashboard, and nothing that reads more of the distribution", () => {
    const edge = JSON.parse(JSON.stringify(synthApp(testConfig('emulator')).edge));
    const r = standInOverride(edge, parseGaps(fs.readFileSync(path.join(VERIFY_DIR, 'emulator-gaps.txt'), 'utf8')).standins);
    const where = r.replaced.map(([w]) => w);
    expect(where).toContain('local.dashboard_body');
    expect(where.filter((w) => w.startsWith('resource.aws_cloudwatch_metric_alarm.')).length).toBeGreaterThanOrEqual(3);
    // After the override, no resource argument or local of the merged stack reads the distribution's id.
    const merged = mergeOverride(edge, r.override) as { resource: unknown; locals: unknown };
    const readers = (v: unknown) => JSON.stringify(v).match(/aws_cloudfront_distribution\.[a-z_]+\.id\b/g) ?? [];
    expect(readers(merged.resource)).toEqual([]);
    expect(readers(merged.locals)).toEqual([]);
    expect(readers(edge.resource).length).toBeGreaterThan(0);
  });
});

describe('remoteStateReads', () => {
  it('lists the remote states a plan read, with their S3 location and outputs', () => {
    const plan: PlanJson = {
      prior_state: {
        values: {
          root_module: {
            resources: [
              {
                address: 'data.terraform_remote_state.identity_stack',
                mode: 'data',
                type: 'terraform_remote_state',
                values: { backend: 's3', config: { bucket: 'b', key: 'p/e-identity.tfstate' }, outputs: { user_pool_id: 'x', jwks_url: 'y' } },
              },
              { address: 'aws_s3_bucket.x', mode: 'managed', type: 'aws_s3_bucket', values: {} },
            ],
          },
        },
      },
    };
    expect(remoteStateReads(plan)).toEqual([
      { address: 'data.terraform_remote_state.identity_stack', location: 's3://b/p/e-identity.tfstate', outputs: ['jwks_url', 'user_pool_id'] },
    ]);
  });
});

describe('e2e token helpers', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ sub: 's', 'cognito:groups': ['readers'] })}.c2lnbmF0dXJl`;

  it('tamper changes the payload and keeps header and signature', () => {
    const t = tamper(token, (p) => {
      p['cognito:groups'] = ['admins'];
    });
    expect(t.split('.')[0]).toBe(token.split('.')[0]);
    expect(t.split('.')[2]).toBe('c2lnbmF0dXJl');
    expect(decodePayload(t)['cognito:groups']).toEqual(['admins']);
    expect(t).not.toBe(token);
  });
});
