// IAM's policy operations: managed policies and versions, inline policies, attachments and permissions boundaries.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { IAMOperations } from '../../aws/generated/iam.js';
import { attachmentHandlers } from './policies/attachments.js';
import { boundaryHandlers } from './policies/boundaries.js';
import { inlinePolicyHandlers } from './policies/inline.js';
import { managedPolicyHandlers } from './policies/managed.js';
import { policyVersionHandlers } from './policies/versions.js';

export const policyHandlers: Handlers<IAMOperations> = {
  ...managedPolicyHandlers,
  ...policyVersionHandlers,
  ...inlinePolicyHandlers,
  ...attachmentHandlers,
  ...boundaryHandlers,
};
