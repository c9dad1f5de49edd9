/**
 * A function URL that accepts only SigV4-signed requests (`AWS_IAM`), with
 * CORS from config. The CORS block is left out when no origin is allowed.
 */
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { CorsSettings } from './cors-settings';
import { setValues } from './set-values';

/** Props of {@link FunctionUrl}. */
export interface FunctionUrlProps {
  /** Name of the function (unqualified: the URL serves `$LATEST`). */
  readonly functionName: string;
  /**
   * CORS settings; none when `allowOrigins` is empty.
   * @default undefined (no CORS block)
   */
  readonly cors?: CorsSettings;
}

export class FunctionUrl extends Construct {
  readonly resource: LambdaFunctionUrl;
  /** `https://<url-id>.lambda-url.<region>.on.aws/` */
  readonly url: string;
  /** The bare host, computed by Terraform: no scheme, no trailing slash (a CloudFront origin's domain). */
  readonly host: string;

  constructor(scope: Construct, id: string, props: FunctionUrlProps) {
    super(scope, id);
    const cors = props.cors && props.cors.allowOrigins.length > 0 ? props.cors : undefined;
    this.resource = new LambdaFunctionUrl(this, 'resource', {
      functionName: props.functionName,
      authorizationType: 'AWS_IAM',
      invokeMode: 'BUFFERED',
      cors: cors
        ? {
            allowOrigins: setValues(cors.allowOrigins),
            // Lambda caps each method at 6 characters: OPTIONS cannot be listed,
            // and preflight requests are answered by the function URL itself.
            allowMethods: setValues(cors.allowMethods.filter((m) => m !== 'OPTIONS')),
            allowHeaders: setValues(cors.allowHeaders),
            allowCredentials: cors.allowCredentials,
            maxAge: cors.maxAgeSeconds,
          }
        : undefined,
    });
    this.url = this.resource.functionUrl;
    this.host = Fn.replace(Fn.replace(this.url, 'https://', ''), '/', '');
  }
}
