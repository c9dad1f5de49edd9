import * as fs from 'node:fs';
import * as path from 'node:path';
import { alarmsSchema } from '../../config/alarms-schema';
import { backendAlarmSpecs, edgeAlarmSpecs } from '../../constructs/alarm-catalog';
import { backendMetrics, edgeMetrics } from '../../constructs/operations-metrics';

/** Every alarm there can be: all thresholds set, our own web ACL. */
function allAlarms() {
  const thresholds = alarmsSchema.parse({ thresholds: { functionUrl4xxRatePercent: 20, wafRateRuleBlocked: 100 } }).thresholds;
  const backend = backendAlarmSpecs({
    environment: 'dev',
    thresholds,
    apiTimeoutSeconds: 30,
    metrics: backendMetrics({
      region: 'eu-west-1',
      apiFunctionName: 'a',
      workerFunctionName: 'w',
      messagesDeadLetterQueueName: 'q1',
      workerDeadLetterQueueName: 'q2',
      messagesTopicName: 't',
    }),
  });
  const edge = edgeAlarmSpecs({
    environment: 'dev',
    thresholds,
    metrics: edgeMetrics({ environment: 'dev', distributionId: 'D', webAcl: { metricName: 'acl', rateRuleMetricName: 'rate' } }),
  });
  return [...backend, ...edge];
}

describe('alarm catalog', () => {
  it('has a runbook row for every alarm in the README section "Operating it"', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('\n## Operating it\n');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(
      allAlarms()
        .map((a) => a.name.replace(/^dev-/, ''))
        .sort(),
    );
  });

  it('names each alarm after the environment, and tells what to check first', () => {
    const alarms = allAlarms();
    expect(new Set(alarms.map((a) => a.name)).size).toBe(alarms.length);
    for (const a of alarms) {
      expect(a.name).toMatch(/^dev-[a-z0-9-]+$/);
      expect(a.description).toMatch(/First: /);
      expect(a.description.length).toBeLessThanOrEqual(1024); // AlarmDescription limit
    }
  });
});
