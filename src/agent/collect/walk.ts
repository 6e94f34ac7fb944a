// A bounded walk of a host's folders for package-lock.json files and Python site-packages folders.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PROGRESS_EVERY, type ScanProgress } from '../progress.js';

export interface WalkLimits {
  /** Folder depth below each start folder. */
  maxDepth: number;
  /** Folders read in all; the walk stops when it has read this many. */
  maxDirs: number;
  /** Lockfiles and site-packages folders kept, each. */
  maxFound: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxDepth: 10, maxDirs: 20_000, maxFound: 200 };

/** Pseudo and volatile file systems, and trees a lockfile already describes. */
const SKIP = new Set(['proc', 'sys', 'dev', 'run', 'node_modules', '.git', 'tmp', 'snap', 'lost+found']);

export interface WalkResult {
  lockfiles: string[];
  sitePackages: string[];
  /** The walk stopped at a limit: what it found is a part of what is there. */
  truncated: boolean;
}

/**
 * Breadth-first from each start folder; symlinked folders are not followed (no cycles, no escaping the root).
 * `onProgress` hears every PROGRESS_EVERY folders read, and once at the end if it heard anything before.
 */
export async function findPackageSources(
  starts: readonly string[],
  limits = DEFAULT_WALK_LIMITS,
  onProgress?: (p: ScanProgress) => void,
): Promise<WalkResult> {
  const result: WalkResult = { lockfiles: [], sitePackages: [], truncated: false };
  const queue: { dir: string; depth: number }[] = starts.map((dir) => ({ dir, depth: 0 }));
  const seen = new Set<string>();
  let read = 0;
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (read >= limits.maxDirs) {
      result.truncated = true;
      break;
    }
    read++;
    if (onProgress !== undefined && read % PROGRESS_EVERY === 0)
      onProgress({ foldersRead: read, lockfiles: result.lockfiles.length, sitePackages: result.sitePackages.length });
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isFile() && e.name === 'package-lock.json') {
        if (result.lockfiles.length < limits.maxFound) result.lockfiles.push(path);
        else result.truncated = true;
      } else if (e.isDirectory()) {
        if (e.name === 'site-packages' || e.name === 'dist-packages') {
          if (result.sitePackages.length < limits.maxFound) result.sitePackages.push(path);
          else result.truncated = true;
        } else if (!SKIP.has(e.name) && depth < limits.maxDepth) {
          queue.push({ dir: path, depth: depth + 1 });
        }
      }
    }
  }
  if (onProgress !== undefined && read >= PROGRESS_EVERY)
    onProgress({ foldersRead: read, lockfiles: result.lockfiles.length, sitePackages: result.sitePackages.length });
  return result;
}
