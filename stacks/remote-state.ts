/**
 * The S3 state backend of every stack but `state`, and the remote-state
 * data source that reads another stack's outputs with the same settings.
 */
import { DataTerraformRemoteStateS3, S3Backend, TerraformStack, type S3BackendConfig } from 'cdktf';
import type { Construct } from 'constructs';
import type { Config } from '../config/schema';
import { emulatorSettings } from './emulator';
import { stackName, stateKey, type StackRole } from './naming';

/** The backend settings shared by the S3 backend and remote state of `stack`. */
export function s3BackendConfig(config: Config, stack: string): S3BackendConfig {
  const emulator = emulatorSettings(config);
  return {
    bucket: config.state.bucketName,
    key: stateKey(config, stack),
    region: config.state.region,
    encrypt: true,
    ...(emulator
      ? {
          endpoints: { s3: emulator.url },
          usePathStyle: true,
          skipCredentialsValidation: true,
          skipRequestingAccountId: true,
          skipRegionValidation: true,
          skipS3Checksum: true,
          accessKey: emulator.accessKeyId,
          secretKey: emulator.secretAccessKey,
        }
      : {}),
  };
}

/**
 * Stores the stack's state in the state bucket at `<keyPrefix>/<stack>.tfstate`,
 * encrypted, with S3-native locking (`use_lockfile`, Terraform/OpenTofu
 * >= 1.10; cdktf 0.21's S3Backend has no typed field, hence the override).
 */
export function useS3Backend(stack: TerraformStack, config: Config): S3Backend {
  const backend = new S3Backend(stack, s3BackendConfig(config, stack.node.id));
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
  return backend;
}

/**
 * Reads the outputs of `stackName` (`data.terraform_remote_state.<id>`).
 * Pair it with `stack.addDependency(producer)` for the deploy order; never
 * rely on cdktf's automatic cross-stack references.
 */
export function remoteState(scope: Construct, id: string, config: Config, stackName: string): DataTerraformRemoteStateS3 {
  return new DataTerraformRemoteStateS3(scope, id, s3BackendConfig(config, stackName));
}

/** A stack's named outputs, read through remote state: one Terraform expression per output name. */
export type StackOutputs<O extends Readonly<Record<string, string>>> = { readonly [K in keyof O]: string };

/**
 * Reads the named outputs of another stack of this environment
 * (`data.terraform_remote_state.<id>`), typed by its output contract
 * (stacks/outputs.ts): `readStackOutputs(this, 'backend_stack', config,
 * 'backend', BACKEND_OUTPUTS).functionUrlHost`. An output the stack does not
 * use costs nothing (its expression is emitted only where it is used).
 */
export function readStackOutputs<O extends Readonly<Record<string, string>>>(
  scope: Construct,
  id: string,
  config: Config,
  role: StackRole,
  contract: O,
): StackOutputs<O> {
  const remote = remoteState(scope, id, config, stackName(config, role));
  return Object.fromEntries(Object.entries(contract).map(([key, name]) => [key, remote.getString(name)])) as StackOutputs<O>;
}
