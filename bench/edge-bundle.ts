/**
 * Figure 3: the edge bundle, built with the one set of options the edge stack
 * and the local chain use (`buildEdgeBundle`, packaging/edge-bundle-options.ts):
 * - its size in minified bytes (goal < 100 KB, counted as 100,000 bytes);
 * - its cold `require` time: a fresh `node` process requires the bundle
 *   (`index.js` with a baked `config.json` beside it, as in the package, so
 *   `createHandler` and the JWKS load run as at a cold start), timed with
 *   `process.hrtime` inside the child around `require` only, beside an empty
 *   module required the same way; alternating, median of each.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Config } from '../config/schema';
import { EDGE_CONFIG_FILENAME } from '../edge/config';
import { buildEdgeBundle } from '../packaging/edge-bundle-options';
import { LOCAL_URL_ID, localEdgeConfig, newLocalClaimsKey } from '../local/chain';
import { createIssuer } from '../local/token-issuer';
import type { Figure } from './report';
import { firstLines, runNode } from './proc';
import { median } from './stats';

export interface EdgeBundleOptions {
  readonly config: Config;
  readonly root: string;
  readonly repetitions: number;
  readonly progress: (line: string) => void;
}

/** Runs in the child: prints the ms `require(SFU_BENCH_REQUIRE)` took. */
const CHILD = `
const file = process.env.SFU_BENCH_REQUIRE;
const t0 = process.hrtime.bigint();
require(file);
const t1 = process.hrtime.bigint();
process.stdout.write(String(Number(t1 - t0) / 1e6));
`;

async function coldRequire(root: string, file: string): Promise<number> {
  const r = await runNode(['-e', CHILD], { cwd: root, env: { PATH: process.env.PATH ?? '', SFU_BENCH_REQUIRE: file }, timeoutMs: 30_000 });
  const ms = Number(r.stdout);
  if (r.code !== 0 || !Number.isFinite(ms)) throw new Error(`cold require of ${file} failed (${r.code ?? r.signal}): ${firstLines(r.stderr || r.stdout)}`);
  return ms;
}

export async function measureEdgeBundle(o: EdgeBundleOptions): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-bench-edge-'));
  try {
    o.progress('edge bundle: building');
    const bundleDir = path.join(dir, 'edge');
    const bundle = await buildEdgeBundle(bundleDir);
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const baked: Config = { ...o.config, edge: { ...o.config.edge, bakeJwks: true } };
    const edgeConfig = localEdgeConfig(
      baked,
      o.config.edge.signingMode,
      createIssuer(privateKey),
      `${LOCAL_URL_ID}.lambda-url.${o.config.backendRegion}.on.aws`,
      'http://127.0.0.1:9',
      newLocalClaimsKey(),
    );
    fs.writeFileSync(path.join(bundleDir, EDGE_CONFIG_FILENAME), JSON.stringify(edgeConfig));
    const emptyDir = path.join(dir, 'empty');
    fs.mkdirSync(emptyDir);
    const empty = path.join(emptyDir, 'index.js');
    fs.writeFileSync(empty, '');

    o.progress('edge bundle: cold require warm-up');
    await coldRequire(o.root, bundle.file);
    await coldRequire(o.root, empty);
    const bundleMs: number[] = [];
    const emptyMs: number[] = [];
    for (let i = 0; i < o.repetitions; i++) {
      const order = i % 2 === 0 ? [bundle.file, empty] : [empty, bundle.file];
      for (const file of order) (file === empty ? emptyMs : bundleMs).push(await coldRequire(o.root, file));
    }
    o.progress(`edge bundle: ${o.repetitions} cold requires each`);
    return [
      {
        id: 'edge.bundle.bytes',
        figure: 'Edge bundle size (minified, config.json excluded)',
        unit: 'bytes',
        value: bundle.bytes,
        goal: { kind: 'below', limit: 100_000, text: '< 100 KB (100,000 B)' },
      },
      {
        id: 'edge.bundle.require',
        figure: 'Edge bundle cold require (fresh node, incl. createHandler)',
        unit: 'ms',
        value: median(bundleMs),
        baseline: median(emptyMs),
        baselineLabel: 'empty module',
        goal: { kind: 'deltaBelow', limit: 10, text: '< 10 ms above empty module' },
        samples: { value: bundleMs, baseline: emptyMs },
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
