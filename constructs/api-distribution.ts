/**
 * The CloudFront distribution in front of the function URL.
 *
 * - Origin `function-url`: the URL's bare host, HTTPS only, TLSv1.2; with an
 *   origin access control id in OAC mode.
 * - `<basePath>/*` goes to the function URL through the edge function
 *   (origin-request, body included), the API cache policy, the managed
 *   `AllViewerExceptHostHeader` origin request policy (the origin needs its
 *   own Host: SigV4 signs it) and the security-headers policy.
 * - The default behaviour serves the optional static site (private S3 bucket
 *   through S3 OAC, `Managed-CachingOptimized`), or else the function URL
 *   exactly like the API behaviour. With the web app, a CloudFront Function
 *   on the default behaviour's viewer-request answers deep links with
 *   /index.html (never on the API's behaviour).
 * - Viewers: HTTPS (redirect or https-only), HTTP/2 and HTTP/3, IPv6, price
 *   class, WAF, geo restriction, the default certificate or a custom domain
 *   (ACM certificate in us-east-1, SNI, TLSv1.2_2021), optional standard
 *   logs. No custom error responses: API errors reach the viewer unchanged.
 */
import { CloudfrontDistribution, type CloudfrontDistributionDefaultCacheBehavior } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { Construct } from 'constructs';
import { setValues } from './set-values';

/** Managed origin request policy `Managed-AllViewerExceptHostHeader`. */
export const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
/** Managed cache policy `Managed-CachingOptimized` (static site). */
export const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

export const FUNCTION_URL_ORIGIN_ID = 'function-url';
export const STATIC_SITE_ORIGIN_ID = 'static-site';

/** The private S3 bucket behind the default behaviour. */
export interface StaticSiteOrigin {
  /** `<bucket>.s3.<region>.amazonaws.com` */
  readonly regionalDomainName: string;
  /** Id of an S3 origin access control. */
  readonly originAccessControlId: string;
  /**
   * Object served for `/`.
   * @default "index.html"
   */
  readonly rootObject?: string;
  /**
   * ARN of a published CloudFront Function run on viewer-request of the
   * DEFAULT behaviour only (the web app's deep links); the API's behaviour
   * never gets it.
   * @default undefined (no function)
   */
  readonly viewerRequestFunctionArn?: string;
}

/** Props of {@link ApiDistribution}. */
export interface ApiDistributionProps {
  /** The function URL's bare host (no scheme, no slash). */
  readonly functionUrlHost: string;
  /** API base path, e.g. "/api": the behaviour `<basePath>/*`. */
  readonly basePath: string;
  /** Qualified ARN of the Lambda@Edge origin-request function. */
  readonly edgeFunctionQualifiedArn: string;
  readonly cachePolicyId: string;
  readonly responseHeadersPolicyId: string;
  /** ARN of a CLOUDFRONT-scope WAF web ACL. */
  readonly webAclArn: string;
  readonly viewerProtocolPolicy: 'redirect-to-https' | 'https-only';
  readonly priceClass: string;
  /**
   * Id of a `lambda` origin access control (OAC signing mode).
   * @default undefined (edge-sigv4: the edge function signs)
   */
  readonly functionUrlOriginAccessControlId?: string;
  /**
   * Serve a static site on the default behaviour.
   * @default undefined (the default behaviour goes to the function URL)
   */
  readonly staticSite?: StaticSiteOrigin;
  /**
   * Geo restriction.
   * @default { type: "none", countries: [] }
   */
  readonly geoRestriction?: { readonly type: 'none' | 'whitelist' | 'blacklist'; readonly countries: readonly string[] };
  /**
   * Custom domain: ACM certificate (us-east-1) and aliases.
   * @default undefined (the *.cloudfront.net certificate)
   */
  readonly customDomain?: { readonly certificateArn: string; readonly aliases: readonly string[] };
  /**
   * Standard logs to this bucket (its `bucket_domain_name`), prefix `cloudfront/`.
   * @default undefined (no access logs)
   */
  readonly accessLogBucketDomainName?: string;
  /**
   * @default none
   */
  readonly comment?: string;
}

const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

export class ApiDistribution extends Construct {
  readonly resource: CloudfrontDistribution;
  readonly id: string;
  readonly arn: string;
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiDistributionProps) {
    super(scope, id);
    const api: CloudfrontDistributionDefaultCacheBehavior = {
      targetOriginId: FUNCTION_URL_ORIGIN_ID,
      viewerProtocolPolicy: props.viewerProtocolPolicy,
      allowedMethods: ALL_METHODS,
      cachedMethods: ['GET', 'HEAD'],
      compress: false,
      cachePolicyId: props.cachePolicyId,
      originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicyId: props.responseHeadersPolicyId,
      lambdaFunctionAssociation: [{ eventType: 'origin-request', lambdaArn: props.edgeFunctionQualifiedArn, includeBody: true }],
    };
    const site = props.staticSite;
    const defaultBehavior: CloudfrontDistributionDefaultCacheBehavior = site
      ? {
          targetOriginId: STATIC_SITE_ORIGIN_ID,
          viewerProtocolPolicy: props.viewerProtocolPolicy,
          allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          cachePolicyId: CACHING_OPTIMIZED,
          responseHeadersPolicyId: props.responseHeadersPolicyId,
          functionAssociation: site.viewerRequestFunctionArn ? [{ eventType: 'viewer-request', functionArn: site.viewerRequestFunctionArn }] : undefined,
        }
      : api;
    const geo = props.geoRestriction ?? { type: 'none', countries: [] };
    const domain = props.customDomain;

    this.resource = new CloudfrontDistribution(this, 'resource', {
      enabled: true,
      comment: props.comment,
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      webAclId: props.webAclArn,
      aliases: domain ? setValues(domain.aliases) : undefined,
      defaultRootObject: site ? (site.rootObject ?? 'index.html') : undefined,
      origin: [
        {
          originId: FUNCTION_URL_ORIGIN_ID,
          domainName: props.functionUrlHost,
          originAccessControlId: props.functionUrlOriginAccessControlId,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
            originReadTimeout: 30,
            originKeepaliveTimeout: 5,
          },
        },
        ...(site ? [{ originId: STATIC_SITE_ORIGIN_ID, domainName: site.regionalDomainName, originAccessControlId: site.originAccessControlId }] : []),
      ],
      orderedCacheBehavior: [{ ...api, pathPattern: `${props.basePath}/*` }],
      defaultCacheBehavior: defaultBehavior,
      restrictions: { geoRestriction: { restrictionType: geo.type, locations: [...geo.countries].sort() } },
      viewerCertificate: domain
        ? { acmCertificateArn: domain.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' }
        : { cloudfrontDefaultCertificate: true },
      loggingConfig: props.accessLogBucketDomainName ? { bucket: props.accessLogBucketDomainName, includeCookies: false, prefix: 'cloudfront/' } : undefined,
    });
    this.id = this.resource.id;
    this.arn = this.resource.arn;
    this.domainName = this.resource.domainName;
  }
}
