// The typed columns of an inventory entry (name, version, ecosystem, architecture) that other services query.

export interface EntryColumns {
  name: string | null;
  version: string | null;
  ecosystem: string | null;
  architecture: string | null;
}

/** The purl type of a PackageId such as `pkg:npm/lodash@4.17.21` (deb, npm, pypi, …), or null for anything else. */
export function purlType(packageId: string | undefined): string | null {
  if (packageId === undefined) return null;
  const match = /^pkg:([a-z][a-z0-9.+-]{0,31})\//.exec(packageId);
  return match ? match[1] : null;
}

export function entryColumns(typeName: string, entry: Readonly<Record<string, string>>): EntryColumns {
  const name = entry.Name ?? null;
  if (typeName === 'AWS:Application' || typeName === 'AWS:AWSComponent') {
    return {
      name,
      version: entry.Version ?? null,
      ecosystem: purlType(entry.PackageId),
      architecture: entry.Architecture ?? null,
    };
  }
  return { name, version: entry.Version ?? null, ecosystem: null, architecture: entry.Architecture ?? null };
}
