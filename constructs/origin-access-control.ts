/**
 * A CloudFront origin access control: CloudFront signs every origin request
 * with SigV4 (`always`), for a Lambda function URL (origin type `lambda`) or
 * a private S3 bucket (origin type `s3`). `always` also overwrites a viewer's
 * `Authorization` header, which is why the edge function verifies the token
 * first and passes claims in a header of the project's own.
 */
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { Construct } from 'constructs';

/** Props of {@link OriginAccessControl}. */
export interface OriginAccessControlProps {
  /** Unique per account. */
  readonly name: string;
  readonly originType: 'lambda' | 's3';
  /**
   * @default none
   */
  readonly description?: string;
}

export class OriginAccessControl extends Construct {
  readonly resource: CloudfrontOriginAccessControl;
  readonly id: string;

  constructor(scope: Construct, id: string, props: OriginAccessControlProps) {
    super(scope, id);
    this.resource = new CloudfrontOriginAccessControl(this, 'resource', {
      name: props.name,
      description: props.description,
      originAccessControlOriginType: props.originType,
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    this.id = this.resource.id;
  }
}
