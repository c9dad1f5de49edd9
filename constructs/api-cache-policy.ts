/**
 * The cache policy of the API behaviours. Its only job is to put
 * `Authorization` in the cache key: an origin request policy cannot forward
 * that header (CloudFront answers 400), and an origin-request Lambda@Edge
 * function sees only headers forwarded to the origin.
 *
 * Caching stays effectively off: min and default TTL 0, so nothing is cached
 * unless the origin asks, and the API answers `Cache-Control: no-store`. The
 * max TTL is 1 s, not 0: a policy whose TTLs are all 0 counts as "caching
 * disabled", which is reported to refuse headers in the key.
 * Query strings are in the key too (all of them), so two requests that
 * differ only in the query never share an entry; cookies are not.
 */
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { Construct } from 'constructs';

/** Props of {@link ApiCachePolicy}. */
export interface ApiCachePolicyProps {
  /** Unique per account. */
  readonly name: string;
  /**
   * Largest TTL an origin `Cache-Control` may ask for, seconds (at least 1).
   * @default 1
   */
  readonly maxTtlSeconds?: number;
}

export class ApiCachePolicy extends Construct {
  readonly resource: CloudfrontCachePolicy;
  readonly id: string;

  constructor(scope: Construct, id: string, props: ApiCachePolicyProps) {
    super(scope, id);
    const maxTtl = props.maxTtlSeconds ?? 1;
    if (maxTtl < 1) throw new Error(`${this.node.path}: maxTtlSeconds must be at least 1 (all-zero TTLs disable header keys)`);
    this.resource = new CloudfrontCachePolicy(this, 'resource', {
      name: props.name,
      comment: 'API: Authorization and query in the key so the edge function sees them; no caching unless the origin asks',
      minTtl: 0,
      defaultTtl: 0,
      maxTtl,
      parametersInCacheKeyAndForwardedToOrigin: {
        headersConfig: { headerBehavior: 'whitelist', headers: { items: ['Authorization'] } },
        cookiesConfig: { cookieBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: 'all' },
        enableAcceptEncodingGzip: false,
        enableAcceptEncodingBrotli: false,
      },
    });
    this.id = this.resource.id;
  }
}
