/**
 * AWS regions the backend may be placed in.
 *
 * Lambda function URLs are not offered in every commercial region
 * (../shared/docs/aws-facts.md, "Lambda function URLs"). Config validation
 * rejects those regions by name so a deploy never fails half-way.
 */
export const FUNCTION_URL_UNSUPPORTED_REGIONS: readonly string[] = ['ap-south-2', 'ca-west-1', 'eu-central-2', 'eu-south-2', 'il-central-1', 'me-central-1'];

/** Commercial regions known to this project (AWS region list, 2026). */
export const KNOWN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** Regions where a Lambda function URL can be created. */
export const FUNCTION_URL_REGIONS: readonly string[] = KNOWN_REGIONS.filter((r) => !FUNCTION_URL_UNSUPPORTED_REGIONS.includes(r));

/** CloudFront, its WAF web ACL, ACM certificates and Lambda@Edge live here. */
export { EDGE_REGION } from '../lib/resource-names';
