// Virtual MFA devices: Create/DeleteVirtualMFADevice, Enable/Resync/DeactivateMFADevice (real TOTP codes),
// ListMFADevices, ListVirtualMFADevices, GetMFADevice and the device tags.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, MFADevice, Tag, VirtualMFADevice } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import {
  assertTags,
  epochToDate,
  iamArn,
  loadTags,
  pageOf,
  paginate,
  putTags,
  removeTags,
  transactUnique,
} from '../common.js';
import { lockOwner, resolveOwner } from './owner.js';
import { requireUser } from '../identities/entities.js';
import { userView } from '../identities/views.js';
import {
  invalidAuthenticationCode,
  mfaDeviceInUse,
  mfaDeviceInvalidForUser,
  mfaDeviceNameTaken,
  mfaDeviceStillAssigned,
  quotaExceeded,
} from '../errors.js';
import {
  MFA_DEVICES_PER_USER,
  VIRTUAL_MFA_DEVICES_PER_ACCOUNT,
  devicesOfUser,
  findDevice,
  openSeed,
  requireDevice,
  sealSeed,
} from './mfa-devices.js';
import type { IamMfaDevicesTable, IamUsersTable } from '../tables.js';
import { base32Seed, findConsecutiveCodes, newSeed, otpauthUri, qrCodePng, stepAt } from './totp.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** EnableMFADevice: the second code may be from up to two steps (a minute) ago, or one step ahead. */
const ENABLE_STEPS_BEHIND = 2;
const ENABLE_STEPS_AHEAD = 1;

/** ResyncMFADevice finds the device's clock within ten minutes either side of where it was last known to be. */
const RESYNC_WINDOW_STEPS = 20;

/** iam_tags resource type of MFA devices; the resource key is the serial number as stored. */
const MFA_TAGS = 'mfa';

async function accountLabel(db: Db, accountId: string): Promise<string> {
  const row = await accountScope(db, accountId).selectFrom('iam_account_settings').select('alias').executeTakeFirst();
  return row?.alias ?? accountId;
}

async function countDevices(db: Db, accountId: string): Promise<number> {
  const row = await accountScope(db, accountId)
    .selectFrom('iam_mfa_devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The device, which must be the one enabled for this user. */
async function requireUsersDevice(
  db: Db,
  accountId: string,
  serialNumber: string,
  user: IamUsersTable,
): Promise<IamMfaDevicesTable> {
  const device = await requireDevice(db, accountId, serialNumber);
  if (device.user_lc !== user.name_lc) throw mfaDeviceInvalidForUser();
  return device;
}

function mfaDeviceView(user: IamUsersTable, device: IamMfaDevicesTable): MFADevice {
  return {
    UserName: user.user_name,
    SerialNumber: device.serial_number,
    EnableDate: epochToDate(device.enabled_at ?? device.created_at),
  };
}

async function untagDevice(ctx: RequestContext, serialNumber: string, keys: string[]): Promise<void> {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const device = await requireDevice(trx, accountId, serialNumber);
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    const stored = await loadTags(trx, accountId, MFA_TAGS, device.serial_number);
    const matching = stored.filter((t) => wanted.has(t.Key.toLowerCase())).map((t) => t.Key);
    await removeTags(trx, accountId, MFA_TAGS, device.serial_number, matching);
  });
}

export const createVirtualMFADevice: NonNullable<H['CreateVirtualMFADevice']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const tags: Tag[] = input.Tags ?? [];
  assertTags(tags);
  const path = input.Path ?? '/';
  const serialNumber = iamArn(ctx, 'mfa', path, input.VirtualMFADeviceName);
  const seed = newSeed();
  const device: IamMfaDevicesTable = {
    serial_number: serialNumber,
    account_id: accountId,
    device_name: input.VirtualMFADeviceName,
    path,
    seed_wrapped: sealSeed(ctx.runtime.secrets, serialNumber, seed),
    user_lc: null,
    enabled_at: null,
    last_step: null,
    created_at: ctx.receivedAt.getTime(),
    drift_steps: 0,
  };
  await transactUnique(ctx, mfaDeviceNameTaken, async (trx) => {
    if (await findDevice(trx, accountId, serialNumber)) throw mfaDeviceNameTaken();
    if ((await countDevices(trx, accountId)) >= VIRTUAL_MFA_DEVICES_PER_ACCOUNT)
      throw quotaExceeded('VirtualMFADevices', VIRTUAL_MFA_DEVICES_PER_ACCOUNT);
    await trx.insertInto('iam_mfa_devices').values(device).execute();
    await putTags(trx, accountId, MFA_TAGS, serialNumber, tags);
  });
  const base32 = base32Seed(seed);
  const png = await qrCodePng(otpauthUri(input.VirtualMFADeviceName, await accountLabel(db, accountId), seed));
  const result: VirtualMFADevice = {
    SerialNumber: serialNumber,
    // The SDKs hand this out as bytes: the bytes of the base32 text, which is what authenticator apps take.
    Base32StringSeed: Buffer.from(base32, 'ascii'),
    QRCodePNG: png,
    ...(tags.length > 0 ? { Tags: tags } : {}),
  };
  return { VirtualMFADevice: result };
};

export const enableMFADevice: NonNullable<H['EnableMFADevice']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const user = await requireUser(db, accountId, input.UserName);
  const device = await requireDevice(db, accountId, input.SerialNumber);
  if (device.user_lc !== null) throw mfaDeviceInUse();
  if ((await devicesOfUser(db, accountId, user.name_lc)).length >= MFA_DEVICES_PER_USER)
    throw quotaExceeded('MFADevicesPerUser', MFA_DEVICES_PER_USER);
  const now = stepAt(ctx.receivedAt.getTime());
  const seed = openSeed(ctx.runtime.secrets, device);
  const step = findConsecutiveCodes(
    seed,
    input.AuthenticationCode1,
    input.AuthenticationCode2,
    now - ENABLE_STEPS_BEHIND,
    now + ENABLE_STEPS_AHEAD,
  );
  if (step === undefined) throw invalidAuthenticationCode();
  await mutateIam(ctx, async (trx) => {
    await lockOwner(trx, accountId, { kind: 'user', user });
    if ((await devicesOfUser(trx, accountId, user.name_lc)).length >= MFA_DEVICES_PER_USER) {
      throw quotaExceeded('MFADevicesPerUser', MFA_DEVICES_PER_USER);
    }
    // Only an unassigned device is taken: of two racing enables, exactly one wins.
    const taken = await trx
      .updateTable('iam_mfa_devices')
      .set({
        user_lc: user.name_lc,
        enabled_at: ctx.receivedAt.getTime(),
        last_step: step,
        drift_steps: 0,
      })
      .where('serial_number', '=', device.serial_number)
      .where('user_lc', 'is', null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) throw mfaDeviceInUse();
  });
};

export const resyncMFADevice: NonNullable<H['ResyncMFADevice']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const user = await requireUser(db, accountId, input.UserName);
  const device = await requireUsersDevice(db, accountId, input.SerialNumber, user);
  const now = stepAt(ctx.receivedAt.getTime());
  const center = now + device.drift_steps;
  const step = findConsecutiveCodes(
    openSeed(ctx.runtime.secrets, device),
    input.AuthenticationCode1,
    input.AuthenticationCode2,
    center - RESYNC_WINDOW_STEPS,
    center + RESYNC_WINDOW_STEPS,
  );
  if (step === undefined) throw invalidAuthenticationCode();
  const updated = await mutateIam(ctx, (trx) =>
    trx
      .updateTable('iam_mfa_devices')
      .set({ drift_steps: step - now, last_step: step })
      .where('serial_number', '=', device.serial_number)
      .where('user_lc', '=', user.name_lc)
      .executeTakeFirst(),
  );
  if (Number(updated.numUpdatedRows) === 0) throw mfaDeviceInvalidForUser();
};

export const deactivateMFADevice: NonNullable<H['DeactivateMFADevice']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const owner = await resolveOwner(ctx, trx, input.UserName, true);
    // The root user's MFA is not assignable through this API, so a root caller never has a device here.
    if (owner.kind === 'root') {
      await requireDevice(trx, accountId, input.SerialNumber);
      throw mfaDeviceInvalidForUser();
    }
    const device = await requireUsersDevice(trx, accountId, input.SerialNumber, owner.user);
    await trx
      .updateTable('iam_mfa_devices')
      .set({ user_lc: null, enabled_at: null, last_step: null, drift_steps: 0 })
      .where('serial_number', '=', device.serial_number)
      .where('user_lc', '=', owner.user.name_lc)
      .execute();
  });
};

export const deleteVirtualMFADevice: NonNullable<H['DeleteVirtualMFADevice']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const device = await requireDevice(trx, accountId, input.SerialNumber);
    if (device.user_lc !== null) throw mfaDeviceStillAssigned();
    const deleted = await trx
      .deleteFrom('iam_mfa_devices')
      .where('serial_number', '=', device.serial_number)
      .where('user_lc', 'is', null)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw mfaDeviceStillAssigned();
    await removeTags(trx, accountId, MFA_TAGS, device.serial_number);
  });
};

export const listMFADevices: NonNullable<H['ListMFADevices']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const owner = await resolveOwner(ctx, db, input.UserName, true);
  if (owner.kind === 'root') return pageOf(ctx, 'MFADevices', [] as MFADevice[], input);
  const devices = await devicesOfUser(db, ctx.identity.accountId, owner.user.name_lc);
  return pageOf(
    ctx,
    'MFADevices',
    devices.map((d) => mfaDeviceView(owner.user, d)),
    input,
  );
};

export const listVirtualMFADevices: NonNullable<H['ListVirtualMFADevices']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const status = input.AssignmentStatus ?? 'Any';
  let q = accountScope(db, accountId).selectFrom('iam_mfa_devices').selectAll();
  if (status === 'Assigned') q = q.where('user_lc', 'is not', null);
  if (status === 'Unassigned') q = q.where('user_lc', 'is', null);
  const devices = await q.orderBy('serial_number').execute();
  const page = paginate(ctx, devices, input);
  const userKeys = [...new Set(page.items.flatMap((d) => (d.user_lc === null ? [] : [d.user_lc])))];
  const users =
    userKeys.length === 0
      ? []
      : await accountScope(db, accountId)
          .selectFrom('iam_users')
          .selectAll()
          .where('name_lc', 'in', userKeys)
          .execute();
  const byKey = new Map(users.map((u) => [u.name_lc, u]));
  const items = page.items.map((d): VirtualMFADevice => {
    const user = d.user_lc === null ? undefined : byKey.get(d.user_lc);
    return {
      SerialNumber: d.serial_number,
      ...(user ? { User: userView(ctx, user) } : {}),
      ...(d.enabled_at !== null ? { EnableDate: epochToDate(d.enabled_at) } : {}),
    };
  });
  return {
    VirtualMFADevices: items,
    IsTruncated: page.IsTruncated,
    ...(page.Marker ? { Marker: page.Marker } : {}),
  };
};

export const getMFADevice: NonNullable<H['GetMFADevice']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const owner = await resolveOwner(ctx, db, input.UserName, true);
  if (owner.kind === 'root') {
    await requireDevice(db, ctx.identity.accountId, input.SerialNumber);
    throw mfaDeviceInvalidForUser();
  }
  const device = await requireUsersDevice(db, ctx.identity.accountId, input.SerialNumber, owner.user);
  return mfaDeviceView(owner.user, device);
};

export const tagMFADevice: NonNullable<H['TagMFADevice']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const device = await requireDevice(trx, accountId, input.SerialNumber);
    await putTags(trx, accountId, MFA_TAGS, device.serial_number, input.Tags);
  });
};

export const untagMFADevice: NonNullable<H['UntagMFADevice']> = (ctx, input) =>
  untagDevice(ctx, input.SerialNumber, input.TagKeys);

export const listMFADeviceTags: NonNullable<H['ListMFADeviceTags']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const device = await requireDevice(db, accountId, input.SerialNumber);
  const page = paginate(ctx, await loadTags(db, accountId, MFA_TAGS, device.serial_number), input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) };
};
