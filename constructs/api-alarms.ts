/**
 * The backend's alarms (backendRegion): the API function, its function URL,
 * the worker, both dead-letter queues and the messages topic
 * (constructs/alarm-catalog.ts), notifying the region's alarm topic: ours
 * (KMS-encrypted, constructs/alarm-topic.ts) or `alarms.snsTopicArn`.
 * Nothing is created with `alarms.enabled = false`.
 */
import { Construct } from 'constructs';
import type { AlarmsConfig } from '../config/alarms-schema';
import { backendAlarmSpecs, type AlarmSpec } from './alarm-catalog';
import { AlarmTopic } from './alarm-topic';
import { MetricAlarm } from './metric-alarm';
import { backendMetrics, type BackendMetricTargets } from './operations-metrics';

/** Props of {@link ApiAlarms}. */
export interface ApiAlarmsProps {
  readonly environment: string;
  /** The `alarms` block of the config. */
  readonly alarms: AlarmsConfig;
  /** api.timeoutSeconds (the duration alarm's threshold is a share of it). */
  readonly apiTimeoutSeconds: number;
  /** What the metrics are keyed on: pass references to the resources (e.g. `function.functionName`). */
  readonly targets: BackendMetricTargets;
  /**
   * Deletion window of the topic's key, days.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * A customer-managed key (config existing.kmsKeyArn) to encrypt the topic
   * with instead of a key of its own; its policy must let CloudWatch use it.
   * @default undefined (a key of its own)
   */
  readonly kmsKeyArn?: string;
}

/** Name of the alarm topic of an environment (one per region that has alarms). */
export const alarmTopicName = (environment: string): string => `${environment}-alarms`;

export class ApiAlarms extends Construct {
  /** ARN of the topic the alarms notify; "" with `alarms.enabled = false`. */
  readonly topicArn: string;
  readonly specs: readonly AlarmSpec[];
  readonly alarms: Readonly<Record<string, MetricAlarm>>;

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    const a = props.alarms;
    this.specs = a.enabled
      ? backendAlarmSpecs({
          environment: props.environment,
          thresholds: a.thresholds,
          metrics: backendMetrics(props.targets),
          apiTimeoutSeconds: props.apiTimeoutSeconds,
        })
      : [];
    if (!a.enabled) {
      this.topicArn = '';
      this.alarms = {};
      return;
    }
    const topic = new AlarmTopic(this, 'alarm_topic', {
      topicName: alarmTopicName(props.environment),
      region: props.targets.region,
      alarmNamePrefix: `${props.environment}-`,
      email: a.email ?? undefined,
      keyDeletionWindowDays: props.keyDeletionWindowDays,
      existingTopicArn: a.snsTopicArn ?? undefined,
      kmsKeyArn: props.kmsKeyArn,
    });
    this.topicArn = topic.arn;
    const alarms: Record<string, MetricAlarm> = {};
    for (const spec of this.specs) alarms[spec.id] = new MetricAlarm(this, spec.id, { spec, timing: a, topicArn: topic.arn });
    this.alarms = alarms;
  }
}
