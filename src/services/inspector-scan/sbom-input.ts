// Reads the SBOM given to ScanSbom (CycloneDX 1.4–1.6 JSON or SPDX 2.3 JSON) into the components to scan.
import { validation } from './errors.js';

/** AWS's documented bound: "This format limits you to passing 2000 components" (nested ones count). */
export const MAX_COMPONENTS = 2000;
/** A component nested deeper than this is refused (CycloneDX nests sub-components; real SBOMs nest a few levels). */
const MAX_COMPONENT_DEPTH = 32;
const MAX_REF_LENGTH = 1024;
const MAX_FIELD_LENGTH = 2048;

/** A component as the CycloneDX answer carries it; `properties` are added by the scan. */
export interface OutputComponent {
  'bom-ref': string;
  type: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  properties?: { name: string; value: string }[];
  components?: OutputComponent[];
}

export interface ScannedSbom {
  /** Every component, nested ones included, in document order. */
  components: OutputComponent[];
  /** The top-level components (with their nested ones) for the answer. */
  roots: OutputComponent[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? (v.length > MAX_FIELD_LENGTH ? v.slice(0, MAX_FIELD_LENGTH) : v) : undefined;

/** Gives each component a bom-ref: its own when present, short enough and not taken, else comp-N. */
class Refs {
  private readonly taken = new Set<string>();
  private next = 1;
  assign(wanted: unknown): string {
    if (typeof wanted === 'string' && wanted !== '' && wanted.length <= MAX_REF_LENGTH && !this.taken.has(wanted)) {
      this.taken.add(wanted);
      return wanted;
    }
    let ref: string;
    do ref = `comp-${this.next++}`;
    while (this.taken.has(ref));
    this.taken.add(ref);
    return ref;
  }
}

function tooMany(): Error {
  return validation(
    'FIELD_VALIDATION_FAILED',
    `The SBOM contains more than ${MAX_COMPONENTS} components. Scan at most ${MAX_COMPONENTS} components per request.`,
    'sbom',
  );
}

function cycloneDx(doc: Record<string, unknown>): ScannedSbom {
  const refs = new Refs();
  const all: OutputComponent[] = [];
  const roots: OutputComponent[] = [];
  if (doc.components !== undefined && !Array.isArray(doc.components))
    throw validation('CANNOT_PARSE', 'Unable to parse the SBOM: components must be an array.', 'sbom');
  // Iterative walk in document order (pre-order), each list's parent known, depth bounded.
  const stack: { items: unknown[]; index: number; into: OutputComponent[]; depth: number }[] = [
    { items: (doc.components as unknown[] | undefined) ?? [], index: 0, into: roots, depth: 1 },
  ];
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    if (top.index >= top.items.length) {
      stack.pop();
      continue;
    }
    const raw = top.items[top.index++];
    if (!isObject(raw))
      throw validation('CANNOT_PARSE', 'Unable to parse the SBOM: each component must be an object.', 'sbom');
    if (all.length >= MAX_COMPONENTS) throw tooMany();
    const c: OutputComponent = {
      'bom-ref': refs.assign(raw['bom-ref']),
      type: field(raw.type) ?? 'library',
      name: field(raw.name) ?? '',
    };
    const group = field(raw.group);
    if (group !== undefined) c.group = group;
    const version = field(raw.version);
    if (version !== undefined) c.version = version;
    const purl = field(raw.purl);
    if (purl !== undefined) c.purl = purl;
    all.push(c);
    top.into.push(c);
    if (Array.isArray(raw.components) && raw.components.length > 0) {
      if (top.depth >= MAX_COMPONENT_DEPTH)
        throw validation(
          'CANNOT_PARSE',
          `Unable to parse the SBOM: components nest deeper than ${MAX_COMPONENT_DEPTH}.`,
          'sbom',
        );
      c.components = [];
      stack.push({ items: raw.components, index: 0, into: c.components, depth: top.depth + 1 });
    }
  }
  return { components: all, roots };
}

/** SPDX 2.3 packages, each with its purl from a package-manager external reference. */
function spdx(doc: Record<string, unknown>): ScannedSbom {
  if (doc.packages !== undefined && !Array.isArray(doc.packages))
    throw validation('CANNOT_PARSE', 'Unable to parse the SBOM: packages must be an array.', 'sbom');
  const packages = (doc.packages as unknown[] | undefined) ?? [];
  if (packages.length > MAX_COMPONENTS) throw tooMany();
  const refs = new Refs();
  const all: OutputComponent[] = [];
  for (const p of packages) {
    if (!isObject(p))
      throw validation('CANNOT_PARSE', 'Unable to parse the SBOM: each package must be an object.', 'sbom');
    const c: OutputComponent = { 'bom-ref': refs.assign(p.SPDXID), type: 'library', name: field(p.name) ?? '' };
    const version = field(p.versionInfo);
    if (version !== undefined) c.version = version;
    const purlRef = Array.isArray(p.externalRefs)
      ? p.externalRefs.find(
          (r) =>
            isObject(r) &&
            r.referenceType === 'purl' &&
            (r.referenceCategory === 'PACKAGE-MANAGER' || r.referenceCategory === 'PACKAGE_MANAGER'),
        )
      : undefined;
    const purl = isObject(purlRef) ? field(purlRef.referenceLocator) : undefined;
    if (purl !== undefined) c.purl = purl;
    all.push(c);
  }
  return { components: all, roots: all };
}

const CYCLONEDX_VERSIONS = ['1.4', '1.5', '1.6'];

/** The components of a CycloneDX 1.4–1.6 or SPDX 2.3 JSON document; ValidationException for anything else. */
export function readSbom(doc: unknown): ScannedSbom {
  if (!isObject(doc)) throw validation('CANNOT_PARSE', 'Unable to parse the SBOM: it must be a JSON object.', 'sbom');
  if (doc.bomFormat === 'CycloneDX') {
    if (typeof doc.specVersion !== 'string' || !CYCLONEDX_VERSIONS.includes(doc.specVersion))
      throw validation(
        'UNSUPPORTED_SBOM_TYPE',
        `Unsupported CycloneDX specVersion: supported versions are ${CYCLONEDX_VERSIONS.join(', ')}.`,
        'sbom',
      );
    return cycloneDx(doc);
  }
  if (typeof doc.spdxVersion === 'string') {
    if (doc.spdxVersion !== 'SPDX-2.3')
      throw validation('UNSUPPORTED_SBOM_TYPE', 'Unsupported SPDX version: the supported version is SPDX-2.3.', 'sbom');
    return spdx(doc);
  }
  throw validation(
    'UNSUPPORTED_SBOM_TYPE',
    'Unsupported SBOM type: the SBOM must be CycloneDX (1.4, 1.5 or 1.6) or SPDX (2.3) JSON.',
    'sbom',
  );
}
