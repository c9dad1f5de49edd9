/**
 * Who may call an `AWS_IAM` function URL. Since October 2025 a caller needs
 * BOTH permissions (Lambda Developer Guide, "Control access to function
 * URLs"; aws/aws-cdk#35872):
 * - `lambda:InvokeFunctionUrl`, conditioned on `lambda:FunctionUrlAuthType = AWS_IAM`;
 * - `lambda:InvokeFunction`, conditioned on `lambda:InvokedViaFunctionUrl = true`
 *   (so the grant cannot be used to invoke the function directly).
 *
 * Two ways to grant them, one per signing mode:
 * - edge-sigv4: identity-based statements on the signer's role
 *   ({@link functionUrlInvokeStatements});
 * - oac: resource-based permissions for `cloudfront.amazonaws.com`, limited to
 *   one distribution ({@link FunctionUrlOacPermissions}).
 */
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { PolicyStatement } from './policy-document';

/** The two statements a SigV4 signer's role needs for the function URL of `functionArn` (unqualified). */
export function functionUrlInvokeStatements(functionArn: string): PolicyStatement[] {
  return [
    {
      sid: 'InvokeApiFunctionUrl',
      actions: ['lambda:InvokeFunctionUrl'],
      resources: [functionArn],
      conditions: [{ test: 'StringEquals', variable: 'lambda:FunctionUrlAuthType', values: ['AWS_IAM'] }],
    },
    {
      sid: 'InvokeApiViaFunctionUrlOnly',
      actions: ['lambda:InvokeFunction'],
      resources: [functionArn],
      conditions: [{ test: 'Bool', variable: 'lambda:InvokedViaFunctionUrl', values: ['true'] }],
    },
  ];
}

/** Props of {@link FunctionUrlOacPermissions}. */
export interface FunctionUrlOacPermissionsProps {
  /** Name (or ARN) of the function behind the URL. */
  readonly functionName: string;
  /** ARN of the CloudFront distribution whose OAC signs the requests. */
  readonly distributionArn: string;
  /** A provider in the function's region (the edge stack lives in us-east-1). */
  readonly provider: TerraformProvider;
}

/**
 * The function's resource-based permissions for CloudFront OAC. The second
 * one sets `invoked_via_function_url` through an override: the attribute
 * exists from hashicorp/aws 6.29.0 but the @cdktf binding was generated from
 * 6.25.0. `function_url_auth_type` is never passed with `lambda:InvokeFunction`
 * (the Lambda API rejects that combination).
 */
export class FunctionUrlOacPermissions extends Construct {
  readonly invokeFunctionUrl: LambdaPermission;
  readonly invokeFunction: LambdaPermission;

  constructor(scope: Construct, id: string, props: FunctionUrlOacPermissionsProps) {
    super(scope, id);
    this.invokeFunctionUrl = new LambdaPermission(this, 'invoke_function_url', {
      provider: props.provider,
      statementId: 'AllowCloudFrontOacInvokeFunctionUrl',
      action: 'lambda:InvokeFunctionUrl',
      functionName: props.functionName,
      principal: 'cloudfront.amazonaws.com',
      sourceArn: props.distributionArn,
      functionUrlAuthType: 'AWS_IAM',
    });
    this.invokeFunction = new LambdaPermission(this, 'invoke_function', {
      provider: props.provider,
      statementId: 'AllowCloudFrontOacInvokeViaFunctionUrl',
      action: 'lambda:InvokeFunction',
      functionName: props.functionName,
      principal: 'cloudfront.amazonaws.com',
      sourceArn: props.distributionArn,
    });
    this.invokeFunction.addOverride('invoked_via_function_url', true);
  }
}
