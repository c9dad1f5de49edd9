import { Testing, TerraformStack } from 'cdktf';
import { remoteState } from '../../stacks/remote-state';
import { synthApp, synthJson, testConfig, type SynthedApp } from './synth-helpers';

describe('S3 backend', () => {
  let dev: SynthedApp;
  let emulator: SynthedApp;
  beforeAll(() => {
    dev = synthApp(testConfig('dev'));
    emulator = synthApp(testConfig('emulator'));
  });

  it("stores each stack's state under <keyPrefix>/<stack>.tfstate in the state bucket, encrypted, with S3 locking", () => {
    expect(dev.identity.terraform.backend.s3).toEqual({
      bucket: 'sfu-dev-tfstate-example',
      key: 'secure-function-url/dev-identity.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    });
    expect(dev.backend.terraform.backend.s3.key).toBe('secure-function-url/dev-backend.tfstate');
    expect(dev.backend.terraform.backend.s3.use_lockfile).toBe(true);
    expect(dev.backend.terraform.backend.s3.dynamodb_table).toBeUndefined();
  });

  it('keeps the state stack on a local backend, at a path relative to its stack directory', () => {
    expect(dev.state.terraform.backend).toEqual({ local: { path: '../../../terraform.dev-state.tfstate' } });
  });

  it('points the backend at the emulator with path-style S3 and every check skipped', () => {
    expect(emulator.backend.terraform.backend.s3).toEqual({
      bucket: 'sfu-emulator-tfstate',
      key: 'secure-function-url/emulator-backend.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
      endpoints: { s3: 'http://127.0.0.1:5000' },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_region_validation: true,
      skip_s3_checksum: true,
      access_key: 'test',
      secret_key: 'test',
    });
  });
});

describe('remoteState', () => {
  it("reads another stack's state with the backend's settings (emulator included)", () => {
    const config = testConfig('emulator');
    const stack = new TerraformStack(Testing.app(), 'reader');
    const rs = remoteState(stack, 'backend', config, 'emulator-backend');
    new (require('cdktf').TerraformOutput)(stack, 'x', { value: rs.getString('function_url_host') });
    const json = synthJson(stack) as any;
    const [data] = Object.values(json.data.terraform_remote_state) as any[];
    expect(data.backend).toBe('s3');
    expect(data.config).toMatchObject({
      bucket: 'sfu-emulator-tfstate',
      key: 'secure-function-url/emulator-backend.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      endpoints: { s3: 'http://127.0.0.1:5000' },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_region_validation: true,
      skip_s3_checksum: true,
      access_key: 'test',
      secret_key: 'test',
    });
    expect(Object.values(json.output)[0]).toMatchObject({
      value: expect.stringMatching(/^\$\{data\.terraform_remote_state\.[a-z_]+\.outputs\.function_url_host\}$/),
    });
  });
});
