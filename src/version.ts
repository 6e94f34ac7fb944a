// Warden's version, as package.json says: what `warden --version` prints and the landing page shows.
import { readFile } from 'node:fs/promises';

let version: Promise<string> | undefined;

/** The version in package.json, read once. */
export function wardenVersion(): Promise<string> {
  version ??= readFile(new URL('../package.json', import.meta.url), 'utf8').then(
    (text) => (JSON.parse(text) as { version: string }).version,
  );
  return version;
}
