/**
 * HCL estates.
 * - docs/hcl-example/main.tf reads our outputs through terraform_remote_state:
 *   every output it uses exists in the synthesized stacks, and its state
 *   keys follow the S3 backend's `<keyPrefix>/<env>-<stack>.tfstate`.
 * - `cdktf synth --hcl` (npm run synth:hcl) renders every stack of dev and
 *   prod; where a terraform binary is installed, the HCL parses
 *   (`terraform fmt`). It is a review artifact: Atlantis plans the JSON.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { STACK_ROLES } from '../../stacks/naming';
import { synthApp, testConfig, type SynthedApp, type TfJson } from './synth-helpers';

const EXAMPLE = path.join(__dirname, '..', '..', 'docs', 'hcl-example', 'main.tf');
const terraformAvailable = spawnSync('terraform', ['version'], { stdio: 'ignore', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).status === 0;
const itWithTerraform = terraformAvailable ? it : it.skip;

/** `data "terraform_remote_state" "<name>" { ... }` blocks: name -> body. */
function remoteStateBlocks(hcl: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const re = /^data "terraform_remote_state" "([a-z_][a-z0-9_]*)" \{\n([\s\S]*?)^\}/gm;
  for (let m = re.exec(hcl); m; m = re.exec(hcl)) blocks.set(m[1], m[2]);
  return blocks;
}

/** Default values of `variable "<name>"` blocks. */
function variableDefaults(hcl: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^variable "([a-z_0-9]+)" \{\n([\s\S]*?)^\}/gm;
  for (let m = re.exec(hcl); m; m = re.exec(hcl)) {
    const d = /^\s*default\s*=\s*"([^"]*)"/m.exec(m[2]);
    if (d) out[m[1]] = d[1];
  }
  return out;
}

describe('docs/hcl-example/main.tf', () => {
  const hcl = fs.readFileSync(EXAMPLE, 'utf8');
  const blocks = remoteStateBlocks(hcl);
  const refs = [...hcl.matchAll(/data\.terraform_remote_state\.([a-z_][a-z0-9_]*)\.outputs\.([a-z_][a-z0-9_]*)/g)].map((m) => ({ name: m[1], output: m[2] }));
  let dev: SynthedApp;
  beforeAll(() => {
    dev = synthApp(testConfig('dev'));
  });

  /** The stack a remote-state block reads, from its key. */
  const roleOf = (name: string) => {
    const body = blocks.get(name);
    if (!body) throw new Error(`main.tf reads data.terraform_remote_state.${name}, which it does not declare`);
    const m = /^\s*key\s*=\s*"\$\{var\.state_key_prefix\}\/\$\{var\.environment\}-([a-z]+)\.tfstate"$/m.exec(body);
    if (!m) throw new Error(`data.terraform_remote_state.${name}: key is not "\${var.state_key_prefix}/\${var.environment}-<stack>.tfstate"`);
    return m[1] as (typeof STACK_ROLES)[number];
  };

  it('reads the identity, backend and edge stacks from the S3 state bucket', () => {
    expect([...blocks.keys()].sort()).toEqual(['backend', 'edge', 'identity']);
    for (const [name, body] of blocks) {
      expect(body).toMatch(/^\s*backend = "s3"$/m);
      expect(STACK_ROLES).toContain(roleOf(name));
    }
  });

  it('uses only outputs that the synthesized stacks have', () => {
    expect(refs.length).toBeGreaterThan(0);
    for (const { name, output } of refs) {
      const json = (dev as unknown as Record<string, TfJson>)[roleOf(name)];
      expect({ reference: `${name}.outputs.${output}`, exists: output in json.output }).toEqual({ reference: `${name}.outputs.${output}`, exists: true });
    }
  });

  it('uses the outputs platform teams ask for', () => {
    const used = new Set(refs.map((r) => r.output));
    for (const o of ['function_url_host', 'distribution_domain_name', 'user_pool_id', 'api_url', 'issuer_url', 'jwks_url']) expect(used).toContain(o);
  });

  it("finds each stack's state where the stacks keep it (defaults = config/dev.json)", () => {
    const v = variableDefaults(hcl);
    const config = testConfig('dev');
    expect(v).toMatchObject({
      environment: 'dev',
      state_bucket: config.state.bucketName,
      state_region: config.state.region,
      state_key_prefix: config.state.keyPrefix,
    });
    for (const [name, body] of blocks) {
      const s3 = (dev as unknown as Record<string, TfJson>)[roleOf(name)].terraform.backend.s3;
      expect(`${v.state_key_prefix}/${v.environment}-${roleOf(name)}.tfstate`).toBe(s3.key);
      expect(body).toMatch(/^\s*bucket = var\.state_bucket$/m);
      expect(body).toMatch(/^\s*region = var\.state_region$/m);
      expect(s3).toMatchObject({ bucket: v.state_bucket, region: v.state_region });
    }
  });

  itWithTerraform('is formatted HCL (terraform fmt -check)', () => {
    const r = spawnSync('terraform', ['fmt', '-check', '-no-color', EXAMPLE], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    // -check lists the files it would rewrite on stdout and exits 3.
    expect({ status: r.status, unformatted: r.stdout.trim() }).toEqual({ status: 0, unformatted: '' });
  });
});

describe('cdktf synth --hcl', () => {
  /** The HCL of every stack of `env`, built the way `cdktf synth --hcl` builds it (SYNTH_HCL_OUTPUT). */
  function synthHcl(env: string): Record<string, string> {
    const saved = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const stacks = buildApp(Testing.app(), testConfig(env));
      return Object.fromEntries(
        [stacks.state, stacks.identity, stacks.backend, stacks.edge].filter((s) => s !== undefined).map((s) => [s!.node.id, Testing.synthHcl(s!) as string]),
      );
    } finally {
      if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = saved;
    }
  }

  it.each(['dev', 'prod'])('renders every %s stack, the edge package config included', (env) => {
    const hcl = synthHcl(env);
    expect(Object.keys(hcl).sort()).toEqual(STACK_ROLES.map((r) => `${env}-${r}`).sort());
    expect(hcl[`${env}-backend`]).toMatch(/^resource "aws_lambda_function" "api_function" \{$/m);
    expect(hcl[`${env}-edge`]).toMatch(/^locals \{$/m);
    // null inside the edge config is written as an expression the HCL renderer can print.
    expect(hcl[`${env}-edge`]).toMatch(/jwksBaseUrl = "\$\{null\}"/);
  });

  itWithTerraform('writes HCL that parses (terraform fmt)', () => {
    for (const [stack, text] of Object.entries({ ...synthHcl('dev'), ...synthHcl('prod') })) {
      const r = spawnSync('terraform', ['fmt', '-no-color', '-'], { input: text, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
      expect({ stack, status: r.status }).toEqual({ stack, status: 0 });
    }
  });

  it('keeps the JSON output unchanged: a plain null there', () => {
    const edge = synthApp(testConfig('dev')).edge;
    expect((edge.locals!.edge_package_config as any).jwksBaseUrl).toBeNull();
  });
});
