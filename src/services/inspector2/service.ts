// Inspector (v2) as Warden knows it: account status, package vulnerability and network reachability findings of
// managed instances (evaluated in the background from their Systems Manager inventory), coverage; it owns the
// vulnerability advisories (./advisories) that Inspector Scan and its findings match packages against.
import type { ServiceDescriptor } from '../../core/runtime.js';
import { inspector2 } from './index.js';
import { startInspector2 } from './start.js';
import { inspectorAdvisoriesMigration } from './migrations/0105_inspector_advisories.js';
import { inspector2Migration } from './migrations/0106_inspector2.js';
import { inspector2FiltersMigration } from './migrations/0107_inspector2_filters.js';
import { inspector2MembersMigration } from './migrations/0145_inspector2_members.js';
import { inspector2ReportsMigration } from './migrations/0130_inspector2_reports.js';
import { inspector2CisMigration } from './migrations/0140_inspector2_cis.js';
import { inspectorAdvisoryAliasesMigration } from './migrations/0165_inspector_advisory_aliases.js';
import { inspector2ConfigurationMigration } from './migrations/0166_inspector2_configuration.js';
import { inspector2Authorization } from './tags/authorization.js';

export const inspector2Service: ServiceDescriptor = {
  model: 'inspector2',
  iamPrefix: 'inspector2',
  eventSource: 'inspector2.amazonaws.com',
  billing: { name: 'Amazon Inspector', requestUsageType: 'Inspector-Requests' },
  provider: inspector2,
  migrations: [
    inspectorAdvisoriesMigration,
    inspector2Migration,
    inspector2FiltersMigration,
    inspector2ReportsMigration,
    inspector2CisMigration,
    inspector2MembersMigration,
    inspectorAdvisoryAliasesMigration,
    inspector2ConfigurationMigration,
  ],
  authorization: inspector2Authorization,
  start: startInspector2,
};
