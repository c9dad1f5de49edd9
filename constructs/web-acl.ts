/**
 * The AWS WAF web ACL of a CloudFront distribution (scope CLOUDFRONT, so the
 * stack's provider must be in us-east-1), with its IP sets and logging.
 *
 * Rules, by fixed priority (stable plans when optional rules come and go),
 * each with CloudWatch metrics and sampled requests:
 *   0  allow-listed IPs (allow: they skip every later rule)      optional
 *   1  deny-listed IPs (block)                                    optional
 *   2  rate limit per client IP (block)
 *  10  AWSManagedRulesAmazonIpReputationList
 *  20  AWSManagedRulesCommonRuleSet, SizeRestrictions_BODY counted, not
 *      blocked (it blocks bodies over 8 KB; the API takes JSON bodies and
 *      enforces its own limit)
 *  30  AWSManagedRulesKnownBadInputsRuleSet
 *  40  AWSManagedRulesAnonymousIpList                             optional
 *  50  AWSManagedRulesSQLiRuleSet                                 optional
 * Default action: allow. Body inspection size for CloudFront from config
 * (16 KB free; 32/48/64 KB cost extra).
 *
 * Logging goes to a CloudWatch log group whose name starts with
 * `aws-waf-logs-` (WAF refuses others), with the `authorization` and
 * `cookie` headers redacted.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2IpSet } from '@cdktf/provider-aws/lib/wafv2-ip-set';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';

/** Props of {@link WebAcl}. */
export interface WebAclProps {
  /** Prefix of every name (web ACL, IP sets, metrics, log group). */
  readonly namePrefix: string;
  /** Requests per window per client IP before blocking (AWS minimum 10). */
  readonly rateLimit: number;
  /** Rate window, seconds: 60, 120, 300 or 600. */
  readonly rateWindowSeconds: number;
  /** Retention of the WAF log group, days. */
  readonly logRetentionDays: number;
  /**
   * CIDRs that bypass every other rule.
   * @default []
   */
  readonly allowIps?: readonly string[];
  /**
   * CIDRs that are always blocked.
   * @default []
   */
  readonly denyIps?: readonly string[];
  /**
   * Add AWSManagedRulesAnonymousIpList.
   * @default false
   */
  readonly anonymousIpList?: boolean;
  /**
   * Add AWSManagedRulesSQLiRuleSet.
   * @default false
   */
  readonly sqli?: boolean;
  /**
   * Body inspection size, KB: 16, 32, 48 or 64.
   * @default 16
   */
  readonly bodyInspectionKb?: 16 | 32 | 48 | 64;
}

/** Priorities of the rules (see the file comment). */
export const WAF_RULE_PRIORITIES = {
  AllowListedIps: 0,
  DenyListedIps: 1,
  RateLimitPerIp: 2,
  AWSManagedRulesAmazonIpReputationList: 10,
  AWSManagedRulesCommonRuleSet: 20,
  AWSManagedRulesKnownBadInputsRuleSet: 30,
  AWSManagedRulesAnonymousIpList: 40,
  AWSManagedRulesSQLiRuleSet: 50,
} as const;

type RuleName = keyof typeof WAF_RULE_PRIORITIES;

const isIpv6 = (cidr: string) => cidr.includes(':');

export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly logGroup: CloudwatchLogGroup;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    if (props.rateLimit < 10) throw new Error(`${this.node.path}: rateLimit must be at least 10 (AWS minimum)`);
    if (![60, 120, 300, 600].includes(props.rateWindowSeconds)) throw new Error(`${this.node.path}: rateWindowSeconds must be 60, 120, 300 or 600`);
    const prefix = props.namePrefix;
    const visibility = (name: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${prefix}-${name}` });

    /** IP sets of one list, one per address family present, as a reference statement. */
    const ipSetStatement = (list: 'allow' | 'deny', cidrs: readonly string[]): Record<string, unknown> | undefined => {
      const refs: Record<string, unknown>[] = [];
      for (const [family, version] of [
        ['ipv4', 'IPV4'],
        ['ipv6', 'IPV6'],
      ] as const) {
        const addresses = cidrs.filter((c) => (family === 'ipv6') === isIpv6(c)).sort();
        if (addresses.length === 0) continue;
        const set = new Wafv2IpSet(this, `${list}_${family}`, {
          name: `${prefix}-${list}-${family}`,
          description: `${list === 'allow' ? 'Allow-listed' : 'Deny-listed'} ${version} CIDRs (config edge.waf.${list}Ips)`,
          scope: 'CLOUDFRONT',
          ipAddressVersion: version,
          addresses,
        });
        refs.push({ ip_set_reference_statement: { arn: set.arn } });
      }
      if (refs.length === 0) return undefined;
      return refs.length === 1 ? refs[0] : { or_statement: { statement: refs } };
    };

    const rules: Wafv2WebAclRule[] = [];
    const rule = (name: RuleName, body: Omit<Wafv2WebAclRule, 'name' | 'priority' | 'visibilityConfig'>) =>
      rules.push({ name, priority: WAF_RULE_PRIORITIES[name], visibilityConfig: visibility(name), ...body });
    const managed = (name: RuleName, ruleActionOverrides: readonly string[] = []) =>
      rule(name, {
        overrideAction: { none: {} },
        statement: {
          managed_rule_group_statement: {
            vendor_name: 'AWS',
            name,
            ...(ruleActionOverrides.length > 0 ? { rule_action_override: ruleActionOverrides.map((r) => ({ name: r, action_to_use: { count: {} } })) } : {}),
          },
        },
      });

    const allow = ipSetStatement('allow', props.allowIps ?? []);
    if (allow) rule('AllowListedIps', { action: { allow: {} }, statement: allow });
    const deny = ipSetStatement('deny', props.denyIps ?? []);
    if (deny) rule('DenyListedIps', { action: { block: {} }, statement: deny });
    rule('RateLimitPerIp', {
      action: { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimit, evaluation_window_sec: props.rateWindowSeconds, aggregate_key_type: 'IP' } },
    });
    managed('AWSManagedRulesAmazonIpReputationList');
    managed('AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']);
    managed('AWSManagedRulesKnownBadInputsRuleSet');
    if (props.anonymousIpList) managed('AWSManagedRulesAnonymousIpList');
    if (props.sqli) managed('AWSManagedRulesSQLiRuleSet');

    this.acl = new Wafv2WebAcl(this, 'resource', {
      name: `${prefix}-web-acl`,
      description: 'Protects the CloudFront distribution of the API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('web-acl'),
      associationConfig: {
        requestBody: [{ cloudfront: { defaultSizeInspectionLimit: `KB_${props.bodyInspectionKb ?? 16}` } }],
      },
      rule: rules,
    });
    this.arn = this.acl.arn;

    this.logGroup = new CloudwatchLogGroup(this, 'log_group', {
      name: `aws-waf-logs-${prefix}`,
      retentionInDays: props.logRetentionDays,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.acl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
  }
}
