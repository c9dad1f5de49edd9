import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Testing, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { addressName, SfuStack } from '../../stacks/base-stack';
import { synthJson, testConfig } from './synth-helpers';

class TestStack extends SfuStack {
  constructor(scope: Construct, build: (stack: TestStack) => void) {
    super(scope, 'backend', { config: testConfig('dev') });
    build(this);
  }
}

describe('addressName', () => {
  it('joins the construct path with "_" and hides "resource" and "default"', () => {
    expect(addressName(['api', 'function'])).toBe('api_function');
    expect(addressName(['books_table', 'resource'])).toBe('books_table');
    expect(addressName(['users', 'Default'])).toBe('users');
  });

  it('turns camelCase, kebab-case and other characters into snake_case', () => {
    expect(addressName(['ApiFunction', 'log-group'])).toBe('api_function_log_group');
    expect(addressName(['users', 'group_read.only'])).toBe('users_group_read_only');
  });
});

describe('SfuStack addresses', () => {
  it('names a stack <env>-<role> and its resources by construct path, without a hash suffix', () => {
    const app = Testing.app();
    const stack = new TestStack(app, (s) => {
      const api = new Construct(s, 'api');
      new CloudwatchLogGroup(api, 'log_group', { name: '/aws/lambda/x' });
      new TerraformOutput(s, 'function_name', { value: 'x' });
    });
    const json = synthJson(stack);
    expect(stack.node.id).toBe('dev-backend');
    expect(Object.keys(json.resource.aws_cloudwatch_log_group)).toEqual(['api_log_group']);
    expect(Object.keys(json.output)).toEqual(['function_name']);
  });

  it('refuses two constructs whose paths map to the same address', () => {
    const app = Testing.app();
    expect(
      () =>
        new TestStack(app, (s) => {
          new CloudwatchLogGroup(s, 'log-group', { name: 'a' });
          new CloudwatchLogGroup(s, 'log_group', { name: 'b' });
          synthJson(s);
        }),
    ).toThrow(/both map to the address name log_group/);
  });

  it('allows the same name for elements of different kinds (a resource and an output)', () => {
    const app = Testing.app();
    const stack = new TestStack(app, (s) => {
      const lg = new CloudwatchLogGroup(s, 'log_group', { name: 'a' });
      new TerraformOutput(s, 'log_group_output', { value: lg.name });
    });
    expect(() => synthJson(stack)).not.toThrow();
  });
});
