/**
 * The backend stack's alarms (constructs/api-alarms.ts): what each watches,
 * where its threshold comes from, where it notifies, and its topic.
 */
import { BACKEND_OUTPUTS } from '../../stacks/outputs';
import { dataSource, policyStatements, resource, resources, synthApp, testConfig, type TfJson } from './synth-helpers';

const TOPIC = '${aws_sns_topic.operations_alarm_topic.arn}';
const alarm = (json: TfJson, id: string) => resource(json, 'aws_cloudwatch_metric_alarm', `operations_${id}`);

describe('backend alarms', () => {
  let dev: TfJson;
  let prod: TfJson;
  beforeAll(() => {
    dev = synthApp(testConfig('dev')).backend;
    prod = synthApp(testConfig('prod')).backend;
  });

  it.each<[string, string, string, Record<string, string>, Record<string, unknown>]>([
    ['api_errors', 'AWS/Lambda', 'Errors', { FunctionName: '${aws_lambda_function.api_function.function_name}' }, { statistic: 'Sum', threshold: 1 }],
    ['api_throttles', 'AWS/Lambda', 'Throttles', { FunctionName: '${aws_lambda_function.api_function.function_name}' }, { statistic: 'Sum', threshold: 1 }],
    // 80% of api.timeoutSeconds (30 s), in milliseconds; a percentile is an extended statistic.
    [
      'api_duration_p99',
      'AWS/Lambda',
      'Duration',
      { FunctionName: '${aws_lambda_function.api_function.function_name}' },
      { extended_statistic: 'p99', threshold: 24000, evaluate_low_sample_count_percentiles: 'ignore' },
    ],
    [
      'function_url_5xx',
      'AWS/Lambda',
      'Url5xxCount',
      { FunctionName: '${aws_lambda_function.api_function.function_name}' },
      { statistic: 'Sum', threshold: 1 },
    ],
    ['worker_errors', 'AWS/Lambda', 'Errors', { FunctionName: '${aws_lambda_function.worker_function.function_name}' }, { statistic: 'Sum', threshold: 1 }],
    [
      'messages_dlq_messages',
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      { QueueName: '${aws_sqs_queue.messages_dlq.name}' },
      { statistic: 'Maximum', threshold: 1 },
    ],
    [
      'worker_dlq_messages',
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      { QueueName: '${aws_sqs_queue.worker_dlq.name}' },
      { statistic: 'Maximum', threshold: 1 },
    ],
    [
      'notifications_failed',
      'AWS/SNS',
      'NumberOfNotificationsFailed',
      { TopicName: '${aws_sns_topic.messages_topic.name}' },
      { statistic: 'Sum', threshold: 1 },
    ],
  ])('%s watches %s %s of the right resource', (id, namespace, metricName, dimensions, rest) => {
    expect(alarm(dev, id)).toMatchObject({ alarm_name: `dev-${id.replace(/_/g, '-')}`, namespace, metric_name: metricName, dimensions, period: 300, ...rest });
  });

  it('has exactly these alarms by default (the 4xx rate is off)', () => {
    expect(Object.keys(resources(dev, 'aws_cloudwatch_metric_alarm')).sort()).toEqual(
      [
        'api_duration_p99',
        'api_errors',
        'api_throttles',
        'function_url_5xx',
        'messages_dlq_messages',
        'notifications_failed',
        'worker_dlq_messages',
        'worker_errors',
      ].map((i) => `operations_${i}`),
    );
  });

  it('every alarm fires at or above its threshold, notifies the alarm topic on ALARM and OK, treats missing data as no event, and says what to check first', () => {
    for (const [name, a] of Object.entries(resources(prod, 'aws_cloudwatch_metric_alarm'))) {
      expect({ name, ...a }).toMatchObject({
        name,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        actions_enabled: true,
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        treat_missing_data: 'notBreaching',
        evaluation_periods: 1,
        datapoints_to_alarm: 1,
      });
      expect(a.alarm_description).toMatch(/First: /);
    }
  });

  it('takes thresholds, period and evaluation periods from config; null turns an alarm off', () => {
    const tuned = synthApp(
      testConfig('dev', (c) => {
        c.api.timeoutSeconds = 60;
        c.alarms = {
          periodSeconds: 60,
          evaluationPeriods: 3,
          thresholds: { apiErrors: 5, apiDurationP99PercentOfTimeout: 50, deadLetterMessages: 10, workerErrors: null },
        };
      }),
    ).backend;
    expect(alarm(tuned, 'api_errors')).toMatchObject({ threshold: 5, period: 60, evaluation_periods: 3, datapoints_to_alarm: 3 });
    expect(alarm(tuned, 'api_duration_p99').threshold).toBe(30000);
    expect(alarm(tuned, 'messages_dlq_messages').threshold).toBe(10);
    expect(alarm(tuned, 'worker_dlq_messages').threshold).toBe(10);
    expect(resources(tuned, 'aws_cloudwatch_metric_alarm').operations_worker_errors).toBeUndefined();
  });

  it('the function URL 4xx rate, when turned on, is 100 * Url4xxCount / UrlRequestCount of the API function', () => {
    const on = synthApp(testConfig('dev', (c) => (c.alarms = { thresholds: { functionUrl4xxRatePercent: 25 } }))).backend;
    const a = alarm(on, 'function_url_4xx_rate');
    expect(a).toMatchObject({ threshold: 25, comparison_operator: 'GreaterThanOrEqualToThreshold' });
    expect(a.metric_name).toBeUndefined();
    const byId = Object.fromEntries(a.metric_query.map((q: any) => [q.id, q]));
    expect(byId.e1).toMatchObject({ expression: '100 * FILL(m1, 0) / m2', return_data: true });
    for (const [id, metric] of [
      ['m1', 'Url4xxCount'],
      ['m2', 'UrlRequestCount'],
    ]) {
      expect(byId[id]).toMatchObject({
        return_data: false,
        metric: {
          namespace: 'AWS/Lambda',
          metric_name: metric,
          stat: 'Sum',
          period: 300,
          dimensions: { FunctionName: '${aws_lambda_function.api_function.function_name}' },
        },
      });
    }
  });

  describe('alarm topic', () => {
    it("is encrypted with a key of its own that CloudWatch may use only for this environment's alarms", () => {
      expect(resource(dev, 'aws_sns_topic', 'operations_alarm_topic')).toMatchObject({
        name: 'dev-alarms',
        kms_master_key_id: '${aws_kms_key.operations_alarm_topic_key.arn}',
      });
      expect(resource(dev, 'aws_kms_key', 'operations_alarm_topic_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 7 });
      expect(resource(prod, 'aws_kms_key', 'operations_alarm_topic_key').deletion_window_in_days).toBe(30);
      expect(resource(dev, 'aws_kms_alias', 'operations_alarm_topic_key_alias').name).toBe('alias/dev-alarms');
      const fromOurAlarms = [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['${data.aws_caller_identity.operations_alarm_topic_account.account_id}'] },
        {
          test: 'ArnLike',
          variable: 'aws:SourceArn',
          values: [
            'arn:${data.aws_partition.operations_alarm_topic_partition.partition}:cloudwatch:eu-west-1:${data.aws_caller_identity.operations_alarm_topic_account.account_id}:alarm:dev-*',
          ],
        },
      ];
      const key = policyStatements(dev, resource(dev, 'aws_kms_key', 'operations_alarm_topic_key').policy);
      expect(key.find((s) => s.sid === 'CloudWatchAlarmsEncryptNotifications')).toMatchObject({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        condition: fromOurAlarms,
      });
      const topic = policyStatements(dev, resource(dev, 'aws_sns_topic_policy', 'operations_alarm_topic_publish_policy').policy);
      expect(topic).toEqual([
        expect.objectContaining({
          sid: 'CloudWatchAlarmsPublish',
          actions: ['sns:Publish'],
          resources: ['${aws_sns_topic.operations_alarm_topic.arn}'],
          principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
          condition: fromOurAlarms,
        }),
      ]);
      expect(dataSource(dev, 'aws_iam_policy_document', 'operations_alarm_topic_key_policy')).toBeDefined();
    });

    it('subscribes alarms.email; none by default', () => {
      expect(resources(dev, 'aws_sns_topic_subscription').operations_alarm_topic_email).toBeUndefined();
      const mailed = synthApp(testConfig('dev', (c) => (c.alarms = { email: 'oncall@example.com' }))).backend;
      expect(resource(mailed, 'aws_sns_topic_subscription', 'operations_alarm_topic_email')).toMatchObject({
        topic_arn: TOPIC,
        protocol: 'email',
        endpoint: 'oncall@example.com',
      });
    });

    it('is alarms.snsTopicArn when brought: no topic, key or policy of ours', () => {
      const arn = 'arn:aws:sns:eu-west-1:111122223333:oncall';
      const byo = synthApp(testConfig('dev', (c) => (c.alarms = { snsTopicArn: arn }))).backend;
      expect(
        Object.keys(byo.resource)
          .filter((t) => /sns_topic|kms/.test(t))
          .flatMap((t) => Object.keys(byo.resource[t]).filter((n) => n.startsWith('operations_'))),
      ).toEqual([]);
      expect(alarm(byo, 'api_errors')).toMatchObject({ alarm_actions: [arn], ok_actions: [arn] });
      expect(byo.output[BACKEND_OUTPUTS.alarmTopicArn].value).toBe(arn);
    });

    it('is encrypted with existing.kmsKeyArn when the config brings a key', () => {
      const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const byo = synthApp(testConfig('dev', (c) => (c.existing = { kmsKeyArn: key }))).backend;
      expect(resource(byo, 'aws_sns_topic', 'operations_alarm_topic').kms_master_key_id).toBe(key);
      expect(resources(byo, 'aws_kms_key').operations_alarm_topic_key).toBeUndefined();
    });
  });

  it('outputs the alarm topic ARN, "" with the alarms off (no alarm, no topic)', () => {
    expect(dev.output[BACKEND_OUTPUTS.alarmTopicArn]).toMatchObject({ value: TOPIC });
    const off = synthApp(testConfig('dev', (c) => (c.alarms = { enabled: false }))).backend;
    expect(resources(off, 'aws_cloudwatch_metric_alarm')).toEqual({});
    expect(resources(off, 'aws_sns_topic').operations_alarm_topic).toBeUndefined();
    expect(off.output[BACKEND_OUTPUTS.alarmTopicArn].value).toBe('');
  });
});
