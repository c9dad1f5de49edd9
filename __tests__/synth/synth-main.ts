/**
 * A stand-alone synth of one environment into a given directory, like
 * `node dist/main.js` but with the output directory as an argument:
 *     node synth-main.js <env> <outdir>
 * The determinism test bundles it and runs it in a separate process.
 */
import { App } from 'cdktf';
import { loadConfig } from '../../config/load';
import { buildApp } from '../../stacks/app';

export function synthTo(env: string, outdir: string): void {
  const app = new App({ outdir, skipValidation: false });
  buildApp(app, loadConfig(env));
  app.synth();
}

if (require.main === module) {
  const [env, outdir] = process.argv.slice(2);
  if (!env || !outdir) {
    process.stderr.write('usage: synth-main <env> <outdir>\n');
    process.exit(2);
  }
  synthTo(env, outdir);
}
