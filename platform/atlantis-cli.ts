/**
 * `npm run atlantis` (which runs `npm run synth` first; set SFU_ENV for the
 * environment): reads `cdktf.out/manifest.json` and writes `atlantis.yaml`
 * at the repository root. Run it from the repository root:
 *     node dist/platform/atlantis-cli.js [<outDir> [<target>]]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AtlantisInputError, StackOrderError, atlantisConfig, renderAtlantisYaml, type CdktfManifest } from './atlantis';

export function main(argv: string[]): number {
  // Project dirs in atlantis.yaml are relative to the repository root (the working directory).
  const outDir = path
    .relative(process.cwd(), path.resolve(argv[0] ?? 'cdktf.out'))
    .split(path.sep)
    .join('/');
  const target = argv[1] ?? 'atlantis.yaml';
  const manifestPath = path.join(outDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    process.stderr.write(`atlantis: ${manifestPath} not found; run \`npm run synth\` first\n`);
    return 1;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as CdktfManifest;
  try {
    fs.writeFileSync(target, renderAtlantisYaml(atlantisConfig(manifest, { outDir })));
  } catch (e) {
    if (e instanceof StackOrderError || e instanceof AtlantisInputError) {
      process.stderr.write(`atlantis: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(`atlantis: wrote ${target} (${Object.keys(manifest.stacks).length} projects)\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
