// Virtual MFA device rows: finding them by serial number (regardless of case), their sealed seeds, their quotas.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../../../store/secrets.js';
import type { Database } from '../../../store/schema.js';
import { mfaDeviceNotFound } from '../errors.js';
import type { IamMfaDevicesTable } from '../tables.js';
import { accountScope } from '../../../store/account-scope.js';

type Db = Kysely<Database>;

/** Users may have up to eight MFA devices (AWS's quota since 2022). */
export const MFA_DEVICES_PER_USER = 8;

/** Virtual MFA devices, assigned or not, per account: AWS sets it equal to the users quota. */
export const VIRTUAL_MFA_DEVICES_PER_ACCOUNT = 5000;

/** The seed is sealed to its device's serial number, so a wrapped seed copied to another row does not open. */
export function seedContext(serialNumber: string): string {
  return `mfa:${serialNumber}`;
}

export function sealSeed(secrets: SecretBox, serialNumber: string, seed: Buffer): string {
  return secrets.wrap(seed, seedContext(serialNumber));
}

export function openSeed(secrets: SecretBox, device: IamMfaDevicesTable): Buffer {
  return secrets.unwrap(device.seed_wrapped, seedContext(device.serial_number));
}

/** The account's device with this serial number, compared regardless of case (as IAM compares names). */
export async function findDevice(
  db: Db,
  accountId: string,
  serialNumber: string,
): Promise<IamMfaDevicesTable | undefined> {
  return accountScope(db, accountId)
    .selectFrom('iam_mfa_devices')
    .selectAll()
    .where(sql<string>`lower(serial_number)`, '=', serialNumber.toLowerCase())
    .executeTakeFirst();
}

export async function requireDevice(db: Db, accountId: string, serialNumber: string): Promise<IamMfaDevicesTable> {
  const device = await findDevice(db, accountId, serialNumber);
  if (!device) throw mfaDeviceNotFound(serialNumber);
  return device;
}

/** The devices enabled for one user (by lower-cased name), in serial number order. */
export async function devicesOfUser(db: Db, accountId: string, userKey: string): Promise<IamMfaDevicesTable[]> {
  return accountScope(db, accountId)
    .selectFrom('iam_mfa_devices')
    .selectAll()
    .where('user_lc', '=', userKey)
    .orderBy('serial_number')
    .execute();
}
