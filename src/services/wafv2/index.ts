// The WAFv2 provider: its implemented operations (the control plane; managed rule groups join from ./managed).
import type { Handlers } from '../../aws/generated/handlers.js';
import type { WAFV2Operations } from '../../aws/generated/wafv2.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { associateWebACL, disassociateWebACL, getWebACLForResource, listResourcesForWebACL } from './associations.js';
import { checkCapacity } from './check-capacity.js';
import {
  deleteLoggingConfiguration,
  getLoggingConfiguration,
  listLoggingConfigurations,
  putLoggingConfiguration,
} from './logging-config.js';
import { getSampledRequests } from './sampled-requests.js';
import { createIPSet, deleteIPSet, getIPSet, listIPSets, updateIPSet } from './ip-sets.js';
import {
  createRegexPatternSet,
  deleteRegexPatternSet,
  getRegexPatternSet,
  listRegexPatternSets,
  updateRegexPatternSet,
} from './regex-pattern-sets.js';
import { createRuleGroup, deleteRuleGroup, getRuleGroup, listRuleGroups, updateRuleGroup } from './rule-groups.js';
import {
  describeManagedRuleGroup,
  listAvailableManagedRuleGroupVersions,
  listAvailableManagedRuleGroups,
} from './managed/handlers.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import { createWebACL, deleteWebACL, getWebACL, listWebACLs, updateWebACL } from './web-acls.js';

const handlers: Handlers<WAFV2Operations> = {
  CreateIPSet: createIPSet,
  GetIPSet: getIPSet,
  UpdateIPSet: updateIPSet,
  DeleteIPSet: deleteIPSet,
  ListIPSets: listIPSets,
  CreateRegexPatternSet: createRegexPatternSet,
  GetRegexPatternSet: getRegexPatternSet,
  UpdateRegexPatternSet: updateRegexPatternSet,
  DeleteRegexPatternSet: deleteRegexPatternSet,
  ListRegexPatternSets: listRegexPatternSets,
  CreateRuleGroup: createRuleGroup,
  GetRuleGroup: getRuleGroup,
  UpdateRuleGroup: updateRuleGroup,
  DeleteRuleGroup: deleteRuleGroup,
  ListRuleGroups: listRuleGroups,
  CreateWebACL: createWebACL,
  GetWebACL: getWebACL,
  UpdateWebACL: updateWebACL,
  DeleteWebACL: deleteWebACL,
  ListWebACLs: listWebACLs,
  CheckCapacity: checkCapacity,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  AssociateWebACL: associateWebACL,
  DisassociateWebACL: disassociateWebACL,
  GetWebACLForResource: getWebACLForResource,
  ListResourcesForWebACL: listResourcesForWebACL,
  ListAvailableManagedRuleGroups: listAvailableManagedRuleGroups,
  DescribeManagedRuleGroup: describeManagedRuleGroup,
  ListAvailableManagedRuleGroupVersions: listAvailableManagedRuleGroupVersions,
  PutLoggingConfiguration: putLoggingConfiguration,
  GetLoggingConfiguration: getLoggingConfiguration,
  DeleteLoggingConfiguration: deleteLoggingConfiguration,
  ListLoggingConfigurations: listLoggingConfigurations,
  GetSampledRequests: getSampledRequests,
};

export const wafv2: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
