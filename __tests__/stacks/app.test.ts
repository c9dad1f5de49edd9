import { Testing } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { synthApp, testConfig, type SynthedApp } from './synth-helpers';

describe('buildApp', () => {
  let dev: SynthedApp;
  let prod: SynthedApp;
  beforeAll(() => {
    dev = synthApp(testConfig('dev'));
    prod = synthApp(testConfig('prod'));
  });
  const jsons = (a: SynthedApp) => [a.state, a.identity, a.backend, a.edge];

  it('names the stacks <env>-<role>', () => {
    expect(Object.values(dev.stacks).map((s) => s.node.id)).toEqual(['dev-state', 'dev-identity', 'dev-backend', 'dev-edge']);
    expect(Object.values(prod.stacks).map((s) => s.node.id)).toEqual(['prod-state', 'prod-identity', 'prod-backend', 'prod-edge']);
  });

  it('orders identity and backend after state, and edge after both', () => {
    expect(dev.stacks.edge.dependencies.map((s) => s.node.id).sort()).toEqual(['dev-backend', 'dev-identity']);
    expect(dev.stacks.identity.dependencies.map((s) => s.node.id)).toEqual(['dev-state']);
    expect(dev.stacks.backend.dependencies.map((s) => s.node.id)).toEqual(['dev-state']);
    expect(dev.stacks.state!.dependencies).toEqual([]);
  });

  it('uses no automatic cross-stack reference (no hash-named, sensitive outputs but the claims MAC key)', () => {
    for (const json of [...jsons(dev), ...jsons(prod)]) {
      for (const [name, o] of Object.entries(json.output)) {
        expect(name).not.toMatch(/^cross-stack-output/);
        // The one deliberately sensitive output: the oac claims MAC key, for the edge package (constructs/claims-key.ts).
        if (name !== 'claims_mac_key') expect(o.sensitive).toBeUndefined();
      }
    }
  });

  it('synthesizes a second environment (prod) with its own names, state keys and region, and nothing of dev', () => {
    const text = jsons(prod)
      .map((j) => JSON.stringify(j))
      .join('\n');
    expect(text).not.toMatch(/\bdev-|sfu-dev-/);
    expect(prod.backend.terraform.backend.s3).toMatchObject({
      bucket: 'sfu-prod-tfstate-example',
      key: 'secure-function-url/prod-backend.tfstate',
      region: 'eu-central-1',
    });
    expect(prod.state.resource.aws_s3_bucket.state_bucket.bucket).toBe('sfu-prod-tfstate-example');
    expect(prod.identity.resource.aws_cognito_user_pool.users.name).toBe('prod-users');
    expect(prod.backend.provider.aws[0].region).toBe('eu-central-1');
  });

  it('builds every stack in a plain app without errors (validations included)', () => {
    const app = Testing.app();
    buildApp(app, testConfig('dev'));
    expect(() => app.synth()).not.toThrow();
  });
});
