/**
 * The CloudWatch metrics this project pages on and charts, as typed data:
 * namespace, name, dimensions, statistic and the region CloudWatch keeps
 * them in. The alarms (constructs/alarm-catalog.ts) and the dashboard
 * (constructs/dashboard.ts) both read them from here, so a figure on the
 * dashboard is the figure an alarm watches.
 *
 * Sources (see ../shared/docs/aws-facts.md and the README's "Operating it"):
 * - Lambda (`AWS/Lambda`, dimension `FunctionName`): Invocations, Errors,
 *   Throttles, Duration. Function URL metrics UrlRequestCount, Url4xxCount,
 *   Url5xxCount are in the same namespace; `FunctionName` aggregates the
 *   URLs of `$LATEST` and every alias (Lambda DG, "Monitoring function URLs").
 * - SQS (`AWS/SQS`, `QueueName`), SNS (`AWS/SNS`, `TopicName`).
 * - CloudFront (`AWS/CloudFront`): only in us-east-1, dimensions
 *   `DistributionId` and `Region = Global` (CloudFront DG, "Types of metrics
 *   for CloudFront"). The status-code rates and OriginLatency need the
 *   additional metrics (monitoring subscription).
 * - WAF (`AWS/WAFV2`): for a CLOUDFRONT web ACL in us-east-1 with dimensions
 *   `WebACL` (the web ACL's metric name) and `Rule` (the rule's metric name);
 *   the `Region` dimension is for every resource type except CloudFront
 *   distributions, so it is left out (WAF DG, "AWS WAF metrics and dimensions").
 * - The edge function's own deny reasons: metric filters on its us-east-1
 *   log group (constructs/edge-deny-metrics.ts), namespace
 *   `SecureFunctionUrl/<env>`.
 */
import { EDGE_REGION } from '../lib/resource-names';

/** A CloudWatch statistic: the five plain ones or a percentile such as "p99". */
export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount' | `p${number}`;

/** One metric, where it lives, and the statistic it is read with. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name to value (values may be Terraform references). */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: Statistic;
  /** The region whose CloudWatch holds the metric. */
  readonly region: string;
  /** A short legend for charts. */
  readonly label: string;
}

/** A metric math expression over named metrics (ids `m1`, `m2`, ...). */
export interface ExpressionSpec {
  readonly expression: string;
  readonly label: string;
  /** Id (lower-case, as metric math requires) to metric. */
  readonly metrics: Readonly<Record<string, MetricSpec>>;
}

export const isExpression = (m: MetricSpec | ExpressionSpec): m is ExpressionSpec => 'expression' in m;

/** The same metric read with another statistic. */
export const withStat = (m: MetricSpec, stat: Statistic, label = m.label): MetricSpec => ({ ...m, stat, label });

/** What the backend's metrics are keyed on (names or Terraform references). */
export interface BackendMetricTargets {
  /** backendRegion. */
  readonly region: string;
  readonly apiFunctionName: string;
  readonly workerFunctionName: string;
  readonly messagesDeadLetterQueueName: string;
  readonly workerDeadLetterQueueName: string;
  readonly messagesTopicName: string;
}

const lambda = (region: string, functionName: string, metricName: string, stat: Statistic, label: string): MetricSpec => ({
  namespace: 'AWS/Lambda',
  metricName,
  dimensions: { FunctionName: functionName },
  stat,
  region,
  label,
});

/** The backend's metrics, by what they mean. */
export function backendMetrics(t: BackendMetricTargets) {
  const r = t.region;
  const sqs = (queueName: string, label: string): MetricSpec => ({
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: queueName },
    stat: 'Maximum',
    region: r,
    label,
  });
  const sns = (metricName: string, label: string): MetricSpec => ({
    namespace: 'AWS/SNS',
    metricName,
    dimensions: { TopicName: t.messagesTopicName },
    stat: 'Sum',
    region: r,
    label,
  });
  return {
    apiInvocations: lambda(r, t.apiFunctionName, 'Invocations', 'Sum', 'API invocations'),
    apiErrors: lambda(r, t.apiFunctionName, 'Errors', 'Sum', 'API errors'),
    apiThrottles: lambda(r, t.apiFunctionName, 'Throttles', 'Sum', 'API throttles'),
    apiDuration: lambda(r, t.apiFunctionName, 'Duration', 'p99', 'API duration p99'),
    apiConcurrency: lambda(r, t.apiFunctionName, 'ConcurrentExecutions', 'Maximum', 'API concurrent executions'),
    urlRequests: lambda(r, t.apiFunctionName, 'UrlRequestCount', 'Sum', 'Function URL requests'),
    url4xx: lambda(r, t.apiFunctionName, 'Url4xxCount', 'Sum', 'Function URL 4xx'),
    url5xx: lambda(r, t.apiFunctionName, 'Url5xxCount', 'Sum', 'Function URL 5xx'),
    workerInvocations: lambda(r, t.workerFunctionName, 'Invocations', 'Sum', 'Worker invocations'),
    workerErrors: lambda(r, t.workerFunctionName, 'Errors', 'Sum', 'Worker errors'),
    messagesDeadLetterQueue: sqs(t.messagesDeadLetterQueueName, 'Undelivered messages (messages DLQ)'),
    workerDeadLetterQueue: sqs(t.workerDeadLetterQueueName, 'Failed worker events (worker DLQ)'),
    notificationsDelivered: sns('NumberOfNotificationsDelivered', 'Deliveries'),
    notificationsFailed: sns('NumberOfNotificationsFailed', 'Failed deliveries'),
  };
}
export type BackendMetrics = ReturnType<typeof backendMetrics>;

/**
 * Why the edge function denies a request and the status it answers, from
 * edge/handler.ts (`deny(r, <status>, <reason>)`) and edge/verifier.ts
 * (`TokenRejection`, answered 401). A test keeps this list equal to the code.
 */
export const EDGE_DENY_REASONS = {
  bad_path: 400,
  bad_query: 400,
  too_many_query_parameters: 400,
  reserved_query_parameter: 400,
  several_authorization_headers: 401,
  malformed_bearer: 401,
  not_bearer: 401,
  malformed: 401,
  alg_not_allowed: 401,
  header_not_allowed: 401,
  bad_signature: 401,
  expired: 401,
  not_yet_valid: 401,
  wrong_issuer: 401,
  wrong_client: 401,
  wrong_token_use: 401,
  unknown_kid: 401,
  jwks_unavailable: 401,
  invalid_claims: 401,
  token_required: 401,
  insufficient_access: 403,
  no_route: 403,
  body_truncated: 413,
  include_body_off: 500,
  no_claims_key: 500,
  not_a_custom_origin: 500,
  origin_host_mismatch: 500,
  no_credentials: 500,
  unexpected_error: 500,
} as const;
export type EdgeDenyReason = keyof typeof EDGE_DENY_REASONS;
export const EDGE_DENY_REASON_NAMES = Object.keys(EDGE_DENY_REASONS) as EdgeDenyReason[];

/** Namespace of the edge function's log metrics (one per environment: metric filters cannot set dimensions on text logs). */
export const edgeMetricsNamespace = (environment: string): string => `SecureFunctionUrl/${environment}`;
/** Metric name of one deny reason's count. */
export const edgeDenyMetricName = (reason: EdgeDenyReason): string => `EdgeDenied.${reason}`;

/** What the edge's metrics are keyed on. */
export interface EdgeMetricTargets {
  readonly environment: string;
  /** The distribution's id (a Terraform reference in the edge stack). */
  readonly distributionId: string;
  /**
   * Metric names of our web ACL and its rate rule; undefined with
   * `existing.webAclArn` (its metric names are not ours to know).
   */
  readonly webAcl?: { readonly metricName: string; readonly rateRuleMetricName: string };
}

/** The edge's metrics (all in us-east-1), by what they mean. */
export function edgeMetrics(t: EdgeMetricTargets) {
  const cloudfront = (metricName: string, stat: Statistic, label: string): MetricSpec => ({
    namespace: 'AWS/CloudFront',
    metricName,
    dimensions: { DistributionId: t.distributionId, Region: 'Global' },
    stat,
    region: EDGE_REGION,
    label,
  });
  const waf = (rule: string, metricName: string, label: string): MetricSpec | undefined =>
    t.webAcl
      ? { namespace: 'AWS/WAFV2', metricName, dimensions: { WebACL: t.webAcl.metricName, Rule: rule }, stat: 'Sum', region: EDGE_REGION, label }
      : undefined;
  const deny = (reason: EdgeDenyReason): MetricSpec => ({
    namespace: edgeMetricsNamespace(t.environment),
    metricName: edgeDenyMetricName(reason),
    dimensions: {},
    stat: 'Sum',
    region: EDGE_REGION,
    label: reason,
  });
  return {
    requests: cloudfront('Requests', 'Sum', 'Viewer requests'),
    errorRate4xx: cloudfront('4xxErrorRate', 'Average', '4xx rate (%)'),
    errorRate5xx: cloudfront('5xxErrorRate', 'Average', '5xx rate (%)'),
    errorRate401: cloudfront('401ErrorRate', 'Average', '401 rate (%)'),
    errorRate403: cloudfront('403ErrorRate', 'Average', '403 rate (%)'),
    errorRate502: cloudfront('502ErrorRate', 'Average', '502 rate (%)'),
    errorRate503: cloudfront('503ErrorRate', 'Average', '503 rate (%)'),
    errorRate504: cloudfront('504ErrorRate', 'Average', '504 rate (%)'),
    originLatency: cloudfront('OriginLatency', 'p99', 'Origin latency p99 (ms)'),
    lambdaExecutionErrors: cloudfront('LambdaExecutionError', 'Sum', 'Lambda@Edge execution errors'),
    lambdaValidationErrors: cloudfront('LambdaValidationError', 'Sum', 'Lambda@Edge validation errors'),
    wafAllowed: waf('ALL', 'AllowedRequests', 'WAF allowed'),
    wafBlocked: waf('ALL', 'BlockedRequests', 'WAF blocked'),
    wafRateRuleBlocked: t.webAcl ? waf(t.webAcl.rateRuleMetricName, 'BlockedRequests', 'Blocked by the rate rule') : undefined,
    /** One count per deny reason, from the us-east-1 log group only. */
    denied: Object.fromEntries(EDGE_DENY_REASON_NAMES.map((r) => [r, deny(r)])) as Record<EdgeDenyReason, MetricSpec>,
  };
}
export type EdgeMetrics = ReturnType<typeof edgeMetrics>;
