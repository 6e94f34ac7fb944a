// Package URLs (purl spec) of the package types Inspector Scan matches, read into an OSV (ecosystem, name, version).
import type { PackageQuery } from '../inspector2/advisories/matcher.js';

export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
}

const MAX_PURL_LENGTH = 2048;

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Parses `pkg:type/namespace/name@version?qualifiers#subpath`; undefined when it is not a purl. */
export function parsePurl(text: string): Purl | undefined {
  if (text.length > MAX_PURL_LENGTH || !text.startsWith('pkg:')) return undefined;
  let rest = text.slice(4).replace(/^\/+/, '');
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const value = decode(pair.slice(eq + 1));
      if (value !== undefined) qualifiers[pair.slice(0, eq).toLowerCase()] = value;
    }
    rest = rest.slice(0, question);
  }
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  // An "@" inside the path is a scope ("%40scope" is the canonical spelling, "@scope" is seen too).
  if (at > rest.lastIndexOf('/')) {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const parts = rest.split('/').filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  const type = parts[0]!.toLowerCase();
  const decoded = parts.slice(1).map(decode);
  if (decoded.some((p) => p === undefined || p === '')) return undefined;
  const segments = decoded as string[];
  const name = segments.at(-1)!;
  const namespace = segments.length > 1 ? segments.slice(0, -1).join('/') : undefined;
  return { type, namespace, name, version: version || undefined, qualifiers };
}

/** Debian releases by number and code name (distro-info-data), as a purl's `distro` qualifier may give them. */
const DEBIAN_RELEASES: Readonly<Record<string, string>> = {
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  sid: 'sid',
};

/** Ubuntu releases as OSV names them ("22.04:LTS"), by code name and number. */
const UBUNTU_RELEASES: Readonly<Record<string, string>> = {
  xenial: '16.04:LTS',
  bionic: '18.04:LTS',
  focal: '20.04:LTS',
  jammy: '22.04:LTS',
  noble: '24.04:LTS',
};

/** The OSV Debian ecosystem for a `distro` qualifier ("debian-12", "bookworm", "12"): "Debian" when unknown. */
function debianEcosystem(distro: string | undefined): string {
  const d = (distro ?? '').toLowerCase().replace(/^debian-/, '');
  const release = DEBIAN_RELEASES[d] ?? (/^[0-9]+$/.test(d) ? d : /^([0-9]+)\.[0-9]+$/.exec(d)?.[1]);
  return release === undefined ? 'Debian' : `Debian:${release}`;
}

function ubuntuEcosystem(distro: string | undefined): string {
  const d = (distro ?? '').toLowerCase().replace(/^ubuntu-/, '');
  const byNumber = Object.values(UBUNTU_RELEASES).find((r) => r.startsWith(`${d}:`));
  const release = UBUNTU_RELEASES[d] ?? byNumber;
  return release === undefined ? 'Ubuntu' : `Ubuntu:${release}`;
}

/**
 * What the advisories are looked up by. Debian and Ubuntu advisories name source packages and source versions, so a
 * binary package's `upstream`/`source` qualifier ("openssl" or "openssl@3.0.11-1") is used when present, and an
 * `epoch` qualifier is put back in front of the version. Undefined for other package types and purls without a version.
 */
export function packageQueryOf(purl: Purl): PackageQuery | undefined {
  if (purl.version === undefined) return undefined;
  switch (purl.type) {
    case 'npm':
      return {
        ecosystem: 'npm',
        name: purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name,
        version: purl.version,
      };
    case 'pypi':
      return { ecosystem: 'PyPI', name: purl.name, version: purl.version };
    case 'deb': {
      const ns = (purl.namespace ?? '').toLowerCase();
      if (ns !== 'debian' && ns !== 'ubuntu') return undefined;
      const ecosystem =
        ns === 'debian' ? debianEcosystem(purl.qualifiers.distro) : ubuntuEcosystem(purl.qualifiers.distro);
      const source = purl.qualifiers.upstream ?? purl.qualifiers.source;
      let name = purl.name;
      let version = purl.version;
      if (source !== undefined && source !== '') {
        const at = source.indexOf('@');
        name = at >= 0 ? source.slice(0, at) : source;
        if (at >= 0 && source.slice(at + 1) !== '') version = source.slice(at + 1);
      }
      const epoch = purl.qualifiers.epoch;
      if (epoch !== undefined && /^[0-9]+$/.test(epoch) && epoch !== '0' && !version.includes(':'))
        version = `${epoch}:${version}`;
      return { ecosystem, name, version };
    }
    default:
      return undefined;
  }
}
