// The distribution named by /etc/os-release (ID, NAME, VERSION_ID).

export interface OsRelease {
  id?: string;
  name?: string;
  versionId?: string;
}

export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    values.set(match[1], match[2].replace(/^(["'])(.*)\1$/, '$2'));
  }
  const out: OsRelease = {};
  if (values.has('ID')) out.id = values.get('ID');
  if (values.has('NAME')) out.name = values.get('NAME');
  if (values.has('VERSION_ID')) out.versionId = values.get('VERSION_ID');
  return out;
}
