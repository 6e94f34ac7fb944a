// sshd's effective global settings from /etc/ssh/sshd_config and the files it Includes: keywords are
// case-insensitive, the first value obtained wins, Include is read in place (globs in lexical order, relative paths
// below /etc/ssh), and a Match block's conditional settings are not global, so each file is read up to its first Match.
import { globLast, type Host } from './host-files.js';

export const SSHD_CONFIG = '/etc/ssh/sshd_config';
/** Include nesting and files read at most: a loop of Includes cannot run away. */
const MAX_DEPTH = 8;
const MAX_FILES = 64;

export interface SshdSettings {
  /** Lower-cased keyword → its first value (arguments joined by a space). */
  values: Map<string, string>;
  /** The main file exists. */
  present: boolean;
}

/** Splits `Keyword value`, `Keyword=value` or `Keyword = value`; undefined for blanks and comments. */
export function splitLine(line: string): { key: string; value: string } | undefined {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const match = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+)(.*)$/.exec(text);
  if (match === null) return undefined;
  return { key: match[1].toLowerCase(), value: match[2].replace(/^"(.*)"$/, '$1').trim() };
}

async function readInto(host: Host, path: string, out: SshdSettings, depth: number, budget: { files: number }) {
  if (depth > MAX_DEPTH || budget.files <= 0) return;
  budget.files--;
  const text = await host.read(path);
  if (text === undefined) return;
  if (depth === 0) out.present = true;
  for (const line of text.split('\n')) {
    const entry = splitLine(line);
    if (entry === undefined) continue;
    if (entry.key === 'match') return;
    if (entry.key === 'include') {
      for (const arg of entry.value.split(/\s+/).filter((a) => a !== '')) {
        const pattern = arg.startsWith('/') ? arg : `/etc/ssh/${arg}`;
        for (const file of await globLast(host, pattern)) await readInto(host, file, out, depth + 1, budget);
      }
      continue;
    }
    if (!out.values.has(entry.key)) out.values.set(entry.key, entry.value);
  }
}

export async function sshdSettings(host: Host): Promise<SshdSettings> {
  const out: SshdSettings = { values: new Map(), present: false };
  await readInto(host, SSHD_CONFIG, out, 0, { files: MAX_FILES });
  return out;
}
