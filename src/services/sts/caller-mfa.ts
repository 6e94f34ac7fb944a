// SerialNumber + TokenCode of AssumeRole and GetSessionToken: the caller's own MFA device, checked with IAM's TOTP.
import { AwsError } from '../../aws/error.js';
import type { CallerIdentity } from '../../aws/identity.js';
import { findDevice } from '../iam/credentials/mfa-devices.js';
import { verifyMfaCode } from '../iam/credentials/mfa-verify.js';
import type { RequestContext } from '../../core/runtime.js';

const INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
const UNKNOWN_DEVICE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid ' +
  'and associated with this user.';

function mfaFailure(message: string): AwsError {
  return new AwsError('AccessDenied', message);
}

/** The IAM user whose devices count: the caller, or the user behind a GetSessionToken session. */
function userNameOf(identity: CallerIdentity): string | undefined {
  return identity.type === 'IAMUser' ? identity.userName : undefined;
}

/**
 * Verifies the MFA code a request passed and returns when the caller authenticated with it (now), or undefined
 * when the request passed no MFA. The device must be enabled for the calling IAM user; a code is accepted once.
 * Failures are AWS's AccessDenied: a serial number that is not the caller's device, or a wrong or reused code.
 */
export async function verifyCallerMfa(
  ctx: RequestContext,
  serialNumber: string | undefined,
  tokenCode: string | undefined,
): Promise<Date | undefined> {
  if (serialNumber === undefined && tokenCode === undefined) return undefined;
  const { identity, runtime } = ctx;
  const userName = userNameOf(identity);
  if (serialNumber === undefined || userName === undefined) throw mfaFailure(UNKNOWN_DEVICE);
  const device = await findDevice(runtime.store.db, identity.accountId, serialNumber);
  if (!device || device.user_lc !== userName.toLowerCase()) throw mfaFailure(UNKNOWN_DEVICE);
  if (tokenCode === undefined) throw mfaFailure(INVALID_CODE);
  const valid = await verifyMfaCode(runtime, identity.accountId, serialNumber, userName, tokenCode, ctx.receivedAt);
  if (!valid) throw mfaFailure(INVALID_CODE);
  return ctx.receivedAt;
}
