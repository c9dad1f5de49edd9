/** Guard rails of the small constructs: what they refuse, and the details they normalize. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { ApiCachePolicy } from '../../constructs/api-cache-policy';
import { FunctionUrl } from '../../constructs/function-url';
import { LambdaRole } from '../../constructs/lambda-role';
import { PolicyDocument } from '../../constructs/policy-document';
import { PrivateBucket } from '../../constructs/private-bucket';
import { SecurityHeadersPolicy } from '../../constructs/security-headers-policy';
import { literal, literalData } from '../../constructs/terraform-literal';
import { WebAcl } from '../../constructs/web-acl';

const stack = () => {
  const s = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
};
const synth = (s: TerraformStack) => JSON.parse(Testing.synth(s, true));

describe('terraform-literal', () => {
  it('escapes interpolations and directives in config data', () => {
    expect(literal('a${b}c%{d}')).toBe('a$${b}c%%{d}');
    expect(literal('/books/{id}')).toBe('/books/{id}');
    expect(literalData({ k: ['${x}', 1, null, { '%{y}': '$z' }] })).toEqual({ k: ['$${x}', 1, null, { '%%{y}': '$z' }] });
  });

  it('leaves cdktf tokens (references) alone', () => {
    const s = stack();
    const bucket = new PrivateBucket(s, 'b', { bucketName: 'bucket-a' });
    expect(literal(bucket.arn)).toBe(bucket.arn);
  });
});

describe('PolicyDocument', () => {
  it('refuses duplicate sids, statements without resources, and non-alphanumeric sids', () => {
    expect(
      () =>
        new PolicyDocument(stack(), 'p', {
          statements: [
            { sid: 'A', actions: ['s3:GetObject'], resources: ['x'] },
            { sid: 'A', actions: ['s3:GetObject'], resources: ['y'] },
          ],
        }),
    ).toThrow(/duplicate statement sid A/);
    expect(() => new PolicyDocument(stack(), 'p', { statements: [{ sid: 'A', actions: ['s3:GetObject'] }] })).toThrow(/needs resources/);
    expect(() => new PolicyDocument(stack(), 'p', { statements: [{ sid: 'a-b', actions: ['s3:GetObject'], resources: ['x'] }] })).toThrow(/alphanumeric/);
  });
});

describe('LambdaRole', () => {
  it('refuses a wildcard action and a statement without resources', () => {
    expect(() => new LambdaRole(stack(), 'r', { roleName: 'r', statements: [{ sid: 'All', actions: ['s3:*'], resources: ['arn:aws:s3:::b'] }] })).toThrow(
      /wildcard action/,
    );
    expect(() => new LambdaRole(stack(), 'r', { roleName: 'r', statements: [{ sid: 'Star', actions: ['*'], resources: ['*'] }] })).toThrow(/wildcard action/);
    expect(
      () =>
        new LambdaRole(stack(), 'r', {
          roleName: 'r',
          statements: [{ sid: 'Trust', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['x'] }] }],
        }),
    ).toThrow(/names no resources/);
  });

  it('attaches one inline policy and no managed policy', () => {
    const s = stack();
    new LambdaRole(s, 'r', { roleName: 'r', statements: [{ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] });
    const json = synth(s);
    expect(Object.keys(json.resource)).toEqual(['aws_iam_role', 'aws_iam_role_policy']);
  });
});

describe('PrivateBucket', () => {
  it('needs exactly one of bucketName and bucketPrefix', () => {
    expect(() => new PrivateBucket(stack(), 'b', {})).toThrow(/exactly one of bucketName and bucketPrefix/);
    expect(() => new PrivateBucket(stack(), 'b', { bucketName: 'a-bucket', bucketPrefix: 'a-' })).toThrow(/exactly one/);
  });

  it('refuses noncurrent-version expiry without versioning', () => {
    expect(() => new PrivateBucket(stack(), 'b', { bucketName: 'a-bucket', noncurrentVersionDays: 30 })).toThrow(/needs versioned/);
  });

  it('fails synth when a deferred policy is never attached, and refuses a second policy', () => {
    const s = stack();
    new PrivateBucket(s, 'b', { bucketName: 'a-bucket', deferPolicy: true });
    expect(() => synth(s)).toThrow(/attachPolicy\(\) was never called/);
    const t = stack();
    const b = new PrivateBucket(t, 'b', { bucketName: 'a-bucket' });
    expect(() => b.attachPolicy([])).toThrow(/already attached/);
  });
});

describe('WebAcl', () => {
  it('refuses a rate limit below the AWS minimum and an unsupported window', () => {
    expect(() => new WebAcl(stack(), 'w', { namePrefix: 'x', rateLimit: 9, rateWindowSeconds: 300, logRetentionDays: 1 })).toThrow(/at least 10/);
    expect(() => new WebAcl(stack(), 'w', { namePrefix: 'x', rateLimit: 10, rateWindowSeconds: 30, logRetentionDays: 1 })).toThrow(/60, 120, 300 or 600/);
  });
});

describe('ApiCachePolicy', () => {
  it('refuses a max TTL of 0 (a policy with all TTLs 0 disables header keys)', () => {
    expect(() => new ApiCachePolicy(stack(), 'c', { name: 'c', maxTtlSeconds: 0 })).toThrow(/at least 1/);
  });
});

describe('SecurityHeadersPolicy', () => {
  it('refuses "*" as origin together with credentials', () => {
    const cors = { allowOrigins: ['*'], allowMethods: ['GET'], allowHeaders: [], allowCredentials: true, maxAgeSeconds: 1 };
    expect(() => new SecurityHeadersPolicy(stack(), 'h', { name: 'h', cors })).toThrow(/credentials is refused/);
  });
});

describe('FunctionUrl', () => {
  it("leaves OPTIONS out of the URL's CORS methods (Lambda caps a method at 6 characters)", () => {
    const s = stack();
    new FunctionUrl(s, 'u', {
      functionName: 'f',
      cors: {
        allowOrigins: ['https://a.example'],
        allowMethods: ['GET', 'OPTIONS'],
        allowHeaders: ['content-type'],
        allowCredentials: false,
        maxAgeSeconds: 60,
      },
    });
    const [url] = Object.values(synth(s).resource.aws_lambda_function_url) as any[];
    expect(url.cors.allow_methods).toEqual(['GET']);
  });
});
