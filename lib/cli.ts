/**
 * The command-line conventions of the project's CLIs (`npm run dev`, `token`,
 * `web:build`, `test:browser`): node:util's parseArgs, a usage error printed
 * with the usage line (exit code 2), `--help` printing it (exit code 0).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The parsed arguments, or the exit code when the command should stop (bad arguments, or --help). */
export function parseCommandLine<T extends ParseArgsConfig>(
  config: T,
  usage: string,
  io: Pick<NodeJS.Process, 'stdout' | 'stderr'> = process,
): ReturnType<typeof parseArgs<T>> | number {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}
