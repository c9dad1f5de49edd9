/**
 * `npm run openapi [-- --check]`: writes docs/openapi.json, the API's OpenAPI
 * document for config/dev.json (lambdas/api/openapi.ts; the same document
 * the API serves at `GET /api/openapi.json` with that config). `--check`
 * writes nothing and exits 1 when the file is not what the code generates.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/load';
import { openApiDocumentFor } from '../lambdas/api/app';
import { openApiJson } from '../lambdas/api/openapi';
import { repoRoot } from '../lib/repo-root';

export const OPENAPI_FILE = path.join('docs', 'openapi.json');
/** The environment whose config the committed document describes. */
export const OPENAPI_ENV = 'dev';

/** The text docs/openapi.json must hold. */
export function expectedOpenApiJson(): string {
  const config = loadConfig(OPENAPI_ENV);
  return openApiJson(openApiDocumentFor({ basePath: config.api.basePath, routes: config.routes, maxBodyBytes: config.api.maxBodyBytes }));
}

export function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument(s): ${unknown.join(' ')}\nusage: npm run openapi [-- --check]\n`);
    return 2;
  }
  const file = path.join(repoRoot(), OPENAPI_FILE);
  const text = expectedOpenApiJson();
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (check) {
    if (current === text) {
      process.stdout.write(`${OPENAPI_FILE} is up to date\n`);
      return 0;
    }
    process.stderr.write(`${OPENAPI_FILE} is ${current === undefined ? 'missing' : 'out of date'}: run npm run openapi\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  process.stdout.write(
    `${current === text ? 'unchanged' : 'wrote'} ${OPENAPI_FILE} (${Object.keys((JSON.parse(text) as { paths: object }).paths).length} paths)\n`,
  );
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
