/**
 * The `alarms` block of a config: CloudWatch alarms, where they notify, their
 * thresholds, and the operations dashboard. Imported by config/schema.ts as
 * one top-level field; the README's "Operating it" section describes each
 * alarm.
 *
 * Every threshold is a number or `null`; `null` turns that alarm off. Two
 * alarms are off by default (the function URL's 4xx rate and the WAF rate
 * rule's blocks): both fire on client behaviour rather than on a fault of
 * ours, so a team turns them on once it knows its normal levels.
 */
import { z } from 'zod';
import { asRecord as obj } from '../lib/json';
import { EDGE_REGION } from '../lib/resource-names';

const whole = (min: number, max: number, what: string) => {
  const error = `a whole number from ${min} to ${max} (${what}), or null to turn this alarm off`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const percent = (min: number, max: number, what: string) => {
  const error = `a number from ${min} to ${max} (${what}), or null to turn this alarm off`;
  return z.number({ error }).min(min, { error }).max(max, { error });
};

/**
 * An SNS topic ARN; the region (group 1) and account (group 2) are checked
 * against the config by {@link alarmsProblems}.
 */
export const SNS_TOPIC_ARN = /^arn:aws(?:-[a-z]+)*:sns:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;
/** Deliberately loose: one `@`, no spaces, a dot in the domain (SNS confirms the address anyway). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const thresholdsSchema = z.strictObject({
  /** API function `Errors` (Sum over one period) at or above this. @default 1 */
  apiErrors: whole(1, 1_000_000, 'errors per period').nullable().default(1),
  /** API function `Throttles` (Sum) at or above this. @default 1 */
  apiThrottles: whole(1, 1_000_000, 'throttled invocations per period').nullable().default(1),
  /** API function `Duration` p99 at or above this percentage of `api.timeoutSeconds`. @default 80 */
  apiDurationP99PercentOfTimeout: percent(10, 100, 'percent of api.timeoutSeconds').nullable().default(80),
  /** Function URL `Url5xxCount` (Sum) at or above this. @default 1 */
  functionUrl5xx: whole(1, 1_000_000, '5xx answers per period').nullable().default(1),
  /** Function URL 4xx rate, 100 * Url4xxCount / UrlRequestCount, at or above this percentage. @default null (off) */
  functionUrl4xxRatePercent: percent(1, 100, 'percent of function URL requests').nullable().default(null),
  /** Worker `Errors` (Sum) at or above this. @default 1 */
  workerErrors: whole(1, 1_000_000, 'errors per period').nullable().default(1),
  /** `ApproximateNumberOfMessagesVisible` (Maximum) of either dead-letter queue at or above this. @default 1 */
  deadLetterMessages: whole(1, 1_000_000, 'messages waiting').nullable().default(1),
  /** Messages topic `NumberOfNotificationsFailed` (Sum) at or above this. @default 1 */
  notificationsFailed: whole(1, 1_000_000, 'failed deliveries per period').nullable().default(1),
  /** CloudFront `5xxErrorRate` (Average) at or above this percentage. @default 5 */
  cloudfront5xxRatePercent: percent(0.1, 100, 'percent of viewer requests').nullable().default(5),
  /** CloudFront `LambdaExecutionError` (Sum) at or above this. @default 1 */
  edgeLambdaExecutionErrors: whole(1, 1_000_000, 'errors per period').nullable().default(1),
  /** CloudFront `LambdaValidationError` (Sum) at or above this. @default 1 */
  edgeLambdaValidationErrors: whole(1, 1_000_000, 'errors per period').nullable().default(1),
  /**
   * Edge function answers with status 500 (its own "cannot do my job" denials),
   * counted from its us-east-1 log group only (see the README). @default 1
   */
  edgeErrorsUsEast1: whole(1, 1_000_000, 'edge 500 answers per period').nullable().default(1),
  /** WAF `BlockedRequests` (Sum) of the rate-based rule at or above this. @default null (off) */
  wafRateRuleBlocked: whole(1, 1_000_000_000, 'blocked requests per period').nullable().default(null),
});

export const alarmsSchema = z.strictObject({
  /** Create the alarms and their topics. @default true */
  enabled: z.boolean().default(true),
  /**
   * An email address subscribed to every alarm topic this project creates
   * (SNS sends a confirmation mail first). @default null (no subscription)
   */
  email: z.string().regex(EMAIL, { error: 'an email address such as "oncall@example.com"' }).nullable().default(null),
  /**
   * Bring your own topic for the alarms in `backendRegion` (CloudWatch alarm
   * actions must be in the alarm's region). Its policy must let
   * `cloudwatch.amazonaws.com` publish (and use its key, when encrypted).
   * @default null (a KMS-encrypted topic of our own)
   */
  snsTopicArn: z.string().regex(SNS_TOPIC_ARN, { error: 'an SNS topic ARN: arn:aws:sns:<region>:<account>:<name>' }).nullable().default(null),
  /**
   * Bring your own topic for the alarms in us-east-1 (CloudFront, WAF, the
   * edge function's log metrics). When `backendRegion` is us-east-1 the
   * backend's topic (`snsTopicArn` or ours) is used and this must stay null.
   * @default null (a KMS-encrypted topic of our own in us-east-1)
   */
  edgeSnsTopicArn: z.string().regex(SNS_TOPIC_ARN, { error: 'an SNS topic ARN: arn:aws:sns:us-east-1:<account>:<name>' }).nullable().default(null),
  /** Length of one evaluation period of every alarm, seconds. @default 300 */
  periodSeconds: z.union([z.literal(60), z.literal(300), z.literal(900), z.literal(3600)], { error: 'one of 60, 300, 900, 3600 (seconds)' }).default(300),
  /** Periods in a row that must breach before an alarm fires. @default 1 */
  evaluationPeriods: z
    .number()
    .int({ error: 'a whole number from 1 to 10' })
    .min(1, { error: 'a whole number from 1 to 10' })
    .max(10, { error: 'a whole number from 1 to 10' })
    .default(1),
  /**
   * CloudFront's additional distribution metrics (401/403/404/502/503/504 rates,
   * origin latency, cache hit rate), billed per distribution as CloudWatch
   * metrics. The dashboard's global view of edge denials (401/403 rates) needs them.
   * @default true
   */
  cloudfrontAdditionalMetrics: z.boolean().default(true),
  /** One CloudWatch dashboard for the environment, in us-east-1. @default true */
  dashboard: z.boolean().default(true),
  thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
});

export type AlarmsConfig = z.infer<typeof alarmsSchema>;
export type AlarmThresholds = AlarmsConfig['thresholds'];

/** The `alarms` block with every default applied (what a config without one gets). */
export const ALARMS_DEFAULTS: AlarmsConfig = alarmsSchema.parse({});

/** A problem of the `alarms` block that spans fields (same shape as config/schema.ts's CrossFieldProblem). */
export interface AlarmsProblem {
  readonly path: readonly (string | number)[];
  readonly allowed: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Checks of `alarms` against the rest of the config, on the raw input (so
 * they run even when other fields are invalid): a topic must be in the
 * region of the alarms that use it, both topics in one account, and an
 * email needs a topic of ours to subscribe to.
 */
export function alarmsProblems(root: Record<string, unknown>): AlarmsProblem[] {
  const problems: AlarmsProblem[] = [];
  const alarms = obj(root.alarms);
  const backendRegion = str(root.backendRegion);
  const backendTopic = str(alarms.snsTopicArn);
  const edgeTopic = str(alarms.edgeSnsTopicArn);
  const backendMatch = backendTopic === undefined ? null : SNS_TOPIC_ARN.exec(backendTopic);
  const edgeMatch = edgeTopic === undefined ? null : SNS_TOPIC_ARN.exec(edgeTopic);
  if (backendMatch && backendRegion !== undefined && backendMatch[1] !== backendRegion) {
    problems.push({
      path: ['alarms', 'snsTopicArn'],
      allowed: `a topic in backendRegion (${backendRegion}): CloudWatch alarms notify only topics in their own region`,
    });
  }
  if (edgeTopic !== undefined && backendRegion === EDGE_REGION) {
    problems.push({
      path: ['alarms', 'edgeSnsTopicArn'],
      allowed: `null: backendRegion is ${EDGE_REGION}, so the us-east-1 alarms use the backend's topic (alarms.snsTopicArn, or ours)`,
    });
  } else if (edgeMatch && edgeMatch[1] !== EDGE_REGION) {
    problems.push({
      path: ['alarms', 'edgeSnsTopicArn'],
      allowed: `a topic in ${EDGE_REGION}: CloudFront and WAF (scope CLOUDFRONT) publish their metrics there, and alarms notify only topics in their own region`,
    });
  }
  if (backendMatch && edgeMatch && backendMatch[2] !== edgeMatch[2]) {
    problems.push({ path: ['alarms', 'edgeSnsTopicArn'], allowed: `a topic in the account of alarms.snsTopicArn (${backendMatch[2]})` });
  }
  const ownTopics = (backendTopic === undefined ? 1 : 0) + (edgeTopic === undefined && backendRegion !== EDGE_REGION ? 1 : 0);
  if (str(alarms.email) !== undefined && ownTopics === 0) {
    problems.push({
      path: ['alarms', 'email'],
      allowed:
        'null: every alarm topic is brought (snsTopicArn/edgeSnsTopicArn), and the email is only subscribed to topics this project creates; subscribe it to yours',
    });
  }
  if (str(alarms.email) !== undefined && alarms.enabled === false) {
    problems.push({ path: ['alarms', 'email'], allowed: 'null while alarms.enabled is false (no alarm topic is created)' });
  }
  return problems;
}
