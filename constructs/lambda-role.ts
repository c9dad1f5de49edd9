/**
 * An execution role for one function: trusted by the Lambda service (and
 * more service principals when given, e.g. Lambda@Edge), with one inline
 * policy made of least-privilege statements. No managed policies.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { PolicyDocument, type PolicyStatement } from './policy-document';

/** Props of {@link LambdaRole}. */
export interface LambdaRoleProps {
  /** Role name (also the prefix of its inline policy's name). */
  readonly roleName: string;
  /** The permissions, one statement per need. */
  readonly statements: readonly PolicyStatement[];
  /**
   * Service principals allowed to assume the role.
   * @default ["lambda.amazonaws.com"]
   */
  readonly trustedServices?: readonly string[];
  /**
   * Description of the role.
   * @default none
   */
  readonly description?: string;
}

export class LambdaRole extends Construct {
  readonly role: IamRole;
  readonly policy: PolicyDocument;
  /** The inline policy; depend on it before using the role's permissions. */
  readonly inlinePolicy: IamRolePolicy;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: LambdaRoleProps) {
    super(scope, id);
    for (const s of props.statements) {
      if ((s.resources ?? []).length === 0) throw new Error(`${this.node.path}: statement ${s.sid} names no resources`);
      if (s.effect !== 'Deny' && s.actions.some((a) => a === '*' || a.endsWith(':*'))) {
        throw new Error(`${this.node.path}: statement ${s.sid} grants a wildcard action (${s.actions.join(', ')})`);
      }
    }
    const trust = new PolicyDocument(this, 'trust', {
      statements: [
        {
          sid: 'AssumedByLambda',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [...(props.trustedServices ?? ['lambda.amazonaws.com'])].sort() }],
        },
      ],
    });
    this.role = new IamRole(this, 'resource', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    this.policy = new PolicyDocument(this, 'policy', { statements: props.statements });
    this.inlinePolicy = new IamRolePolicy(this, 'inline_policy', {
      name: `${props.roleName}-least-privilege`,
      role: this.role.id,
      policy: this.policy.json,
    });
    this.arn = this.role.arn;
    this.name = this.role.name;
  }
}
