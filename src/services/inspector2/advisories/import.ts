// Imports OSV advisories from a folder of .json files or a .zip of them (one advisory each: OSV's per-ecosystem all.zip).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../../../store/store.js';
import { readOsvRecord, type AdvisoryRecord } from './osv-record.js';
import { upsertAdvisories } from './advisory-store.js';
import { zipJsonMembers } from './zip-entries.js';

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
  const isZip = info.isFile() && source.toLowerCase().endsWith('.zip');
  if (!info.isDirectory() && !isZip)
    throw new Error(`${source} is neither a folder of OSV .json advisories nor a .zip of them`);
  const summary: ImportSummary = { files: 0, added: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
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
  const take = async (file: string, text: string | { error: string }, done: number, total: number) => {
    let doc: unknown;
    if (typeof text === 'string')
      try {
        doc = JSON.parse(text);
      } catch {
        doc = undefined;
      }
    const record =
      typeof text !== 'string' ? text : doc === undefined ? { error: 'not valid JSON' } : readOsvRecord(doc);
    if ('error' in record) reject(file, record.error);
    else batch.push(record);
    if (batch.length >= BATCH) await flush();
    if (done % BATCH === 0 || done === total) opts.onProgress?.(done, total);
  };
  if (isZip) {
    // An archive's member count is known only once read through: progress reports what was read so far.
    for await (const m of zipJsonMembers(source, MAX_ADVISORY_FILE_BYTES)) {
      summary.files++;
      await take(m.name, 'text' in m ? m.text : { error: m.error }, summary.files, summary.files + 1);
    }
    opts.onProgress?.(summary.files, summary.files);
  } else {
    const files = await jsonFiles(source);
    summary.files = files.length;
    for (const [i, file] of files.entries()) {
      const size = (await stat(file)).size;
      await take(
        file,
        size > MAX_ADVISORY_FILE_BYTES
          ? { error: `larger than ${MAX_ADVISORY_FILE_BYTES} bytes` }
          : await readFile(file, 'utf8'),
        i + 1,
        files.length,
      );
    }
  }
  await flush();
  return summary;
}
