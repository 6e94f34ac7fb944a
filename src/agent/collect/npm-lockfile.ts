// npm packages from a package-lock.json (lockfileVersion 1, 2 or 3).

export interface NpmPackage {
  name: string;
  version: string;
  /** The lockfile's path of the package (`node_modules/a/node_modules/b`), or the v1 dependency chain. */
  path: string;
  dev: boolean;
}

/** v1 lockfiles nest dependencies; deeper than this is not a real install tree. */
const MAX_DEPTH = 64;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fromPackages(packages: Json): NpmPackage[] {
  const out: NpmPackage[] = [];
  for (const [path, value] of Object.entries(packages)) {
    if (path === '' || !isObject(value) || value.link === true || typeof value.version !== 'string') continue;
    const at = path.lastIndexOf('node_modules/');
    // Workspace folders (`packages/x`) are the project's own code, not installed packages.
    if (at === -1) continue;
    const name = typeof value.name === 'string' ? value.name : path.slice(at + 'node_modules/'.length);
    out.push({ name, version: value.version, path, dev: value.dev === true });
  }
  return out;
}

function fromDependencies(dependencies: Json, prefix: string, depth: number, out: NpmPackage[]): void {
  if (depth > MAX_DEPTH) return;
  for (const [name, value] of Object.entries(dependencies)) {
    if (!isObject(value) || typeof value.version !== 'string') continue;
    // A v1 `file:`/`link:` version names a folder, not a published version.
    if (!/^\d/.test(value.version)) continue;
    const path = prefix === '' ? `node_modules/${name}` : `${prefix}/node_modules/${name}`;
    out.push({ name, version: value.version, path, dev: value.dev === true });
    if (isObject(value.dependencies)) fromDependencies(value.dependencies, path, depth + 1, out);
  }
}

/** The packages a lockfile installs; v2 and v3 read `packages`, v1 the nested `dependencies`. Throws on bad JSON. */
export function parseNpmLockfile(text: string): NpmPackage[] {
  const lock: unknown = JSON.parse(text);
  if (!isObject(lock)) return [];
  if (isObject(lock.packages)) return fromPackages(lock.packages);
  const out: NpmPackage[] = [];
  if (isObject(lock.dependencies)) fromDependencies(lock.dependencies, '', 0, out);
  return out;
}
