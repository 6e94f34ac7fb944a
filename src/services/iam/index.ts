// The IAM provider: identities, policies, credentials and account settings, one module family each.
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { identityHandlers } from './identity-handlers.js';
import { policyHandlers } from './policy-handlers.js';
import { credentialHandlers } from './credential-handlers.js';
import { accountHandlers } from './account-handlers.js';
import { simulationHandlers } from './simulation-handlers.js';

export const iam: ServiceProvider = {
  handlers: {
    ...identityHandlers,
    ...policyHandlers,
    ...credentialHandlers,
    ...accountHandlers,
    ...simulationHandlers,
  } as Readonly<Record<string, Handler>>,
};
