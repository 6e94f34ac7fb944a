// The Shield provider: its implemented operations (Advanced's subscription, protections, health checks, automatic response, groups, contacts, attacks).
import type { Handlers } from '../../aws/generated/handlers.js';
import type { ShieldOperations } from '../../aws/generated/shield.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { describeAttack, describeAttackStatistics, listAttacks } from './attacks.js';
import {
  disableApplicationLayerAutomaticResponse,
  enableApplicationLayerAutomaticResponse,
  updateApplicationLayerAutomaticResponse,
} from './automatic-response.js';
import {
  associateProactiveEngagementDetails,
  describeEmergencyContactSettings,
  disableProactiveEngagement,
  enableProactiveEngagement,
  updateEmergencyContactSettings,
} from './contacts.js';
import {
  createProtectionGroup,
  deleteProtectionGroup,
  describeProtectionGroup,
  listProtectionGroups,
  listResourcesInProtectionGroup,
  updateProtectionGroup,
} from './protection-groups.js';
import { associateHealthCheck, disassociateHealthCheck } from './health-checks.js';
import { createProtection, deleteProtection, describeProtection, listProtections } from './protections.js';
import {
  createSubscription,
  deleteSubscription,
  describeSubscription,
  getSubscriptionState,
  updateSubscription,
} from './subscription.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';

const handlers: Handlers<ShieldOperations> = {
  CreateSubscription: createSubscription,
  DescribeSubscription: describeSubscription,
  GetSubscriptionState: getSubscriptionState,
  UpdateSubscription: updateSubscription,
  DeleteSubscription: deleteSubscription,
  CreateProtection: createProtection,
  DescribeProtection: describeProtection,
  ListProtections: listProtections,
  DeleteProtection: deleteProtection,
  AssociateHealthCheck: associateHealthCheck,
  DisassociateHealthCheck: disassociateHealthCheck,
  EnableApplicationLayerAutomaticResponse: enableApplicationLayerAutomaticResponse,
  UpdateApplicationLayerAutomaticResponse: updateApplicationLayerAutomaticResponse,
  DisableApplicationLayerAutomaticResponse: disableApplicationLayerAutomaticResponse,
  CreateProtectionGroup: createProtectionGroup,
  DescribeProtectionGroup: describeProtectionGroup,
  UpdateProtectionGroup: updateProtectionGroup,
  DeleteProtectionGroup: deleteProtectionGroup,
  ListProtectionGroups: listProtectionGroups,
  ListResourcesInProtectionGroup: listResourcesInProtectionGroup,
  DescribeEmergencyContactSettings: describeEmergencyContactSettings,
  UpdateEmergencyContactSettings: updateEmergencyContactSettings,
  AssociateProactiveEngagementDetails: associateProactiveEngagementDetails,
  EnableProactiveEngagement: enableProactiveEngagement,
  DisableProactiveEngagement: disableProactiveEngagement,
  ListAttacks: listAttacks,
  DescribeAttack: describeAttack,
  DescribeAttackStatistics: describeAttackStatistics,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

export const shield: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
};
