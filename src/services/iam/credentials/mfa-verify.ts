// Checks an MFA code for STS (GetSessionToken, AssumeRole with SerialNumber/TokenCode): one use per code, ever.
import type { Runtime } from '../../../core/runtime.js';
import { nameKey } from '../common.js';
import { findDevice, openSeed } from './mfa-devices.js';
import { findStep, stepAt } from './totp.js';

/** A code is accepted for the current time step and one step either side (clock skew, typing time). */
const ACCEPTED_STEPS_AROUND_NOW = 1;

/**
 * True when code is the current TOTP code of the virtual MFA device serialNumber, enabled for userName in
 * accountId, and no code of this step or a later one was accepted before. Accepting records the step in the
 * same conditional write, so of two requests racing with one code exactly one succeeds.
 */
export async function verifyMfaCode(
  runtime: Runtime,
  accountId: string,
  serialNumber: string,
  userName: string,
  code: string,
  now: Date,
): Promise<boolean> {
  if (!/^[0-9]{6}$/.test(code)) return false;
  const { db } = runtime.store;
  const device = await findDevice(db, accountId, serialNumber);
  if (!device || device.user_lc === null || device.user_lc !== nameKey(userName)) return false;
  const center = stepAt(now.getTime()) + device.drift_steps;
  const step = findStep(
    openSeed(runtime.secrets, device),
    code,
    center - ACCEPTED_STEPS_AROUND_NOW,
    center + ACCEPTED_STEPS_AROUND_NOW,
  );
  if (step === undefined || (device.last_step !== null && step <= device.last_step)) return false;
  const accepted = await db
    .updateTable('iam_mfa_devices')
    .set({ last_step: step })
    .where('serial_number', '=', device.serial_number)
    .where('user_lc', '=', device.user_lc)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(accepted.numUpdatedRows) === 1;
}
