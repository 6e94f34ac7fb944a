// IAM identities: users, groups, roles, service-linked roles, instance profiles and their tags, as one handler map.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { IAMOperations } from '../../aws/generated/iam.js';
import { groupHandlers } from './identities/groups.js';
import { identityTagHandlers } from './identities/tags.js';
import { instanceProfileHandlers } from './identities/instance-profiles.js';
import { roleHandlers } from './identities/roles.js';
import { serviceLinkedRoleHandlers } from './identities/service-linked-roles.js';
import { userHandlers } from './identities/users.js';

export const identityHandlers: Handlers<IAMOperations> = {
  ...userHandlers,
  ...groupHandlers,
  ...roleHandlers,
  ...serviceLinkedRoleHandlers,
  ...instanceProfileHandlers,
  ...identityTagHandlers,
};
