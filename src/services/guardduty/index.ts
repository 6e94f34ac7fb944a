// The GuardDuty provider: its implemented operations (detectors, tags, findings, sample findings, filters, IPSets, ThreatIntelSets, members, invitations, organization administration, publishing destinations).
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
import {
  acceptAdministratorInvitation,
  acceptInvitation,
  declineInvitations,
  deleteInvitations,
  disassociateFromAdministratorAccount,
  disassociateFromMasterAccount,
  getAdministratorAccount,
  getInvitationsCount,
  getMasterAccount,
  listInvitations,
} from './invitations.js';
import {
  createMembers,
  deleteMembers,
  disassociateMembers,
  getMemberDetectors,
  getMembers,
  inviteMembers,
  listMembers,
  startMonitoringMembers,
  stopMonitoringMembers,
  updateMemberDetectors,
} from './members.js';
import {
  describeOrganizationConfiguration,
  disableOrganizationAdminAccount,
  enableOrganizationAdminAccount,
  listOrganizationAdminAccounts,
  updateOrganizationConfiguration,
} from './organization-admin.js';
import {
  createPublishingDestination,
  deletePublishingDestination,
  describePublishingDestination,
  listPublishingDestinations,
  updatePublishingDestination,
} from './publishing.js';
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
  CreateMembers: createMembers,
  GetMembers: getMembers,
  ListMembers: listMembers,
  DeleteMembers: deleteMembers,
  InviteMembers: inviteMembers,
  DisassociateMembers: disassociateMembers,
  StartMonitoringMembers: startMonitoringMembers,
  StopMonitoringMembers: stopMonitoringMembers,
  GetMemberDetectors: getMemberDetectors,
  UpdateMemberDetectors: updateMemberDetectors,
  ListInvitations: listInvitations,
  GetInvitationsCount: getInvitationsCount,
  AcceptAdministratorInvitation: acceptAdministratorInvitation,
  AcceptInvitation: acceptInvitation,
  DeclineInvitations: declineInvitations,
  DeleteInvitations: deleteInvitations,
  GetAdministratorAccount: getAdministratorAccount,
  GetMasterAccount: getMasterAccount,
  DisassociateFromAdministratorAccount: disassociateFromAdministratorAccount,
  DisassociateFromMasterAccount: disassociateFromMasterAccount,
  EnableOrganizationAdminAccount: enableOrganizationAdminAccount,
  DisableOrganizationAdminAccount: disableOrganizationAdminAccount,
  ListOrganizationAdminAccounts: listOrganizationAdminAccounts,
  DescribeOrganizationConfiguration: describeOrganizationConfiguration,
  UpdateOrganizationConfiguration: updateOrganizationConfiguration,
  CreatePublishingDestination: createPublishingDestination,
  DescribePublishingDestination: describePublishingDestination,
  UpdatePublishingDestination: updatePublishingDestination,
  DeletePublishingDestination: deletePublishingDestination,
  ListPublishingDestinations: listPublishingDestinations,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

export const guardduty: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
