/**
 * The CDKTF app: loads `config/<SFU_ENV>.json` (default `dev`), validates it,
 * and synthesizes the `<env>-state`, `<env>-identity`, `<env>-backend` and
 * `<env>-edge` stacks into `cdktf.out`.
 */
import { App } from 'cdktf';
import { ConfigError, loadConfig } from './config/load';
import { buildApp } from './stacks/app';

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const app = new App();
  buildApp(app, config);
  app.synth();
}

main();
