// Debian packages from a dpkg status file (/var/lib/dpkg/status) as AWS:Application entries.

export interface DpkgPackage {
  name: string;
  version: string;
  architecture: string;
  maintainer?: string;
  summary?: string;
  homepage?: string;
  section?: string;
  source?: string;
}

/** Fields of one control paragraph; a continuation line (leading space or tab) extends the field before it. */
function paragraphs(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let fields = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (fields.size > 0) out.push(fields);
      fields = new Map();
      last = undefined;
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      fields.set(last, `${fields.get(last) ?? ''}\n${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    fields.set(last, line.slice(colon + 1).trim());
  }
  if (fields.size > 0) out.push(fields);
  return out;
}

/** The installed packages (Status `… installed`), in file order; half-installed or removed ones are left out. */
export function parseDpkgStatus(text: string): DpkgPackage[] {
  const packages: DpkgPackage[] = [];
  for (const p of paragraphs(text.replace(/\r\n/g, '\n'))) {
    const name = p.get('Package');
    const version = p.get('Version');
    const status = (p.get('Status') ?? '').split(/\s+/);
    if (name === undefined || version === undefined || status[2] !== 'installed') continue;
    const pkg: DpkgPackage = { name, version, architecture: p.get('Architecture') ?? 'all' };
    const description = p.get('Description');
    if (p.has('Maintainer')) pkg.maintainer = p.get('Maintainer');
    if (description !== undefined) pkg.summary = description.split('\n')[0];
    if (p.has('Homepage')) pkg.homepage = p.get('Homepage');
    if (p.has('Section')) pkg.section = p.get('Section');
    // `Source: openssl (1.1.1f-1)`: the source package's name, which Debian's advisories are keyed by.
    const source = p.get('Source')?.split(/\s+/)[0];
    if (source !== undefined && source !== '') pkg.source = source;
    packages.push(pkg);
  }
  return packages;
}
