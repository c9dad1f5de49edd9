/**
 * Every alarm of the project as data: name, what it watches, its threshold
 * (from config `alarms.thresholds`; `null` leaves it out), how it treats
 * missing data and why, and what to look at first. constructs/metric-alarm.ts
 * turns a spec into an `aws_cloudwatch_metric_alarm`; the dashboard charts
 * the same metrics; the README's "Operating it" lists each alarm by name.
 *
 * Missing data: every metric here is sparse. Lambda, SNS and CloudFront
 * publish a data point only when something happened (an invocation, a
 * delivery, a request), SQS stops publishing for a queue that has been
 * empty and untouched for six hours, and the edge's log metrics have no
 * default value. "No data" therefore means "nothing happened", which is not
 * a breach: all alarms use `notBreaching`. None of them is meant to detect
 * silence (a dead distribution shows up in CloudFront's own health checks
 * and in the callers' errors, not here).
 */
import type { AlarmThresholds, AlarmsConfig } from '../config/alarms-schema';
import { EDGE_DENY_REASONS, EDGE_DENY_REASON_NAMES, type BackendMetrics, type EdgeMetrics, type ExpressionSpec, type MetricSpec } from './operations-metrics';

export type TreatMissingData = 'notBreaching' | 'breaching' | 'ignore' | 'missing';

/** One alarm. */
export interface AlarmSpec {
  /** Construct id, and the alarm name's suffix (`<env>-<id with hyphens>`). */
  readonly id: string;
  readonly name: string;
  /** What it means and what to look at first (the alarm's description). */
  readonly description: string;
  readonly metric: MetricSpec | ExpressionSpec;
  /** Fires at or above this value. */
  readonly threshold: number;
  readonly treatMissingData: TreatMissingData;
  /** The config field that sets (or, null, removes) it. */
  readonly thresholdField: keyof AlarmThresholds;
}

/** Period and evaluation settings shared by every alarm. */
export type AlarmTiming = Pick<AlarmsConfig, 'periodSeconds' | 'evaluationPeriods'>;

const alarmName = (environment: string, id: string): string => `${environment}-${id.replace(/_/g, '-')}`;

/** An alarm before its name and threshold are known. */
type AlarmDef = Omit<AlarmSpec, 'name' | 'threshold' | 'treatMissingData'>;

/**
 * Names each alarm (`<env>-<id>`: alarm names are unique per account and
 * region) and keeps those whose threshold is set.
 */
function build(environment: string, defs: readonly AlarmDef[], thresholdOf: (d: AlarmDef) => number | null): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  for (const d of defs) {
    const threshold = thresholdOf(d);
    if (threshold !== null) out.push({ ...d, name: alarmName(environment, d.id), threshold, treatMissingData: 'notBreaching' });
  }
  return out;
}

/** Inputs of {@link backendAlarmSpecs}. */
export interface BackendAlarmInputs {
  readonly environment: string;
  readonly thresholds: AlarmThresholds;
  readonly metrics: BackendMetrics;
  /** api.timeoutSeconds: the duration alarm fires at a percentage of it. */
  readonly apiTimeoutSeconds: number;
}

/** The alarms of the backend stack (backendRegion), those whose threshold is set. */
export function backendAlarmSpecs(i: BackendAlarmInputs): AlarmSpec[] {
  const m = i.metrics;
  const t = i.thresholds;
  return build(
    i.environment,
    [
      {
        id: 'api_errors',
        thresholdField: 'apiErrors',
        metric: m.apiErrors,
        description:
          'The API function failed invocations (unhandled error, timeout or out of memory). First: the API log group for "level":"error" lines and "Task timed out"; then the last deploy.',
      },
      {
        id: 'api_throttles',
        thresholdField: 'apiThrottles',
        metric: m.apiThrottles,
        description:
          'Lambda refused API invocations: concurrency is at api.reservedConcurrency (or the account limit). First: ConcurrentExecutions on the dashboard and the WAF rate rule; raise api.reservedConcurrency if the traffic is real.',
      },
      {
        id: 'api_duration_p99',
        thresholdField: 'apiDurationP99PercentOfTimeout',
        metric: m.apiDuration,
        description: `The slowest 1% of API invocations is close to the ${i.apiTimeoutSeconds} s timeout. First: DynamoDB and Secrets Manager latency (X-Ray when api.xray is on), cold starts after a deploy, then api.memoryMb.`,
      },
      {
        id: 'function_url_5xx',
        thresholdField: 'functionUrl5xx',
        metric: m.url5xx,
        description:
          'The function URL answered 5xx (function errors, timeouts, throttles, or an answer Lambda could not use). First: the api_errors and api_throttles alarms, then the API log group.',
      },
      {
        id: 'function_url_4xx_rate',
        thresholdField: 'functionUrl4xxRatePercent',
        metric: {
          expression: '100 * FILL(m1, 0) / m2',
          label: 'Function URL 4xx rate (%)',
          metrics: { m1: m.url4xx, m2: m.urlRequests },
        },
        description:
          'A large share of function URL requests answered 4xx. 403s that never reached the API mean signing broke (edge role permissions, SigV4, OAC); 401s with "claims" in the API log mean the claims check failed. First: Url4xxCount next to the API log.',
      },
      {
        id: 'worker_errors',
        thresholdField: 'workerErrors',
        metric: m.workerErrors,
        description:
          "The worker failed SNS events; after Lambda's two retries they go to the worker dead-letter queue. First: the worker log group, then the worker_dlq_messages alarm.",
      },
      {
        id: 'messages_dlq_messages',
        thresholdField: 'deadLetterMessages',
        metric: m.messagesDeadLetterQueue,
        description:
          "SNS could not deliver messages to the worker and parked them in the messages dead-letter queue. First: the worker's resource policy and state (deleted, throttled), the notifications_failed alarm; redrive once fixed.",
      },
      {
        id: 'worker_dlq_messages',
        thresholdField: 'deadLetterMessages',
        metric: m.workerDeadLetterQueue,
        description:
          "Events the worker failed on after Lambda's retries wait in the worker dead-letter queue. First: read one message (its attributes carry the error), fix the cause, then replay or purge.",
      },
      {
        id: 'notifications_failed',
        thresholdField: 'notificationsFailed',
        metric: m.notificationsFailed,
        description:
          "The messages topic failed deliveries to the worker. First: the worker function exists and its SNS permission names the topic; the topic's KMS key policy; then the messages DLQ.",
      },
    ],
    (d) => {
      const v = t[d.thresholdField];
      if (v === null) return null;
      // Duration is in milliseconds; the config gives a percentage of the timeout.
      return d.id === 'api_duration_p99' ? Math.round((i.apiTimeoutSeconds * 1000 * v) / 100) : v;
    },
  );
}

/** Inputs of {@link edgeAlarmSpecs}. */
export interface EdgeAlarmInputs {
  readonly environment: string;
  readonly thresholds: AlarmThresholds;
  readonly metrics: EdgeMetrics;
}

/** Reasons the edge answers 500 with: it cannot do its job (configuration, credentials, a bug). */
export const EDGE_ERROR_REASONS = EDGE_DENY_REASON_NAMES.filter((r) => EDGE_DENY_REASONS[r] >= 500);

/** The alarms of the edge stack (us-east-1), those whose threshold is set and whose metric exists. */
export function edgeAlarmSpecs(i: EdgeAlarmInputs): AlarmSpec[] {
  const m = i.metrics;
  const t = i.thresholds;
  const errorIds = EDGE_ERROR_REASONS.map((_, n) => `m${n + 1}`);
  const defs: AlarmDef[] = [
    {
      id: 'cloudfront_5xx_rate',
      thresholdField: 'cloudfront5xxRatePercent',
      metric: m.errorRate5xx,
      description:
        'A share of viewer requests got a 5xx from CloudFront: the origin (function URL 5xx, 502 signing or TLS trouble), the edge function (its 500s, LambdaExecutionError 503, LambdaValidationError 502). First: the 502/503/504 rates on the dashboard, then the alarms of the function URL and the edge function.',
    },
    {
      id: 'edge_lambda_execution_errors',
      thresholdField: 'edgeLambdaExecutionErrors',
      metric: m.lambdaExecutionErrors,
      description:
        "The Lambda@Edge function crashed, timed out or was throttled at some edge location (viewers get 503). First: the CloudFront console's Lambda@Edge errors by region, then /aws/lambda/us-east-1.<env>-edge-auth in that region; a new edge version is the usual cause.",
    },
    {
      id: 'edge_lambda_validation_errors',
      thresholdField: 'edgeLambdaValidationErrors',
      metric: m.lambdaValidationErrors,
      description:
        'CloudFront refused what the edge function returned (viewers get 502): a read-only or malformed header, a body too large. First: the edge log of the region that served the failing request, then the last change to edge/handler.ts or edge/sign.ts.',
    },
    {
      id: 'edge_errors_us_east_1',
      thresholdField: 'edgeErrorsUsEast1',
      metric: {
        // One count per 500-class reason; FILL: a reason that did not occur has no data.
        expression: errorIds.map((id) => `FILL(${id}, 0)`).join(' + '),
        label: 'Edge 500 answers (us-east-1 log group)',
        metrics: Object.fromEntries(EDGE_ERROR_REASONS.map((r, n) => [errorIds[n], m.denied[r]])),
      },
      description: `The edge function answered 500 (${EDGE_ERROR_REASONS.join(', ')}): it could not check or sign a request. Counted from its us-east-1 log group only (requests served near us-east-1). First: the "reason" of the "level":"error" lines in that log group; no_credentials and origin_host_mismatch point at the role or the backend's function_url_host.`,
    },
  ];
  // Only our own web ACL's metric names are known (not with existing.webAclArn).
  if (m.wafRateRuleBlocked) {
    defs.push({
      id: 'waf_rate_rule_blocked',
      thresholdField: 'wafRateRuleBlocked',
      metric: m.wafRateRuleBlocked,
      description:
        'The WAF rate rule blocked many requests: one or more client IPs exceeded edge.waf.rateLimit. First: the WAF log group (aws-waf-logs-<env>-edge) for the client IPs and paths; a legitimate client needs edge.waf.allowIps or a higher limit.',
    });
  }
  return build(i.environment, defs, (d) => t[d.thresholdField]);
}
