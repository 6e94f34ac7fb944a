// Writes a report's objects under its bucket's directory: the prefix folders made inside the bucket (never followed
// out of it through a link), each object streamed to a private temporary file and renamed into place when complete,
// so a cancelled or failed report leaves no partial object.
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Bytes gathered before each write. */
const CHUNK_BYTES = 64 * 1024;

/** The bucket's directory, if it exists (its real path). */
export async function existingBucket(dir: string): Promise<string | undefined> {
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory()) return undefined;
  return realpath(dir);
}

/**
 * Makes `segments` below the bucket's directory, one folder at a time, and answers the last: a segment that exists as
 * anything but a plain directory (a link, a file) is refused before anything is made through it.
 */
export async function folderIn(bucketDir: string, segments: readonly string[]): Promise<string> {
  let dir = bucketDir;
  for (const segment of segments) {
    dir = join(dir, segment);
    const found = await lstat(dir).catch(() => undefined);
    if (found === undefined) await mkdir(dir, { mode: 0o700 }).catch(existsAlready);
    else if (!found.isDirectory()) throw new Error('report folder resolves outside its bucket');
  }
  const real = await realpath(dir);
  if (real !== bucketDir && !real.startsWith(bucketDir + sep))
    throw new Error('report folder resolves outside its bucket');
  return real;
}

/** Another report made the same folder meanwhile: fine. */
function existsAlready(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EEXIST') throw err;
}

/**
 * Streams `parts` into `<dir>/<name>` (mode 0600). `keepGoing` is asked between chunks; when it answers false the
 * temporary file is removed and false is returned.
 */
export async function writeObject(
  dir: string,
  name: string,
  parts: Iterable<string>,
  keepGoing: () => Promise<boolean>,
): Promise<boolean> {
  const temp = join(dir, `.${randomUUID()}.partial`);
  const file = await open(temp, 'wx', 0o600);
  let done = false;
  try {
    let pending: string[] = [];
    let size = 0;
    for (const part of parts) {
      pending.push(part);
      size += part.length;
      if (size >= CHUNK_BYTES) {
        await file.write(pending.join(''));
        pending = [];
        size = 0;
        if (!(await keepGoing())) return false;
      }
    }
    if (pending.length > 0) await file.write(pending.join(''));
    await file.sync();
    done = true;
  } finally {
    await file.close();
    if (!done) await rm(temp, { force: true });
  }
  if (!(await keepGoing())) {
    await rm(temp, { force: true });
    return false;
  }
  await rename(temp, join(dir, name));
  return true;
}
