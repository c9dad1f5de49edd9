import { parseConfig } from '../../config/load';
import { ALARMS_DEFAULTS } from '../../config/alarms-schema';
import { devRaw, devWith, problemsOf } from './config-fixtures';

const TOPIC_EU = 'arn:aws:sns:eu-west-1:111122223333:oncall';
const TOPIC_US = 'arn:aws:sns:us-east-1:111122223333:oncall';

describe('config alarms', () => {
  it('is optional: a config without it gets every alarm on except the 4xx rate and the WAF rate rule', () => {
    expect(devRaw.alarms).toBeUndefined();
    const c = parseConfig(devRaw, 'dev');
    expect(c.alarms).toEqual(ALARMS_DEFAULTS);
    expect(c.alarms).toMatchObject({
      enabled: true,
      email: null,
      snsTopicArn: null,
      edgeSnsTopicArn: null,
      periodSeconds: 300,
      evaluationPeriods: 1,
      dashboard: true,
      cloudfrontAdditionalMetrics: true,
    });
    const off = Object.entries(c.alarms.thresholds)
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    expect(off.sort()).toEqual(['functionUrl4xxRatePercent', 'wafRateRuleBlocked']);
  });

  it('takes thresholds, and null turns one alarm off', () => {
    const c = parseConfig(
      devWith((r) => (r.alarms = { thresholds: { apiErrors: null, functionUrl4xxRatePercent: 20, cloudfront5xxRatePercent: 2.5 } })),
      'dev',
    );
    expect(c.alarms.thresholds).toMatchObject({ apiErrors: null, functionUrl4xxRatePercent: 20, cloudfront5xxRatePercent: 2.5, workerErrors: 1 });
  });

  it('lists every problem of the block at once, each with the field, the value and what is allowed', () => {
    const problems = problemsOf(
      devWith((r) => {
        r.alarms = {
          enabled: 'yes',
          email: 'not an address',
          snsTopicArn: 'arn:aws:sqs:eu-west-1:111122223333:q',
          periodSeconds: 120,
          evaluationPeriods: 0,
          thresholds: { apiErrors: 0.5, apiDurationP99PercentOfTimeout: 150, unknownAlarm: 1 },
          colour: 'red',
        };
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^alarms\.enabled: received "yes"; allowed: /),
        expect.stringMatching(/^alarms\.email: received "not an address"; allowed: an email address/),
        expect.stringMatching(/^alarms\.snsTopicArn: received "arn:aws:sqs:[^"]+"; allowed: an SNS topic ARN/),
        expect.stringMatching(/^alarms\.periodSeconds: received 120; allowed: one of 60, 300, 900, 3600/),
        expect.stringMatching(/^alarms\.evaluationPeriods: received 0; allowed: a whole number from 1 to 10/),
        expect.stringMatching(/^alarms\.thresholds\.apiErrors: received 0\.5; allowed: a whole number from 1 to 1000000 \(errors per period\), or null/),
        expect.stringMatching(/^alarms\.thresholds\.apiDurationP99PercentOfTimeout: received 150; allowed: a number from 10 to 100/),
        expect.stringMatching(/^alarms\.thresholds\.unknownAlarm: received 1; allowed: no such field/),
        expect.stringMatching(/^alarms\.colour: received "red"; allowed: no such field/),
      ]),
    );
    expect(problems).toHaveLength(9);
  });

  it('refuses a topic outside the region of the alarms that would notify it (and says why)', () => {
    const problems = problemsOf(devWith((r) => (r.alarms = { snsTopicArn: TOPIC_US, edgeSnsTopicArn: TOPIC_EU })));
    expect(problems).toEqual([
      expect.stringMatching(
        /^alarms\.snsTopicArn: received "arn:aws:sns:us-east-1:[^"]+"; allowed: a topic in backendRegion \(eu-west-1\): CloudWatch alarms notify only topics in their own region$/,
      ),
      expect.stringMatching(/^alarms\.edgeSnsTopicArn: received "arn:aws:sns:eu-west-1:[^"]+"; allowed: a topic in us-east-1: CloudFront and WAF/),
    ]);
  });

  it('accepts a topic per region, and refuses two accounts', () => {
    expect(() =>
      parseConfig(
        devWith((r) => (r.alarms = { snsTopicArn: TOPIC_EU, edgeSnsTopicArn: TOPIC_US })),
        'dev',
      ),
    ).not.toThrow();
    expect(problemsOf(devWith((r) => (r.alarms = { snsTopicArn: TOPIC_EU, edgeSnsTopicArn: TOPIC_US.replace('111122223333', '444455556666') })))).toEqual([
      expect.stringMatching(/^alarms\.edgeSnsTopicArn: .*allowed: a topic in the account of alarms\.snsTopicArn \(111122223333\)$/),
    ]);
  });

  it("with the backend in us-east-1, refuses a second us-east-1 topic: the backend's is shared", () => {
    const problems = problemsOf(devWith((r) => ((r.backendRegion = 'us-east-1'), (r.alarms = { edgeSnsTopicArn: TOPIC_US }))));
    expect(problems).toEqual([expect.stringMatching(/^alarms\.edgeSnsTopicArn: received "[^"]+"; allowed: null: backendRegion is us-east-1/)]);
  });

  it('refuses an email with nothing of ours to subscribe it to, or with the alarms off', () => {
    expect(problemsOf(devWith((r) => (r.alarms = { email: 'oncall@example.com', snsTopicArn: TOPIC_EU, edgeSnsTopicArn: TOPIC_US })))).toEqual([
      expect.stringMatching(/^alarms\.email: received "oncall@example\.com"; allowed: null: every alarm topic is brought/),
    ]);
    expect(problemsOf(devWith((r) => (r.alarms = { email: 'oncall@example.com', enabled: false })))).toEqual([
      expect.stringMatching(/^alarms\.email: .*allowed: null while alarms\.enabled is false/),
    ]);
    // One topic brought, one of ours: the email goes to ours.
    expect(() =>
      parseConfig(
        devWith((r) => (r.alarms = { email: 'oncall@example.com', snsTopicArn: TOPIC_EU })),
        'dev',
      ),
    ).not.toThrow();
  });

  it('reports alarm problems together with the rest of the config', () => {
    const problems = problemsOf(devWith((r) => ((r.api.memoryMb = 64), (r.alarms = { snsTopicArn: TOPIC_US }))));
    expect(problems).toEqual([expect.stringMatching(/^api\.memoryMb: /), expect.stringMatching(/^alarms\.snsTopicArn: /)]);
  });
});
