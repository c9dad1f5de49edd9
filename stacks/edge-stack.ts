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
 *
 * The web app (`edge.webApp`, constructs/web-app.ts) adds its files and
 * `config.json` to the static site bucket, the deep-link CloudFront Function
 * on the default behaviour, and, for a pool this project creates, the
 * `<env>-web` app client in the identity pool (through the same
 * backend-region provider), made AFTER the distribution because its
 * callback is the distribution's own URL. The edge config cannot list that
 * client (distribution -> edge version -> config -> client -> distribution
 * would be a cycle), so for our own pool it trusts every app client of the
 * pool (`clientIds: null`): each of them is made by this project. A brought
 * pool (`existing.userPool`) stays on its listed clients and gets no web
 * client: its owner adds the distribution's callback to their SPA client.
 */
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { Config } from '../config/schema';
import { ApiCachePolicy } from '../constructs/api-cache-policy';
import { ApiDistribution } from '../constructs/api-distribution';
import { EdgeFunction } from '../constructs/edge-function';
import { EdgePackage } from '../constructs/edge-package';
import { FunctionUrlOacPermissions, functionUrlInvokeStatements } from '../constructs/function-url-access';
import { OriginAccessControl } from '../constructs/origin-access-control';
import { PrivateBucket } from '../constructs/private-bucket';
import { SecurityHeadersPolicy } from '../constructs/security-headers-policy';
import { SpaClient } from '../constructs/spa-client';
import { StaticSite } from '../constructs/static-site';
import { SpaFallbackFunction, WebAppContent } from '../constructs/web-app';
import { WebAcl } from '../constructs/web-acl';
import { resourceNames, type ResourceNames } from '../lib/resource-names';
import { EdgeBundleAsset } from '../packaging/edge-bundle';
import { WebAppAsset } from '../packaging/web-app-asset';
import { SfuStack, type SfuStackProps } from './base-stack';
import { denyInsecureTransport, emulatorSettings } from './emulator';
import { EDGE_REGION } from './naming';
import { addEdgeOperations } from './operations';
import { BACKEND_OUTPUTS, contractOutput, EDGE_OUTPUTS, IDENTITY_OUTPUTS } from './outputs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { archiveProvider, awsProvider, httpProvider } from './providers';
import { readStackOutputs, useS3Backend, type StackOutputs } from './remote-state';
import { customDomainHosts, trustsWholePool } from './web-app-trust';

/** Alias of the provider in the backend's region. */
export const BACKEND_REGION_PROVIDER_ALIAS = 'backend_region';

type IdentityOutputs = StackOutputs<typeof IDENTITY_OUTPUTS>;
type BackendOutputs = StackOutputs<typeof BACKEND_OUTPUTS>;

export class EdgeStack extends SfuStack {
  readonly distribution: ApiDistribution;
  /** Undefined with `existing.webAclArn`. */
  readonly webAcl?: WebAcl;
  readonly edgeFunction: EdgeFunction;
  readonly edgePackage: EdgePackage;
  /** Undefined unless `edge.staticSite`. */
  readonly site?: StaticSite;
  /** The web app's deep-link function; undefined unless `edge.webApp`. */
  readonly spaFallback?: SpaFallbackFunction;
  /** The web app's objects and config.json; undefined unless `edge.webApp`. */
  readonly webApp?: WebAppContent;
  /** The edge-made web client; undefined unless `edge.webApp` on a pool of ours. */
  readonly webClient?: SpaClient;
  private readonly names: ResourceNames;

  /** The static site's bucket (undefined unless `edge.staticSite`). */
  get staticSite(): PrivateBucket | undefined {
    return this.site?.bucket;
  }

  constructor(scope: Construct, props: SfuStackProps) {
    super(scope, 'edge', props);
    const { config } = props;
    this.names = resourceNames(config.environment);
    useS3Backend(this, config);
    awsProvider(this, 'aws', config, { region: EDGE_REGION });
    const backendRegionProvider = awsProvider(this, 'aws_backend_region', config, { region: config.backendRegion, alias: BACKEND_REGION_PROVIDER_ALIAS });
    archiveProvider(this);
    if (config.edge.bakeJwks) httpProvider(this);

    // Inputs from the other stacks: their named outputs only.
    const identity = readStackOutputs(this, 'identity_stack', config, 'identity', IDENTITY_OUTPUTS);
    const backend = readStackOutputs(this, 'backend_stack', config, 'backend', BACKEND_OUTPUTS);

    this.edgePackage = this.packageEdge(config, identity, backend);
    this.edgeFunction = new EdgeFunction(this, 'edge', {
      functionName: this.names.edgeFunction,
      filename: this.edgePackage.path,
      sourceCodeHash: this.edgePackage.sourceCodeHash,
      logRetentionDays: config.api.logRetentionDays,
      // edge-sigv4: the function signs with its own role, which needs both
      // function-URL permissions; in oac mode CloudFront signs, so none.
      statements: config.edge.signingMode === 'oac' ? [] : functionUrlInvokeStatements(backend.functionArn),
    });
    this.webAcl = this.ownWebAcl(config);
    this.site = config.edge.staticSite
      ? new StaticSite(this, 'static_site', { namePrefix: config.environment, denyInsecureTransport: denyInsecureTransport(config) })
      : undefined;
    this.spaFallback = config.edge.webApp ? new SpaFallbackFunction(this, 'spa_fallback', { name: this.names.spaFallbackFunction }) : undefined;
    this.distribution = this.distribute(config, backend);
    this.site?.allowDistribution(this.distribution.arn);
    if (config.edge.webApp && this.site)
      ({ webClient: this.webClient, content: this.webApp } = this.deployWebApp(config, identity, backendRegionProvider, this.site));
    if (config.edge.signingMode === 'oac') {
      new FunctionUrlOacPermissions(this, 'function_url_permissions', {
        functionName: backend.functionName,
        distributionArn: this.distribution.arn,
        provider: backendRegionProvider,
      });
    }
    this.outputs(config, backend, identity);
  }

  /** The Lambda@Edge package: the bundle and the config.json baked from the other stacks' outputs. */
  private packageEdge(config: Config, identity: IdentityOutputs, backend: BackendOutputs): EdgePackage {
    const edge = config.edge;
    const emulator = emulatorSettings(config);
    const bundle = new EdgeBundleAsset(this, 'edge_bundle');
    return new EdgePackage(this, 'edge_package', {
      bundlePath: bundle.path,
      mode: edge.signingMode,
      basePath: config.api.basePath,
      routes: config.routes,
      originHost: backend.functionUrlHost,
      // The backend's region is the function URL's: one derivation, the backend's own output.
      originRegion: backend.functionRegion,
      verifiers: [
        {
          userPoolId: identity.userPoolId,
          // Our pool with the web app: any client of the pool (edge/config.ts; the web client is made
          // after the distribution, so it cannot be listed here). Otherwise the listed clients; machine
          // clients only get access tokens, and "" (no machine client) is dropped.
          clientIds: trustsWholePool(config)
            ? null
            : edge.tokenUse === 'access'
              ? Fn.compact([identity.spaClientId, identity.machineClientId])
              : [identity.spaClientId],
          tokenUse: edge.tokenUse,
          bakeJwksFrom: edge.bakeJwks ? identity.jwksUrl : undefined,
        },
      ],
      jwksBaseUrl: emulator ? emulator.url : null,
      // oac: the claims MAC key the API checks (the backend makes it; sensitive).
      claimsKeyJson: edge.signingMode === 'oac' ? backend.claimsKey : undefined,
    });
  }

  /** Our web ACL, unless `existing.webAclArn` replaces it (and its IP sets and logging). */
  private ownWebAcl(config: Config): WebAcl | undefined {
    if (config.existing.webAclArn) return undefined;
    const waf = config.edge.waf;
    return new WebAcl(this, 'waf', {
      namePrefix: this.names.wafNamePrefix,
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

  /** The distribution: its policies, origins (function URL, static site), web ACL and access logs. */
  private distribute(config: Config, backend: BackendOutputs): ApiDistribution {
    const env = config.environment;
    const edge = config.edge;
    const cachePolicy = new ApiCachePolicy(this, 'api_cache_policy', { name: `${env}-api` });
    const headers = new SecurityHeadersPolicy(this, 'security_headers', { name: `${env}-api-security-headers`, cors: config.api.cors });
    const functionUrlOac =
      edge.signingMode === 'oac'
        ? new OriginAccessControl(this, 'function_url_oac', {
            name: `${env}-function-url`,
            originType: 'lambda',
            description: 'CloudFront signs requests to the API function URL',
          })
        : undefined;
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
    return new ApiDistribution(this, 'distribution', {
      comment: `${env}: API on a Lambda function URL`,
      functionUrlHost: backend.functionUrlHost,
      basePath: config.api.basePath,
      edgeFunctionQualifiedArn: this.edgeFunction.qualifiedArn,
      cachePolicyId: cachePolicy.id,
      responseHeadersPolicyId: headers.id,
      webAclArn: config.existing.webAclArn ?? this.webAcl!.arn,
      viewerProtocolPolicy: edge.viewerProtocolPolicy,
      priceClass: edge.priceClass,
      functionUrlOriginAccessControlId: functionUrlOac?.id,
      staticSite: this.site ? { ...this.site.origin, viewerRequestFunctionArn: this.spaFallback?.arn } : undefined,
      geoRestriction: edge.geoRestriction,
      customDomain: edge.customDomain ?? undefined,
      accessLogBucketDomainName: accessLogs?.domainName,
    });
  }

  /**
   * The web app: the web client (our pool only; callback and logout on the
   * distribution's domain and the custom-domain aliases), the build's objects
   * and config.json in the site bucket.
   */
  private deployWebApp(
    config: Config,
    identity: IdentityOutputs,
    backendRegionProvider: AwsProvider,
    site: StaticSite,
  ): { webClient?: SpaClient; content: WebAppContent } {
    const hosts = [this.distribution.domainName, ...customDomainHosts(config)];
    const webClient = config.existing.userPool
      ? undefined
      : new SpaClient(this, 'web_client', {
          provider: backendRegionProvider,
          clientName: this.names.webClient,
          userPoolId: identity.userPoolId,
          callbackUrls: hosts.map((h) => `https://${h}/callback`),
          logoutUrls: hosts.map((h) => `https://${h}/`),
          accessTokenMinutes: config.identity.spaClient.accessTokenMinutes,
          idTokenMinutes: config.identity.spaClient.idTokenMinutes,
          refreshTokenDays: config.identity.spaClient.refreshTokenDays,
        });
    const publicHost = customDomainHosts(config)[0] ?? this.distribution.domainName;
    const content = new WebAppContent(this, 'web_app', {
      bucket: site.bucket.name,
      asset: new WebAppAsset(this, 'web_app_build'),
      config: {
        authority: `https://cognito-idp.${identity.userPoolRegion}.amazonaws.com/${identity.userPoolId}`,
        userPoolDomain: `https://${identity.hostedUiDomain}`,
        // A brought pool: its SPA client, whose callbacks its owner extends (README).
        clientId: webClient ? webClient.id : identity.spaClientId,
        redirectUri: `https://${publicHost}/callback`,
        logoutUri: `https://${publicHost}/`,
        apiBasePath: config.api.basePath,
        tokenUse: config.edge.tokenUse,
      },
    });
    return { webClient, content };
  }

  /** Alarms, edge metrics and the dashboard (stacks/operations.ts), then the output contract. */
  private outputs(config: Config, backend: BackendOutputs, identity: IdentityOutputs): void {
    const operations = addEdgeOperations(this, config, {
      distributionId: this.distribution.id,
      edgeLogGroupName: this.edgeFunction.logGroup.name,
      webAcl: this.webAcl,
      backendAlarmTopicArn: () => backend.alarmTopicArn,
    });
    const o = EDGE_OUTPUTS;
    const publicHost = config.edge.customDomain ? config.edge.customDomain.aliases[0] : this.distribution.domainName;
    contractOutput(this, o.distributionId, this.distribution.id, 'Id of the CloudFront distribution (for invalidations).');
    contractOutput(this, o.distributionArn, this.distribution.arn, 'ARN of the CloudFront distribution.');
    contractOutput(
      this,
      o.distributionDomainName,
      this.distribution.domainName,
      "The distribution's *.cloudfront.net domain (the target of custom-domain DNS records).",
    );
    contractOutput(
      this,
      o.apiUrl,
      `https://${publicHost}${config.api.basePath}`,
      'Base URL of the API: https://<custom domain or distribution domain><basePath>.',
    );
    contractOutput(this, o.webAclArn, config.existing.webAclArn ?? this.webAcl!.arn, 'ARN of the WAF web ACL (scope CLOUDFRONT), ours or existing.webAclArn.');
    contractOutput(this, o.edgeFunctionQualifiedArn, this.edgeFunction.qualifiedArn, 'Qualified (numbered version) ARN of the Lambda@Edge function.');
    contractOutput(this, o.edgeRoleArn, this.edgeFunction.role.arn, "ARN of the Lambda@Edge function's role (the SigV4 signer in edge-sigv4 mode).");
    contractOutput(
      this,
      o.staticSiteBucketName,
      this.site?.bucket.name ?? '',
      'Bucket of the static site (edge.webApp deploys the web app into it; else upload your site here); "" when edge.staticSite is off.',
    );
    contractOutput(
      this,
      o.webClientId,
      config.edge.webApp ? (this.webClient?.id ?? identity.spaClientId) : '',
      'App client the web app signs in with: the edge-made <env>-web client, or existing.userPool.spaClientId with a brought pool; "" when edge.webApp is off.',
    );
    contractOutput(
      this,
      o.alarmTopicArn,
      operations.topicArn,
      'ARN of the SNS topic the us-east-1 alarms (CloudFront, WAF, edge) notify; "" when alarms.enabled is false.',
    );
    contractOutput(
      this,
      o.dashboardName,
      operations.dashboardName,
      'Name of the environment\'s CloudWatch dashboard (us-east-1); "" when alarms.dashboard is false.',
    );
  }
}
