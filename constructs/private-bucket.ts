/**
 * A private S3 bucket: all four public-access blocks, object ownership,
 * default encryption (SSE-S3, AES256), a bucket policy that denies any
 * request over plain HTTP, optional versioning and a lifecycle
 * configuration (noncurrent-version expiry, object expiry, and always the
 * clean-up of incomplete multipart uploads).
 *
 * Why SSE-S3 and not KMS: nothing to administer, no key policy to get wrong,
 * and it works for every writer here (Terraform state, CloudFront standard
 * logs, which cannot write to SSE-KMS buckets without a key policy for the
 * log delivery service). Access is controlled by IAM and the bucket policy.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { denyInsecureTransport, PolicyDocument, type PolicyStatement } from './policy-document';

/** Props of {@link PrivateBucket}. */
export interface PrivateBucketProps {
  /**
   * The bucket's name (globally unique). Give this or `bucketPrefix`.
   * @default undefined (use bucketPrefix)
   */
  readonly bucketName?: string;
  /**
   * A name prefix; AWS appends a unique suffix at creation (no random value at synth).
   * @default undefined (use bucketName)
   */
  readonly bucketPrefix?: string;
  /**
   * Keep every version of every object.
   * @default false
   */
  readonly versioned?: boolean;
  /**
   * Days a replaced (noncurrent) version is kept; needs `versioned`.
   * @default undefined (kept forever)
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days an object is kept.
   * @default undefined (kept forever)
   */
  readonly expirationDays?: number;
  /**
   * Days after which an incomplete multipart upload is aborted.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Object ownership. `BucketOwnerEnforced` disables ACLs;
   * `BucketOwnerPreferred` keeps them for writers that need ACLs
   * (CloudFront standard logging).
   * @default "BucketOwnerEnforced"
   */
  readonly objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  /**
   * Statements added to the bucket policy after the TLS-only deny.
   * @default []
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Create the bucket policy later with {@link PrivateBucket.attachPolicy},
   * for statements that reference resources built after the bucket (e.g. a
   * CloudFront distribution that reads it). Synth fails if it is never attached.
   * @default false
   */
  readonly deferPolicy?: boolean;
  /**
   * Deny every request over plain HTTP (`aws:SecureTransport = false`).
   * Turn off only for an emulator that speaks plain HTTP (it would deny itself).
   * @default true
   */
  readonly denyInsecureTransport?: boolean;
  /**
   * Terraform `prevent_destroy`: a plan that would delete the bucket fails.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly name: string;
  readonly arn: string;
  /** `<bucket>.s3.<region>.amazonaws.com` (a CloudFront S3 origin's domain). */
  readonly regionalDomainName: string;
  /** `<bucket>.s3.amazonaws.com` (CloudFront standard logging's bucket). */
  readonly domainName: string;
  /** Resources that must exist before the bucket is usable (depend on them). */
  readonly settings: TerraformResource[] = [];
  private readonly publicAccessBlock: S3BucketPublicAccessBlock;
  private policy?: S3BucketPolicy;
  private denyInsecure = true;
  private attached = false;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    if (props.noncurrentVersionDays !== undefined && !props.versioned) {
      throw new Error(`${this.node.path}: noncurrentVersionDays needs versioned = true`);
    }
    if ((props.bucketName === undefined) === (props.bucketPrefix === undefined)) {
      throw new Error(`${this.node.path}: give exactly one of bucketName and bucketPrefix`);
    }
    this.bucket = new S3Bucket(this, 'resource', {
      bucket: props.bucketName,
      bucketPrefix: props.bucketPrefix,
      forceDestroy: false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.regionalDomainName = this.bucket.bucketRegionalDomainName;
    this.domainName = this.bucket.bucketDomainName;

    const publicAccess = (this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public_access_block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }));
    const ownership = new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: props.objectOwnership ?? 'BucketOwnerEnforced' },
    });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    this.settings.push(publicAccess, ownership, encryption);

    let versioning: S3BucketVersioningA | undefined;
    if (props.versioned) {
      versioning = new S3BucketVersioningA(this, 'versioning', {
        bucket: this.bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      });
      this.settings.push(versioning);
    }

    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays ?? 7 }],
      },
    ];
    if (props.noncurrentVersionDays !== undefined) {
      rules.push({
        id: 'expire-noncurrent-versions',
        status: 'Enabled',
        filter: [{}],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
      });
    }
    if (props.expirationDays !== undefined) {
      rules.push({ id: 'expire-objects', status: 'Enabled', filter: [{}], expiration: [{ days: props.expirationDays }] });
    }
    this.settings.push(
      new S3BucketLifecycleConfiguration(this, 'lifecycle', {
        bucket: this.bucket.id,
        rule: rules,
        dependsOn: versioning ? [versioning] : undefined,
      }),
    );

    this.denyInsecure = props.denyInsecureTransport ?? true;
    if (!props.deferPolicy) this.attachPolicy(props.policyStatements ?? []);
    this.node.addValidation({
      validate: () => (this.attached ? [] : [`${this.node.path}: deferPolicy is set but attachPolicy() was never called`]),
    });
  }

  /**
   * Creates the bucket policy: deny plain HTTP, then `statements`. Call once.
   * Returns undefined (and creates nothing) when there is no statement at all.
   */
  attachPolicy(statements: readonly PolicyStatement[]): S3BucketPolicy | undefined {
    if (this.attached) throw new Error(`${this.node.path}: the bucket policy is already attached`);
    this.attached = true;
    const all = [...(this.denyInsecure ? [denyInsecureTransport('s3', [this.bucket.arn, `${this.bucket.arn}/*`])] : []), ...statements];
    if (all.length === 0) return undefined;
    const doc = new PolicyDocument(this, 'policy', { statements: all });
    this.policy = new S3BucketPolicy(this, 'bucket_policy', {
      bucket: this.bucket.id,
      policy: doc.json,
      // A policy PUT before the public-access block could briefly be public.
      dependsOn: [this.publicAccessBlock],
    });
    return this.policy;
  }
}
