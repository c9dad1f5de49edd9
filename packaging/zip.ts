/**
 * A reproducible zip: the same files give the same bytes on any machine, in
 * any time zone, at any time.
 *
 * - entries sorted by name (byte order);
 * - a fixed modification time, 1980-01-01 00:00 (the DOS epoch) built from
 *   local date parts, because the zip header stores local date fields;
 * - fixed attributes: Unix (`os` = 3), regular file, mode 0644;
 * - fixed deflate level; no comments, no extra fields.
 */
import { zipSync, type Zippable } from 'fflate';

/** The modification time every entry gets (DOS epoch, local time parts). */
export const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0, 0);
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const UNIX = 3;

/** Zips `files` (name -> bytes or text) reproducibly. */
export function reproducibleZip(files: Readonly<Record<string, Uint8Array | string>>): Uint8Array {
  const names = Object.keys(files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new Error('reproducibleZip: no files');
  const zippable: Zippable = {};
  for (const name of names) {
    if (name.startsWith('/') || name.split('/').includes('..')) throw new Error(`reproducibleZip: unsafe entry name ${name}`);
    const value = files[name];
    const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    zippable[name] = [data, { level: 9, mtime: ZIP_MTIME, os: UNIX, attrs: REGULAR_FILE_0644 }];
  }
  return zipSync(zippable);
}
