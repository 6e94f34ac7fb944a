// The STS provider: its implemented operations.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { STSOperations } from '../../aws/generated/sts.js';
import type { Handler, ServiceProvider } from '../../core/runtime.js';
import { assumeRole } from './assume-role.js';
import { assumeRoleWithSAML } from './assume-role-with-saml.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { decodeAuthorizationMessage } from './decode-authorization-message.js';
import { getAccessKeyInfo } from './get-access-key-info.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getFederationToken } from './get-federation-token.js';
import { getSessionToken } from './get-session-token.js';

export { STS_SELF_AUTHORIZED_OPERATIONS } from './authorize-assume-role.js';

const handlers: Handlers<STSOperations> = {
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  AssumeRoleWithSAML: assumeRoleWithSAML,
  GetSessionToken: getSessionToken,
  GetFederationToken: getFederationToken,
  GetCallerIdentity: getCallerIdentity,
  GetAccessKeyInfo: getAccessKeyInfo,
  DecodeAuthorizationMessage: decodeAuthorizationMessage,
};

export const sts: ServiceProvider = {
  handlers: handlers as Readonly<Record<string, Handler>>,
  unsigned: new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']),
};
