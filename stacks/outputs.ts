/**
 * The output contract of every stack. These names are public: other stacks
 * read them through remote state, and HCL estates through
 * `terraform_remote_state`. Renaming one is a breaking change.
 */
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';

/** `<env>-state`. */
export const STATE_OUTPUTS = {
  bucketName: 'state_bucket_name',
  bucketArn: 'state_bucket_arn',
  bucketRegion: 'state_bucket_region',
} as const;

/** `<env>-identity`. */
export const IDENTITY_OUTPUTS = {
  userPoolId: 'user_pool_id',
  userPoolArn: 'user_pool_arn',
  userPoolRegion: 'user_pool_region',
  issuerUrl: 'issuer_url',
  jwksUrl: 'jwks_url',
  spaClientId: 'spa_client_id',
  machineClientId: 'machine_client_id',
  hostedUiDomain: 'hosted_ui_domain',
  resourceServerIdentifier: 'resource_server_identifier',
} as const;

/** `<env>-backend`. */
export const BACKEND_OUTPUTS = {
  functionName: 'function_name',
  functionArn: 'function_arn',
  functionRegion: 'function_region',
  functionUrl: 'function_url',
  functionUrlHost: 'function_url_host',
  functionRoleArn: 'function_role_arn',
  tableName: 'table_name',
  topicArn: 'topic_arn',
  claimsKey: 'claims_mac_key',
  alarmTopicArn: 'alarm_topic_arn',
} as const;

/** `<env>-edge`. */
export const EDGE_OUTPUTS = {
  distributionId: 'distribution_id',
  distributionArn: 'distribution_arn',
  distributionDomainName: 'distribution_domain_name',
  apiUrl: 'api_url',
  webAclArn: 'web_acl_arn',
  edgeFunctionQualifiedArn: 'edge_function_qualified_arn',
  edgeRoleArn: 'edge_role_arn',
  staticSiteBucketName: 'static_site_bucket_name',
  webClientId: 'web_client_id',
  alarmTopicArn: 'alarm_topic_arn',
  dashboardName: 'dashboard_name',
} as const;

/** Declares a contract output (its construct id is its name, so its address is `output.<name>`). */
export function contractOutput(scope: Construct, name: string, value: string, description: string, sensitive?: boolean): TerraformOutput {
  return new TerraformOutput(scope, name, { value, description, ...(sensitive ? { sensitive } : {}) });
}
