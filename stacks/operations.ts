/**
 * The edge stack's operations, wired from the config: the us-east-1 alarms,
 * the edge's log metrics and CloudFront's additional metrics
 * (constructs/edge-alarms.ts), and the environment's one dashboard
 * (constructs/dashboard.ts), which also charts the backend (by the resource
 * names both stacks derive from the environment, lib/resource-names.ts) and
 * shows the state of the backend region's alarms.
 */
import type { Construct } from 'constructs';
import type { Config } from '../config/schema';
import { backendAlarmSpecs } from '../constructs/alarm-catalog';
import { OperationsDashboard } from '../constructs/dashboard';
import { EdgeAlarms, RATE_RULE_NAME } from '../constructs/edge-alarms';
import { backendMetrics } from '../constructs/operations-metrics';
import type { WebAcl } from '../constructs/web-acl';
import { EDGE_REGION, resourceNames } from '../lib/resource-names';
import { isDisposable } from './naming';

/** What the edge stack hands over. */
export interface EdgeOperationsParts {
  readonly distributionId: string;
  /** The edge function's us-east-1 log group name. */
  readonly edgeLogGroupName: string;
  /** Our web ACL; undefined with `existing.webAclArn`. */
  readonly webAcl?: WebAcl;
  /** Reads the backend stack's `alarm_topic_arn` output (only called when backendRegion is us-east-1). */
  readonly backendAlarmTopicArn: () => string;
}

/** Name of the environment's dashboard. */
export const dashboardName = (environment: string): string => `${environment}-secure-function-url`;

export interface EdgeOperations {
  readonly alarms: EdgeAlarms;
  readonly dashboard?: OperationsDashboard;
  /** ARN of the us-east-1 alarm topic; "" with alarms off. */
  readonly topicArn: string;
  /** "" with `alarms.dashboard = false`. */
  readonly dashboardName: string;
}

/** Adds the edge's alarms (construct id `operations`) and the dashboard (`dashboard`) to the edge stack. */
export function addEdgeOperations(scope: Construct, config: Config, parts: EdgeOperationsParts): EdgeOperations {
  const env = config.environment;
  const names = resourceNames(env);
  const a = config.alarms;
  const alarms = new EdgeAlarms(scope, 'operations', {
    environment: env,
    backendRegion: config.backendRegion,
    alarms: a,
    distributionId: parts.distributionId,
    edgeLogGroupName: parts.edgeLogGroupName,
    webAcl: parts.webAcl
      ? { metricName: parts.webAcl.acl.visibilityConfig.metricName, rateRuleMetricName: `${names.wafNamePrefix}-${RATE_RULE_NAME}` }
      : undefined,
    backendAlarmTopicArn: a.enabled && config.backendRegion === EDGE_REGION ? parts.backendAlarmTopicArn() : undefined,
    keyDeletionWindowDays: isDisposable(config) ? 7 : 30,
  });
  let dashboard: OperationsDashboard | undefined;
  if (a.dashboard) {
    // The backend is another stack: its metrics by the names it gives its resources.
    const backend = backendMetrics({
      region: config.backendRegion,
      apiFunctionName: names.apiFunction,
      workerFunctionName: names.workerFunction,
      messagesDeadLetterQueueName: names.messagesDeadLetterQueue,
      workerDeadLetterQueueName: names.workerDeadLetterQueue,
      messagesTopicName: names.messagesTopic,
    });
    dashboard = new OperationsDashboard(scope, 'dashboard', {
      dashboardName: dashboardName(env),
      environment: env,
      backendRegion: config.backendRegion,
      backend,
      edge: alarms.metrics,
      backendAlarms: a.enabled
        ? backendAlarmSpecs({ environment: env, thresholds: a.thresholds, metrics: backend, apiTimeoutSeconds: config.api.timeoutSeconds })
        : [],
      edgeAlarms: alarms.specs,
      apiTimeoutSeconds: config.api.timeoutSeconds,
      cloudfrontAdditionalMetrics: a.cloudfrontAdditionalMetrics,
      periodSeconds: a.periodSeconds,
    });
  }
  return { alarms, dashboard, topicArn: alarms.topicArn, dashboardName: dashboard?.name ?? '' };
}
