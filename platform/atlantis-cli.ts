/**
 * `npm run atlantis`: synthesizes nothing itself; reads `cdktf.out/manifest.json`
 * (run `npm run synth` first, with the environment you want) and writes
 * `atlantis.yaml` at the repository root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StackOrderError, atlantisConfig, renderAtlantisYaml, type CdktfManifest } from './atlantis';

export function main(argv: string[]): number {
  const outDir = argv[0] ?? 'cdktf.out';
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
    if (e instanceof StackOrderError) {
      process.stderr.write(`atlantis: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(`atlantis: wrote ${target} (${Object.keys(manifest.stacks).length} projects)\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
