// Reading a list's content from its Location: a local path, a file:// URL or a loopback http(s) URL, size-bounded.
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** GuardDuty's list files may be up to 35 MB. */
export const MAX_LIST_BYTES = 35 * 1024 * 1024;
/** A loopback server that does not answer within this is treated as unreachable. */
const FETCH_TIMEOUT_MS = 10_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export class ListSourceError extends Error {}

/** Where a Location points: a file, a loopback URL, or nowhere Warden can read (S3 and other hosts). */
export function locationTarget(location: string): { file: string } | { url: URL } | undefined {
  if (isAbsolute(location) && !location.includes('\0')) return { file: location };
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return undefined;
  }
  if (url.protocol === 'file:') return { file: fileURLToPath(url) };
  if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) return { url };
  return undefined;
}

async function readFileBounded(path: string, max: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ListSourceError('not a regular file');
    if (stat.size > max) throw new ListSourceError(`larger than ${max} bytes`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const { bytesRead } = await handle.read(buffer, read, stat.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function fetchBounded(url: URL, max: number): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok || !response.body) throw new ListSourceError(`HTTP ${response.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new ListSourceError(`larger than ${max} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Where the operator lets lists be read from. A caller allowed CreateIPSet names any Location; unbounded, that would
 * make the server read any file it can (or any loopback port) and tell by ACTIVE/ERROR whether it exists.
 */
export interface ListSourcePolicy {
  /** Files are read only inside this directory (after symbolic links are resolved). */
  readonly directory: string;
  /** Whether loopback http(s) URLs may be fetched. */
  readonly loopbackUrls: boolean;
}

/** The configured policy: `--guardduty-list-dir` (default `<data-dir>/guardduty/lists`), loopback URLs if enabled. */
export function listSourcePolicy(config: {
  dataDir: string;
  guarddutyListDir?: string | undefined;
  guarddutyListUrls: boolean;
}): ListSourcePolicy {
  return {
    directory: config.guarddutyListDir ?? join(config.dataDir, 'guardduty', 'lists'),
    loopbackUrls: config.guarddutyListUrls,
  };
}

async function insideDirectory(file: string, directory: string): Promise<string> {
  const [real, root] = await Promise.all([
    realpath(file).catch(() => undefined),
    realpath(directory).catch(() => undefined),
  ]);
  // Outside, missing or unreadable all fail alike, so nothing is learnt about files elsewhere.
  if (real === undefined || root === undefined || !real.startsWith(root.endsWith(sep) ? root : root + sep))
    throw new ListSourceError('not a readable file in the list directory');
  return real;
}

/** The list's text, or a ListSourceError / the system's error when it cannot be read. */
export async function readListSource(
  location: string,
  policy: ListSourcePolicy,
  max = MAX_LIST_BYTES,
): Promise<string> {
  const target = locationTarget(location);
  if (!target) throw new ListSourceError('not a local path or loopback URL');
  if ('file' in target) return readFileBounded(await insideDirectory(target.file, policy.directory), max);
  if (!policy.loopbackUrls) throw new ListSourceError('loopback URLs are not enabled (--guardduty-list-urls)');
  return fetchBounded(target.url, max);
}
