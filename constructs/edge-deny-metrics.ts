/**
 * Counts of the edge function's deny reasons, from its JSON log line
 * (`{"level":..,"event":"edge.request",..,"decision":"deny","status":401,"reason":"expired",..}`),
 * as CloudWatch Logs metric filters on its **us-east-1** log group.
 *
 * What they cover, honestly: Lambda@Edge runs in the region nearest the
 * edge location that served a request and logs to
 * `/aws/lambda/us-east-1.<name>` in *that* region; Lambda creates those log
 * groups on first use. A metric filter belongs to one log group in one
 * region, so these filters count only the requests that ran in us-east-1.
 * Covering every region would need a provider, a pre-created log group and
 * the filters in each region CloudFront may pick (and an import of the log
 * groups Lambda already made): not done. The global figures of edge denials
 * are CloudFront's 401ErrorRate / 403ErrorRate (additional metrics) and
 * 4xxErrorRate; these counts say *why*, for a sample of the traffic.
 *
 * Why term patterns: the Node.js runtime writes `console.log` lines as
 * `<time>\t<request id>\tINFO\t<json>`, which is not a JSON log event, so
 * JSON patterns (and metric dimensions) do not apply. Each reason gets its
 * own filter: `"edge.request" reason <reason>`, excluding the reasons that
 * contain it (`malformed` excludes `malformed_bearer`). Only deny lines carry
 * the `reason` key. No default value: a reason that did not occur publishes
 * nothing (and costs nothing).
 */
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { Construct } from 'constructs';
import { EDGE_DENY_REASON_NAMES, edgeDenyMetricName, edgeMetricsNamespace, type EdgeDenyReason } from './operations-metrics';

/** Props of {@link EdgeDenyMetrics}. */
export interface EdgeDenyMetricsProps {
  readonly environment: string;
  /** The edge function's us-east-1 log group (a reference, so the group exists first). */
  readonly logGroupName: string;
}

/** The filter pattern that matches the deny lines of one reason and no other. */
export function edgeDenyPattern(reason: EdgeDenyReason): string {
  const longer = EDGE_DENY_REASON_NAMES.filter((r) => r !== reason && r.includes(reason));
  return ['"edge.request"', 'reason', reason, ...longer.map((r) => `-${r}`)].join(' ');
}

export class EdgeDenyMetrics extends Construct {
  readonly filters: Readonly<Record<EdgeDenyReason, CloudwatchLogMetricFilter>>;

  constructor(scope: Construct, id: string, props: EdgeDenyMetricsProps) {
    super(scope, id);
    const namespace = edgeMetricsNamespace(props.environment);
    const filters: Partial<Record<EdgeDenyReason, CloudwatchLogMetricFilter>> = {};
    for (const reason of EDGE_DENY_REASON_NAMES) {
      filters[reason] = new CloudwatchLogMetricFilter(this, reason, {
        name: `${props.environment}-edge-denied-${reason}`,
        logGroupName: props.logGroupName,
        pattern: edgeDenyPattern(reason),
        metricTransformation: { name: edgeDenyMetricName(reason), namespace, value: '1', unit: 'Count' },
      });
    }
    this.filters = filters as Record<EdgeDenyReason, CloudwatchLogMetricFilter>;
  }
}
