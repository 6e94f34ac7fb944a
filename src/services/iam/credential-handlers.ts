// IAM credentials as one handler map: access keys, console passwords, the account password policy and virtual MFA.
import type { IAMOperations } from '../../aws/generated/iam.js';
import type { Handlers } from '../../aws/generated/handlers.js';
import { accessKeyHandlers } from './credentials/access-keys.js';
import { loginProfileHandlers } from './credentials/login-profiles.js';
import { mfaHandlers } from './credentials/mfa.js';
import { passwordPolicyHandlers } from './account/password-policy.js';

export const credentialHandlers: Handlers<IAMOperations> = {
  ...accessKeyHandlers,
  ...loginProfileHandlers,
  ...passwordPolicyHandlers,
  ...mfaHandlers,
};
