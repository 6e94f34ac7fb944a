// Inspector2's CIS scan operations, gathered for the provider's table (../index.ts).
export {
  createCisScanConfiguration,
  deleteCisScanConfiguration,
  listCisScanConfigurations,
  updateCisScanConfiguration,
} from './configurations.js';
export {
  getCisScanResultDetails,
  listCisScanResultsAggregatedByChecks,
  listCisScanResultsAggregatedByTargetResource,
  listCisScans,
} from './results.js';
export { getCisScanReport } from './report.js';
