// The CIS Level 1 checks Warden's agent evaluates: a subset of the CIS Debian Linux 12 Benchmark v1.1.0 (numbers
// and titles as the benchmark gives them), each read from the host's files below the agent's root.
import {
  checkNotInstalled,
  checkPermissions,
  checkServicesNotInUse,
  failed,
  passed,
  skipped,
  verdict,
  type CheckContext,
  type CisCheck,
  type CheckResult,
} from './check-kit.js';
import { tmpMount } from './mounts.js';
import { SSHD_CONFIG } from './sshd-config.js';
import { sysctlFailures } from './sysctl.js';
import { worldWritable } from './world-writable.js';

export const BENCHMARK = 'CIS Debian Linux 12 Benchmark v1.1.0';

async function tmpOption(ctx: CheckContext, option: string): Promise<CheckResult> {
  const mount = await tmpMount(ctx.host);
  if (mount === undefined) return skipped('/tmp is not a separate partition');
  return mount.options.includes(option)
    ? passed(`/tmp is mounted with ${option} (${mount.source})`)
    : failed(`/tmp is mounted without ${option} (${mount.source}: ${mount.options.join(',')})`);
}

async function kernelParameters(ctx: CheckContext, wanted: Record<string, string>): Promise<CheckResult> {
  const failures = await sysctlFailures(ctx.host, await ctx.sysctl(), wanted);
  return verdict(
    failures,
    Object.entries(wanted)
      .map(([k, v]) => `${k} = ${v}`)
      .join(', '),
  );
}

/** An sshd keyword whose effective value (or sshd's default when unset) must satisfy `ok`. */
function sshdSetting(keyword: string, fallback: string, ok: (value: string) => boolean, want: string) {
  return async (ctx: CheckContext): Promise<CheckResult> => {
    const sshd = await ctx.sshd();
    if (!sshd.present) return skipped(`${SSHD_CONFIG} does not exist`);
    const set = sshd.values.get(keyword.toLowerCase());
    const value = set ?? fallback;
    const shown = set === undefined ? `${keyword} is not set (default ${fallback})` : `${keyword} ${value}`;
    return ok(value.toLowerCase()) ? passed(shown) : failed(`${shown}; should be ${want}`);
  };
}

/** A login banner must not show the OS or its version (agetty's \m \r \s \v escapes, or the distribution's name). */
async function banner(ctx: CheckContext, path: string): Promise<CheckResult> {
  const text = await ctx.host.read(path);
  if (text === undefined) return skipped(`${path} does not exist`);
  const failures: string[] = [];
  const escapes = text.match(/\\[mrsv]/g);
  if (escapes !== null) failures.push(`${path} contains ${[...new Set(escapes)].join(' ')}`);
  const os = /^ID=("?)([^"\n]+)\1$/m.exec((await ctx.host.read('/etc/os-release')) ?? '')?.[2];
  if (os !== undefined && new RegExp(`\\b${os.replace(/[^A-Za-z0-9]/g, '')}\\b`, 'i').test(text))
    failures.push(`${path} names the operating system (${os})`);
  return verdict(failures, `${path} shows no system information`);
}

/** The shadow rows of accounts with a usable password (not locked with ! or *, not empty). */
async function passwordAccounts(ctx: CheckContext): Promise<string[][] | undefined> {
  const shadow = await ctx.table('/etc/shadow');
  return shadow?.filter((r) => r[1] !== undefined && r[1] !== '' && !r[1].startsWith('!') && !r[1].startsWith('*'));
}

/** A login.defs number within [min, max]; and each password account's shadow field within it too. */
async function loginDefsBound(
  ctx: CheckContext,
  key: string,
  shadowField: number,
  min: number,
  max: number,
): Promise<CheckResult> {
  const defs = await ctx.keyValues('/etc/login.defs');
  if (defs === undefined) return skipped('/etc/login.defs does not exist');
  const failures: string[] = [];
  const raw = defs.get(key);
  const value = raw === undefined ? undefined : Number(raw);
  if (value === undefined || !Number.isInteger(value)) failures.push(`${key} is not set in /etc/login.defs`);
  else if (value < min || value > max) failures.push(`${key} is ${value} in /etc/login.defs`);
  for (const row of (await passwordAccounts(ctx)) ?? []) {
    const field = row[shadowField];
    const n = field === undefined || field === '' ? undefined : Number(field);
    if (n === undefined || n < min || n > max)
      failures.push(`user ${row[0]} has ${field === undefined || field === '' ? 'no value' : field} in /etc/shadow`);
  }
  return verdict(failures, `${key} ${raw} and every password account within it`);
}

export const CHECKS: readonly CisCheck[] = [
  {
    id: '1.1.2.1.1',
    title: 'Ensure /tmp is a separate partition',
    level: 'LEVEL_1',
    run: async (ctx) => {
      const mount = await tmpMount(ctx.host);
      return mount === undefined
        ? failed('/tmp is not a separate mount (no /tmp entry in /proc/mounts or /etc/fstab, tmp.mount not enabled)')
        : passed(`/tmp is a separate mount (${mount.source})`);
    },
  },
  {
    id: '1.1.2.1.2',
    title: 'Ensure nodev option set on /tmp partition',
    level: 'LEVEL_1',
    run: (ctx) => tmpOption(ctx, 'nodev'),
  },
  {
    id: '1.1.2.1.3',
    title: 'Ensure nosuid option set on /tmp partition',
    level: 'LEVEL_1',
    run: (ctx) => tmpOption(ctx, 'nosuid'),
  },
  {
    id: '1.1.2.1.4',
    title: 'Ensure noexec option set on /tmp partition',
    level: 'LEVEL_1',
    run: (ctx) => tmpOption(ctx, 'noexec'),
  },
  {
    id: '1.5.1',
    title: 'Ensure address space layout randomization is enabled',
    level: 'LEVEL_1',
    run: (ctx) => kernelParameters(ctx, { 'kernel.randomize_va_space': '2' }),
  },
  {
    id: '1.5.3',
    title: 'Ensure core dumps are restricted',
    level: 'LEVEL_1',
    run: async (ctx) => {
      const failures = await sysctlFailures(ctx.host, await ctx.sysctl(), { 'fs.suid_dumpable': '0' });
      const files = [
        '/etc/security/limits.conf',
        ...(await ctx.host.list('/etc/security/limits.d'))
          .filter((n) => n.endsWith('.conf'))
          .map((n) => `/etc/security/limits.d/${n}`),
      ];
      let hardCore = false;
      for (const file of files.slice(0, 64)) {
        const text = (await ctx.host.read(file)) ?? '';
        if (/^\s*\*\s+hard\s+core\s+0\s*$/m.test(text)) hardCore = true;
      }
      if (!hardCore) failures.push('no "* hard core 0" in /etc/security/limits.conf or limits.d');
      return verdict(failures, '* hard core 0 and fs.suid_dumpable = 0');
    },
  },
  {
    id: '1.6.2',
    title: 'Ensure local login warning banner is configured properly',
    level: 'LEVEL_1',
    run: (ctx) => banner(ctx, '/etc/issue'),
  },
  {
    id: '1.6.3',
    title: 'Ensure remote login warning banner is configured properly',
    level: 'LEVEL_1',
    run: (ctx) => banner(ctx, '/etc/issue.net'),
  },
  {
    id: '1.6.5',
    title: 'Ensure access to /etc/issue is configured',
    level: 'LEVEL_1',
    run: (ctx) => checkPermissions(ctx, { path: '/etc/issue', maxMode: 0o644 }),
  },
  {
    id: '2.1.2',
    title: 'Ensure avahi daemon services are not in use',
    level: 'LEVEL_1',
    run: (ctx) => checkServicesNotInUse(ctx, ['avahi-daemon.service', 'avahi-daemon.socket']),
  },
  {
    id: '2.1.11',
    title: 'Ensure print server services are not in use',
    level: 'LEVEL_1',
    run: (ctx) => checkServicesNotInUse(ctx, ['cups.service', 'cups.socket', 'cups.path']),
  },
  {
    id: '2.1.13',
    title: 'Ensure rsync services are not in use',
    level: 'LEVEL_1',
    run: (ctx) => checkServicesNotInUse(ctx, ['rsync.service']),
  },
  {
    id: '2.1.19',
    title: 'Ensure xinetd services are not in use',
    level: 'LEVEL_1',
    run: (ctx) => checkServicesNotInUse(ctx, ['xinetd.service']),
  },
  {
    id: '2.2.4',
    title: 'Ensure telnet client is not installed',
    level: 'LEVEL_1',
    run: (ctx) => checkNotInstalled(ctx, ['telnet', 'inetutils-telnet']),
  },
  {
    id: '2.4.1.2',
    title: 'Ensure permissions on /etc/crontab are configured',
    level: 'LEVEL_1',
    run: (ctx) => checkPermissions(ctx, { path: '/etc/crontab', maxMode: 0o600 }),
  },
  {
    id: '2.4.1.7',
    title: 'Ensure permissions on /etc/cron.d are configured',
    level: 'LEVEL_1',
    run: (ctx) => checkPermissions(ctx, { path: '/etc/cron.d', maxMode: 0o700 }),
  },
  {
    id: '3.3.1',
    title: 'Ensure ip forwarding is disabled',
    level: 'LEVEL_1',
    run: (ctx) => kernelParameters(ctx, { 'net.ipv4.ip_forward': '0', 'net.ipv6.conf.all.forwarding': '0' }),
  },
  {
    id: '3.3.5',
    title: 'Ensure icmp redirects are not accepted',
    level: 'LEVEL_1',
    run: (ctx) =>
      kernelParameters(ctx, {
        'net.ipv4.conf.all.accept_redirects': '0',
        'net.ipv4.conf.default.accept_redirects': '0',
        'net.ipv6.conf.all.accept_redirects': '0',
        'net.ipv6.conf.default.accept_redirects': '0',
      }),
  },
  {
    id: '3.3.7',
    title: 'Ensure reverse path filtering is enabled',
    level: 'LEVEL_1',
    run: (ctx) => kernelParameters(ctx, { 'net.ipv4.conf.all.rp_filter': '1', 'net.ipv4.conf.default.rp_filter': '1' }),
  },
  {
    id: '3.3.10',
    title: 'Ensure tcp syn cookies is enabled',
    level: 'LEVEL_1',
    run: (ctx) => kernelParameters(ctx, { 'net.ipv4.tcp_syncookies': '1' }),
  },
  {
    id: '5.1.1',
    title: 'Ensure permissions on /etc/ssh/sshd_config are configured',
    level: 'LEVEL_1',
    run: (ctx) => checkPermissions(ctx, { path: SSHD_CONFIG, maxMode: 0o600 }),
  },
  {
    id: '5.1.10',
    title: 'Ensure sshd HostbasedAuthentication is disabled',
    level: 'LEVEL_1',
    run: sshdSetting('HostbasedAuthentication', 'no', (v) => v === 'no', 'no'),
  },
  {
    id: '5.1.11',
    title: 'Ensure sshd IgnoreRhosts is enabled',
    level: 'LEVEL_1',
    run: sshdSetting('IgnoreRhosts', 'yes', (v) => v === 'yes', 'yes'),
  },
  {
    id: '5.1.16',
    title: 'Ensure sshd MaxAuthTries is configured',
    level: 'LEVEL_1',
    run: sshdSetting('MaxAuthTries', '6', (v) => /^\d+$/.test(v) && Number(v) <= 4, '4 or less'),
  },
  {
    id: '5.1.19',
    title: 'Ensure sshd PermitEmptyPasswords is disabled',
    level: 'LEVEL_1',
    run: sshdSetting('PermitEmptyPasswords', 'no', (v) => v === 'no', 'no'),
  },
  {
    id: '5.1.20',
    title: 'Ensure sshd PermitRootLogin is disabled',
    level: 'LEVEL_1',
    run: sshdSetting('PermitRootLogin', 'prohibit-password', (v) => v === 'no', 'no'),
  },
  {
    id: '5.1.21',
    title: 'Ensure sshd PermitUserEnvironment is disabled',
    level: 'LEVEL_1',
    run: sshdSetting('PermitUserEnvironment', 'no', (v) => v === 'no', 'no'),
  },
  {
    id: '5.4.1.1',
    title: 'Ensure password expiration is configured',
    level: 'LEVEL_1',
    run: (ctx) => loginDefsBound(ctx, 'PASS_MAX_DAYS', 4, 1, 365),
  },
  {
    id: '5.4.1.3',
    title: 'Ensure password expiration warning days is configured',
    level: 'LEVEL_1',
    run: (ctx) => loginDefsBound(ctx, 'PASS_WARN_AGE', 5, 7, Number.MAX_SAFE_INTEGER),
  },
  {
    id: '5.4.1.5',
    title: 'Ensure inactive password lock is configured',
    level: 'LEVEL_1',
    run: async (ctx) => {
      const useradd = await ctx.keyValues('/etc/default/useradd', /=/);
      const raw = useradd?.get('INACTIVE');
      const n = raw === undefined ? -1 : Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 45)
        return failed(`INACTIVE is ${raw ?? 'not set'} in /etc/default/useradd; should be 45 or less (not -1)`);
      return passed(`INACTIVE=${n} in /etc/default/useradd`);
    },
  },
  {
    id: '5.4.2.1',
    title: 'Ensure root is the only UID 0 account',
    level: 'LEVEL_1',
    run: async (ctx) => {
      const passwd = await ctx.table('/etc/passwd');
      if (passwd === undefined) return skipped('/etc/passwd does not exist');
      const others = passwd.filter((r) => r[2] === '0' && r[0] !== 'root').map((r) => r[0]);
      return others.length > 0 ? failed(`UID 0 besides root: ${others.join(', ')}`) : passed('only root has UID 0');
    },
  },
  {
    id: '7.1.1',
    title: 'Ensure permissions on /etc/passwd are configured',
    level: 'LEVEL_1',
    run: (ctx) => checkPermissions(ctx, { path: '/etc/passwd', maxMode: 0o644 }),
  },
  {
    id: '7.1.5',
    title: 'Ensure permissions on /etc/shadow are configured',
    level: 'LEVEL_1',
    run: (ctx) => checkPermissions(ctx, { path: '/etc/shadow', maxMode: 0o640, groups: ['shadow'] }),
  },
  {
    id: '7.1.11',
    title: 'Ensure world writable files and directories are secured',
    level: 'LEVEL_1',
    run: async (ctx) => {
      const found = await worldWritable(ctx.host);
      const failures = [
        ...found.files.map((f) => `world-writable file ${f}`),
        ...found.directories.map((d) => `world-writable directory without the sticky bit ${d}`),
      ];
      const note = found.truncated ? ' (walk stopped at its limit)' : '';
      const result = verdict(failures, `no world-writable files or unsticky directories${note}`);
      return result.status === 'FAILED' ? failed(result.detail + note) : result;
    },
  },
  {
    id: '7.2.1',
    title: 'Ensure accounts in /etc/passwd use shadowed passwords',
    level: 'LEVEL_1',
    run: async (ctx) => {
      const passwd = await ctx.table('/etc/passwd');
      if (passwd === undefined) return skipped('/etc/passwd does not exist');
      const bad = passwd.filter((r) => r[1] !== 'x').map((r) => r[0]);
      return bad.length > 0
        ? failed(`not shadowed: ${bad.slice(0, 10).join(', ')}`)
        : passed('every account uses /etc/shadow');
    },
  },
  {
    id: '7.2.2',
    title: 'Ensure /etc/shadow password fields are not empty',
    level: 'LEVEL_1',
    run: async (ctx) => {
      const shadow = await ctx.table('/etc/shadow');
      if (shadow === undefined) return skipped('/etc/shadow does not exist');
      const empty = shadow.filter((r) => r[1] === '').map((r) => r[0]);
      return empty.length > 0
        ? failed(`empty password: ${empty.slice(0, 10).join(', ')}`)
        : passed('no account has an empty password');
    },
  },
];
