// The Inspector2 provider: account status, package and network findings of managed instances, their coverage, filters,
// and the Organizations delegated administrator with its members.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { Inspector2Operations } from '../../aws/generated/inspector2.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { batchGetAccountStatus, disable, enable } from './account-status.js';
import { getConfiguration, updateConfiguration } from './configuration/configuration.js';
import * as tags from './tags/handlers.js';
import { listFindingAggregations } from './findings/aggregations.js';
import { createFilter, deleteFilter, listFilters, updateFilter } from './filters/filters.js';
import {
  disableDelegatedAdminAccount,
  enableDelegatedAdminAccount,
  getDelegatedAdminAccount,
  listDelegatedAdminAccounts,
} from './members/delegated-admin.js';
import {
  associateMember,
  describeOrganizationConfiguration,
  disassociateMember,
  getMember,
  listMembers,
  updateOrganizationConfiguration,
} from './members/members.js';
import { batchGetFindingDetails, listCoverage, listCoverageStatistics, listFindings } from './findings/read.js';
import * as reports from './reports/handlers.js';
import * as cis from './cis/handlers.js';
import { searchVulnerabilities } from './vulnerabilities/search-vulnerabilities.js';

const handlers: Handlers<Inspector2Operations> = {
  Enable: enable,
  Disable: disable,
  BatchGetAccountStatus: batchGetAccountStatus,
  GetConfiguration: getConfiguration,
  UpdateConfiguration: updateConfiguration,
  TagResource: tags.tagResource,
  UntagResource: tags.untagResource,
  ListTagsForResource: tags.listTagsForResource,
  ListFindings: listFindings,
  BatchGetFindingDetails: batchGetFindingDetails,
  ListCoverage: listCoverage,
  ListCoverageStatistics: listCoverageStatistics,
  CreateFilter: createFilter,
  UpdateFilter: updateFilter,
  DeleteFilter: deleteFilter,
  ListFilters: listFilters,
  ListFindingAggregations: listFindingAggregations,
  EnableDelegatedAdminAccount: enableDelegatedAdminAccount,
  DisableDelegatedAdminAccount: disableDelegatedAdminAccount,
  GetDelegatedAdminAccount: getDelegatedAdminAccount,
  ListDelegatedAdminAccounts: listDelegatedAdminAccounts,
  AssociateMember: associateMember,
  DisassociateMember: disassociateMember,
  GetMember: getMember,
  ListMembers: listMembers,
  DescribeOrganizationConfiguration: describeOrganizationConfiguration,
  UpdateOrganizationConfiguration: updateOrganizationConfiguration,
  CreateFindingsReport: reports.createFindingsReport,
  GetFindingsReportStatus: reports.getFindingsReportStatus,
  CancelFindingsReport: reports.cancelFindingsReport,
  CreateSbomExport: reports.createSbomExport,
  GetSbomExport: reports.getSbomExport,
  CancelSbomExport: reports.cancelSbomExport,
  SearchVulnerabilities: searchVulnerabilities,
  CreateCisScanConfiguration: cis.createCisScanConfiguration,
  UpdateCisScanConfiguration: cis.updateCisScanConfiguration,
  DeleteCisScanConfiguration: cis.deleteCisScanConfiguration,
  ListCisScanConfigurations: cis.listCisScanConfigurations,
  ListCisScans: cis.listCisScans,
  GetCisScanReport: cis.getCisScanReport,
  GetCisScanResultDetails: cis.getCisScanResultDetails,
  ListCisScanResultsAggregatedByChecks: cis.listCisScanResultsAggregatedByChecks,
  ListCisScanResultsAggregatedByTargetResource: cis.listCisScanResultsAggregatedByTargetResource,
};

export const inspector2: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
