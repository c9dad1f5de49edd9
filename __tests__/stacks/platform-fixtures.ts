/** Sample ids of existing resources for the bring-your-own and import tests (dev config). */

export const ACCOUNT = '111122223333';
export const UUID = '0a1b2c3d-4e5f-6789-abcd-ef0123456789';
/** A CLOUDFRONT-scope web ACL. */
export const WEB_ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/platform-edge/${UUID}`;
/** A customer-managed key in dev's backendRegion. */
export const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${UUID}`;
export const SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:dev/secure-function-url/api-AbC123`;

/** An import id of every importable resource that config/dev.json accepts. */
export const DEV_IMPORT_IDS: Readonly<Record<string, string>> = {
  userPool: 'eu-west-1_AbCdEf123',
  userPoolDomain: 'sfu-dev-example',
  apiFunction: 'dev-api',
  apiLogGroup: '/aws/lambda/dev-api',
  workerLogGroup: '/aws/lambda/dev-worker',
  edgeLogGroup: '/aws/lambda/us-east-1.dev-edge-auth',
  wafLogGroup: 'aws-waf-logs-dev-edge',
  webAcl: `${UUID}/dev-edge-web-acl/CLOUDFRONT`,
  stateBucket: 'sfu-dev-tfstate-example',
  table: 'dev-books',
  secret: SECRET,
  secretVersion: `${SECRET}|a1b2c3d4-5678-90ab-cdef-EXAMPLEaaaaa`,
};
