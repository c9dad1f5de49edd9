/**
 * CORS settings as the config's `api.cors` holds them. One shape for the two
 * places that apply them: the function URL's `cors` block and CloudFront's
 * response headers policy.
 */
export interface CorsSettings {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAgeSeconds: number;
}
