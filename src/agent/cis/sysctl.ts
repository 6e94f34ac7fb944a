// Kernel parameters as the checks see them: the running value (/proc/sys, when the root has one) and the value the
// configuration sets at boot (sysctl.d(5): *.conf files of /etc, /run, /usr/local/lib, /usr/lib and /lib sysctl.d,
// a name in an earlier folder hiding the same name in later ones, read in file-name order; /etc/sysctl.conf last).
import type { Host } from './host-files.js';

const DIRS = ['/etc/sysctl.d', '/run/sysctl.d', '/usr/local/lib/sysctl.d', '/usr/lib/sysctl.d', '/lib/sysctl.d'];

/** Parameter name → its last configured value, and the file that set it. */
export type SysctlConfig = Map<string, { value: string; file: string }>;

/** `net/ipv4/ip_forward` and `net.ipv4.ip_forward` are one name (sysctl.d(5) accepts either separator). */
export function normalizeKey(key: string): string {
  return key.trim().replace(/\//g, '.');
}

export function parseSysctl(text: string, file: string, into: SysctlConfig): void {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    // A leading '-' only makes a failure to set the key non-fatal.
    const key = normalizeKey(line.slice(0, eq).replace(/^-/, ''));
    into.set(key, { value: line.slice(eq + 1).trim(), file });
  }
}

export async function sysctlConfig(host: Host): Promise<SysctlConfig> {
  const byName = new Map<string, string>();
  for (const dir of DIRS) {
    for (const name of await host.list(dir)) {
      if (name.endsWith('.conf') && !byName.has(name)) byName.set(name, `${dir}/${name}`);
    }
  }
  const files = [...byName.keys()].sort().map((n) => byName.get(n)!);
  files.push('/etc/sysctl.conf');
  const config: SysctlConfig = new Map();
  for (const file of files.slice(0, 256)) {
    const text = await host.read(file);
    if (text !== undefined) parseSysctl(text, file, config);
  }
  return config;
}

/** The running value from /proc/sys, or undefined when the root has none (an image, a fixture). */
export async function runningValue(host: Host, key: string): Promise<string | undefined> {
  const text = await host.read(`/proc/sys/${key.replace(/\./g, '/')}`, 4096);
  return text?.trim();
}

/**
 * Checks parameters against the values CIS asks for: each must be configured to that value, and, where the root has
 * a /proc/sys, be running with it. Answers the failures, each naming the parameter and what was found.
 */
export async function sysctlFailures(
  host: Host,
  config: SysctlConfig,
  wanted: Readonly<Record<string, string>>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    const running = await runningValue(host, key);
    if (running !== undefined && running !== value) failures.push(`${key} is ${running} (running), not ${value}`);
    const configured = config.get(key);
    if (configured === undefined) failures.push(`${key} is not set to ${value} in the sysctl configuration`);
    else if (configured.value !== value)
      failures.push(`${key} = ${configured.value} in ${configured.file}, not ${value}`);
  }
  return failures;
}
