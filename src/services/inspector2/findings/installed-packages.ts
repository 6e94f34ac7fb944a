// Reads a managed instance's AWS:Application entries into packages the advisories can be matched against.
import type { PackageManager } from '../../../aws/generated/inspector2.js';
import type { PackageQuery } from '../advisories/matcher.js';

/** An installed package as the agent reported it, with what matching and the finding need. */
export interface InstalledPackage {
  query: PackageQuery;
  /** The installed (binary) package's name, as the finding names it. */
  name: string;
  version: string;
  arch?: string;
  packageManager: PackageManager;
  /** Debian and Ubuntu: dpkg's version split the way Inspector reports it. */
  epoch?: number;
  release?: string;
}

/** Attributes of one AWS:Application entry (the `content` column). */
type Entry = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' && v.length <= 512 ? v : undefined);

function qualifier(purl: string, key: string): string | undefined {
  const q = purl.indexOf('?');
  if (q < 0) return undefined;
  for (const part of purl.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === key) {
      try {
        return decodeURIComponent(part.slice(eq + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** `Debian:12` from os-release's name and version (`12.5` → 12); Ubuntu keeps its `22.04`; unknown → the base. */
export function osEcosystem(platformName: string | undefined, platformVersion: string | undefined): string {
  const name = (platformName ?? '').toLowerCase();
  const base = name.includes('ubuntu') ? 'Ubuntu' : 'Debian';
  if (platformVersion === undefined || platformVersion === '') return base;
  if (base === 'Debian') {
    const major = /^([0-9]+)/.exec(platformVersion)?.[1];
    return major === undefined ? base : `Debian:${major}`;
  }
  const release = /^([0-9]+\.[0-9]+)/.exec(platformVersion)?.[1];
  return release === undefined ? base : `Ubuntu:${release}`;
}

/** dpkg's `[epoch:]upstream[-revision]` as Inspector splits it: epoch, version (upstream) and release (revision). */
function splitDebian(version: string): { epoch: number; version: string; release?: string } {
  const colon = version.indexOf(':');
  const epoch = colon > 0 && /^[0-9]+$/.test(version.slice(0, colon)) ? Number(version.slice(0, colon)) : 0;
  const rest = colon > 0 ? version.slice(colon + 1) : version;
  const hyphen = rest.lastIndexOf('-');
  return hyphen > 0
    ? { epoch, version: rest.slice(0, hyphen), release: rest.slice(hyphen + 1) }
    : { epoch, version: rest };
}

/**
 * The packages of an instance's AWS:Application entries that an ecosystem Warden matches: Debian packages (by their
 * source package, as Debian's advisories name them), npm packages from lockfiles, Python distributions.
 */
export function installedPackages(entries: readonly Entry[], osEco: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const e of entries) {
    const name = str(e.Name);
    const version = str(e.Version);
    const purl = str(e.PackageId);
    if (name === undefined || version === undefined || purl === undefined) continue;
    if (purl.startsWith('pkg:deb/')) {
      const source = qualifier(purl, 'upstream') ?? name;
      const split = splitDebian(version);
      out.push({
        // The binary package's version stands for its source's: they differ only for binNMUs (a +bN suffix).
        query: { ecosystem: osEco, name: source, version },
        name,
        version: split.version,
        epoch: split.epoch,
        release: split.release,
        arch: str(e.Architecture),
        packageManager: 'OS',
      });
    } else if (purl.startsWith('pkg:npm/'))
      out.push({ query: { ecosystem: 'npm', name, version }, name, version, packageManager: 'NPM' });
    else if (purl.startsWith('pkg:pypi/'))
      out.push({ query: { ecosystem: 'PyPI', name, version }, name, version, packageManager: 'PYTHONPKG' });
  }
  return out;
}
