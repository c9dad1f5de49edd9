/**
 * The edge's operations in us-east-1, where CloudFront and a CLOUDFRONT web
 * ACL publish their metrics:
 * - CloudFront's additional metrics (`aws_cloudfront_monitoring_subscription`,
 *   `alarms.cloudfrontAdditionalMetrics`): the per-status rates (401, 403,
 *   502, 503, 504) and origin latency. The Lambda@Edge error metrics are
 *   read with it on; whether they also appear without it is not stated in
 *   the CloudFront documentation we could check (deploy checklist).
 * - The edge function's deny reasons from its us-east-1 log group
 *   (constructs/edge-deny-metrics.ts).
 * - The alarms (constructs/alarm-catalog.ts) and their topic: ours in
 *   us-east-1, `alarms.edgeSnsTopicArn`, or, when backendRegion is us-east-1,
 *   the backend's topic (one topic per region).
 * With `alarms.enabled = false` there are no alarms or topic; the metrics
 * stay while the dashboard is on.
 */
import { CloudfrontMonitoringSubscription } from '@cdktf/provider-aws/lib/cloudfront-monitoring-subscription';
import { Construct } from 'constructs';
import type { AlarmsConfig } from '../config/alarms-schema';
import { EDGE_REGION } from '../lib/resource-names';
import { edgeAlarmSpecs, type AlarmSpec } from './alarm-catalog';
import { AlarmTopic } from './alarm-topic';
import { alarmTopicName } from './api-alarms';
import { EdgeDenyMetrics } from './edge-deny-metrics';
import { MetricAlarm } from './metric-alarm';
import { edgeMetrics, type EdgeMetrics } from './operations-metrics';
import type { WAF_RULE_PRIORITIES } from './web-acl';

/** The web ACL's metric names: the web ACL's own and its rate rule's. */
export interface WebAclMetricNames {
  readonly metricName: string;
  readonly rateRuleMetricName: string;
}

/** The rate rule's name in constructs/web-acl.ts (its metric name is `<namePrefix>-<rule name>`). */
export const RATE_RULE_NAME: keyof typeof WAF_RULE_PRIORITIES = 'RateLimitPerIp';

/** Props of {@link EdgeAlarms}. */
export interface EdgeAlarmsProps {
  readonly environment: string;
  readonly backendRegion: string;
  readonly alarms: AlarmsConfig;
  /** The distribution's id (reference). */
  readonly distributionId: string;
  /** The edge function's us-east-1 log group name (reference). */
  readonly edgeLogGroupName: string;
  /**
   * Our web ACL's metric names.
   * @default undefined (`existing.webAclArn`: no WAF alarm or charts)
   */
  readonly webAcl?: WebAclMetricNames;
  /**
   * The backend stack's alarm topic (its `alarm_topic_arn` output): used
   * when backendRegion is us-east-1 instead of a second topic there.
   * @default undefined
   */
  readonly backendAlarmTopicArn?: string;
  /**
   * Deletion window of the topic's key, days.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
}

export class EdgeAlarms extends Construct {
  /** ARN of the topic the us-east-1 alarms notify; "" with `alarms.enabled = false`. */
  readonly topicArn: string;
  readonly metrics: EdgeMetrics;
  readonly specs: readonly AlarmSpec[];
  readonly alarms: Readonly<Record<string, MetricAlarm>>;
  /** Undefined when neither alarms nor the dashboard are on. */
  readonly denyMetrics?: EdgeDenyMetrics;
  readonly monitoringSubscription?: CloudfrontMonitoringSubscription;

  constructor(scope: Construct, id: string, props: EdgeAlarmsProps) {
    super(scope, id);
    const a = props.alarms;
    this.metrics = edgeMetrics({ environment: props.environment, distributionId: props.distributionId, webAcl: props.webAcl });
    const used = a.enabled || a.dashboard;
    if (used && a.cloudfrontAdditionalMetrics) {
      this.monitoringSubscription = new CloudfrontMonitoringSubscription(this, 'cloudfront_additional_metrics', {
        distributionId: props.distributionId,
        monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' } },
      });
    }
    if (used) this.denyMetrics = new EdgeDenyMetrics(this, 'edge_denied', { environment: props.environment, logGroupName: props.edgeLogGroupName });

    this.specs = a.enabled ? edgeAlarmSpecs({ environment: props.environment, thresholds: a.thresholds, metrics: this.metrics }) : [];
    if (!a.enabled) {
      this.topicArn = '';
      this.alarms = {};
      return;
    }
    const sharesBackendRegion = props.backendRegion === EDGE_REGION;
    if (sharesBackendRegion && props.backendAlarmTopicArn === undefined) {
      throw new Error(`${this.node.path}: backendRegion is ${EDGE_REGION}: pass the backend's alarm topic (backendAlarmTopicArn)`);
    }
    this.topicArn = sharesBackendRegion
      ? props.backendAlarmTopicArn!
      : new AlarmTopic(this, 'alarm_topic', {
          topicName: alarmTopicName(props.environment),
          region: EDGE_REGION,
          alarmNamePrefix: `${props.environment}-`,
          email: a.email ?? undefined,
          keyDeletionWindowDays: props.keyDeletionWindowDays,
          existingTopicArn: a.edgeSnsTopicArn ?? undefined,
        }).arn;
    const alarms: Record<string, MetricAlarm> = {};
    for (const spec of this.specs) alarms[spec.id] = new MetricAlarm(this, spec.id, { spec, timing: a, topicArn: this.topicArn });
    this.alarms = alarms;
  }
}
