// Python distributions from their installed metadata (*.dist-info/METADATA, *.egg-info/PKG-INFO).

export interface PythonPackage {
  name: string;
  version: string;
  summary?: string;
  homepage?: string;
}

/** The core metadata headers (RFC 822 style, up to the first blank line); undefined without Name and Version. */
export function parsePythonMetadata(text: string): PythonPackage | undefined {
  const headers = new Map<string, string>();
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    // Repeated headers (Classifier, Requires-Dist) are not needed; the first of each is kept.
    if (!headers.has(key)) headers.set(key, line.slice(colon + 1).trim());
  }
  const name = headers.get('name');
  const version = headers.get('version');
  if (name === undefined || name === '' || version === undefined || version === '') return undefined;
  const pkg: PythonPackage = { name, version };
  const summary = headers.get('summary');
  if (summary !== undefined && summary !== '' && summary !== 'UNKNOWN') pkg.summary = summary;
  const homepage = headers.get('home-page');
  if (homepage !== undefined && homepage !== '' && homepage !== 'UNKNOWN') pkg.homepage = homepage;
  return pkg;
}

/** PEP 503's normalized name: lower case, runs of `-`, `_` and `.` as one `-` (what purls and advisories use). */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
