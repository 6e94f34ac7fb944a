// IAM's part in authorizing every request: the identity store callers come from, and how its resources are named.
import type { PrincipalStore, ServiceAuthorization } from '../../../core/runtime.js';
import { recordAccessKeyUse } from '../credentials/access-key-usage.js';
import { accountDirectory } from './directory.js';
import { loadPrincipalPolicies } from './principals.js';
import { iamResourceOverrides } from './resources.js';

/** The one identity store (runtime.principals): IAM's users, roles and their policies. */
export const iamPrincipals: PrincipalStore = {
  directory: accountDirectory,
  policies: loadPrincipalPolicies,
  recordAccessKeyUse,
};

export const iamAuthorization: ServiceAuthorization = {
  principals: iamPrincipals,
  resourceOverrides: iamResourceOverrides,
  // Every IAM change moves the account's policy epoch in its own transaction (../mutate.ts), never after it.
};
