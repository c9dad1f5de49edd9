/**
 * The README's reference tables follow the code: the configuration reference
 * covers every field of config/schema.ts (and names no field that does not
 * exist), and the outputs table lists exactly the output contract of
 * stacks/outputs.ts. A field or output added without its row fails here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import { configSchema } from '../../config/schema';
import { repoRoot } from '../../lib/repo-root';
import { BACKEND_OUTPUTS, EDGE_OUTPUTS, IDENTITY_OUTPUTS, STATE_OUTPUTS } from '../../stacks/outputs';

const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');

/** The rows of the first table after `heading` (each row's cells). */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no heading ${heading}`);
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  return rows;
}

/** Field paths a cell documents: "`a.b.c` / `d`" is a.b.c and a.b.d; "`routes[]`" is routes. */
function documentedPaths(cell: string): string[] {
  // `routes[]` documents routes; `alarms.thresholds.*` documents every field of alarms.thresholds.
  const names = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\[\]$/, '').replace(/\.\*$/, ''));
  if (names.length === 0) return [];
  const parent = names[0].includes('.') ? names[0].slice(0, names[0].lastIndexOf('.') + 1) : '';
  return names.map((n, i) => (i === 0 || n.includes('.') ? n : `${parent}${n}`));
}

type AnyZod = z.ZodType & { _zod: { def: Record<string, unknown> } };

/** Every field path of the schema, objects included (`api`, `api.cors`, `api.cors.allowOrigins`, ...). */
function schemaPaths(schema: AnyZod, prefix = ''): string[] {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if (['default', 'optional', 'nullable', 'readonly', 'prefault', 'catch'].includes(def.type as string)) s = def.innerType as AnyZod;
    else if (def.type === 'pipe') s = def.in as AnyZod;
    else break;
  }
  const def = s._zod.def;
  if (def.type !== 'object') return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(def.shape as Record<string, AnyZod>)) {
    const p = prefix ? `${prefix}.${key}` : key;
    out.push(p, ...schemaPaths(child, p));
  }
  return out;
}

describe('README: the configuration reference', () => {
  const documented = new Set(tableAfter('## Configuration reference').flatMap((row) => documentedPaths(row[0])));
  const fields = schemaPaths(configSchema as unknown as AnyZod);

  it('documents every config field (itself or a parent section)', () => {
    const covered = (p: string): boolean => documented.has(p) || (p.includes('.') && covered(p.slice(0, p.lastIndexOf('.'))));
    const leaves = fields.filter((p) => !fields.some((q) => q.startsWith(`${p}.`)));
    expect(leaves.filter((p) => !covered(p))).toEqual([]);
  });

  it('names no field the schema does not have', () => {
    const known = new Set(fields);
    expect([...documented].filter((p) => !known.has(p))).toEqual([]);
  });
});

describe('README: the stacks output contract', () => {
  const rows = tableAfter('## Stacks and their output contract');
  const contract: Record<string, Record<string, string>> = { state: STATE_OUTPUTS, identity: IDENTITY_OUTPUTS, backend: BACKEND_OUTPUTS, edge: EDGE_OUTPUTS };

  it.each(Object.keys(contract))('lists exactly the %s outputs', (role) => {
    const row = rows.find((r) => r[0] === `\`<env>-${role}\``);
    expect(row).toBeDefined();
    // Output names are the backticked snake_case words (mode names such as `oac` in the notes are not).
    const listed = [...row![2].matchAll(/`([a-z0-9]+(?:_[a-z0-9]+)+)`/g)].map((m) => m[1]);
    expect([...new Set(listed)].sort()).toEqual(Object.values(contract[role]).sort());
  });
});
