// The GuardDuty provider: its implemented operations (detectors, tags, findings, sample findings, filters, IPSets, ThreatIntelSets).
import type { Handlers } from '../../aws/generated/handlers.js';
import type { GuardDutyOperations } from '../../aws/generated/guardduty.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { createDetector, deleteDetector, getDetector, listDetectors, updateDetector } from './detectors.js';
import { createFilter, deleteFilter, getFilter, listFilters, updateFilter } from './filters.js';
import {
  archiveFindings,
  getFindings,
  getFindingsStatistics,
  listFindings,
  unarchiveFindings,
  updateFindingsFeedback,
} from './findings.js';
import {
  createIPSet,
  createThreatIntelSet,
  deleteIPSet,
  deleteThreatIntelSet,
  getIPSet,
  getThreatIntelSet,
  listIPSets,
  listThreatIntelSets,
  updateIPSet,
  updateThreatIntelSet,
} from './lists.js';
import { createSampleFindings } from './samples.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';

const handlers: Handlers<GuardDutyOperations> = {
  CreateDetector: createDetector,
  GetDetector: getDetector,
  UpdateDetector: updateDetector,
  DeleteDetector: deleteDetector,
  ListDetectors: listDetectors,
  ListFindings: listFindings,
  GetFindings: getFindings,
  GetFindingsStatistics: getFindingsStatistics,
  ArchiveFindings: archiveFindings,
  UnarchiveFindings: unarchiveFindings,
  UpdateFindingsFeedback: updateFindingsFeedback,
  CreateSampleFindings: createSampleFindings,
  CreateFilter: createFilter,
  GetFilter: getFilter,
  UpdateFilter: updateFilter,
  DeleteFilter: deleteFilter,
  ListFilters: listFilters,
  CreateIPSet: createIPSet,
  GetIPSet: getIPSet,
  UpdateIPSet: updateIPSet,
  DeleteIPSet: deleteIPSet,
  ListIPSets: listIPSets,
  CreateThreatIntelSet: createThreatIntelSet,
  GetThreatIntelSet: getThreatIntelSet,
  UpdateThreatIntelSet: updateThreatIntelSet,
  DeleteThreatIntelSet: deleteThreatIntelSet,
  ListThreatIntelSets: listThreatIntelSets,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

export const guardduty: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
