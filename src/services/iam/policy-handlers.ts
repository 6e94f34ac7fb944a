// IAM's policy operations: managed policies and versions, inline policies, attachments and permissions boundaries.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { IAMOperations } from '../../aws/generated/iam.js';
import { attachmentHandlers } from './attachments.js';
import { boundaryHandlers } from './boundaries.js';
import { inlinePolicyHandlers } from './inline-policies.js';
import { managedPolicyHandlers } from './managed-policies.js';
import { policyVersionHandlers } from './policy-versions.js';

export const policyHandlers: Handlers<IAMOperations> = {
  ...managedPolicyHandlers,
  ...policyVersionHandlers,
  ...inlinePolicyHandlers,
  ...attachmentHandlers,
  ...boundaryHandlers,
};
