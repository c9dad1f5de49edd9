import { unzipSync } from 'fflate';
import { reproducibleZip, ZIP_MTIME } from '../../packaging/zip';

const files = { 'index.js': 'exports.handler = async () => 1;\n', 'config.json': '{"a":1}' };

/** Reads the central directory fields the zip writes for each entry. */
function centralEntries(zip: Uint8Array): { name: string; madeBy: number; dosTime: number; dosDate: number; attrs: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = [];
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    out.push({
      madeBy: view.getUint16(i + 4, true),
      dosTime: view.getUint16(i + 12, true),
      dosDate: view.getUint16(i + 14, true),
      attrs: view.getUint32(i + 38, true),
      name: Buffer.from(zip.subarray(i + 46, i + 46 + nameLength)).toString('utf8'),
    });
  }
  return out;
}

describe('reproducibleZip', () => {
  it('gives the same bytes for the same files, whatever the insertion order', () => {
    const a = reproducibleZip(files);
    const b = reproducibleZip({ 'config.json': files['config.json'], 'index.js': files['index.js'] });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('gives the same bytes in another time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = reproducibleZip(files);
      process.env.TZ = 'Pacific/Kiritimati';
      const plus14 = reproducibleZip(files);
      process.env.TZ = 'America/Los_Angeles';
      const minus8 = reproducibleZip(files);
      expect(Buffer.from(plus14).equals(Buffer.from(utc))).toBe(true);
      expect(Buffer.from(minus8).equals(Buffer.from(utc))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('writes entries in name order with the DOS epoch as mtime and Unix 0644 regular-file attributes', () => {
    const entries = centralEntries(reproducibleZip(files));
    expect(entries.map((e) => e.name)).toEqual(['config.json', 'index.js']);
    for (const e of entries) {
      expect(e.dosDate).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
      expect(e.dosTime).toBe(0); // 00:00:00
      expect(e.madeBy >> 8).toBe(3); // Unix
      expect((e.attrs >>> 16) & 0o177777).toBe(0o100644);
    }
    expect(ZIP_MTIME.getFullYear()).toBe(1980);
  });

  it('round-trips the content', () => {
    const back = unzipSync(reproducibleZip(files));
    expect(Buffer.from(back['index.js']).toString('utf8')).toBe(files['index.js']);
    expect(Buffer.from(back['config.json']).toString('utf8')).toBe(files['config.json']);
  });

  it('refuses unsafe entry names and empty archives', () => {
    expect(() => reproducibleZip({ '../evil.js': 'x' })).toThrow(/unsafe entry name/);
    expect(() => reproducibleZip({ '/abs.js': 'x' })).toThrow(/unsafe entry name/);
    expect(() => reproducibleZip({})).toThrow(/no files/);
  });
});
