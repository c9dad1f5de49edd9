/**
 * Subscribes a function to an SNS topic: the subscription (protocol lambda)
 * with a redrive policy to a dead-letter queue, and the function's
 * resource-based permission for sns.amazonaws.com limited to that topic.
 */
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** Props of {@link LambdaSubscription}. */
export interface LambdaSubscriptionProps {
  readonly topicArn: string;
  /** The subscribed function's name (for its permission). */
  readonly functionName: string;
  /** The subscribed function's ARN (the subscription endpoint). */
  readonly functionArn: string;
  /** ARN of the SQS queue that receives messages SNS could not deliver. */
  readonly deadLetterQueueArn: string;
}

export class LambdaSubscription extends Construct {
  readonly subscription: SnsTopicSubscription;
  readonly permission: LambdaPermission;

  constructor(scope: Construct, id: string, props: LambdaSubscriptionProps) {
    super(scope, id);
    this.permission = new LambdaPermission(this, 'permission', {
      statementId: 'AllowInvokeFromTopic',
      action: 'lambda:InvokeFunction',
      functionName: props.functionName,
      principal: 'sns.amazonaws.com',
      sourceArn: props.topicArn,
    });
    this.subscription = new SnsTopicSubscription(this, 'resource', {
      topicArn: props.topicArn,
      protocol: 'lambda',
      endpoint: props.functionArn,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: props.deadLetterQueueArn }),
      dependsOn: [this.permission],
    });
  }
}
