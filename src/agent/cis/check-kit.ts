// What every CIS check shares: its result shape, the context it reads the host through (parsed once per run), and
// the common tests (a file's permissions and owner, a systemd unit's enablement, a dpkg package's installation).
import { parseDpkgStatus } from '../collect/dpkg-status.js';
import { octal, type Host } from './host-files.js';
import { sshdSettings, type SshdSettings } from './sshd-config.js';
import { sysctlConfig, type SysctlConfig } from './sysctl.js';

/** Inspector's CisFindingStatus values. */
export type CisStatus = 'PASSED' | 'FAILED' | 'SKIPPED';

export interface CheckResult {
  status: CisStatus;
  /** What was found: the failing setting, or why the check could not apply. */
  detail: string;
}

export interface CisCheck {
  /** The benchmark's recommendation number, e.g. 5.1.20. */
  id: string;
  /** The recommendation's title as the benchmark words it. */
  title: string;
  level: 'LEVEL_1' | 'LEVEL_2';
  run(ctx: CheckContext): Promise<CheckResult>;
}

export const passed = (detail: string): CheckResult => ({ status: 'PASSED', detail });
export const failed = (detail: string): CheckResult => ({ status: 'FAILED', detail });
export const skipped = (detail: string): CheckResult => ({ status: 'SKIPPED', detail });

/** Joins failures into one detail (at most the first five), or passes with `ok`. */
export function verdict(failures: readonly string[], ok: string): CheckResult {
  if (failures.length === 0) return passed(ok);
  const more = failures.length > 5 ? ` (and ${failures.length - 5} more)` : '';
  return failed(failures.slice(0, 5).join('; ') + more);
}

/** The host as the checks read it; parsed files are memoized so each is read once per run. */
export class CheckContext {
  private memo = new Map<string, Promise<unknown>>();

  constructor(readonly host: Host) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (p === undefined) this.memo.set(key, (p = load()));
    return p;
  }

  sshd(): Promise<SshdSettings> {
    return this.once('sshd', () => sshdSettings(this.host));
  }

  sysctl(): Promise<SysctlConfig> {
    return this.once('sysctl', () => sysctlConfig(this.host));
  }

  owner(): Promise<{ uid: number; gid: number }> {
    return this.once('owner', () => this.host.rootOwner());
  }

  /** Installed dpkg package names, or undefined when the root has no dpkg database. */
  packages(): Promise<Set<string> | undefined> {
    return this.once('dpkg', async () => {
      const text = await this.host.read('/var/lib/dpkg/status', 64 * 1024 * 1024);
      return text === undefined ? undefined : new Set(parseDpkgStatus(text).map((p) => p.name));
    });
  }

  /** A colon-separated database (/etc/passwd, /etc/shadow, /etc/group) as rows of fields. */
  table(path: string): Promise<string[][] | undefined> {
    return this.once(`table:${path}`, async () => {
      const text = await this.host.read(path, 16 * 1024 * 1024);
      if (text === undefined) return undefined;
      return text
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'))
        .map((l) => l.split(':'));
    });
  }

  /** KEY VALUE settings of a file such as /etc/login.defs (the first occurrence wins, as login.defs(5) reads it). */
  keyValues(path: string, separator: RegExp = /\s+/): Promise<Map<string, string> | undefined> {
    return this.once(`kv:${path}`, async () => {
      const text = await this.host.read(path);
      if (text === undefined) return undefined;
      const out = new Map<string, string>();
      for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) continue;
        const [key, ...rest] = line.split(separator);
        if (key !== undefined && !out.has(key))
          out.set(
            key,
            rest
              .join(' ')
              .trim()
              .replace(/^"(.*)"$/, '$1'),
          );
      }
      return out;
    });
  }
}

export interface PermissionRule {
  path: string;
  /** The most permissive mode allowed, e.g. 0o644. */
  maxMode: number;
  /** Group names allowed besides root's group (e.g. `shadow`), looked up in /etc/group. */
  groups?: readonly string[];
}

/** A file's mode at most `maxMode`, owned by root (see Host.rootOwner) and a root (or listed) group. */
export async function checkPermissions(ctx: CheckContext, rule: PermissionRule): Promise<CheckResult> {
  const info = await ctx.host.info(rule.path);
  if (info === undefined) return skipped(`${rule.path} does not exist`);
  const owner = await ctx.owner();
  const failures: string[] = [];
  const excess = info.mode & ~rule.maxMode & 0o7777;
  if (excess !== 0) failures.push(`${rule.path} has mode ${octal(info.mode)}, more than ${octal(rule.maxMode)}`);
  if (info.uid !== owner.uid && info.uid !== 0) failures.push(`${rule.path} is owned by uid ${info.uid}, not root`);
  const groups = new Set([owner.gid, 0]);
  for (const row of (await ctx.table('/etc/group')) ?? []) {
    if (rule.groups?.includes(row[0]) === true && /^\d+$/.test(row[2] ?? '')) groups.add(Number(row[2]));
  }
  if (!groups.has(info.gid)) failures.push(`${rule.path} has group ${info.gid}, not root`);
  return verdict(failures, `${rule.path} is ${octal(info.mode)}, owned by root`);
}

/** The systemd "wants" folders `systemctl enable` links units into. */
const WANTS = [
  'multi-user.target.wants',
  'sockets.target.wants',
  'paths.target.wants',
  'timers.target.wants',
  'graphical.target.wants',
  'default.target.wants',
];

/** Which of the units are enabled (linked into a target's wants) and not masked. */
export async function enabledUnits(ctx: CheckContext, units: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const unit of units) {
    const mask = await ctx.host.linkTarget(`/etc/systemd/system/${unit}`);
    if (mask === '/dev/null') continue;
    for (const wants of WANTS) {
      if (await ctx.host.exists(`/etc/systemd/system/${wants}/${unit}`)) {
        out.push(unit);
        break;
      }
    }
  }
  return out;
}

/** "Ensure … services are not in use": FAILED while any of the units is enabled. */
export async function checkServicesNotInUse(ctx: CheckContext, units: readonly string[]): Promise<CheckResult> {
  const enabled = await enabledUnits(ctx, units);
  if (enabled.length > 0) return failed(`enabled: ${enabled.join(', ')}`);
  return passed(`none of ${units.join(', ')} is enabled`);
}

/** "Ensure … client is not installed": FAILED while any of the dpkg packages is installed. */
export async function checkNotInstalled(ctx: CheckContext, names: readonly string[]): Promise<CheckResult> {
  const installed = await ctx.packages();
  if (installed === undefined) return skipped('no dpkg database (/var/lib/dpkg/status)');
  const found = names.filter((n) => installed.has(n));
  if (found.length > 0) return failed(`installed: ${found.join(', ')}`);
  return passed(`${names.join(', ')} not installed`);
}
