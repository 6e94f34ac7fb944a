// Test helper: Warden's real services, for tests of the layers beneath them (authorization decides over their hooks).
import { authorizationStores } from '../../src/core/stores.js';
import { SERVICES } from '../../src/services/registry.js';

export { MIGRATIONS, MODEL_NAMES, SERVED_MODEL_NAMES, SERVICES } from '../../src/services/registry.js';
export { makeTestContext, makeTestRuntime, rootIdentity } from './test-context.js';
export { decodeAuthorizationMessage } from '../../src/services/sts/decode-authorization-message.js';

/** The registry's identity store and organizations, as a server's runtime holds them. */
export const STORES = authorizationStores(SERVICES);
