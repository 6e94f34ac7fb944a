// Organizations' part in authorizing every request: the guardrails (SCPs, RCPs) over accounts and its resources' names.
import type { ServiceAuthorization } from '../../core/runtime.js';
import { compiledGuardrails } from './guardrails.js';
import { organizationDirectory } from './resource-directory.js';
import { organizationsResourceOverrides } from './resource-overrides.js';

export const organizationsAuthorization: ServiceAuthorization = {
  organizations: { guardrails: compiledGuardrails, directory: organizationDirectory },
  resourceOverrides: organizationsResourceOverrides,
};
