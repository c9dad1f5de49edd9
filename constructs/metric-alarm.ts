/**
 * One CloudWatch alarm from an {@link AlarmSpec}: a plain metric (a
 * percentile becomes `extended_statistic`) or a metric math expression
 * (`metric_query`), compared "at or above" its threshold, notifying one SNS
 * topic on ALARM and on OK (so a page also gets its all-clear).
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { AlarmSpec, AlarmTiming } from './alarm-catalog';
import { isExpression, type MetricSpec } from './operations-metrics';

/** Props of {@link MetricAlarm}. */
export interface MetricAlarmProps {
  readonly spec: AlarmSpec;
  readonly timing: AlarmTiming;
  /** ARN of the SNS topic to notify (in the alarm's region). */
  readonly topicArn: string;
}

const isPercentile = (stat: string) => /^p\d+(\.\d+)?$/.test(stat);

export class MetricAlarm extends Construct {
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: MetricAlarmProps) {
    super(scope, id);
    const { spec, timing } = props;
    const common = {
      alarmName: spec.name,
      alarmDescription: spec.description,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: spec.threshold,
      evaluationPeriods: timing.evaluationPeriods,
      datapointsToAlarm: timing.evaluationPeriods,
      treatMissingData: spec.treatMissingData,
      actionsEnabled: true,
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    };
    const m = spec.metric;
    if (isExpression(m)) {
      const query = (qid: string, metric: MetricSpec) => ({
        id: qid,
        returnData: false,
        metric: {
          namespace: metric.namespace,
          metricName: metric.metricName,
          // No dimensions: leave the map out rather than write {} (what the API returns as none).
          dimensions: Object.keys(metric.dimensions).length > 0 ? { ...metric.dimensions } : undefined,
          stat: metric.stat,
          period: timing.periodSeconds,
        },
      });
      this.alarm = new CloudwatchMetricAlarm(this, 'resource', {
        ...common,
        metricQuery: [
          { id: 'e1', expression: m.expression, label: m.label, returnData: true },
          ...Object.entries(m.metrics).map(([qid, metric]) => query(qid, metric)),
        ],
      });
    } else {
      const percentile = isPercentile(m.stat);
      this.alarm = new CloudwatchMetricAlarm(this, 'resource', {
        ...common,
        namespace: m.namespace,
        metricName: m.metricName,
        dimensions: Object.keys(m.dimensions).length > 0 ? { ...m.dimensions } : undefined,
        period: timing.periodSeconds,
        statistic: percentile ? undefined : m.stat,
        extendedStatistic: percentile ? m.stat : undefined,
        // A percentile over a handful of invocations (one cold start) is noise:
        // keep the alarm's state until there are enough samples.
        evaluateLowSampleCountPercentiles: percentile ? 'ignore' : undefined,
      });
    }
  }
}
