/**
 * `<env>-edge` (us-east-1): CloudFront, its WAF web ACL and the Lambda@Edge
 * function that verifies Cognito JWTs, authorizes routes, and signs for the
 * function URL (edge-sigv4) or hands the request to CloudFront OAC (oac).
 * With `existing.webAclArn` the distribution uses that web ACL and the
 * stack creates none (no IP sets, no WAF log group or logging).
 *
 * It reads the identity and backend outputs through remote state. The
 * function's resource-based permissions (OAC mode) must live in the
 * backend's region: they are created here through an aliased provider, so
 * the backend never depends on the edge (no cycle). That provider exists in
 * both modes: switching from oac to edge-sigv4 destroys the permissions,
 * and Terraform needs the provider that created them to do so.
 */
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { ApiCachePolicy } from '../constructs/api-cache-policy';
import { ApiDistribution } from '../constructs/api-distribution';
import { EdgeFunction } from '../constructs/edge-function';
import { EdgePackage } from '../constructs/edge-package';
import { FunctionUrlOacPermissions, functionUrlInvokeStatements } from '../constructs/function-url-access';
import { OriginAccessControl } from '../constructs/origin-access-control';
import { PrivateBucket } from '../constructs/private-bucket';
import { SecurityHeadersPolicy } from '../constructs/security-headers-policy';
import { WebAcl } from '../constructs/web-acl';
import { resourceNames } from '../lib/resource-names';
import { EdgeBundleAsset } from '../packaging/edge-bundle';
import { SfuStack, type SfuStackProps } from './base-stack';
import { denyInsecureTransport, emulatorSettings } from './emulator';
import { EDGE_REGION, stackName } from './naming';
import { BACKEND_OUTPUTS, contractOutput, EDGE_OUTPUTS, IDENTITY_OUTPUTS } from './outputs';
import { archiveProvider, awsProvider, httpProvider } from './providers';
import { addEdgeOperations } from './operations';
import { remoteState, useS3Backend } from './remote-state';

/** Alias of the provider in the backend's region. */
export const BACKEND_REGION_PROVIDER_ALIAS = 'backend_region';

export class EdgeStack extends SfuStack {
  readonly distribution: ApiDistribution;
  /** Undefined with `existing.webAclArn`. */
  readonly webAcl?: WebAcl;
  readonly edgeFunction: EdgeFunction;
  readonly edgePackage: EdgePackage;
  readonly staticSite?: PrivateBucket;

  constructor(scope: Construct, props: SfuStackProps) {
    super(scope, 'edge', props);
    const { config } = props;
    const env = config.environment;
    const names = resourceNames(env);
    const edge = config.edge;
    const oac = edge.signingMode === 'oac';
    useS3Backend(this, config);
    awsProvider(this, 'aws', config, { region: EDGE_REGION });
    const backendRegionProvider = awsProvider(this, 'aws_backend_region', config, { region: config.backendRegion, alias: BACKEND_REGION_PROVIDER_ALIAS });
    archiveProvider(this);
    if (edge.bakeJwks) httpProvider(this);

    // ---- inputs from the other stacks (named outputs only) ----
    const identity = remoteState(this, 'identity_stack', config, stackName(config, 'identity'));
    const backend = remoteState(this, 'backend_stack', config, stackName(config, 'backend'));
    const functionUrlHost = backend.getString(BACKEND_OUTPUTS.functionUrlHost);
    const functionArn = backend.getString(BACKEND_OUTPUTS.functionArn);
    const functionName = backend.getString(BACKEND_OUTPUTS.functionName);
    // The region in the host (`<id>.lambda-url.<region>.on.aws`), else the backend's output.
    const originRegion = Fn.try([Fn.element(Fn.regex('[.]lambda-url[.]([a-z0-9-]+)[.]on[.]aws$', functionUrlHost), 0), backend.getString(BACKEND_OUTPUTS.functionRegion)]);
    const spaClientId = identity.getString(IDENTITY_OUTPUTS.spaClientId);
    const machineClientId = identity.getString(IDENTITY_OUTPUTS.machineClientId);

    // ---- the edge function and its package ----
    const bundle = new EdgeBundleAsset(this, 'edge_bundle');
    const emulator = emulatorSettings(config);
    this.edgePackage = new EdgePackage(this, 'edge_package', {
      bundlePath: bundle.path,
      mode: edge.signingMode,
      basePath: config.api.basePath,
      routes: config.routes,
      originHost: functionUrlHost,
      originRegion,
      verifiers: [
        {
          userPoolId: identity.getString(IDENTITY_OUTPUTS.userPoolId),
          // Machine clients only get access tokens; "" (no machine client) is dropped.
          clientIds: edge.tokenUse === 'access' ? Fn.compact([spaClientId, machineClientId]) : [spaClientId],
          tokenUse: edge.tokenUse,
          bakeJwksFrom: edge.bakeJwks ? identity.getString(IDENTITY_OUTPUTS.jwksUrl) : undefined,
        },
      ],
      jwksBaseUrl: emulator ? emulator.url : null,
      // oac: the claims MAC key the API checks (the backend makes it; sensitive).
      claimsKeyJson: oac ? backend.getString(BACKEND_OUTPUTS.claimsKey) : undefined,
    });
    this.edgeFunction = new EdgeFunction(this, 'edge', {
      functionName: names.edgeFunction,
      filename: this.edgePackage.path,
      sourceCodeHash: this.edgePackage.sourceCodeHash,
      logRetentionDays: config.api.logRetentionDays,
      // edge-sigv4: the function signs with its own role, which needs both
      // function-URL permissions; in oac mode CloudFront signs, so none.
      statements: oac ? [] : functionUrlInvokeStatements(functionArn),
    });

    // ---- WAF, policies, origins ----
    // An existing CLOUDFRONT web ACL (existing.webAclArn) replaces ours, its IP sets and its logging.
    const waf = edge.waf;
    if (!config.existing.webAclArn) {
      this.webAcl = new WebAcl(this, 'waf', {
        namePrefix: names.wafNamePrefix,
        rateLimit: waf.rateLimit,
        rateWindowSeconds: waf.rateWindowSeconds,
        logRetentionDays: waf.logRetentionDays,
        allowIps: waf.allowIps,
        denyIps: waf.denyIps,
        anonymousIpList: waf.anonymousIpList,
        sqli: waf.sqli,
        bodyInspectionKb: waf.bodyInspectionKb,
      });
    }
    const webAclArn = config.existing.webAclArn ?? this.webAcl!.arn;
    const cachePolicy = new ApiCachePolicy(this, 'api_cache_policy', { name: `${env}-api` });
    const headers = new SecurityHeadersPolicy(this, 'security_headers', { name: `${env}-api-security-headers`, cors: config.api.cors });
    const functionUrlOac = oac
      ? new OriginAccessControl(this, 'function_url_oac', { name: `${env}-function-url`, originType: 'lambda', description: 'CloudFront signs requests to the API function URL' })
      : undefined;

    let staticSiteOac: OriginAccessControl | undefined;
    if (edge.staticSite) {
      // Versioned: a bad upload of the site can be rolled back.
      this.staticSite = new PrivateBucket(this, 'static_site', {
        bucketPrefix: `${env}-static-site-`,
        versioned: true,
        noncurrentVersionDays: 30,
        deferPolicy: true,
        denyInsecureTransport: denyInsecureTransport(config),
      });
      staticSiteOac = new OriginAccessControl(this, 'static_site_oac', { name: `${env}-static-site`, originType: 's3', description: 'CloudFront reads the static site bucket' });
    }
    const accessLogs = edge.accessLogs
      ? new PrivateBucket(this, 'access_logs', {
          bucketPrefix: `${env}-cloudfront-logs-`,
          // CloudFront standard logging writes with an ACL grant to its log delivery account.
          objectOwnership: 'BucketOwnerPreferred',
          versioned: true,
          noncurrentVersionDays: 1,
          expirationDays: 90,
          denyInsecureTransport: denyInsecureTransport(config),
        })
      : undefined;

    this.distribution = new ApiDistribution(this, 'distribution', {
      comment: `${env}: API on a Lambda function URL`,
      functionUrlHost,
      basePath: config.api.basePath,
      edgeFunctionQualifiedArn: this.edgeFunction.qualifiedArn,
      cachePolicyId: cachePolicy.id,
      responseHeadersPolicyId: headers.id,
      webAclArn,
      viewerProtocolPolicy: edge.viewerProtocolPolicy,
      priceClass: edge.priceClass,
      functionUrlOriginAccessControlId: functionUrlOac?.id,
      staticSite: this.staticSite && staticSiteOac ? { regionalDomainName: this.staticSite.regionalDomainName, originAccessControlId: staticSiteOac.id } : undefined,
      geoRestriction: edge.geoRestriction,
      customDomain: edge.customDomain ?? undefined,
      accessLogBucketDomainName: accessLogs?.domainName,
    });

    if (this.staticSite) {
      this.staticSite.attachPolicy([
        {
          sid: 'CloudFrontReadsSite',
          actions: ['s3:GetObject'],
          resources: [`${this.staticSite.arn}/*`],
          principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
          conditions: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [this.distribution.arn] }],
        },
      ]);
    }
    if (oac) {
      new FunctionUrlOacPermissions(this, 'function_url_permissions', {
        functionName,
        distributionArn: this.distribution.arn,
        provider: backendRegionProvider,
      });
    }

    // ---- alarms, edge metrics, the dashboard (config alarms; stacks/operations.ts) ----
    const operations = addEdgeOperations(this, config, {
      distributionId: this.distribution.id,
      edgeLogGroupName: this.edgeFunction.logGroup.name,
      webAcl: this.webAcl,
      backendAlarmTopicArn: () => backend.getString(BACKEND_OUTPUTS.alarmTopicArn),
    });

    // ---- outputs ----
    const o = EDGE_OUTPUTS;
    const publicHost = edge.customDomain ? edge.customDomain.aliases[0] : this.distribution.domainName;
    contractOutput(this, o.distributionId, this.distribution.id, 'Id of the CloudFront distribution (for invalidations).');
    contractOutput(this, o.distributionArn, this.distribution.arn, 'ARN of the CloudFront distribution.');
    contractOutput(this, o.distributionDomainName, this.distribution.domainName, 'The distribution\'s *.cloudfront.net domain (the target of custom-domain DNS records).');
    contractOutput(this, o.apiUrl, `https://${publicHost}${config.api.basePath}`, 'Base URL of the API: https://<custom domain or distribution domain><basePath>.');
    contractOutput(this, o.webAclArn, webAclArn, 'ARN of the WAF web ACL (scope CLOUDFRONT), ours or existing.webAclArn.');
    contractOutput(this, o.edgeFunctionQualifiedArn, this.edgeFunction.qualifiedArn, 'Qualified (numbered version) ARN of the Lambda@Edge function.');
    contractOutput(this, o.edgeRoleArn, this.edgeFunction.role.arn, 'ARN of the Lambda@Edge function\'s role (the SigV4 signer in edge-sigv4 mode).');
    contractOutput(this, o.staticSiteBucketName, this.staticSite?.name ?? '', 'Bucket of the static site (upload the SPA here); "" when edge.staticSite is off.');
    contractOutput(this, o.alarmTopicArn, operations.topicArn, 'ARN of the SNS topic the us-east-1 alarms (CloudFront, WAF, edge) notify; "" when alarms.enabled is false.');
    contractOutput(this, o.dashboardName, operations.dashboardName, 'Name of the environment\'s CloudWatch dashboard (us-east-1); "" when alarms.dashboard is false.');
  }
}
