// One resource's SBOM as Inspector exports it: CycloneDX 1.4 JSON (components with purls, Inspector's metadata
// properties accountId and resourceType) or SPDX 2.3 JSON (packages with purl external references; like AWS's, with no
// CC0 dataLicense field). Pure: the caller reads the packages and writes the document.
import { createHash, randomUUID } from 'node:crypto';

/** A package of the resource, from its inventory. */
export interface SbomPackage {
  name: string;
  version?: string;
  /** The package URL the agent reported (PackageId). */
  purl?: string;
  arch?: string;
}

/** The resource an SBOM describes. */
export interface SbomResource {
  accountId: string;
  resourceType: 'AWS_EC2_INSTANCE';
  resourceId: string;
  /** The operating system as the instance reports it (`Debian GNU/Linux 12`), if known. */
  platform?: string;
}

/** A stable reference for a package within its document: derived from what identifies it. */
function ref(p: SbomPackage, index: number): string {
  return createHash('sha256')
    .update(`${index}\u0000${p.purl ?? ''}\u0000${p.name}\u0000${p.version ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

export function cycloneDx(resource: SbomResource, packages: readonly SbomPackage[], at: Date): unknown {
  const properties = [
    { name: 'accountId', value: resource.accountId },
    { name: 'resourceType', value: resource.resourceType },
    { name: 'resourceId', value: resource.resourceId },
    ...(resource.platform === undefined ? [] : [{ name: 'platform', value: resource.platform }]),
  ];
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.4',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: { timestamp: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), properties },
    components: packages.map((p, i) => ({
      type: 'library',
      name: p.name,
      ...(p.version === undefined ? {} : { version: p.version }),
      ...(p.purl === undefined ? {} : { purl: p.purl }),
      'bom-ref': ref(p, i),
      ...(p.arch === undefined ? {} : { properties: [{ name: 'architecture', value: p.arch }] }),
    })),
  };
}

export function spdx(resource: SbomResource, packages: readonly SbomPackage[], at: Date): unknown {
  const ids = packages.map((p, i) => `SPDXRef-Package-${ref(p, i)}`);
  return {
    spdxVersion: 'SPDX-2.3',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: resource.resourceId,
    documentNamespace: `urn:uuid:${randomUUID()}`,
    creationInfo: {
      created: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: ['Organization: Warden', 'Tool: Warden Inspector2 SBOM export'],
    },
    documentDescribes: ids,
    packages: packages.map((p, i) => ({
      name: p.name,
      SPDXID: ids[i],
      ...(p.version === undefined ? {} : { versionInfo: p.version }),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      ...(p.purl === undefined
        ? {}
        : {
            externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
          }),
    })),
    relationships: ids.map((id) => ({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: id,
    })),
  };
}
