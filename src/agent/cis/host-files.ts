// Bounded, root-confined reads of a host's files for the CIS checks: nothing is read past a size cap, and no path
// (or symlink) resolving outside the `--root` folder is followed.
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { readCapped } from '../read-capped.js';

/** Bytes read of one configuration file at most. */
export const MAX_FILE_BYTES = 256 * 1024;

export interface FileInfo {
  /** Permission bits (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  isDirectory: boolean;
}

/** The host below one root folder, as the checks see it. */
export class Host {
  private rootReal: string | undefined;

  constructor(readonly root: string) {}

  private async realRoot(): Promise<string> {
    this.rootReal ??= await realpath(this.root);
    return this.rootReal;
  }

  /**
   * The real path of `path` (host-absolute, e.g. `/etc/shadow`) below the root, or undefined when it does not exist
   * or resolves outside the root (an absolute symlink in a mounted image points at the reader's own files).
   */
  async resolve(path: string): Promise<string | undefined> {
    const root = await this.realRoot();
    let real: string;
    try {
      real = await realpath(join(root, path));
    } catch {
      return undefined;
    }
    const rel = relative(root, real);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return real;
    return undefined;
  }

  /** The file's text, at most MAX_FILE_BYTES of it; undefined if missing, unreadable or outside the root. */
  async read(path: string, maxBytes = MAX_FILE_BYTES): Promise<string | undefined> {
    const real = await this.resolve(path);
    if (real === undefined) return undefined;
    return readCapped(real, maxBytes);
  }

  async info(path: string): Promise<FileInfo | undefined> {
    const real = await this.resolve(path);
    if (real === undefined) return undefined;
    try {
      const s = await stat(real);
      return { mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  /** Whether the entry itself exists (a dangling symlink counts: systemd's enablement links are symlinks). */
  async exists(path: string): Promise<boolean> {
    try {
      await lstat(join(await this.realRoot(), path));
      return true;
    } catch {
      return false;
    }
  }

  /** Where a symlink points, or undefined for anything else. */
  async linkTarget(path: string): Promise<string | undefined> {
    try {
      return await readlink(join(await this.realRoot(), path));
    } catch {
      return undefined;
    }
  }

  /** A folder's entry names, sorted, at most `max`; [] if it is missing or outside the root. */
  async list(path: string, max = 512): Promise<string[]> {
    const real = await this.resolve(path);
    if (real === undefined) return [];
    try {
      return (await readdir(real)).sort().slice(0, max);
    } catch {
      return [];
    }
  }

  /**
   * The owner that stands for root: uid/gid 0 on a live host; the root folder's own owner when reading an image or
   * fixture unpacked by an unprivileged user (whose files all carry that user's ids).
   */
  async rootOwner(): Promise<{ uid: number; gid: number }> {
    const s = await stat(await this.realRoot());
    return { uid: s.uid, gid: s.gid };
  }
}

/** Host-absolute paths of a folder's entries matching a shell glob of `*` and `?` in the last component. */
export async function globLast(host: Host, pattern: string, max = 64): Promise<string[]> {
  const slash = pattern.lastIndexOf('/');
  const dir = slash <= 0 ? '/' : pattern.slice(0, slash);
  const name = pattern.slice(slash + 1);
  if (!/[*?[]/.test(name)) return [pattern];
  // A bounded pattern: a long run of stars against a long name could otherwise backtrack for a long time.
  if (name.length > 255 || (name.match(/\*/g) ?? []).length > 8) return [];
  let re: RegExp;
  try {
    re = new RegExp(
      `^${name
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')}$`,
    );
  } catch {
    return []; // an unbalanced [ in a glob matches nothing
  }
  return (await host.list(dir, 4096))
    .filter((n) => re.test(n))
    .slice(0, max)
    .map((n) => `${dir === '/' ? '' : dir}/${n}`);
}

/** `0640`-style octal. */
export function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
