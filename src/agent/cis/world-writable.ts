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
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
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
    for (const e of names) {
      if (++entries > bounds.maxEntries) break;
      if (depth === 0 && PSEUDO.has(e.name)) continue;
      if (!e.isFile() && !e.isDirectory()) continue;
      const path = join(dir, e.name);
      let mode;
      try {
        mode = (await lstat(path)).mode;
      } catch {
        continue;
      }
      const shown = `/${relative(root, path)}`;
      if (e.isFile() && (mode & 0o002) !== 0) {
        if (out.files.length < KEEP) out.files.push(shown);
      } else if (e.isDirectory()) {
        if ((mode & 0o002) !== 0 && (mode & 0o1000) === 0 && out.directories.length < KEEP) out.directories.push(shown);
        if (depth < bounds.maxDepth) queue.push({ dir: path, depth: depth + 1 });
      }
    }
  }
  return out;
}
