/**
 * A response headers policy: security headers on every response (HSTS for
 * two years with subdomains and `preload`, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: strict-origin-when-cross-origin`)
 * and, when origins are configured, CORS answered by CloudFront (overriding
 * the origin's CORS headers, so there is one source of truth at the edge).
 */
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Construct } from 'constructs';
import type { CorsSettings } from './cors-settings';
import { setValues } from './set-values';

/** Props of {@link SecurityHeadersPolicy}. */
export interface SecurityHeadersPolicyProps {
  /** Unique per account. */
  readonly name: string;
  /**
   * CORS; none when `allowOrigins` is empty.
   * @default undefined (no CORS headers from CloudFront)
   */
  readonly cors?: CorsSettings;
  /**
   * HSTS max-age, seconds.
   * @default 63072000 (two years)
   */
  readonly hstsMaxAgeSeconds?: number;
}

export class SecurityHeadersPolicy extends Construct {
  readonly resource: CloudfrontResponseHeadersPolicy;
  readonly id: string;

  constructor(scope: Construct, id: string, props: SecurityHeadersPolicyProps) {
    super(scope, id);
    const cors = props.cors && props.cors.allowOrigins.length > 0 ? props.cors : undefined;
    if (cors?.allowCredentials && cors.allowOrigins.includes('*')) {
      throw new Error(`${this.node.path}: "*" origin together with credentials is refused`);
    }
    this.resource = new CloudfrontResponseHeadersPolicy(this, 'resource', {
      name: props.name,
      comment: 'Security headers and CORS of the API',
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: props.hstsMaxAgeSeconds ?? 63_072_000,
          includeSubdomains: true,
          // The directive alone changes nothing: a domain enters browsers'
          // preload lists only when its owner submits it (hstspreload.org).
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
      },
      corsConfig: cors
        ? {
            accessControlAllowOrigins: { items: setValues(cors.allowOrigins) },
            accessControlAllowMethods: { items: setValues([...cors.allowMethods, 'OPTIONS']) },
            accessControlAllowHeaders: { items: setValues(cors.allowHeaders) },
            accessControlAllowCredentials: cors.allowCredentials,
            accessControlMaxAgeSec: cors.maxAgeSeconds,
            originOverride: true,
          }
        : undefined,
    });
    this.id = this.resource.id;
  }
}
