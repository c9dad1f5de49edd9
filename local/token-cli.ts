/**
 * `npm run token -- --sub alice --groups admins --scope books/write`
 *
 * Prints a token signed by the local development issuer, shaped like a
 * Cognito access token (or id token with `--id`). `npm run dev` trusts this
 * issuer. Never use these tokens or this key outside local development.
 */
import { parseCommandLine } from '../lib/cli';
import { LOCAL_MACHINE_CLIENT_ID, LOCAL_SPA_CLIENT_ID, createIssuer, loadOrCreateKey } from './token-issuer';

const USAGE = `usage: npm run token -- --sub NAME [--groups a,b] [--scope s1 --scope s2] [--id] [--machine] [--expires-in SECONDS]`;

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[ ,]+/)).filter((v) => v.length > 0);
}

export function main(argv: string[]): number {
  const parsed = parseCommandLine(
    {
      args: argv,
      options: {
        sub: { type: 'string' },
        groups: { type: 'string', multiple: true },
        scope: { type: 'string', multiple: true },
        id: { type: 'boolean', default: false },
        machine: { type: 'boolean', default: false },
        'expires-in': { type: 'string', default: '3600' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    },
    USAGE,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const expiresIn = Number(values['expires-in']);
  if (!values.sub || !Number.isInteger(expiresIn)) {
    process.stderr.write(`${!values.sub ? '--sub is required' : `--expires-in: received "${values['expires-in']}"; allowed: whole seconds`}\n${USAGE}\n`);
    return 2;
  }
  const issuer = createIssuer(loadOrCreateKey());
  const token = issuer.issue({
    sub: values.sub,
    groups: list(values.groups),
    scopes: list(values.scope),
    tokenUse: values.id ? 'id' : 'access',
    clientId: values.machine ? LOCAL_MACHINE_CLIENT_ID : LOCAL_SPA_CLIENT_ID,
    expiresIn,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
