// Imports OSV advisories from a folder of .json files (one advisory each, as OSV's per-ecosystem archives hold them).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../../../store/store.js';
import { readOsvRecord, type AdvisoryRecord } from './osv-record.js';
import { upsertAdvisories } from './advisory-store.js';

/** A file larger than this is not an advisory (the largest OSV records are a few hundred KB). */
export const MAX_ADVISORY_FILE_BYTES = 8 * 1024 * 1024;
/** Folders nest at most this deep below the one given. */
const MAX_DEPTH = 4;
/** Advisories written per transaction: large enough to be fast, small enough not to hold a lock for long. */
const BATCH = 200;
/** Rejections named in the summary (the count covers all of them). */
const MAX_REPORTED_ERRORS = 20;

export interface ImportSummary {
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first rejections, each "file: reason". */
  errors: string[];
}

/** The .json files below a folder, sorted, at most MAX_DEPTH folders deep (symbolic links are not followed). */
async function jsonFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const stack: [string, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [dir, depth] = stack.pop()!;
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory() && depth < MAX_DEPTH) stack.push([path, depth + 1]);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) out.push(path);
    }
  }
  return out.sort();
}

/**
 * Reads every advisory below `source` into the store. Safe while a server runs on the same store: each batch is
 * one short transaction, and an advisory is replaced only by a newer `modified`. `onProgress` hears after each batch.
 */
export async function importAdvisories(
  store: Store,
  source: string,
  opts: { now?: () => number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportSummary> {
  const info = await stat(source);
  if (!info.isDirectory()) {
    if (source.toLowerCase().endsWith('.zip'))
      throw new Error(
        `${source}: reading .zip archives is not built yet (no zip library is a dependency); extract it and import the folder`,
      );
    throw new Error(`${source} is not a folder of OSV .json advisories`);
  }
  const files = await jsonFiles(source);
  const summary: ImportSummary = { files: files.length, added: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
  const reject = (file: string, reason: string) => {
    summary.rejected++;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push(`${file}: ${reason}`);
  };
  let batch: AdvisoryRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const counts = await upsertAdvisories(store, batch, (opts.now ?? Date.now)());
    summary.added += counts.added;
    summary.updated += counts.updated;
    summary.unchanged += counts.unchanged;
    batch = [];
  };
  for (const [i, file] of files.entries()) {
    const size = (await stat(file)).size;
    if (size > MAX_ADVISORY_FILE_BYTES) reject(file, `larger than ${MAX_ADVISORY_FILE_BYTES} bytes`);
    else {
      let doc: unknown;
      try {
        doc = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        doc = undefined;
      }
      const record = doc === undefined ? { error: 'not valid JSON' } : readOsvRecord(doc);
      if ('error' in record) reject(file, record.error);
      else batch.push(record);
    }
    if (batch.length >= BATCH) await flush();
    if ((i + 1) % BATCH === 0 || i + 1 === files.length) opts.onProgress?.(i + 1, files.length);
  }
  await flush();
  return summary;
}
