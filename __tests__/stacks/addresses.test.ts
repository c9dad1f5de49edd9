/**
 * Stable addresses: every resource and data source address of every stack,
 * for the dev and prod configs, must equal the hand-maintained lists in
 * `__addresses__/<env>.txt`. A rename is a deliberate act: it ships with a
 * `moved` block (stacks/moves.ts) and an edit of the list, never by accident.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAddressFile } from './address-file';
import { addresses, synthApp, testConfig, type SynthedApp } from './synth-helpers';

const DIR = path.join(__dirname, '__addresses__');

/** The synthesized resource and data addresses of each stack (outputs are checked by the stack tests). */
function synthesized(app: SynthedApp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const role of ['state', 'identity', 'backend', 'edge'] as const) {
    const stack = app.stacks[role];
    if (!stack) continue;
    out.set(
      stack.node.id,
      addresses(app[role]).filter((a) => !a.startsWith('output.')),
    );
  }
  return out;
}

function difference(expected: Map<string, string[]>, actual: Map<string, string[]>): string[] {
  const lines: string[] = [];
  for (const stack of [...new Set([...expected.keys(), ...actual.keys()])].sort()) {
    const want = expected.get(stack);
    const have = actual.get(stack);
    if (!want) {
      lines.push(`  [${stack}] is synthesized but not listed`);
      continue;
    }
    if (!have) {
      lines.push(`  [${stack}] is listed but no longer synthesized`);
      continue;
    }
    for (const a of want.filter((x) => !have.includes(x))) lines.push(`  [${stack}] - ${a}   (gone: Terraform would destroy it)`);
    for (const a of have.filter((x) => !want.includes(x))) lines.push(`  [${stack}] + ${a}   (new)`);
  }
  return lines;
}

describe.each(['dev', 'prod'])('Terraform addresses of config/%s.json', (env) => {
  let app: SynthedApp;
  beforeAll(() => {
    app = synthApp(testConfig(env));
  });

  it(`match __tests__/stacks/__addresses__/${env}.txt`, () => {
    const file = path.join(DIR, `${env}.txt`);
    const expected = parseAddressFile(fs.readFileSync(file, 'utf8'));
    const diff = difference(expected, synthesized(app));
    if (diff.length > 0) {
      throw new Error(
        [
          `The Terraform addresses of config/${env}.json changed:`,
          ...diff,
          'Addresses are a contract (Atlantis plans, state, import and moved blocks). A rename makes Terraform destroy the',
          'old resource and create a new one. If the rename is deliberate: record it in stacks/moves.ts (a `moved` block,',
          'emitted with moveFromId; cdktf moveTo/moveToId for the other direction) so the plan shows a move, and update',
          `${path.relative(process.cwd(), file)} by hand in the same commit. A new resource only needs the file update.`,
        ].join('\n'),
      );
    }
  });

  it('lists each address once, sorted, so the file diffs cleanly', () => {
    const expected = parseAddressFile(fs.readFileSync(path.join(DIR, `${env}.txt`), 'utf8'));
    for (const [stack, list] of expected) {
      expect({ stack, list }).toEqual({ stack, list: [...new Set(list)].sort() });
    }
  });
});

describe('parseAddressFile', () => {
  it('reads sections and ignores comments and blank lines', () => {
    expect(parseAddressFile('# c\n\n[a-b]\nx.y\n\n[c]\ndata.z.w\n')).toEqual(
      new Map([
        ['a-b', ['x.y']],
        ['c', ['data.z.w']],
      ]),
    );
  });

  it('refuses an address outside a section and a repeated section', () => {
    expect(() => parseAddressFile('x.y\n')).toThrow(/before any \[stack\] section/);
    expect(() => parseAddressFile('[a]\n[a]\n')).toThrow(/appears twice/);
  });
});
