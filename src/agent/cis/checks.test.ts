// Each CIS check against fixture roots built in a temp folder: one that passes and one that fails, per check.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CHECKS } from './checks.js';
import { CheckContext } from './check-kit.js';
import { Host } from './host-files.js';
import { runCisChecks } from './run.js';
import { worldWritable } from './world-writable.js';

interface Fixture {
  files?: Record<string, string | { text: string; mode: number }>;
  dirs?: Record<string, number>;
  links?: Record<string, string>;
}

const made: string[] = [];
after(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});

async function build(f: Fixture): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'warden-cis-'));
  made.push(root);
  for (const [path, mode] of Object.entries(f.dirs ?? {})) {
    await mkdir(join(root, path), { recursive: true });
    await chmod(join(root, path), mode);
  }
  for (const [path, spec] of Object.entries(f.files ?? {})) {
    const { text, mode } = typeof spec === 'string' ? { text: spec, mode: 0o644 } : spec;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
    await chmod(join(root, path), mode);
  }
  for (const [path, target] of Object.entries(f.links ?? {})) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await symlink(target, join(root, path));
  }
  return root;
}

async function statusOf(id: string, f: Fixture) {
  const check = CHECKS.find((c) => c.id === id);
  assert.ok(check, id);
  return check.run(new CheckContext(new Host(await build(f))));
}

const fstab = (opts: string) => ({ 'etc/fstab': `/dev/sda1 / ext4 defaults 0 1\ntmpfs /tmp tmpfs ${opts} 0 0\n` });
const sysctl = (lines: string) => ({ 'etc/sysctl.d/60-cis.conf': lines });
const sshd = (text: string) => ({ 'etc/ssh/sshd_config': { text, mode: 0o600 } });
const wants = (unit: string, target = 'multi-user.target.wants') => ({
  [`etc/systemd/system/${target}/${unit}`]: `/lib/systemd/system/${unit}`,
});
const dpkg = (names: string[]) => ({
  'var/lib/dpkg/status': names
    .map((n) => `Package: ${n}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0\n`)
    .join('\n'),
});
const shadow = (rows: string) => ({ 'etc/shadow': { text: rows, mode: 0o640 } });
const HASH = '$y$j9T$abc$def';

/** Per check: a root where it passes and one where it fails. */
const CASES: Record<string, { pass: Fixture; fail: Fixture }> = {
  '1.1.2.1.1': {
    pass: { files: fstab('defaults') },
    fail: { files: { 'etc/fstab': '/dev/sda1 / ext4 defaults 0 1\n' } },
  },
  '1.1.2.1.2': { pass: { files: fstab('nodev,nosuid') }, fail: { files: fstab('nosuid,noexec') } },
  '1.1.2.1.3': {
    // tmp.mount enabled, its options from the unit.
    pass: {
      files: { 'etc/systemd/system/tmp.mount': '[Mount]\nWhat=tmpfs\nOptions=mode=1777,strictatime,nosuid,nodev\n' },
      links: { 'etc/systemd/system/local-fs.target.wants/tmp.mount': '/etc/systemd/system/tmp.mount' },
    },
    fail: { files: fstab('defaults,nodev') },
  },
  '1.1.2.1.4': { pass: { files: fstab('nodev,nosuid,noexec') }, fail: { files: fstab('nodev,nosuid') } },
  '1.5.1': {
    pass: { files: sysctl('kernel.randomize_va_space = 2\n') },
    // Configured right, running wrong: /proc/sys says otherwise.
    fail: { files: { ...sysctl('kernel.randomize_va_space = 2\n'), 'proc/sys/kernel/randomize_va_space': '0\n' } },
  },
  '1.5.3': {
    pass: {
      files: { 'etc/security/limits.d/cis.conf': '*    hard    core    0\n', ...sysctl('fs.suid_dumpable=0\n') },
    },
    fail: { files: { 'etc/security/limits.conf': '# nothing\n', ...sysctl('fs.suid_dumpable=0\n') } },
  },
  '1.6.2': {
    pass: { files: { 'etc/issue': 'Authorized users only.\n', 'etc/os-release': 'ID=debian\n' } },
    fail: { files: { 'etc/issue': 'Debian GNU/Linux 12 \\n \\l\n', 'etc/os-release': 'ID=debian\n' } },
  },
  '1.6.3': {
    pass: { files: { 'etc/issue.net': 'Authorized users only.\n' } },
    fail: { files: { 'etc/issue.net': 'Kernel \\r on \\m\n' } },
  },
  '1.6.5': {
    pass: { files: { 'etc/issue': { text: 'x\n', mode: 0o644 } } },
    fail: { files: { 'etc/issue': { text: 'x\n', mode: 0o666 } } },
  },
  '2.1.2': {
    // Enabled but masked is not in use.
    pass: { links: { ...wants('avahi-daemon.service'), 'etc/systemd/system/avahi-daemon.service': '/dev/null' } },
    fail: { links: wants('avahi-daemon.socket', 'sockets.target.wants') },
  },
  '2.1.11': { pass: { links: wants('ssh.service') }, fail: { links: wants('cups.socket', 'sockets.target.wants') } },
  '2.1.13': { pass: { dirs: { 'etc/systemd/system': 0o755 } }, fail: { links: wants('rsync.service') } },
  '2.1.19': { pass: { links: wants('cron.service') }, fail: { links: wants('xinetd.service') } },
  '2.2.4': { pass: { files: dpkg(['openssh-client', 'bash']) }, fail: { files: dpkg(['bash', 'inetutils-telnet']) } },
  '2.4.1.2': {
    pass: { files: { 'etc/crontab': { text: '# m h\n', mode: 0o600 } } },
    fail: { files: { 'etc/crontab': { text: '# m h\n', mode: 0o644 } } },
  },
  '2.4.1.7': { pass: { dirs: { 'etc/cron.d': 0o700 } }, fail: { dirs: { 'etc/cron.d': 0o755 } } },
  '3.3.1': {
    pass: { files: sysctl('net.ipv4.ip_forward = 0\nnet.ipv6.conf.all.forwarding = 0\n') },
    fail: { files: sysctl('net.ipv4.ip_forward = 1\nnet.ipv6.conf.all.forwarding = 0\n') },
  },
  '3.3.5': {
    pass: {
      files: sysctl(
        'net.ipv4.conf.all.accept_redirects=0\nnet.ipv4.conf.default.accept_redirects=0\nnet/ipv6/conf/all/accept_redirects=0\nnet.ipv6.conf.default.accept_redirects=0\n',
      ),
    },
    fail: { files: sysctl('net.ipv4.conf.all.accept_redirects=0\nnet.ipv4.conf.default.accept_redirects=0\n') },
  },
  '3.3.7': {
    pass: { files: sysctl('net.ipv4.conf.all.rp_filter = 1\nnet.ipv4.conf.default.rp_filter = 1\n') },
    // A later file (by name) overrides: 99- sets it back to 0.
    fail: {
      files: {
        ...sysctl('net.ipv4.conf.all.rp_filter = 1\nnet.ipv4.conf.default.rp_filter = 1\n'),
        'etc/sysctl.d/99-local.conf': 'net.ipv4.conf.default.rp_filter = 0\n',
      },
    },
  },
  '3.3.10': {
    pass: { files: sysctl('net.ipv4.tcp_syncookies=1\n') },
    fail: { files: sysctl('net.ipv4.tcp_syncookies=0\n') },
  },
  '5.1.1': {
    pass: { files: sshd('Port 22\n') },
    fail: { files: { 'etc/ssh/sshd_config': { text: 'Port 22\n', mode: 0o644 } } },
  },
  '5.1.10': { pass: { files: sshd('Port 22\n') }, fail: { files: sshd('HostbasedAuthentication yes\n') } },
  '5.1.11': { pass: { files: sshd('IgnoreRhosts yes\n') }, fail: { files: sshd('ignorerhosts no\n') } },
  '5.1.16': { pass: { files: sshd('MaxAuthTries 4\n') }, fail: { files: sshd('Port 22\n') } },
  '5.1.19': { pass: { files: sshd('PermitEmptyPasswords no\n') }, fail: { files: sshd('PermitEmptyPasswords=yes\n') } },
  '5.1.20': {
    // Set in an Included file, before the main file's own (later, ignored) value.
    pass: {
      files: {
        ...sshd('Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin yes\n'),
        'etc/ssh/sshd_config.d/10-cis.conf': 'PermitRootLogin no\n',
      },
    },
    fail: { files: sshd('Port 22\n') },
  },
  '5.1.21': { pass: { files: sshd('Port 22\n') }, fail: { files: sshd('PermitUserEnvironment yes\n') } },
  '5.4.1.1': {
    pass: { files: { 'etc/login.defs': 'PASS_MAX_DAYS 365\n', ...shadow(`alice:${HASH}:19000:1:365:7:30::\n`) } },
    fail: { files: { 'etc/login.defs': 'PASS_MAX_DAYS 99999\n', ...shadow(`alice:${HASH}:19000:1:365:7:30::\n`) } },
  },
  '5.4.1.3': {
    pass: {
      files: {
        'etc/login.defs': 'PASS_WARN_AGE 7\n',
        ...shadow(`alice:${HASH}:19000:1:365:7:30::\nbin:*:19000:0:99999:::\n`),
      },
    },
    fail: { files: { 'etc/login.defs': 'PASS_WARN_AGE 7\n', ...shadow(`alice:${HASH}:19000:1:365:3:30::\n`) } },
  },
  '5.4.1.5': {
    pass: { files: { 'etc/default/useradd': 'SHELL=/bin/sh\nINACTIVE=30\n' } },
    fail: { files: { 'etc/default/useradd': 'SHELL=/bin/sh\n# INACTIVE=-1\n' } },
  },
  '5.4.2.1': {
    pass: { files: { 'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' } },
    fail: { files: { 'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n' } },
  },
  '7.1.1': {
    pass: { files: { 'etc/passwd': { text: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644 } } },
    fail: { files: { 'etc/passwd': { text: 'root:x:0:0::/root:/bin/sh\n', mode: 0o664 } } },
  },
  '7.1.5': {
    pass: { files: { 'etc/shadow': { text: 'root:*:19000::::::\n', mode: 0o640 } } },
    fail: { files: { 'etc/shadow': { text: 'root:*:19000::::::\n', mode: 0o644 } } },
  },
  '7.1.11': {
    pass: { dirs: { tmp: 0o1777, srv: 0o755 }, files: { 'srv/app.conf': { text: 'x', mode: 0o644 } } },
    fail: { dirs: { srv: 0o755 }, files: { 'srv/app.conf': { text: 'x', mode: 0o666 } } },
  },
  '7.2.1': {
    pass: { files: { 'etc/passwd': 'root:x:0:0::/root:/bin/sh\n' } },
    fail: { files: { 'etc/passwd': `root:x:0:0::/root:/bin/sh\nold:${HASH}:1001:1001::/home/old:/bin/sh\n` } },
  },
  '7.2.2': {
    pass: { files: shadow(`root:*:19000::::::\nalice:${HASH}:19000:1:365:7:30::\n`) },
    fail: { files: shadow('root:*:19000::::::\nguest::19000:0:99999:7:::\n') },
  },
};

describe('CIS checks', () => {
  test('at least 20 Level 1 checks, unique ids, each with a pass and a fail fixture', () => {
    assert.ok(CHECKS.length >= 20, `${CHECKS.length} checks`);
    assert.equal(new Set(CHECKS.map((c) => c.id)).size, CHECKS.length);
    assert.deepEqual(Object.keys(CASES).sort(), CHECKS.map((c) => c.id).sort());
    for (const c of CHECKS) assert.equal(c.level, 'LEVEL_1', c.id);
  });

  for (const check of CHECKS) {
    test(`${check.id} ${check.title}`, async () => {
      const cases = CASES[check.id];
      assert.ok(cases, `no fixtures for ${check.id}`);
      const pass = await statusOf(check.id, cases.pass);
      assert.equal(pass.status, 'PASSED', `${check.id} pass fixture: ${pass.detail}`);
      const fail = await statusOf(check.id, cases.fail);
      assert.equal(fail.status, 'FAILED', `${check.id} fail fixture: ${fail.detail}`);
      assert.ok(fail.detail.length > 0);
    });
  }

  test('a missing file skips the checks that read it', async () => {
    const root = await build({ dirs: { etc: 0o755 } });
    const byId = new Map((await runCisChecks(root)).map((e) => [e.CheckId, e]));
    for (const id of ['1.1.2.1.2', '5.1.1', '5.1.20', '7.1.5', '2.2.4', '5.4.1.1', '1.6.2']) {
      assert.equal(byId.get(id)?.Status, 'SKIPPED', `${id}: ${byId.get(id)?.Detail}`);
    }
  });

  test('failure details name the failing setting', async () => {
    assert.match(
      (await statusOf('5.1.20', CASES['5.1.20'].fail)).detail,
      /PermitRootLogin is not set \(default prohibit-password\)/,
    );
    assert.match(
      (await statusOf('3.3.1', CASES['3.3.1'].fail)).detail,
      /net\.ipv4\.ip_forward = 1 in \/etc\/sysctl\.d\/60-cis\.conf/,
    );
    assert.match((await statusOf('7.1.11', CASES['7.1.11'].fail)).detail, /world-writable file \/srv\/app\.conf/);
    assert.match((await statusOf('1.6.5', CASES['1.6.5'].fail)).detail, /mode 0666/);
  });

  test('the world-writable walk stops at its bounds and says so', async () => {
    const root = await build({ dirs: { 'a/b/c': 0o755 }, files: { 'a/b/c/open.txt': { text: 'x', mode: 0o666 } } });
    const host = new Host(root);
    const full = await worldWritable(host);
    assert.deepEqual([full.files, full.truncated], [['/a/b/c/open.txt'], false]);
    const cut = await worldWritable(host, { maxDirs: 2, maxEntries: 100, maxDepth: 10 });
    assert.deepEqual([cut.files, cut.truncated], [[], true]);
    const shallow = await worldWritable(host, { maxDirs: 100, maxEntries: 100, maxDepth: 1 });
    assert.deepEqual(shallow.files, []);
  });

  test('a symlink out of the root is not followed', async () => {
    const outside = await build({ files: { sshd_config: { text: 'PermitRootLogin no\n', mode: 0o600 } } });
    const r = await statusOf('5.1.20', { links: { 'etc/ssh/sshd_config': join(outside, 'sshd_config') } });
    assert.equal(r.status, 'SKIPPED');
  });

  test('a Match block is not global, and runCisChecks reports every check with the benchmark', async () => {
    const root = await build({ files: sshd('Match User backup\n  PermitRootLogin no\n') });
    const entries = await runCisChecks(root);
    assert.equal(entries.length, CHECKS.length);
    const e = entries.find((x) => x.CheckId === '5.1.20')!;
    assert.equal(e.Status, 'FAILED');
    assert.equal(e.Benchmark, 'CIS Debian Linux 12 Benchmark v1.1.0');
    assert.equal(e.Level, 'LEVEL_1');
  });
});
