import { EMULATED_SERVICES } from '../../stacks/emulator';
import { PROVIDER_CONSTRAINTS } from '../../stacks/providers';
import { synthApp, testConfig, type SynthedApp } from './synth-helpers';

describe('providers', () => {
  let dev: SynthedApp;
  beforeAll(() => {
    dev = synthApp(testConfig('dev'));
  });
  const stacksOf = (a: SynthedApp) => ({ state: a.state, identity: a.identity, backend: a.backend, edge: a.edge });

  it('pins hashicorp/aws to ">= 6.29, < 7" in every stack, replacing the binding\'s exact 6.25 pin', () => {
    expect(PROVIDER_CONSTRAINTS.aws).toBe('>= 6.29, < 7');
    for (const json of Object.values(stacksOf(dev))) {
      expect(json.terraform.required_providers.aws).toEqual({ source: 'aws', version: '>= 6.29, < 7' });
    }
  });

  it('writes no terraform.required_version (checkov crashes on it, bridgecrewio/checkov#7454)', () => {
    for (const json of Object.values(stacksOf(dev))) expect(json.terraform.required_version).toBeUndefined();
  });

  it('applies config.tags as default_tags on every aws provider', () => {
    for (const json of Object.values(stacksOf(dev))) {
      for (const p of json.provider.aws) {
        expect(p.default_tags).toEqual([{ tags: { environment: 'dev', 'managed-by': 'cdktf', project: 'secure-function-url' } }]);
      }
    }
  });

  it('puts each stack in its region: state bucket region for state, backend region for identity and backend', () => {
    const prod = synthApp(testConfig('prod', (c) => (c.state.region = 'eu-west-2')));
    expect(prod.state.provider.aws[0].region).toBe('eu-west-2');
    expect(prod.identity.provider.aws[0].region).toBe('eu-central-1');
    expect(prod.backend.provider.aws[0].region).toBe('eu-central-1');
  });

  it('points no provider at an emulator without config.endpoints', () => {
    for (const json of Object.values(stacksOf(dev))) {
      for (const p of json.provider.aws) {
        expect(p.endpoints).toBeUndefined();
        expect(p.skip_credentials_validation).toBeUndefined();
        expect(p.access_key).toBeUndefined();
      }
    }
  });

  describe('with config.endpoints (emulator)', () => {
    let emulator: SynthedApp;
    beforeAll(() => {
      emulator = synthApp(testConfig('emulator'));
    });

    it('points every service used at the emulator and skips the checks an emulator cannot answer, on every provider and alias', () => {
      expect(emulator.edge.provider.aws.map((p: any) => p.alias ?? 'default')).toEqual(['default', 'backend_region']);
      for (const json of Object.values(stacksOf(emulator))) {
        for (const p of json.provider.aws) {
          expect(p.endpoints).toEqual([Object.fromEntries(EMULATED_SERVICES.map((s) => [s, 'http://127.0.0.1:5000']))]);
          expect(p).toMatchObject({
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: 'true',
            s3_use_path_style: true,
            access_key: 'test',
            secret_key: 'test',
          });
        }
      }
    });

    it('lets SFU_EMULATOR_URL override the URL at synth time', () => {
      const before = process.env.SFU_EMULATOR_URL;
      process.env.SFU_EMULATOR_URL = 'http://localhost:4566/';
      try {
        const other = synthApp(testConfig('emulator'));
        expect(other.backend.provider.aws[0].endpoints[0].lambda).toBe('http://localhost:4566');
        expect(other.backend.terraform.backend.s3.endpoints).toEqual({ s3: 'http://localhost:4566' });
      } finally {
        if (before === undefined) delete process.env.SFU_EMULATOR_URL;
        else process.env.SFU_EMULATOR_URL = before;
      }
    });

    it('refuses a malformed SFU_EMULATOR_URL', () => {
      process.env.SFU_EMULATOR_URL = 'not a url';
      try {
        expect(() => synthApp(testConfig('emulator'))).toThrow(/SFU_EMULATOR_URL: received "not a url"/);
      } finally {
        delete process.env.SFU_EMULATOR_URL;
      }
    });
  });
});
