/**
 * Adopting existing resources: `config.imports` gives each named resource a
 * Terraform `import` block (cdktf `importFrom`) at its usual address.
 */
import { IMPORT_NAMES } from '../../config/schema';
import { IMPORT_REQUIRED_VERSION, IMPORT_TARGETS } from '../../stacks/imports';
import { ACCOUNT, DEV_IMPORT_IDS, UUID } from './platform-fixtures';
import { resource, synthApp, testConfig, type SynthedApp, type TfJson } from './synth-helpers';

const byTo = (a: { to: string }, b: { to: string }) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0);
const importsOf = (json: TfJson) => ((json.import as { to: string; id: string; provider?: string }[] | undefined) ?? []).slice().sort(byTo);
const stacksOf = (a: SynthedApp) => ({ state: a.state, identity: a.identity, backend: a.backend, edge: a.edge });

/** Import ids built from what a synth of `env` names its resources: what a team would import. */
function idsFromSynth(a: SynthedApp, region: string): Record<string, string> {
  const r = (json: TfJson, address: string) => resource(json, address.split('.')[0], address.split('.')[1]);
  const secretName = r(a.backend, IMPORT_TARGETS.secret.address).name;
  const secret = `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${secretName}-Q1w2E3`;
  const acl = r(a.edge, IMPORT_TARGETS.webAcl.address);
  return {
    userPool: `${region}_Imported1`,
    userPoolDomain: r(a.identity, IMPORT_TARGETS.userPoolDomain.address).domain,
    apiFunction: r(a.backend, IMPORT_TARGETS.apiFunction.address).function_name,
    apiLogGroup: r(a.backend, IMPORT_TARGETS.apiLogGroup.address).name,
    workerLogGroup: r(a.backend, IMPORT_TARGETS.workerLogGroup.address).name,
    table: r(a.backend, IMPORT_TARGETS.table.address).name,
    secret,
    secretVersion: `${secret}|00000000-1111-2222-3333-444444444444`,
    edgeLogGroup: r(a.edge, IMPORT_TARGETS.edgeLogGroup.address).name,
    wafLogGroup: r(a.edge, IMPORT_TARGETS.wafLogGroup.address).name,
    webAcl: `${UUID}/${acl.name}/${acl.scope}`,
    stateBucket: r(a.state, IMPORT_TARGETS.stateBucket.address).bucket,
  };
}

describe('imports', () => {
  let dev: SynthedApp;
  let adopted: SynthedApp;
  beforeAll(() => {
    dev = synthApp(testConfig('dev'));
    adopted = synthApp(testConfig('dev', (c) => (c.imports = DEV_IMPORT_IDS)));
  });

  it('emits no import block and no required_version without imports', () => {
    for (const json of Object.values(stacksOf(dev))) {
      expect(json.import).toBeUndefined();
      expect(json.terraform.required_version).toBeUndefined();
    }
  });

  it('emits one import block per entry, in the stack that owns the resource, at its usual address', () => {
    const expected = (role: string) =>
      IMPORT_NAMES.filter((n) => IMPORT_TARGETS[n].role === role)
        .map((n) => ({ to: IMPORT_TARGETS[n].address, id: DEV_IMPORT_IDS[n] }))
        .sort(byTo);
    for (const [role, json] of Object.entries(stacksOf(adopted))) {
      expect({ role, imports: importsOf(json) }).toEqual({ role, imports: expected(role) });
    }
    expect(importsOf(adopted.identity)).toEqual(
      [
        { to: 'aws_cognito_user_pool.users', id: 'eu-west-1_AbCdEf123' },
        { to: 'aws_cognito_user_pool_domain.users_domain', id: 'sfu-dev-example' },
      ].sort(byTo),
    );
    expect(importsOf(adopted.state)).toEqual([{ to: 'aws_s3_bucket.state_bucket', id: 'sfu-dev-tfstate-example' }]);
    expect(importsOf(adopted.edge).map((i) => i.to)).toEqual([
      'aws_cloudwatch_log_group.edge_log_group',
      'aws_cloudwatch_log_group.waf_log_group',
      'aws_wafv2_web_acl.waf',
    ]);
  });

  it('asks for Terraform/OpenTofu >= 1.5 (import blocks) in every stack with an import', () => {
    for (const json of Object.values(stacksOf(adopted))) expect(json.terraform.required_version).toBe(IMPORT_REQUIRED_VERSION);
    const one = synthApp(testConfig('dev', (c) => (c.imports = { table: 'dev-books' })));
    expect(one.backend.terraform.required_version).toBe('>= 1.5');
    expect(one.edge.terraform.required_version).toBeUndefined();
  });

  it('changes no resource: the same addresses and the same attributes, only import blocks added', () => {
    for (const [role, json] of Object.entries(stacksOf(adopted))) {
      const { import: _import, terraform, ...rest } = json;
      const { terraform: plainTerraform, ...plainRest } = (stacksOf(dev) as Record<string, TfJson>)[role];
      expect(rest).toEqual(plainRest);
      const { required_version: _v, ...terraformRest } = terraform;
      expect(terraformRest).toEqual(plainTerraform);
    }
  });

  it('imports only what it names', () => {
    const some = synthApp(testConfig('dev', (c) => (c.imports = { apiLogGroup: '/aws/lambda/dev-api', webAcl: DEV_IMPORT_IDS.webAcl })));
    expect(importsOf(some.backend)).toEqual([{ to: 'aws_cloudwatch_log_group.api_log_group', id: '/aws/lambda/dev-api' }]);
    expect(importsOf(some.edge)).toEqual([{ to: 'aws_wafv2_web_acl.waf', id: DEV_IMPORT_IDS.webAcl }]);
    expect(importsOf(some.identity)).toEqual([]);
  });

  it.each(['dev', 'prod'])('expects in config exactly the names the %s stacks give their resources', (env) => {
    const app = env === 'dev' ? dev : synthApp(testConfig(env));
    const region = testConfig(env).backendRegion;
    const ids = idsFromSynth(app, region);
    expect(Object.keys(ids).sort()).toEqual([...IMPORT_NAMES].sort());
    expect(testConfig(env, (c) => (c.imports = ids)).imports).toEqual(ids);
  });

  it('names an address of a resource that every import target stack really has (dev and prod)', () => {
    const prod = synthApp(testConfig('prod'));
    for (const app of [dev, prod]) {
      for (const name of IMPORT_NAMES) {
        const { role, address } = IMPORT_TARGETS[name];
        const [type, id] = address.split('.');
        expect(() => resource((stacksOf(app) as Record<string, TfJson>)[role], type, id)).not.toThrow();
      }
    }
  });
});
