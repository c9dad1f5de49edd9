import { STATE_OUTPUTS } from '../../stacks/outputs';
import { policyStatements, resource, synthApp, testConfig, type TfJson } from './synth-helpers';

describe('StateStack', () => {
  let state: TfJson;
  beforeAll(() => {
    state = synthApp(testConfig('dev')).state;
  });

  it('creates the bucket named in config, protected by prevent_destroy and never force-destroyed', () => {
    const bucket = resource(state, 'aws_s3_bucket', 'state_bucket');
    expect(bucket.bucket).toBe('sfu-dev-tfstate-example');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
  });

  it('turns versioning on', () => {
    expect(resource(state, 'aws_s3_bucket_versioning', 'state_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
  });

  it('encrypts by default with SSE-S3', () => {
    expect(resource(state, 'aws_s3_bucket_server_side_encryption_configuration', 'state_bucket_encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
  });

  it('sets all four public-access blocks and disables ACLs (bucket owner enforced)', () => {
    expect(resource(state, 'aws_s3_bucket_public_access_block', 'state_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource(state, 'aws_s3_bucket_ownership_controls', 'state_bucket_ownership').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('denies every request over plain HTTP on the bucket and its objects', () => {
    const policy = resource(state, 'aws_s3_bucket_policy', 'state_bucket_bucket_policy');
    expect(policy.depends_on).toEqual(['aws_s3_bucket_public_access_block.state_bucket_public_access_block']);
    const [deny] = policyStatements(state, policy.policy);
    expect(deny).toEqual({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      actions: ['s3:*'],
      principals: [{ type: '*', identifiers: ['*'] }],
      resources: ['${aws_s3_bucket.state_bucket.arn}', '${aws_s3_bucket.state_bucket.arn}/*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  it('expires noncurrent versions after state.noncurrentVersionDays and aborts stale multipart uploads', () => {
    const lifecycle = resource(state, 'aws_s3_bucket_lifecycle_configuration', 'state_bucket_lifecycle');
    expect(lifecycle.depends_on).toEqual(['aws_s3_bucket_versioning.state_bucket_versioning']);
    const byId = Object.fromEntries(lifecycle.rule.map((r: any) => [r.id, r]));
    expect(byId['expire-noncurrent-versions'].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(byId['abort-incomplete-multipart-uploads'].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    for (const r of lifecycle.rule) expect(r.status).toBe('Enabled');
  });

  it('takes noncurrent-version expiry from config', () => {
    const prod = synthApp(testConfig('prod')).state;
    const lifecycle = resource(prod, 'aws_s3_bucket_lifecycle_configuration', 'state_bucket_lifecycle');
    expect(lifecycle.rule.find((r: any) => r.id === 'expire-noncurrent-versions').noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
  });

  it('against an emulator (plain HTTP, created and destroyed per run), drops prevent_destroy and the TLS-only deny', () => {
    const emu = synthApp(testConfig('emulator')).state;
    expect(resource(emu, 'aws_s3_bucket', 'state_bucket').lifecycle).toBeUndefined();
    expect(emu.resource.aws_s3_bucket_policy).toBeUndefined();
    expect(resource(emu, 'aws_s3_bucket_public_access_block', 'state_bucket_public_access_block').block_public_policy).toBe(true);
  });

  it('exports the state outputs with descriptions', () => {
    expect(Object.keys(state.output).sort()).toEqual(Object.values(STATE_OUTPUTS).sort());
    expect(state.output.state_bucket_name.value).toBe('${aws_s3_bucket.state_bucket.bucket}');
    expect(state.output.state_bucket_region.value).toBe('eu-west-1');
    for (const o of Object.values(state.output)) expect(o.description).toMatch(/\S/);
  });
});
