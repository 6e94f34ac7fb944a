// Reads CloudTrail log files as AWS delivers them: `*.json.gz` (or `*.json`) objects with a `Records` array, in folders.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/** Bounds on what an import reads: a log file AWS delivers is a few MB; these leave room and stop a wrong path early. */
export const TRAIL_FILE_LIMITS = {
  /** Bytes of one file as stored (compressed or not). */
  fileBytes: 64 * 1024 * 1024,
  /** Bytes of one file once decompressed. */
  jsonBytes: 256 * 1024 * 1024,
  /** Files one import reads. */
  files: 100_000,
  /** Folder depth followed (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd> is seven). */
  depth: 16,
} as const;

/** Whether a file name is a CloudTrail log file (digest files, which hold no records, are not). */
export function isTrailFileName(name: string): boolean {
  return (name.endsWith('.json.gz') || name.endsWith('.json')) && !name.includes('CloudTrail-Digest');
}

/**
 * The log files under `source` (a file, or a folder searched recursively), sorted by path so AWS's time-stamped
 * names come in delivery order. Symbolic links are not followed, so a link cannot make the walk loop.
 */
export async function trailFiles(source: string): Promise<string[]> {
  const top = await lstat(source);
  if (top.isFile()) return [source];
  if (!top.isDirectory()) throw new Error(`${source} is neither a file nor a folder`);
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > TRAIL_FILE_LIMITS.depth) return;
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (found.length >= TRAIL_FILE_LIMITS.files)
        throw new Error(`more than ${TRAIL_FILE_LIMITS.files} log files under ${source}: import a narrower folder`);
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path, depth + 1);
      else if (e.isFile() && isTrailFileName(e.name)) found.push(path);
    }
  };
  await walk(source, 0);
  return found;
}

/** The records of one log file; throws a readable Error for a file too large, not gzip, not JSON or without Records. */
export async function readTrailFile(path: string): Promise<unknown[]> {
  const info = await lstat(path);
  if (info.size > TRAIL_FILE_LIMITS.fileBytes) throw new Error(`larger than ${TRAIL_FILE_LIMITS.fileBytes} bytes`);
  let bytes = await readFile(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: TRAIL_FILE_LIMITS.jsonBytes });
    } catch (err) {
      throw new Error(`not a readable gzip file (${String((err as Error).message).slice(0, 200)})`, { cause: err });
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error('not JSON', { cause: err });
  }
  const records = typeof doc === 'object' && doc !== null ? (doc as { Records?: unknown }).Records : undefined;
  if (!Array.isArray(records)) throw new Error('no Records array (not a CloudTrail log file)');
  return records;
}
