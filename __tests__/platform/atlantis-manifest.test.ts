/**
 * The atlantis.yaml generator against a REAL synth: the dev app is
 * synthesized into a directory of the repository (as `npm run synth` does
 * into cdktf.out), and the generated projects, dirs, depends_on and
 * execution order groups are checked against that manifest.json and the
 * app's own stack dependencies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import type { Config } from '../../config/schema';
import { buildDir, repoRoot } from '../../packaging/paths';
import { main as atlantisCli } from '../../platform/atlantis-cli';
import { atlantisConfig, renderAtlantisYaml, type CdktfManifest } from '../../platform/atlantis';
import { buildApp } from '../../stacks/app';
import { testConfig } from '../stacks/synth-helpers';

/** Synthesizes `config` with a real App (validations included) into `<repo>/.build/test/<name>`; returns the repo-relative dir. */
function synthInto(config: Config, name: string): { outDir: string; manifest: CdktfManifest; dependencies: Record<string, string[]> } {
  const abs = path.join(buildDir(), 'test', `${name}-${process.pid}`);
  fs.rmSync(abs, { recursive: true, force: true });
  fs.mkdirSync(abs, { recursive: true });
  const app = new App({ outdir: abs });
  const stacks = buildApp(app, config);
  app.synth();
  const dependencies: Record<string, string[]> = {};
  for (const s of [stacks.state, stacks.identity, stacks.backend, stacks.edge]) {
    if (s) dependencies[s.node.id] = s.dependencies.map((d) => d.node.id).sort();
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(abs, 'manifest.json'), 'utf8')) as CdktfManifest;
  return { outDir: path.relative(repoRoot(), abs).split(path.sep).join('/'), manifest, dependencies };
}

describe('atlantis.yaml from a real dev synth', () => {
  let run: ReturnType<typeof synthInto>;
  let yaml: any;
  beforeAll(() => {
    run = synthInto(testConfig('dev'), 'atlantis-dev');
    yaml = parse(renderAtlantisYaml(atlantisConfig(run.manifest, { outDir: run.outDir })));
  }, 120_000);
  afterAll(() => fs.rmSync(path.join(repoRoot(), run.outDir), { recursive: true, force: true }));
  const byName = () => Object.fromEntries(yaml.projects.map((p: any) => [p.name, p]));

  it('has one project per stack of the manifest, and the manifest has every stack of the app', () => {
    expect(Object.keys(run.manifest.stacks).sort()).toEqual(['dev-backend', 'dev-edge', 'dev-identity', 'dev-state']);
    expect(yaml.projects.map((p: any) => p.name).sort()).toEqual(Object.keys(run.manifest.stacks).sort());
  });

  it('points each project at its stack directory, which holds the synthesized cdk.tf.json', () => {
    for (const p of yaml.projects) {
      const stack = run.manifest.stacks[p.name];
      expect(p.dir).toBe(`${run.outDir}/${stack.workingDirectory}`);
      expect(fs.existsSync(path.join(repoRoot(), p.dir, 'cdk.tf.json'))).toBe(true);
    }
  });

  it("copies the manifest dependencies into depends_on, and they are the app's addDependency edges", () => {
    for (const p of yaml.projects) {
      expect({ name: p.name, deps: p.depends_on ?? [] }).toEqual({ name: p.name, deps: [...run.manifest.stacks[p.name].dependencies].sort() });
      expect({ name: p.name, deps: p.depends_on ?? [] }).toEqual({ name: p.name, deps: run.dependencies[p.name] });
    }
    expect(byName()['dev-edge'].depends_on).toEqual(['dev-backend', 'dev-identity']);
  });

  it('puts every project in a later execution order group than each of its dependencies', () => {
    const groups = byName();
    for (const p of yaml.projects) for (const d of p.depends_on ?? []) expect(p.execution_order_group).toBeGreaterThan(groups[d].execution_order_group);
    expect(Object.fromEntries(yaml.projects.map((p: any) => [p.name, p.execution_order_group]))).toEqual({
      'dev-state': 0,
      'dev-backend': 1,
      'dev-identity': 1,
      'dev-edge': 2,
    });
  });

  it('autoplans on source patterns that match files of this repository', () => {
    for (const p of yaml.projects) {
      for (const pattern of p.autoplan.when_modified) {
        if (pattern === 'cdk.tf.json') continue;
        const fromRoot = path.posix.normalize(path.posix.join(p.dir, pattern));
        expect(fromRoot.startsWith('..')).toBe(false);
        const fixed = fromRoot.split('/*')[0].replace(/\/$/, '');
        expect({ pattern, exists: fs.existsSync(path.join(repoRoot(), fixed)) }).toEqual({ pattern, exists: true });
      }
    }
  });

  it('is what `npm run atlantis` writes (the CLI, from the repository root)', () => {
    const target = path.join(repoRoot(), run.outDir, 'atlantis.yaml');
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(atlantisCli([run.outDir, target])).toBe(0);
    } finally {
      out.mockRestore();
    }
    expect(parse(fs.readFileSync(target, 'utf8'))).toEqual(yaml);
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^# Generated by `npm run atlantis`/);
  });
});

describe('atlantis.yaml from a real synth with existing.stateBucket', () => {
  it('has no state project; identity and backend come first, edge after both', () => {
    const run = synthInto(
      testConfig('dev', (c) => (c.existing = { stateBucket: true })),
      'atlantis-byo-state',
    );
    try {
      expect(Object.keys(run.manifest.stacks).sort()).toEqual(['dev-backend', 'dev-edge', 'dev-identity']);
      expect(fs.existsSync(path.join(repoRoot(), run.outDir, 'stacks', 'dev-state'))).toBe(false);
      const projects = atlantisConfig(run.manifest, { outDir: run.outDir }).projects;
      expect(projects.map((p) => [p.name, p.execution_order_group, p.depends_on ?? []])).toEqual([
        ['dev-backend', 0, []],
        ['dev-identity', 0, []],
        ['dev-edge', 1, ['dev-backend', 'dev-identity']],
      ]);
    } finally {
      fs.rmSync(path.join(repoRoot(), run.outDir), { recursive: true, force: true });
    }
  }, 120_000);
});
