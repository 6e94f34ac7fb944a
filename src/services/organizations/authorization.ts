// Organizations' part in authorizing every request: the guardrails (SCPs, RCPs) over accounts, its resources' names, its delegation policy.
import type { ServiceAuthorization } from '../../core/runtime.js';
import { compiledGuardrails } from './guardrails.js';
import { organizationDirectory } from './resource-directory.js';
import { organizationsResourceOverrides } from './resource-overrides.js';
import { resolveDelegation } from './delegation-policy-authorization.js';
import { organizationIntegration } from './service-integration.js';

export const organizationsAuthorization: ServiceAuthorization = {
  organizations: {
    guardrails: compiledGuardrails,
    directory: organizationDirectory,
    integration: organizationIntegration,
  },
  resourceOverrides: organizationsResourceOverrides,
  // A member's delegatable call is decided on the organization's delegation policy too.
  resolveResources: resolveDelegation,
};
