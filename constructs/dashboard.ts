/**
 * The environment's CloudWatch dashboard: one `aws_cloudwatch_dashboard`
 * whose body is built from typed widgets (the metrics of
 * constructs/operations-metrics.ts, the alarms of constructs/alarm-catalog.ts)
 * and handed to Terraform as data (a local, serialized by `jsonencode`),
 * never written as a string.
 *
 * Layout, top to bottom, 24 columns wide: what this is and the alarm states
 * of both regions; the API (invocations, errors, throttles, duration p99
 * against its alarm and the timeout, function URL answers); the worker, its
 * dead-letter queues and the messages topic; CloudFront (requests, error
 * rates, Lambda@Edge errors, origin latency with the additional metrics);
 * WAF; the edge function's deny reasons from its us-east-1 log group. Each
 * chart that an alarm watches carries the alarm's threshold as a line.
 */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Fn, TerraformLocal } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { Construct } from 'constructs';
import type { AlarmSpec } from './alarm-catalog';
import {
  EDGE_DENY_REASONS,
  EDGE_DENY_REASON_NAMES,
  isExpression,
  type BackendMetrics,
  type EdgeDenyReason,
  type EdgeMetrics,
  type ExpressionSpec,
  type MetricSpec,
} from './operations-metrics';

// ---- the dashboard body model (CloudWatch "Dashboard Body Structure and Syntax") ----

/** Rendering options of one metric line. */
export interface MetricLineOptions {
  readonly id?: string;
  readonly label?: string;
  readonly stat?: string;
  readonly visible?: boolean;
  readonly expression?: string;
}
/** `[namespace, metricName, dim1, value1, ..., options]`, or `[{ expression, id, label }]`. */
export type MetricLine = readonly (string | MetricLineOptions)[];

export interface HorizontalAnnotation {
  readonly label: string;
  readonly value: number;
  readonly color?: string;
}

export interface MetricWidgetProperties {
  readonly title: string;
  readonly region: string;
  readonly view: 'timeSeries' | 'singleValue';
  readonly stacked: boolean;
  readonly period: number;
  readonly metrics: readonly MetricLine[];
  readonly annotations?: { readonly horizontal: readonly HorizontalAnnotation[] };
  readonly yAxis?: { readonly left: { readonly min?: number; readonly max?: number; readonly label?: string; readonly showUnits?: boolean } };
}

export type Widget =
  | {
      readonly type: 'metric';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly properties: MetricWidgetProperties;
    }
  | {
      readonly type: 'text';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly properties: { readonly markdown: string };
    }
  | {
      readonly type: 'alarm';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly properties: {
        readonly title: string;
        readonly alarms: readonly string[];
        readonly sortBy: 'stateUpdatedTimestamp';
        readonly states?: readonly string[];
      };
    };

export interface DashboardBody {
  readonly widgets: readonly Widget[];
}

/** A widget before layout: its width and what it shows. */
export type WidgetContent =
  | { readonly type: 'metric'; readonly width: number; readonly properties: MetricWidgetProperties }
  | { readonly type: 'text'; readonly width: number; readonly properties: { readonly markdown: string } }
  | { readonly type: 'alarm'; readonly width: number; readonly properties: Extract<Widget, { type: 'alarm' }>['properties'] };

export const DASHBOARD_COLUMNS = 24;
const ROW_HEIGHT = 6;

/** Places rows of widgets left to right, top to bottom; a row may not be wider than 24 columns. */
export function layout(rows: readonly (readonly WidgetContent[])[]): DashboardBody {
  const widgets: Widget[] = [];
  rows.forEach((row, i) => {
    const width = row.reduce((sum, w) => sum + w.width, 0);
    if (width > DASHBOARD_COLUMNS) throw new Error(`dashboard row ${i} is ${width} columns wide (at most ${DASHBOARD_COLUMNS})`);
    let x = 0;
    for (const w of row) {
      widgets.push({ ...w, x, y: i * ROW_HEIGHT, height: ROW_HEIGHT } as Widget);
      x += w.width;
    }
  });
  return { widgets };
}

const sameMetric = (a: MetricSpec, b: MetricSpec) =>
  a.namespace === b.namespace && a.metricName === b.metricName && a.stat === b.stat && JSON.stringify(a.dimensions) === JSON.stringify(b.dimensions);

/** The lines of one metric or expression (its inputs hidden), with ids unique in the widget. */
function metricLines(m: MetricSpec | ExpressionSpec, n: number): MetricLine[] {
  const line = (s: MetricSpec, options: MetricLineOptions): MetricLine => [
    s.namespace,
    s.metricName,
    ...Object.entries(s.dimensions).flat(),
    { stat: s.stat, label: s.label, ...options },
  ];
  if (!isExpression(m)) return [line(m, {})];
  // Metric math ids must start with a lower-case letter and be unique within the widget.
  const prefix = `w${n}`;
  const expression = Object.keys(m.metrics).reduce((e, id) => e.replace(new RegExp(`\\b${id}\\b`, 'g'), `${prefix}${id}`), m.expression);
  return [[{ expression, label: m.label, id: `${prefix}e` }], ...Object.entries(m.metrics).map(([id, s]) => line(s, { id: `${prefix}${id}`, visible: false }))];
}

/** A time series chart of metrics in one region, with the thresholds of the alarms that watch them. */
export function metricWidget(
  title: string,
  width: number,
  metrics: readonly (MetricSpec | ExpressionSpec)[],
  options: { readonly period: number; readonly alarms?: readonly AlarmSpec[]; readonly extraLines?: readonly HorizontalAnnotation[]; readonly yLabel?: string },
): WidgetContent {
  const regions = [...new Set(metrics.map((m) => (isExpression(m) ? Object.values(m.metrics)[0].region : m.region)))];
  if (regions.length !== 1) throw new Error(`dashboard widget "${title}" mixes regions ${regions.join(', ')}`);
  const horizontal: HorizontalAnnotation[] = [...(options.extraLines ?? [])];
  for (const alarm of options.alarms ?? []) {
    const watched = alarm.metric;
    const shown = metrics.some((m) => (isExpression(m) || isExpression(watched) ? m === watched : sameMetric(m, watched)));
    if (shown) horizontal.push({ label: `alarm ${alarm.name}`, value: alarm.threshold, color: '#d62728' });
  }
  return {
    type: 'metric',
    width,
    properties: {
      title,
      region: regions[0],
      view: 'timeSeries',
      stacked: false,
      period: options.period,
      metrics: metrics.flatMap((m, n) => metricLines(m, n)),
      ...(horizontal.length > 0 ? { annotations: { horizontal } } : {}),
      yAxis: { left: { min: 0, ...(options.yLabel ? { label: options.yLabel } : {}) } },
    },
  };
}

// ---- this project's dashboard ----

/** Props of {@link OperationsDashboard}. */
export interface OperationsDashboardProps {
  readonly dashboardName: string;
  readonly environment: string;
  readonly backendRegion: string;
  /** The backend's metrics (by resource name: the backend is another stack). */
  readonly backend: BackendMetrics;
  readonly edge: EdgeMetrics;
  /** The alarms of each region (their ARNs make the alarm status widgets). */
  readonly backendAlarms: readonly AlarmSpec[];
  readonly edgeAlarms: readonly AlarmSpec[];
  /** api.timeoutSeconds, drawn on the duration chart. */
  readonly apiTimeoutSeconds: number;
  /** Whether CloudFront's additional metrics are on (401/403/5xx-by-code rates, origin latency). */
  readonly cloudfrontAdditionalMetrics: boolean;
  /** Chart period, seconds (the alarms' period). */
  readonly periodSeconds: number;
}

/** The dashboard body (with Terraform references for the account, partition and distribution). */
export function operationsDashboardBody(p: OperationsDashboardProps, account: { readonly partition: string; readonly accountId: string }): DashboardBody {
  const b = p.backend;
  const e = p.edge;
  const alarms = [...p.backendAlarms, ...p.edgeAlarms];
  const opts = { period: p.periodSeconds, alarms };
  const arn = (region: string, spec: AlarmSpec) => `arn:${account.partition}:cloudwatch:${region}:${account.accountId}:alarm:${spec.name}`;
  const alarmWidget = (title: string, region: string, specs: readonly AlarmSpec[]): WidgetContent =>
    specs.length > 0
      ? { type: 'alarm', width: 8, properties: { title, alarms: specs.map((s) => arn(region, s)), sortBy: 'stateUpdatedTimestamp' } }
      : { type: 'text', width: 8, properties: { markdown: `**${title}**: none (config alarms.enabled, alarms.thresholds).` } };
  const denied = (title: string, keep: (status: number) => boolean): WidgetContent =>
    metricWidget(
      title,
      6,
      EDGE_DENY_REASON_NAMES.filter((r) => keep(EDGE_DENY_REASONS[r])).map((r: EdgeDenyReason) => e.denied[r]),
      { ...opts, yLabel: 'requests (us-east-1 only)' },
    );
  const extra = p.cloudfrontAdditionalMetrics;
  const wafMetrics = [e.wafAllowed, e.wafBlocked, e.wafRateRuleBlocked].filter((m): m is MetricSpec => m !== undefined);

  const rows: WidgetContent[][] = [
    [
      {
        type: 'text',
        width: 8,
        properties: {
          // One line, no double quotes: the `cdktf synth --hcl` renderer escapes neither.
          markdown: [
            `## ${p.environment}: secure-function-url.`,
            `Backend in **${p.backendRegion}**; CloudFront, WAF and Lambda@Edge in **us-east-1**.`,
            'Each alarm says what to check first; the runbook is the README section Operating it.',
            "The edge deny reasons (bottom row) come from the edge function's **us-east-1** log group only: requests served in other regions log there.",
            "CloudFront's 401/403 rates are the global view.",
          ].join(' '),
        },
      },
      alarmWidget(`Alarms in ${p.backendRegion}`, p.backendRegion, p.backendAlarms),
      alarmWidget('Alarms in us-east-1', 'us-east-1', p.edgeAlarms),
    ],
    [
      metricWidget('API invocations, errors, throttles', 8, [b.apiInvocations, b.apiErrors, b.apiThrottles], opts),
      metricWidget('API duration p99 (ms)', 8, [b.apiDuration], { ...opts, extraLines: [{ label: 'timeout', value: p.apiTimeoutSeconds * 1000 }] }),
      metricWidget('Function URL answers', 8, [b.urlRequests, b.url4xx, b.url5xx], opts),
    ],
    [
      metricWidget('Worker', 8, [b.workerInvocations, b.workerErrors], opts),
      metricWidget('Dead-letter queues (messages visible)', 8, [b.messagesDeadLetterQueue, b.workerDeadLetterQueue], opts),
      metricWidget('Messages topic deliveries', 8, [b.notificationsDelivered, b.notificationsFailed], opts),
    ],
    [
      metricWidget('CloudFront viewer requests', extra ? 6 : 8, [e.requests], opts),
      metricWidget(
        'CloudFront error rates (%)',
        extra ? 6 : 8,
        extra
          ? [e.errorRate4xx, e.errorRate5xx, e.errorRate401, e.errorRate403, e.errorRate502, e.errorRate503, e.errorRate504]
          : [e.errorRate4xx, e.errorRate5xx],
        opts,
      ),
      metricWidget('Lambda@Edge errors (all regions)', extra ? 6 : 8, [e.lambdaExecutionErrors, e.lambdaValidationErrors], opts),
      ...(extra ? [metricWidget('CloudFront origin latency p99 (ms)', 6, [e.originLatency], opts)] : []),
    ],
    ...(wafMetrics.length > 0 ? [[metricWidget('WAF requests', 24, wafMetrics, opts)]] : []),
    [
      denied('Edge 400 (bad request)', (s) => s === 400),
      denied('Edge 401 (token)', (s) => s === 401),
      denied('Edge 403 / 413', (s) => s === 403 || s === 413),
      denied('Edge 500 (cannot check or sign)', (s) => s >= 500),
    ],
  ];
  return layout(rows);
}

export class OperationsDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  readonly name: string;
  readonly body: DashboardBody;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'account', {});
    const partition = new DataAwsPartition(this, 'partition', {});
    this.body = operationsDashboardBody(props, { partition: partition.partition, accountId: account.accountId });
    // A local holds the body as data (readable in the plan, and rendered as
    // HCL by `cdktf synth --hcl`); Terraform serializes it with jsonencode.
    const body = new TerraformLocal(this, 'body', this.body);
    this.dashboard = new CloudwatchDashboard(this, 'resource', {
      dashboardName: props.dashboardName,
      dashboardBody: Fn.jsonencode(body.expression),
    });
    this.name = this.dashboard.dashboardName;
  }
}
