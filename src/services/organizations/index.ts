// The Organizations provider: the organization, its accounts and tree, policies, handshakes, delegation, its delegation policy and tags.
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { organizationHandlers } from './organization-handlers.js';
import { accountHandlers } from './account-handlers.js';
import { hierarchyHandlers } from './hierarchy-handlers.js';
import { policyHandlers } from './policy-handlers.js';
import { handshakeHandlers } from './handshake-handlers.js';
import { delegationHandlers } from './delegation-handlers.js';
import { tagHandlers } from './tags.js';
import { govCloudHandlers } from './govcloud.js';
import { resourcePolicyHandlers } from './resource-policy-handlers.js';
import { responsibilityTransferHandlers } from './responsibility-transfer-handlers.js';

export const organizations: ServiceProvider = {
  handlers: {
    ...organizationHandlers,
    ...accountHandlers,
    ...hierarchyHandlers,
    ...policyHandlers,
    ...handshakeHandlers,
    ...delegationHandlers,
    ...tagHandlers,
    ...govCloudHandlers,
    ...resourcePolicyHandlers,
    ...responsibilityTransferHandlers,
  } as Readonly<Record<string, Handler>>,
};
