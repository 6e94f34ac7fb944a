// A bounded walk of the host for world-writable files and for world-writable folders without the sticky bit
// (CIS 7.1.11): pseudo file systems are skipped, symlinks are never followed, and the walk stops at its limits.
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Host } from './host-files.js';

export interface WalkBounds {
  maxDirs: number;
  maxEntries: number;
  maxDepth: number;
}

export const DEFAULT_BOUNDS: WalkBounds = { maxDirs: 20_000, maxEntries: 400_000, maxDepth: 24 };
/** Paths kept per kind: the detail names a few, the count is what matters. */
const KEEP = 20;
const PSEUDO = new Set(['proc', 'sys', 'dev', 'run']);

export interface WorldWritable {
  files: string[];
  directories: string[];
  truncated: boolean;
}

export async function worldWritable(host: Host, bounds = DEFAULT_BOUNDS): Promise<WorldWritable> {
  const out: WorldWritable = { files: [], directories: [], truncated: false };
  const root = await host.resolve('/');
  if (root === undefined) return out;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  let dirs = 0;
  let entries = 0;
  // An index, not shift(): shifting a long queue copies it every time.
  for (let head = 0; head < queue.length; head++) {
    const { dir, depth } = queue[head];
    if (dirs >= bounds.maxDirs || entries >= bounds.maxEntries) {
      out.truncated = true;
      break;
    }
    dirs++;
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    // lstat a folder's entries a batch at a time: one by one, a large tree takes many times longer.
    const wanted = names
      .slice(0, Math.max(0, bounds.maxEntries - entries))
      .filter((e) => !(depth === 0 && PSEUDO.has(e.name)) && (e.isFile() || e.isDirectory()));
    entries += Math.min(names.length, bounds.maxEntries - entries);
    for (let k = 0; k < wanted.length; k += 64) {
      const batch = wanted.slice(k, k + 64);
      const modes = await Promise.all(
        batch.map((e) =>
          lstat(join(dir, e.name)).then(
            (st) => st.mode,
            () => undefined,
          ),
        ),
      );
      for (const [i, e] of batch.entries()) {
        const mode = modes[i];
        if (mode === undefined) continue;
        const path = join(dir, e.name);
        const shown = `/${relative(root, path)}`;
        if (e.isFile() && (mode & 0o002) !== 0) {
          if (out.files.length < KEEP) out.files.push(shown);
        } else if (e.isDirectory()) {
          if ((mode & 0o002) !== 0 && (mode & 0o1000) === 0 && out.directories.length < KEEP)
            out.directories.push(shown);
          if (depth < bounds.maxDepth) queue.push({ dir: path, depth: depth + 1 });
        }
      }
    }
  }
  return out;
}
