import { parse } from 'yaml';
import {
  AtlantisInputError,
  DEFAULT_SOURCE_PATTERNS,
  StackOrderError,
  atlantisConfig,
  orderGroups,
  renderAtlantisYaml,
  type CdktfManifest,
} from '../../platform/atlantis';

const stack = (name: string, dependencies: string[] = []) => ({ name, workingDirectory: `stacks/${name}`, dependencies });

const manifest: CdktfManifest = {
  version: '0.21.0',
  stacks: {
    'dev-edge': stack('dev-edge', ['dev-backend', 'dev-identity']),
    'dev-backend': stack('dev-backend', ['dev-state']),
    'dev-identity': stack('dev-identity', ['dev-state']),
    'dev-state': stack('dev-state'),
  },
};

describe('orderGroups', () => {
  it('puts each stack one group after its deepest dependency', () => {
    expect(Object.fromEntries(orderGroups(manifest))).toEqual({ 'dev-state': 0, 'dev-backend': 1, 'dev-identity': 1, 'dev-edge': 2 });
  });

  it('refuses a dependency cycle and names it', () => {
    const cyclic: CdktfManifest = { version: '0.21.0', stacks: { a: stack('a', ['b']), b: stack('b', ['c']), c: stack('c', ['a']) } };
    expect(() => orderGroups(cyclic)).toThrow(new StackOrderError('dependency cycle between stacks: a -> b -> c -> a'));
  });

  it('refuses a dependency on a stack the manifest does not have', () => {
    expect(() => orderGroups({ version: '0.21.0', stacks: { a: stack('a', ['ghost']) } })).toThrow(/"a" depends on "ghost", which is not in the manifest/);
  });
});

describe('atlantisConfig', () => {
  const yaml = parse(renderAtlantisYaml(atlantisConfig(manifest)));

  it('writes one project per stack directory, in execution order', () => {
    expect(yaml.version).toBe(3);
    expect(yaml.projects.map((p: any) => [p.name, p.dir, p.execution_order_group])).toEqual([
      ['dev-state', 'cdktf.out/stacks/dev-state', 0],
      ['dev-backend', 'cdktf.out/stacks/dev-backend', 1],
      ['dev-identity', 'cdktf.out/stacks/dev-identity', 1],
      ['dev-edge', 'cdktf.out/stacks/dev-edge', 2],
    ]);
  });

  it('copies each stack dependency into depends_on', () => {
    const byName = Object.fromEntries(yaml.projects.map((p: any) => [p.name, p]));
    expect(byName['dev-state'].depends_on).toBeUndefined();
    expect(byName['dev-edge'].depends_on).toEqual(['dev-backend', 'dev-identity']);
  });

  it('autoplans a project when its cdk.tf.json or any source of the synth changes, through the cdktf workflow', () => {
    for (const p of yaml.projects) {
      expect(p.autoplan).toEqual({ enabled: true, when_modified: ['cdk.tf.json', ...DEFAULT_SOURCE_PATTERNS.map((s) => `../../../${s}`)] });
      expect(p.workflow).toBe('cdktf');
    }
    expect(DEFAULT_SOURCE_PATTERNS).toEqual(
      expect.arrayContaining(['stacks/**/*.ts', 'constructs/**/*.ts', 'config/*.json', 'lambdas/**/*.ts', 'edge/**/*.ts', 'package-lock.json']),
    );
  });

  it('writes source patterns relative to each project directory, for any output directory', () => {
    const deep = atlantisConfig(manifest, { outDir: 'build/out', sourcePatterns: ['src/**/*.ts'] });
    expect(deep.projects[0]).toMatchObject({ dir: 'build/out/stacks/dev-state', autoplan: { when_modified: ['cdk.tf.json', '../../../../src/**/*.ts'] } });
  });

  it('refuses an output directory outside the repository', () => {
    expect(() => atlantisConfig(manifest, { outDir: '/tmp/cdktf.out' })).toThrow(AtlantisInputError);
    expect(() => atlantisConfig(manifest, { outDir: '../cdktf.out' })).toThrow(/inside the repository/);
  });

  it('never applies in parallel, so dependent stacks apply in order', () => {
    expect(yaml.parallel_apply).toBe(false);
  });
});
