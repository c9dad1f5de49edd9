/**
 * The edge stack's operations (constructs/edge-alarms.ts, stacks/operations.ts):
 * the us-east-1 alarms, CloudFront's additional metrics, the deny-reason
 * metric filters, the topic, and the dashboard.
 */
import { EDGE_ERROR_REASONS } from '../../constructs/alarm-catalog';
import { DASHBOARD_COLUMNS, type DashboardBody } from '../../constructs/dashboard';
import { EDGE_DENY_REASON_NAMES } from '../../constructs/operations-metrics';
import { EDGE_OUTPUTS } from '../../stacks/outputs';
import { WEB_ACL } from './platform-fixtures';
import { resource, resources, synthApp, testConfig, type SynthedApp, type TfJson } from './synth-helpers';

const DISTRIBUTION = { DistributionId: '${aws_cloudfront_distribution.distribution.id}', Region: 'Global' };
const TOPIC = '${aws_sns_topic.operations_alarm_topic.arn}';
const alarm = (json: TfJson, id: string) => resource(json, 'aws_cloudwatch_metric_alarm', `operations_${id}`);
const body = (json: TfJson): DashboardBody => (json.locals as any).dashboard_body;

describe('edge operations', () => {
  let dev: SynthedApp;
  let edge: TfJson;
  beforeAll(() => {
    dev = synthApp(testConfig('dev'));
    edge = dev.edge;
  });

  describe('alarms (us-east-1)', () => {
    it.each<[string, string, Record<string, unknown>]>([
      ['cloudfront_5xx_rate', '5xxErrorRate', { statistic: 'Average', threshold: 5 }],
      ['edge_lambda_execution_errors', 'LambdaExecutionError', { statistic: 'Sum', threshold: 1 }],
      ['edge_lambda_validation_errors', 'LambdaValidationError', { statistic: 'Sum', threshold: 1 }],
    ])('%s watches AWS/CloudFront %s of the distribution (Region = Global)', (id, metricName, rest) => {
      expect(alarm(edge, id)).toMatchObject({
        alarm_name: `dev-${id.replace(/_/g, '-')}`,
        namespace: 'AWS/CloudFront',
        metric_name: metricName,
        dimensions: DISTRIBUTION,
        ...rest,
      });
    });

    it("counts the edge function's 500 answers from its deny-reason metrics (us-east-1 log group)", () => {
      const a = alarm(edge, 'edge_errors_us_east_1');
      expect(a).toMatchObject({ alarm_name: 'dev-edge-errors-us-east-1', threshold: 1 });
      const [expression, ...inputs] = a.metric_query;
      expect(expression).toMatchObject({ id: 'e1', return_data: true, expression: EDGE_ERROR_REASONS.map((_, i) => `FILL(m${i + 1}, 0)`).join(' + ') });
      expect(inputs.map((q: any) => q.metric.metric_name)).toEqual(EDGE_ERROR_REASONS.map((r) => `EdgeDenied.${r}`));
      for (const q of inputs) {
        expect(q.metric).toMatchObject({ namespace: 'SecureFunctionUrl/dev', stat: 'Sum', period: 300 });
        // Log metrics have no dimensions: no `dimensions = {}` for the API to answer as none (a plan diff).
        expect(q.metric.dimensions).toBeUndefined();
      }
      expect(EDGE_ERROR_REASONS).toEqual([
        'include_body_off',
        'no_claims_key',
        'not_a_custom_origin',
        'origin_host_mismatch',
        'no_credentials',
        'unexpected_error',
      ]);
    });

    it('notify a topic of their own region, on ALARM and OK, treating missing data as no event', () => {
      const all = resources(edge, 'aws_cloudwatch_metric_alarm');
      expect(Object.keys(all).sort()).toEqual(
        ['cloudfront_5xx_rate', 'edge_errors_us_east_1', 'edge_lambda_execution_errors', 'edge_lambda_validation_errors'].map((i) => `operations_${i}`),
      );
      for (const a of Object.values(all)) {
        expect(a).toMatchObject({
          alarm_actions: [TOPIC],
          ok_actions: [TOPIC],
          treat_missing_data: 'notBreaching',
          comparison_operator: 'GreaterThanOrEqualToThreshold',
        });
        expect(a.alarm_description).toMatch(/First: /);
      }
      expect(resource(edge, 'aws_sns_topic', 'operations_alarm_topic')).toMatchObject({
        name: 'dev-alarms',
        kms_master_key_id: '${aws_kms_key.operations_alarm_topic_key.arn}',
      });
    });

    it('watch the WAF rate rule only when its threshold is set, by the metric names the web ACL publishes (no Region dimension)', () => {
      expect(resources(edge, 'aws_cloudwatch_metric_alarm').operations_waf_rate_rule_blocked).toBeUndefined();
      const on = synthApp(testConfig('dev', (c) => (c.alarms = { thresholds: { wafRateRuleBlocked: 500 } }))).edge;
      const a = alarm(on, 'waf_rate_rule_blocked');
      expect(a).toMatchObject({ namespace: 'AWS/WAFV2', metric_name: 'BlockedRequests', statistic: 'Sum', threshold: 500 });
      expect(a.dimensions).toEqual({ WebACL: '${aws_wafv2_web_acl.waf.visibility_config[0].metric_name}', Rule: 'dev-edge-RateLimitPerIp' });
      // The Rule dimension is the rate rule's own metric name in the web ACL.
      const rule = resource(on, 'aws_wafv2_web_acl', 'waf').rule.find((r: any) => r.name === 'RateLimitPerIp');
      expect(rule.visibility_config.metric_name).toBe(a.dimensions.Rule);
      expect(rule.statement.rate_based_statement).toBeDefined();
    });

    it('have no WAF alarm with existing.webAclArn (its metric names are not ours)', () => {
      const byo = synthApp(testConfig('dev', (c) => ((c.existing = { webAclArn: WEB_ACL }), (c.alarms = { thresholds: { wafRateRuleBlocked: 500 } })))).edge;
      expect(resources(byo, 'aws_cloudwatch_metric_alarm').operations_waf_rate_rule_blocked).toBeUndefined();
      expect(JSON.stringify(body(byo))).not.toContain('AWS/WAFV2');
    });

    it("use the backend's topic when the backend is in us-east-1 (one topic per region)", () => {
      const east = synthApp(testConfig('dev', (c) => (c.backendRegion = 'us-east-1')));
      expect(resources(east.edge, 'aws_sns_topic')).toEqual({});
      expect(resources(east.edge, 'aws_kms_key')).toEqual({});
      const ref = '${data.terraform_remote_state.backend_stack.outputs.alarm_topic_arn}';
      expect(alarm(east.edge, 'cloudfront_5xx_rate').alarm_actions).toEqual([ref]);
      expect(east.edge.output[EDGE_OUTPUTS.alarmTopicArn].value).toBe(ref);
      expect(resource(east.backend, 'aws_sns_topic', 'operations_alarm_topic').name).toBe('dev-alarms');
    });
  });

  describe('metrics', () => {
    it("turns on CloudFront's additional metrics for the distribution, unless the config says no", () => {
      expect(resource(edge, 'aws_cloudfront_monitoring_subscription', 'operations_cloudfront_additional_metrics')).toEqual({
        distribution_id: '${aws_cloudfront_distribution.distribution.id}',
        monitoring_subscription: { realtime_metrics_subscription_config: { realtime_metrics_subscription_status: 'Enabled' } },
      });
      const off = synthApp(testConfig('dev', (c) => (c.alarms = { cloudfrontAdditionalMetrics: false }))).edge;
      expect(resources(off, 'aws_cloudfront_monitoring_subscription')).toEqual({});
      expect(JSON.stringify(body(off))).not.toMatch(/40[13]ErrorRate|OriginLatency/);
    });

    it("counts each deny reason with a metric filter on the edge function's us-east-1 log group", () => {
      const filters = resources(edge, 'aws_cloudwatch_log_metric_filter');
      expect(Object.keys(filters).sort()).toEqual(EDGE_DENY_REASON_NAMES.map((r) => `operations_edge_denied_${r}`).sort());
      expect(filters.operations_edge_denied_expired).toEqual({
        name: 'dev-edge-denied-expired',
        log_group_name: '${aws_cloudwatch_log_group.edge_log_group.name}',
        pattern: '"edge.request" reason expired',
        metric_transformation: { name: 'EdgeDenied.expired', namespace: 'SecureFunctionUrl/dev', value: '1', unit: 'Count' },
      });
      expect(resource(edge, 'aws_cloudwatch_log_group', 'edge_log_group').name).toBe('/aws/lambda/us-east-1.dev-edge-auth');
    });

    it('leaves out alarms, topic and metrics when both the alarms and the dashboard are off', () => {
      const off = synthApp(testConfig('dev', (c) => (c.alarms = { enabled: false, dashboard: false }))).edge;
      const ours = Object.entries(off.resource).flatMap(([t, byName]) =>
        Object.keys(byName)
          .filter((n) => n.startsWith('operations_') || n === 'dashboard')
          .map((n) => `${t}.${n}`),
      );
      expect(ours).toEqual([]);
      expect(off.output[EDGE_OUTPUTS.alarmTopicArn].value).toBe('');
      expect(off.output[EDGE_OUTPUTS.dashboardName].value).toBe('');
    });
  });

  describe('dashboard', () => {
    it('is one dashboard per environment whose body Terraform serializes from the typed local', () => {
      expect(resource(edge, 'aws_cloudwatch_dashboard', 'dashboard')).toEqual({
        dashboard_name: 'dev-secure-function-url',
        dashboard_body: '${jsonencode(local.dashboard_body)}',
      });
      expect(edge.output[EDGE_OUTPUTS.dashboardName].value).toBe('${aws_cloudwatch_dashboard.dashboard.dashboard_name}');
      expect(edge.output[EDGE_OUTPUTS.alarmTopicArn].value).toBe(TOPIC);
    });

    it('lays its widgets out in 24 columns without overlap', () => {
      const cells = new Set<string>();
      for (const w of body(edge).widgets) {
        expect(w.x + w.width).toBeLessThanOrEqual(DASHBOARD_COLUMNS);
        for (let x = w.x; x < w.x + w.width; x++) {
          for (let y = w.y; y < w.y + w.height; y++) {
            expect(cells.has(`${x},${y}`)).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    });

    it("charts every metric an alarm of either stack watches, in the alarm's region, with the alarm's threshold", () => {
      const metricWidgets = body(edge).widgets.filter((w) => w.type === 'metric') as any[];
      const lines = metricWidgets.flatMap((w) =>
        w.properties.metrics.map((m: any[]) => ({ region: w.properties.region, line: m, horizontal: w.properties.annotations?.horizontal ?? [] })),
      );
      const watched = [
        ...Object.values(resources(dev.backend, 'aws_cloudwatch_metric_alarm')).map((a) => ({ a, region: 'eu-west-1' })),
        ...Object.values(resources(edge, 'aws_cloudwatch_metric_alarm')).map((a) => ({ a, region: 'us-east-1' })),
      ];
      for (const { a, region } of watched) {
        const specs = a.metric_query
          ? a.metric_query.filter((q: any) => q.metric).map((q: any) => q.metric)
          : [{ namespace: a.namespace, metric_name: a.metric_name, dimensions: a.dimensions }];
        for (const s of specs) {
          // The backend is another stack: the dashboard names its resources as the backend does.
          const dims = Object.entries(s.dimensions ?? {})
            .flat()
            .map((v: any) =>
              String(v)
                .replace('${aws_lambda_function.api_function.function_name}', 'dev-api')
                .replace('${aws_lambda_function.worker_function.function_name}', 'dev-worker')
                .replace('${aws_sqs_queue.messages_dlq.name}', 'dev-messages-dlq')
                .replace('${aws_sqs_queue.worker_dlq.name}', 'dev-worker-dlq')
                .replace('${aws_sns_topic.messages_topic.name}', 'dev-messages'),
            );
          const shown = lines.find((l) => l.region === region && JSON.stringify(l.line.slice(0, -1)) === JSON.stringify([s.namespace, s.metric_name, ...dims]));
          expect({ alarm: a.alarm_name, metric: s.metric_name, shown: shown !== undefined }).toEqual({
            alarm: a.alarm_name,
            metric: s.metric_name,
            shown: true,
          });
          if (!a.metric_query) expect(shown!.horizontal).toContainEqual(expect.objectContaining({ label: `alarm ${a.alarm_name}`, value: a.threshold }));
        }
      }
    });

    it('shows the state of every alarm of both regions by ARN', () => {
      const arns = body(edge)
        .widgets.filter((w) => w.type === 'alarm')
        .flatMap((w: any) => w.properties.alarms as string[]);
      const account = '${data.aws_caller_identity.dashboard_account.account_id}';
      const partition = '${data.aws_partition.dashboard_partition.partition}';
      const expected = [
        ...Object.values(resources(dev.backend, 'aws_cloudwatch_metric_alarm')).map(
          (a) => `arn:${partition}:cloudwatch:eu-west-1:${account}:alarm:${a.alarm_name}`,
        ),
        ...Object.values(resources(edge, 'aws_cloudwatch_metric_alarm')).map((a) => `arn:${partition}:cloudwatch:us-east-1:${account}:alarm:${a.alarm_name}`),
      ];
      expect(arns.sort()).toEqual(expected.sort());
    });

    it('charts the deny reasons of the us-east-1 log group, and says that they are us-east-1 only', () => {
      const text = JSON.stringify(body(edge));
      for (const r of EDGE_DENY_REASON_NAMES) expect(text).toContain(`"SecureFunctionUrl/dev","EdgeDenied.${r}"`);
      expect(text).toContain('us-east-1** log group only');
    });
  });
});
