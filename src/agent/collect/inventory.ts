// One inventory of a host, as PutInventory items: AWS:InstanceInformation, AWS:Application, AWS:Network,
// Custom:WardenListeningSockets and Custom:WardenCisChecks (../cis), read below a root folder (`/` on a live host, a
// mounted image or a fixture otherwise).
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { CIS_TYPE, runCisChecks } from '../cis/run.js';
import { readCapped } from '../read-capped.js';
import { parseDpkgStatus } from './dpkg-status.js';
import { parseNpmLockfile } from './npm-lockfile.js';
import { parseOsRelease, type OsRelease } from './os-release.js';
import { socketOwners } from './processes.js';
import { parseProcNetTcp, type ListeningSocket } from './proc-net-tcp.js';
import { normalizePythonName, parsePythonMetadata } from './python-metadata.js';
import { DEFAULT_WALK_LIMITS, findPackageSources, type WalkLimits } from './walk.js';
import type { ScanProgress } from '../progress.js';

export const SOCKETS_TYPE = 'Custom:WardenListeningSockets';
/** The model's bounds on an item: 10,000 entries, values of 4,096 characters. */
const MAX_ENTRIES = 10_000;
const MAX_VALUE = 4096;

export interface InventoryItem {
  TypeName: string;
  SchemaVersion: string;
  CaptureTime: string;
  ContentHash: string;
  Content: Record<string, string>[];
}

export interface CollectOptions {
  /** Everything is read below this folder. */
  root: string;
  /** Folders (inside root) searched for lockfiles and site-packages; the root itself when empty. */
  scanDirs: readonly string[];
  instanceId: string;
  agentVersion: string;
  now: Date;
  limits?: WalkLimits;
  /** Hears the folder scan's progress (a terminal's status line), every few hundred folders. */
  onScanProgress?: (p: ScanProgress) => void;
}

export interface CollectSummary {
  dpkg: number;
  npm: number;
  python: number;
  sockets: number;
  lockfiles: number;
  /** CIS checks evaluated, and how many of them FAILED. */
  cisChecks: number;
  cisFailed: number;
  truncated: boolean;
  warnings: string[];
}

function clean(entry: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (value !== undefined && value !== '') out[key] = value.slice(0, MAX_VALUE);
  }
  return out;
}

function item(typeName: string, content: Record<string, string>[], now: Date): InventoryItem {
  const body = JSON.stringify(content);
  return {
    TypeName: typeName,
    SchemaVersion: '1.0',
    CaptureTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    // AWS's ContentHash is an MD5 of the content: unchanged content is not rewritten by the service.
    ContentHash: createHash('md5').update(body).digest('base64'),
    Content: content,
  };
}

const enc = encodeURIComponent;

async function dpkgApplications(root: string, os: OsRelease): Promise<Record<string, string>[]> {
  const text = await readCapped(join(root, 'var/lib/dpkg/status'), 64 * 1024 * 1024);
  if (text === undefined) return [];
  const distro = os.id ?? 'debian';
  return parseDpkgStatus(text).map((p) =>
    clean({
      Name: p.name,
      Version: p.version,
      Architecture: p.architecture,
      Publisher: p.maintainer,
      Summary: p.summary,
      URL: p.homepage,
      ApplicationType: p.section,
      PackageId: `pkg:deb/${enc(distro)}/${enc(p.name)}@${enc(p.version)}?arch=${enc(p.architecture)}${
        p.source !== undefined && p.source !== p.name ? `&upstream=${enc(p.source)}` : ''
      }`,
    }),
  );
}

function npmPurl(name: string, version: string): string {
  // A scoped name's `@` is the namespace marker, percent-encoded in a purl.
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const path = slash > 0 ? `${enc(name.slice(0, slash))}/${enc(name.slice(slash + 1))}` : enc(name);
  return `pkg:npm/${path}@${enc(version)}`;
}

async function npmApplications(lockfiles: readonly string[], warnings: string[]): Promise<Record<string, string>[]> {
  const seen = new Set<string>();
  const out: Record<string, string>[] = [];
  for (const file of lockfiles) {
    const text = await readCapped(file, 32 * 1024 * 1024);
    if (text === undefined) continue;
    let packages;
    try {
      packages = parseNpmLockfile(text);
    } catch {
      warnings.push(`${file}: not valid JSON, skipped`);
      continue;
    }
    for (const p of packages) {
      const key = `${p.name}@${p.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        clean({ Name: p.name, Version: p.version, ApplicationType: 'npm', PackageId: npmPurl(p.name, p.version) }),
      );
    }
  }
  return out;
}

async function pythonApplications(sitePackages: readonly string[]): Promise<Record<string, string>[]> {
  const seen = new Set<string>();
  const out: Record<string, string>[] = [];
  for (const dir of sitePackages) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = name.endsWith('.dist-info')
        ? join(dir, name, 'METADATA')
        : name.endsWith('.egg-info')
          ? join(dir, name, 'PKG-INFO')
          : undefined;
      if (file === undefined) continue;
      const text = await readCapped(file, 256 * 1024);
      const p = text === undefined ? undefined : parsePythonMetadata(text);
      if (p === undefined) continue;
      const normalized = normalizePythonName(p.name);
      if (seen.has(`${normalized}@${p.version}`)) continue;
      seen.add(`${normalized}@${p.version}`);
      out.push(
        clean({
          Name: p.name,
          Version: p.version,
          Summary: p.summary,
          URL: p.homepage,
          ApplicationType: 'python',
          PackageId: `pkg:pypi/${enc(normalized)}@${enc(p.version)}`,
        }),
      );
    }
  }
  return out;
}

async function listeningSockets(root: string): Promise<Record<string, string>[]> {
  const sockets: ListeningSocket[] = [];
  for (const protocol of ['tcp', 'tcp6'] as const) {
    const text = await readCapped(join(root, 'proc/net', protocol), 16 * 1024 * 1024);
    if (text !== undefined) sockets.push(...parseProcNetTcp(text, protocol));
  }
  const owners = await socketOwners(join(root, 'proc'), new Set(sockets.map((s) => s.inode).filter((i) => i !== '0')));
  return sockets.map((s) => {
    const owner = owners.get(s.inode);
    return clean({
      Protocol: s.protocol,
      LocalAddress: s.address,
      LocalPort: String(s.port),
      Process: owner?.process,
      Pid: owner !== undefined ? String(owner.pid) : undefined,
    });
  });
}

function network(): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    const list = addresses ?? [];
    const v4 = list.find((a) => a.family === 'IPv4');
    const v6 = list.filter((a) => a.family === 'IPv6').map((a) => a.address);
    out.push(
      clean({
        Name: name,
        MacAddress: list[0]?.mac,
        IPV4: v4?.address,
        SubnetMask: v4?.netmask,
        IPV6: v6.join(','),
      }),
    );
  }
  return out;
}

function primaryAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = (addresses ?? []).find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}

function platformType(): string {
  if (process.platform === 'win32') return 'Windows';
  if (process.platform === 'darwin') return 'MacOS';
  return 'Linux';
}

export async function collectInventory(
  options: CollectOptions,
): Promise<{ items: InventoryItem[]; summary: CollectSummary }> {
  const { root, now } = options;
  const warnings: string[] = [];
  const osText = await readCapped(join(root, 'etc/os-release'), 64 * 1024);
  const os = osText === undefined ? {} : parseOsRelease(osText);
  const starts = options.scanDirs.length > 0 ? options.scanDirs.map((d) => join(root, d)) : [root];
  const found = await findPackageSources(starts, options.limits ?? DEFAULT_WALK_LIMITS, options.onScanProgress);
  const dpkg = await dpkgApplications(root, os);
  const npm = await npmApplications(found.lockfiles, warnings);
  const python = await pythonApplications(found.sitePackages);
  let applications = [...dpkg, ...npm, ...python];
  if (applications.length > MAX_ENTRIES) {
    warnings.push(`${applications.length} packages found; the first ${MAX_ENTRIES} are reported`);
    applications = applications.slice(0, MAX_ENTRIES);
  }
  const sockets = (await listeningSockets(root)).slice(0, MAX_ENTRIES);
  const cis = await runCisChecks(root);
  const info = clean({
    AgentType: 'warden-agent',
    AgentVersion: options.agentVersion,
    ComputerName: hostname(),
    InstanceId: options.instanceId,
    IpAddress: primaryAddress(),
    PlatformName: os.name,
    PlatformType: platformType(),
    PlatformVersion: os.versionId,
    ResourceType: 'ManagedInstance',
    InstanceStatus: 'Active',
  });
  return {
    items: [
      item('AWS:InstanceInformation', [info], now),
      item('AWS:Application', applications, now),
      item('AWS:Network', network(), now),
      item(SOCKETS_TYPE, sockets, now),
      item(
        CIS_TYPE,
        cis.map((e) => clean({ ...e })),
        now,
      ),
    ],
    summary: {
      dpkg: dpkg.length,
      npm: npm.length,
      python: python.length,
      sockets: sockets.length,
      lockfiles: found.lockfiles.length,
      cisChecks: cis.length,
      cisFailed: cis.filter((e) => e.Status === 'FAILED').length,
      truncated: found.truncated,
      warnings,
    },
  };
}
