// Where /tmp is mounted and with which options: the running mount table (/proc/mounts) when the root has one, else
// /etc/fstab, else a systemd tmp.mount unit that is enabled (its Options= line).
import type { Host } from './host-files.js';

export interface MountOptions {
  source: string;
  options: string[];
}

/** The entry for `mountPoint` in a mount table (fstab or /proc/mounts: device, mount point, type, options). */
export function mountEntry(text: string, mountPoint: string): string[] | undefined {
  let found: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    // The last entry for a mount point is the one in effect (a later mount covers an earlier one).
    if (fields[1] === mountPoint) found = fields;
  }
  return found;
}

export async function tmpMount(host: Host): Promise<MountOptions | undefined> {
  for (const source of ['/proc/mounts', '/etc/fstab']) {
    const text = await host.read(source, 1024 * 1024);
    const entry = text === undefined ? undefined : mountEntry(text, '/tmp');
    if (entry !== undefined) return { source, options: (entry[3] ?? 'defaults').split(',') };
  }
  if (!(await host.exists('/etc/systemd/system/local-fs.target.wants/tmp.mount'))) return undefined;
  for (const unit of [
    '/etc/systemd/system/tmp.mount',
    '/usr/lib/systemd/system/tmp.mount',
    '/lib/systemd/system/tmp.mount',
  ]) {
    const text = await host.read(unit);
    if (text === undefined) continue;
    const options = /^\s*Options\s*=\s*(.*)$/m.exec(text)?.[1]?.trim() ?? 'defaults';
    return { source: unit, options: options.split(',') };
  }
  return { source: 'tmp.mount', options: ['defaults'] };
}
