/**
 * IAM policy documents as `data "aws_iam_policy_document"`: Terraform
 * normalizes the JSON (stable plans, no perpetual diffs) and reviewers read
 * each statement in the plan.
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from 'constructs';

/** A condition: `test` (StringEquals, Bool, ArnEquals, ...) on `variable` with `values`. */
export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** A principal block: `type` ("Service", "AWS", "*") and identifiers. */
export interface PolicyPrincipal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** One statement. One statement per need, with a `sid` that says which. */
export interface PolicyStatement {
  /** What the statement is for, PascalCase (e.g. "WriteOwnLogs"). */
  readonly sid: string;
  /** @default "Allow" */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /**
   * Resources. Required in identity and resource policies.
   * @default none (trust policies, which may not name resources)
   */
  readonly resources?: readonly string[];
  /**
   * Principals (resource policies only).
   * @default none (identity policies)
   */
  readonly principals?: readonly PolicyPrincipal[];
  /** @default none */
  readonly conditions?: readonly PolicyCondition[];
}

/** Props of {@link PolicyDocument}. */
export interface PolicyDocumentProps {
  /** The statements, in order. Sids must be unique. */
  readonly statements: readonly PolicyStatement[];
}

/** A policy document data source; `json` is the normalized policy. */
export class PolicyDocument extends Construct {
  readonly json: string;
  readonly resource: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: PolicyDocumentProps) {
    super(scope, id);
    const sids = props.statements.map((s) => s.sid);
    const dup = sids.find((s, i) => sids.indexOf(s) !== i);
    if (dup) throw new Error(`${this.node.path}: duplicate statement sid ${dup}`);
    for (const s of props.statements) {
      if (!/^[A-Za-z0-9]+$/.test(s.sid)) throw new Error(`${this.node.path}: sid ${JSON.stringify(s.sid)} must be alphanumeric`);
      if (s.actions.length === 0) throw new Error(`${this.node.path}: statement ${s.sid} needs actions`);
      if (!s.principals && (s.resources ?? []).length === 0) throw new Error(`${this.node.path}: statement ${s.sid} needs resources`);
    }
    this.resource = new DataAwsIamPolicyDocument(this, 'resource', {
      statement: props.statements.map((s) => ({
        sid: s.sid,
        effect: s.effect ?? 'Allow',
        actions: [...s.actions],
        resources: s.resources ? [...s.resources] : undefined,
        principals: s.principals?.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
        condition: s.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
      })),
    });
    this.json = this.resource.json;
  }
}

/** A Deny of every action of `service` on `resources` over plain HTTP (`aws:SecureTransport = false`). */
export function denyInsecureTransport(service: string, resources: readonly string[]): PolicyStatement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    actions: [`${service}:*`],
    resources,
    principals: [{ type: '*', identifiers: ['*'] }],
    conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  };
}

/**
 * AWS's default key policy statement: the account administers the key
 * through IAM (in a key policy, "*" is this key); no principal gets access
 * from the key policy alone.
 */
export function accountAdministersKeyThroughIam(partition: string, accountId: string): PolicyStatement {
  return {
    sid: 'AccountAdministersKeyThroughIam',
    actions: ['kms:*'],
    resources: ['*'],
    principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
  };
}
