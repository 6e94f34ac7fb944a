// Which process owns a socket: /proc/<pid>/fd links read `socket:[inode]`; the name is /proc/<pid>/comm.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Bounds on the scan: a host with more processes or descriptors has the rest left unresolved. */
const MAX_PIDS = 4096;
const MAX_FDS_PER_PID = 1024;

export interface SocketOwner {
  pid: number;
  process: string;
}

/** The owners of the given socket inodes that this user may see (other users' fds are unreadable: left out). */
export async function socketOwners(procDir: string, inodes: ReadonlySet<string>): Promise<Map<string, SocketOwner>> {
  const owners = new Map<string, SocketOwner>();
  if (inodes.size === 0) return owners;
  let pids: string[];
  try {
    pids = (await readdir(procDir)).filter((n) => /^\d+$/.test(n)).slice(0, MAX_PIDS);
  } catch {
    return owners;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = (await readdir(join(procDir, pid, 'fd'))).slice(0, MAX_FDS_PER_PID);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = await readlink(join(procDir, pid, 'fd', fd));
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (!match || !inodes.has(match[1]) || owners.has(match[1])) continue;
      let name = '';
      try {
        name = (await readFile(join(procDir, pid, 'comm'), 'utf8')).trim().slice(0, 64);
      } catch {
        // the process ended
      }
      owners.set(match[1], { pid: Number(pid), process: name });
    }
    if (owners.size === inodes.size) break;
  }
  return owners;
}
