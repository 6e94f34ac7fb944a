// IAM identities: users, groups, roles, service-linked roles, instance profiles and their tags, as one handler map.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { IAMOperations } from '../../aws/generated/iam.js';
import { groupHandlers } from './groups.js';
import { identityTagHandlers } from './identity-tags.js';
import { instanceProfileHandlers } from './instance-profiles.js';
import { roleHandlers } from './roles.js';
import { serviceLinkedRoleHandlers } from './service-linked-roles.js';
import { userHandlers } from './users.js';

export const identityHandlers: Handlers<IAMOperations> = {
  ...userHandlers,
  ...groupHandlers,
  ...roleHandlers,
  ...serviceLinkedRoleHandlers,
  ...instanceProfileHandlers,
  ...identityTagHandlers,
};
