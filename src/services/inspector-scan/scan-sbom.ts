// ScanSbom: the SBOM's packages (by purl) matched against the imported advisories, answered in the format asked for.
import { AwsError } from '../../aws/error.js';
import type { ScanSbomRequest, ScanSbomResponse } from '../../aws/generated/inspector-scan.js';
import type { RequestContext } from '../../core/runtime.js';
import { wardenVersion } from '../../version.js';
import { matchPackagesDetailed, type PackageQuery } from '../inspector2/advisories/matcher.js';
import { packageQueryOf, parsePurl } from './purl.js';
import { readSbom } from './sbom-input.js';
import { cycloneDxReport, inspectorReport, type ComponentResult } from './report.js';

export async function scanSbom(ctx: RequestContext, input: ScanSbomRequest): Promise<ScanSbomResponse> {
  const format = input.outputFormat ?? 'CYCLONE_DX_1_5';
  if (format === 'INSPECTOR_ALT')
    throw new AwsError('NotImplemented', 'Warden does not produce the INSPECTOR_ALT output format.', { status: 501 });
  const sbom = readSbom(input.sbom);
  const queries = sbom.components.map((c) => {
    const purl = c.purl === undefined ? undefined : parsePurl(c.purl);
    return purl === undefined ? undefined : packageQueryOf(purl);
  });
  const asked = queries.filter((q): q is PackageQuery => q !== undefined);
  const found = await matchPackagesDetailed(ctx.runtime.store.db, asked);
  let next = 0;
  const results: ComponentResult[] = sbom.components.map((component, i) => {
    const q = queries[i];
    if (q === undefined) return { component, scanned: false, matches: [], debian: false };
    const r = found[next++]!;
    const debian = q.ecosystem.startsWith('Debian') || q.ecosystem.startsWith('Ubuntu');
    return { component, scanned: r.known, matches: r.matches, debian };
  });
  // A scan changes nothing: its record keeps the request (capped as every record is) but not the report.
  ctx.audit.responseElements = null;
  if (format === 'INSPECTOR') return { sbom: inspectorReport(results) };
  return { sbom: cycloneDxReport(results, sbom.roots, await wardenVersion()) };
}
