import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEdgeBundle } from '../../packaging/edge-bundle-options';
import { buildEdgeBundleSync } from '../../packaging/edge-bundle';
import { repoRoot } from '../../packaging/paths';

describe('buildEdgeBundleSync', () => {
  const built = buildEdgeBundleSync();
  const text = fs.readFileSync(built.file, 'utf8');

  it("gives the same bytes as the edge package's own (async) build, used by the local chain", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-edge-bundle-'));
    try {
      const theirs = await buildEdgeBundle(dir);
      expect(theirs.sha256).toBe(built.sha256Hex);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves config.json to be read at run time, beside index.js', () => {
    expect(text).toMatch(/require\("\.\/config\.json"\)/);
  });

  it('names no absolute path of this machine', () => {
    expect(text).not.toContain(repoRoot());
    expect(text).not.toContain(os.homedir());
  });

  it('stays far below the 1 MB viewer-trigger and 50 MB origin-trigger package limits', () => {
    expect(built.size).toBeLessThan(1024 * 1024);
  });
});
