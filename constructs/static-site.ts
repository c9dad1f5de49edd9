/**
 * The static site's origin: a private, versioned S3 bucket (a bad upload
 * can be rolled back) that CloudFront reads through an S3 Origin Access
 * Control, and a bucket policy that lets only one distribution read it.
 *
 * The policy names the distribution, which is created after the origin, so
 * it is attached by {@link StaticSite.allowDistribution} once that exists.
 */
import { Construct } from 'constructs';
import { OriginAccessControl } from './origin-access-control';
import { PrivateBucket } from './private-bucket';

/** Props of {@link StaticSite}. */
export interface StaticSiteProps {
  /** Prefix of the bucket name (a random suffix follows) and the OAC's name. */
  readonly namePrefix: string;
  /**
   * Deny requests without TLS in the bucket policy (off only against a plain-HTTP emulator).
   * @default true
   */
  readonly denyInsecureTransport?: boolean;
  /**
   * Days a replaced or deleted object version is kept.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
}

export class StaticSite extends Construct {
  readonly bucket: PrivateBucket;
  readonly originAccessControl: OriginAccessControl;
  /** What the distribution's S3 origin needs. */
  readonly origin: { readonly regionalDomainName: string; readonly originAccessControlId: string };

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    // The ids keep the addresses of the resources as they were before this construct existed
    // (aws_s3_bucket.<id>, aws_cloudfront_origin_access_control.<id>_oac).
    this.bucket = new PrivateBucket(this, 'resource', {
      bucketPrefix: `${props.namePrefix}-static-site-`,
      versioned: true,
      noncurrentVersionDays: props.noncurrentVersionDays ?? 30,
      deferPolicy: true,
      denyInsecureTransport: props.denyInsecureTransport ?? true,
    });
    this.originAccessControl = new OriginAccessControl(this, 'oac', {
      name: `${props.namePrefix}-static-site`,
      originType: 's3',
      description: 'CloudFront reads the static site bucket',
    });
    this.origin = { regionalDomainName: this.bucket.regionalDomainName, originAccessControlId: this.originAccessControl.id };
  }

  /** Lets this distribution, and no other, read the site's objects. */
  allowDistribution(distributionArn: string): void {
    this.bucket.attachPolicy([
      {
        sid: 'CloudFrontReadsSite',
        actions: ['s3:GetObject'],
        resources: [`${this.bucket.arn}/*`],
        principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
        conditions: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [distributionArn] }],
      },
    ]);
  }
}
