/** The format of `__addresses__/<env>.txt` (see addresses.test.ts). */

/** Parses `[stack]` sections of addresses; `#` lines and blank lines are ignored. */
export function parseAddressFile(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const header = /^\[([a-z0-9-]+)\]$/.exec(line);
    if (header) {
      if (sections.has(header[1])) throw new Error(`line ${i + 1}: section [${header[1]}] appears twice`);
      sections.set(header[1], (current = []));
      return;
    }
    if (!current) throw new Error(`line ${i + 1}: address ${line} before any [stack] section`);
    current.push(line);
  });
  return sections;
}
