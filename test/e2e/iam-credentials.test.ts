// IAM credentials end to end with SDK v3: access keys, login profiles and the password policy, virtual MFA with
// real TOTP codes, and an audit trail that never holds a secret.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  GetMFADeviceCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADeviceTagsCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { Secret, TOTP } from 'otpauth';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { verifyMfaCode } from '../../src/services/iam/credentials/mfa-verify.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const POLICY_VIOLATION = 'Password does not conform to the account password policy.';
const REUSE_VIOLATION = 'Policy constraint violation with password reuse prevention during password change.';
const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
});

/** Asserts an SDK call fails with AWS's error code, HTTP status and (when given) exact message. */
async function rejectsWith(call: Promise<unknown>, name: string, status: number, message?: string): Promise<void> {
  await assert.rejects(call, (err: any) => {
    assert.equal(err.name, name, `error ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

function totpCode(base32: string, step: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(base32), timestamp: step * 30_000 });
}

function currentStep(): number {
  return Math.floor(Date.now() / 30_000);
}

describe('IAM credentials end to end', () => {
  let w: TestWarden;
  let iam: IAMClient;
  /** Every secret handed out or sent by the tests: none may appear in any audit record. */
  const secrets: string[] = [];

  const clientFor = (key: { AccessKeyId?: string; SecretAccessKey?: string }) => ({
    ...w.clientConfig,
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
  });

  /** A user with an access key and an inline policy allowing all of IAM, and an IAM client signed as it. */
  async function adminUser(userName: string) {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(
      new PutUserPolicyCommand({ UserName: userName, PolicyName: 'all-iam', PolicyDocument: ADMIN_POLICY }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    secrets.push(AccessKey!.SecretAccessKey!);
    return { key: AccessKey!, client: new IAMClient(clientFor(AccessKey!)) };
  }

  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  describe('access keys', () => {
    test('CreateAccessKey returns the secret once; the store holds it only wrapped; the key signs requests', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'ak-alice' }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'ak-alice' }));
      assert.ok(AccessKey);
      secrets.push(AccessKey.SecretAccessKey!);
      assert.match(AccessKey.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(AccessKey.SecretAccessKey!.length, 40);
      assert.equal(AccessKey.UserName, 'ak-alice');
      assert.equal(AccessKey.Status, 'Active');
      assert.ok(AccessKey.CreateDate instanceof Date);

      const row = await w.warden.runtime.store.db
        .selectFrom('access_keys')
        .selectAll()
        .where('access_key_id', '=', AccessKey.AccessKeyId!)
        .executeTakeFirstOrThrow();
      assert.equal(row.user_name, 'ak-alice');
      assert.match(row.principal_id, /^AIDA[A-Z0-9]{17}$/);
      assert.match(row.secret_wrapped, /^v1\./);
      assert.ok(!JSON.stringify(row).includes(AccessKey.SecretAccessKey!), 'the secret is not stored in plaintext');

      const me = await new STSClient(clientFor(AccessKey)).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:iam::${w.accountId}:user/ak-alice`);
      assert.equal(me.UserId, row.principal_id);
      assert.equal(me.Account, w.accountId);
    });

    test('GetAccessKeyLastUsed: N/A until used, then the service and region of the use', async () => {
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'ak-alice' }));
      secrets.push(AccessKey!.SecretAccessKey!);
      const before = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey!.AccessKeyId }));
      assert.equal(before.UserName, 'ak-alice');
      assert.deepEqual(before.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });

      await new STSClient({ ...clientFor(AccessKey!), region: 'eu-west-1' }).send(new GetCallerIdentityCommand({}));
      const afterUse = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey!.AccessKeyId }));
      assert.equal(afterUse.AccessKeyLastUsed?.ServiceName, 'sts');
      assert.equal(afterUse.AccessKeyLastUsed?.Region, 'eu-west-1');
      assert.ok(afterUse.AccessKeyLastUsed?.LastUsedDate instanceof Date);

      await rejectsWith(
        iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })),
        'NoSuchEntityException',
        404,
        'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.',
      );
    });

    test('a user holds at most two access keys', async () => {
      await rejectsWith(
        iam.send(new CreateAccessKeyCommand({ UserName: 'ak-alice' })),
        'LimitExceededException',
        409,
        'Cannot exceed quota for AccessKeysPerUser: 2',
      );
      await rejectsWith(
        iam.send(new CreateAccessKeyCommand({ UserName: 'ak-nobody' })),
        'NoSuchEntityException',
        404,
        'The user with name ak-nobody cannot be found.',
      );
    });

    test('ListAccessKeys pages through metadata and never shows a secret', async () => {
      const all = await iam.send(new ListAccessKeysCommand({ UserName: 'ak-alice' }));
      assert.equal(all.AccessKeyMetadata?.length, 2);
      assert.equal(all.IsTruncated, false);
      for (const key of all.AccessKeyMetadata!) {
        assert.deepEqual(Object.keys(key).sort(), ['AccessKeyId', 'CreateDate', 'Status', 'UserName']);
      }
      const first = await iam.send(new ListAccessKeysCommand({ UserName: 'ak-alice', MaxItems: 1 }));
      assert.equal(first.IsTruncated, true);
      const second = await iam.send(
        new ListAccessKeysCommand({ UserName: 'ak-alice', MaxItems: 1, Marker: first.Marker }),
      );
      assert.equal(second.IsTruncated, false);
      assert.deepEqual(
        [first.AccessKeyMetadata![0].AccessKeyId, second.AccessKeyMetadata![0].AccessKeyId],
        all.AccessKeyMetadata!.map((k) => k.AccessKeyId),
      );
    });

    test('an Inactive key is refused until it is made Active again', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'ak-bob' }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'ak-bob' }));
      secrets.push(AccessKey!.SecretAccessKey!);
      const sts = new STSClient(clientFor(AccessKey!));
      await iam.send(
        new UpdateAccessKeyCommand({ UserName: 'ak-bob', AccessKeyId: AccessKey!.AccessKeyId, Status: 'Inactive' }),
      );
      const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'ak-bob' }));
      assert.equal(listed.AccessKeyMetadata![0].Status, 'Inactive');
      await rejectsWith(
        sts.send(new GetCallerIdentityCommand({})),
        'InvalidClientTokenId',
        403,
        'The security token included in the request is invalid.',
      );
      await iam.send(
        new UpdateAccessKeyCommand({ UserName: 'ak-bob', AccessKeyId: AccessKey!.AccessKeyId, Status: 'Active' }),
      );
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${w.accountId}:user/ak-bob`);
    });

    test("a key is only found through its own user: another user's name answers NoSuchEntity", async () => {
      const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: 'ak-bob' }));
      const bobs = AccessKeyMetadata![0].AccessKeyId!;
      const notFound = `The Access Key with id ${bobs} cannot be found.`;
      await rejectsWith(
        iam.send(new UpdateAccessKeyCommand({ UserName: 'ak-alice', AccessKeyId: bobs, Status: 'Inactive' })),
        'NoSuchEntityException',
        404,
        notFound,
      );
      await rejectsWith(
        iam.send(new DeleteAccessKeyCommand({ UserName: 'ak-alice', AccessKeyId: bobs })),
        'NoSuchEntityException',
        404,
        notFound,
      );
      // Without a user name the root caller means its own (root) keys, and bob's key is none of them.
      await rejectsWith(
        iam.send(new DeleteAccessKeyCommand({ AccessKeyId: bobs })),
        'NoSuchEntityException',
        404,
        notFound,
      );
    });

    test('an IAM user manages its own keys without naming itself', async () => {
      const { key, client } = await adminUser('ak-carol');
      const mine = await client.send(new ListAccessKeysCommand({}));
      assert.deepEqual(
        mine.AccessKeyMetadata!.map((k) => [k.UserName, k.AccessKeyId]),
        [['ak-carol', key.AccessKeyId]],
      );
      const { AccessKey: second } = await client.send(new CreateAccessKeyCommand({}));
      secrets.push(second!.SecretAccessKey!);
      assert.equal(second!.UserName, 'ak-carol');
      await client.send(new DeleteAccessKeyCommand({ AccessKeyId: second!.AccessKeyId }));
      assert.equal((await client.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.length, 1);
    });

    test('DeleteAccessKey removes the key for good; a user with keys cannot be deleted', async () => {
      await rejectsWith(
        iam.send(new DeleteUserCommand({ UserName: 'ak-bob' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must delete access keys first.',
      );
      const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: 'ak-bob' }));
      const id = AccessKeyMetadata![0].AccessKeyId!;
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'ak-bob', AccessKeyId: id }));
      await rejectsWith(
        iam.send(new DeleteAccessKeyCommand({ UserName: 'ak-bob', AccessKeyId: id })),
        'NoSuchEntityException',
        404,
        `The Access Key with id ${id} cannot be found.`,
      );
      await iam.send(new DeleteUserCommand({ UserName: 'ak-bob' }));
    });

    test('the root user gets root access keys (no user name), two at most', async () => {
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({}));
      secrets.push(AccessKey!.SecretAccessKey!);
      assert.equal(AccessKey!.UserName, undefined);
      const me = await new STSClient(clientFor(AccessKey!)).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:iam::${w.accountId}:root`);
      const listed = await iam.send(new ListAccessKeysCommand({}));
      assert.deepEqual(
        listed.AccessKeyMetadata!.map((k) => k.AccessKeyId).sort(),
        [w.credentials.accessKeyId, AccessKey!.AccessKeyId].sort(),
      );
      await rejectsWith(
        iam.send(new CreateAccessKeyCommand({})),
        'LimitExceededException',
        409,
        'Cannot exceed quota for AccessKeysPerUser: 2',
      );
      await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: AccessKey!.AccessKeyId }));
    });
  });

  describe('password policy and login profiles', () => {
    test('with no account policy: GetAccountPasswordPolicy is NoSuchEntity and AWS default rules apply', async () => {
      await rejectsWith(
        iam.send(new GetAccountPasswordPolicyCommand({})),
        'NoSuchEntityException',
        404,
        `The Password Policy with domain name ${w.accountId} cannot be found.`,
      );
      await rejectsWith(
        iam.send(new DeleteAccountPasswordPolicyCommand({})),
        'NoSuchEntityException',
        404,
        'The account policy with name PasswordPolicy cannot be found.',
      );
      await iam.send(new CreateUserCommand({ UserName: 'lp-dave' }));
      for (const weak of ['Sh0rt!a', 'alllowercaseletters', 'lowercase123456']) {
        await rejectsWith(
          iam.send(new CreateLoginProfileCommand({ UserName: 'lp-dave', Password: weak })),
          'PasswordPolicyViolationException',
          400,
          POLICY_VIOLATION,
        );
      }
    });

    test('UpdateAccountPasswordPolicy replaces the whole policy; GetAccountPasswordPolicy shows it', async () => {
      await iam.send(
        new UpdateAccountPasswordPolicyCommand({
          MinimumPasswordLength: 12,
          RequireSymbols: true,
          RequireNumbers: true,
          RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true,
          MaxPasswordAge: 90,
          PasswordReusePrevention: 2,
        }),
      );
      const { PasswordPolicy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
      assert.deepEqual(PasswordPolicy, {
        MinimumPasswordLength: 12,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: false,
        ExpirePasswords: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 2,
      });
      await rejectsWith(
        iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })),
        'ValidationError',
        400,
        "1 validation error detected: Value '5' at 'minimumPasswordLength' failed to satisfy constraint: " +
          'Member must have value greater than or equal to 6',
      );
    });

    test('CreateLoginProfile refuses a password breaking each rule of the policy', async () => {
      const breaking = {
        'too short': 'Ab1!short',
        'no symbol': 'Abcdefgh12345',
        'no number': 'Abcdefgh!!!!x',
        'no upper case': 'abcdefgh123!x',
        'no lower case': 'ABCDEFGH123!X',
      };
      for (const [rule, password] of Object.entries(breaking)) {
        await rejectsWith(
          iam.send(new CreateLoginProfileCommand({ UserName: 'lp-dave', Password: password })),
          'PasswordPolicyViolationException',
          400,
          POLICY_VIOLATION,
        ).catch((err) => assert.fail(`${rule}: ${err}`));
      }
      await rejectsWith(
        iam.send(new GetLoginProfileCommand({ UserName: 'lp-dave' })),
        'NoSuchEntityException',
        404,
        'Login Profile for User lp-dave cannot be found.',
      );
    });

    test('CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile', async () => {
      const password = 'Correct-Horse-42';
      secrets.push(password);
      const { LoginProfile } = await iam.send(
        new CreateLoginProfileCommand({ UserName: 'lp-dave', Password: password, PasswordResetRequired: true }),
      );
      assert.equal(LoginProfile?.UserName, 'lp-dave');
      assert.equal(LoginProfile?.PasswordResetRequired, true);
      assert.ok(LoginProfile?.CreateDate instanceof Date);
      await rejectsWith(
        iam.send(new CreateLoginProfileCommand({ UserName: 'lp-dave', Password: password })),
        'EntityAlreadyExistsException',
        409,
        'Login Profile for user lp-dave already exists.',
      );
      const row = await w.warden.runtime.store.db
        .selectFrom('iam_login_profiles')
        .selectAll()
        .where('user_lc', '=', 'lp-dave')
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^scrypt\$/);
      assert.ok(!row.password_hash.includes(password));

      await iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-dave', PasswordResetRequired: false }));
      const got = await iam.send(new GetLoginProfileCommand({ UserName: 'lp-dave' }));
      assert.equal(got.LoginProfile?.PasswordResetRequired, false);
      await rejectsWith(
        iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-dave', Password: 'weak' })),
        'PasswordPolicyViolationException',
        400,
        POLICY_VIOLATION,
      );
      await rejectsWith(
        iam.send(new DeleteUserCommand({ UserName: 'lp-dave' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must delete login profile first.',
      );
      await iam.send(new DeleteLoginProfileCommand({ UserName: 'lp-dave' }));
      await rejectsWith(
        iam.send(new GetLoginProfileCommand({ UserName: 'lp-dave' })),
        'NoSuchEntityException',
        404,
        'Login Profile for User lp-dave cannot be found.',
      );
      await rejectsWith(
        iam.send(new DeleteLoginProfileCommand({ UserName: 'lp-dave' })),
        'NoSuchEntityException',
        404,
        'Login Profile for User lp-dave cannot be found.',
      );
    });

    test('ChangePassword: the caller changes its own password, checked against the old one and the policy', async () => {
      const { client } = await adminUser('lp-erin');
      const first = 'First-Password-1';
      const second = 'Second-Password-2';
      const third = 'Third-Password-3';
      secrets.push(first, second, third);
      await iam.send(
        new CreateLoginProfileCommand({ UserName: 'lp-erin', Password: first, PasswordResetRequired: true }),
      );

      await rejectsWith(
        client.send(new ChangePasswordCommand({ OldPassword: 'Not-The-Password-9', NewPassword: second })),
        'AccessDenied',
        403,
        'The old password was incorrect.',
      );
      await rejectsWith(
        client.send(new ChangePasswordCommand({ OldPassword: first, NewPassword: first })),
        'PasswordPolicyViolationException',
        400,
        REUSE_VIOLATION,
      );
      await rejectsWith(
        client.send(new ChangePasswordCommand({ OldPassword: first, NewPassword: 'no-upper-case-1!' })),
        'PasswordPolicyViolationException',
        400,
        POLICY_VIOLATION,
      );
      await client.send(new ChangePasswordCommand({ OldPassword: first, NewPassword: second }));
      const profile = await iam.send(new GetLoginProfileCommand({ UserName: 'lp-erin' }));
      assert.equal(profile.LoginProfile?.PasswordResetRequired, false, 'a change clears PasswordResetRequired');

      // PasswordReusePrevention 2: the current password and the one before it are both refused.
      await rejectsWith(
        client.send(new ChangePasswordCommand({ OldPassword: second, NewPassword: first })),
        'PasswordPolicyViolationException',
        400,
        REUSE_VIOLATION,
      );
      await client.send(new ChangePasswordCommand({ OldPassword: second, NewPassword: third }));
      await rejectsWith(
        client.send(new ChangePasswordCommand({ OldPassword: second, NewPassword: first })),
        'AccessDenied',
        403,
        'The old password was incorrect.',
      );
      // Two changes later the first password is old enough to come back.
      await client.send(new ChangePasswordCommand({ OldPassword: third, NewPassword: first }));

      await rejectsWith(
        iam.send(new ChangePasswordCommand({ OldPassword: first, NewPassword: second })),
        'AccessDenied',
        403,
        'Only IAM Users can change their own password.',
      );
    });

    test('DeleteAccountPasswordPolicy removes it', async () => {
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
      await rejectsWith(
        iam.send(new GetAccountPasswordPolicyCommand({})),
        'NoSuchEntityException',
        404,
        'The Password Policy with domain name 123456789012 cannot be found.',
      );
      await iam.send(new UpdateAccountPasswordPolicyCommand({}));
      const { PasswordPolicy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
      assert.equal(PasswordPolicy?.MinimumPasswordLength, 6, 'a member left out takes its default');
      assert.equal(PasswordPolicy?.ExpirePasswords, false);
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    });
  });

  describe('virtual MFA', () => {
    let serial: string;
    let seed: string;

    test('CreateVirtualMFADevice returns the base32 seed and a PNG QR code; the seed is stored wrapped', async () => {
      const { VirtualMFADevice } = await iam.send(
        new CreateVirtualMFADeviceCommand({
          VirtualMFADeviceName: 'mfa-frank',
          Tags: [{ Key: 'team', Value: 'red' }],
        }),
      );
      serial = VirtualMFADevice!.SerialNumber!;
      assert.equal(serial, `arn:aws:iam::${w.accountId}:mfa/mfa-frank`);
      seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
      secrets.push(seed);
      assert.match(seed, /^[A-Z2-7]{64}$/);
      const png = Buffer.from(VirtualMFADevice!.QRCodePNG!);
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
      assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');

      const row = await w.warden.runtime.store.db
        .selectFrom('iam_mfa_devices')
        .selectAll()
        .where('serial_number', '=', serial)
        .executeTakeFirstOrThrow();
      assert.match(row.seed_wrapped, /^v1\./);
      assert.equal(row.user_lc, null);

      await rejectsWith(
        iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'MFA-Frank' })),
        'EntityAlreadyExistsException',
        409,
        'MFADevice entity at the same path and name already exists.',
      );
      const withPath = await iam.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-frank', Path: '/division/' }),
      );
      assert.equal(withPath.VirtualMFADevice?.SerialNumber, `arn:aws:iam::${w.accountId}:mfa/division/mfa-frank`);
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: withPath.VirtualMFADevice!.SerialNumber }));
    });

    test('EnableMFADevice takes two consecutive codes from the device, and refuses wrong ones', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'mfa-frank' }));
      const now = currentStep();
      await rejectsWith(
        iam.send(
          new EnableMFADeviceCommand({
            UserName: 'mfa-frank',
            SerialNumber: serial,
            AuthenticationCode1: totpCode(seed, now - 1),
            AuthenticationCode2: totpCode(seed, now - 1),
          }),
        ),
        'InvalidAuthenticationCodeException',
        403,
        'Authentication code for device is not valid.',
      );
      const wrong = totpCode(seed, now) === '123456' ? '654321' : '123456';
      await rejectsWith(
        iam.send(
          new EnableMFADeviceCommand({
            UserName: 'mfa-frank',
            SerialNumber: serial,
            AuthenticationCode1: totpCode(seed, now - 1),
            AuthenticationCode2: wrong,
          }),
        ),
        'InvalidAuthenticationCodeException',
        403,
        'Authentication code for device is not valid.',
      );
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: 'mfa-frank',
          SerialNumber: serial,
          AuthenticationCode1: totpCode(seed, now - 1),
          AuthenticationCode2: totpCode(seed, now),
        }),
      );
      const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-frank' }));
      assert.equal(MFADevices?.length, 1);
      assert.equal(MFADevices![0].SerialNumber, serial);
      assert.equal(MFADevices![0].UserName, 'mfa-frank');
      assert.ok(MFADevices![0].EnableDate instanceof Date);
      const got = await iam.send(new GetMFADeviceCommand({ SerialNumber: serial, UserName: 'mfa-frank' }));
      assert.equal(got.UserName, 'mfa-frank');
      assert.deepEqual(got.EnableDate, MFADevices![0].EnableDate);

      await iam.send(new CreateUserCommand({ UserName: 'mfa-grace' }));
      await rejectsWith(
        iam.send(
          new EnableMFADeviceCommand({
            UserName: 'mfa-grace',
            SerialNumber: serial,
            AuthenticationCode1: totpCode(seed, now),
            AuthenticationCode2: totpCode(seed, now + 1),
          }),
        ),
        'EntityAlreadyExistsException',
        409,
        'MFA Device is already in use.',
      );
      await rejectsWith(
        iam.send(new GetMFADeviceCommand({ SerialNumber: serial, UserName: 'mfa-grace' })),
        'NoSuchEntityException',
        404,
        'MFA Device invalid for user.',
      );
    });

    test('ListVirtualMFADevices filters by assignment and shows the user of an assigned device', async () => {
      await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-spare' }));
      const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
      assert.deepEqual(
        assigned.VirtualMFADevices?.map((d) => [d.SerialNumber, d.User?.UserName]),
        [[serial, 'mfa-frank']],
      );
      assert.ok(assigned.VirtualMFADevices![0].EnableDate instanceof Date);
      assert.equal(assigned.VirtualMFADevices![0].Base32StringSeed, undefined);
      const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
      assert.deepEqual(unassigned.VirtualMFADevices, [{ SerialNumber: `arn:aws:iam::${w.accountId}:mfa/mfa-spare` }]);
      const any = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 1 }));
      assert.equal(any.IsTruncated, true);
      const rest = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 1, Marker: any.Marker }));
      assert.equal(rest.VirtualMFADevices?.length, 1);
      assert.equal(rest.IsTruncated, false);
    });

    test('verifyMfaCode (for STS) accepts a current code once and never a code already used', async () => {
      const runtime = w.warden.runtime;
      const device = await runtime.store.db
        .selectFrom('iam_mfa_devices')
        .select('last_step')
        .where('serial_number', '=', serial)
        .executeTakeFirstOrThrow();
      const enabled = device.last_step!;
      const at = (step: number) => new Date(step * 30_000 + 5_000);
      const verify = (code: string, step: number, user = 'mfa-frank') =>
        verifyMfaCode(runtime, w.accountId, serial, user, code, at(step));
      assert.equal(await verify(totpCode(seed, enabled), enabled), false, 'the code used to enable is spent');
      assert.equal(await verify(totpCode(seed, enabled + 1), enabled + 1, 'mfa-grace'), false, 'another user');
      assert.equal(await verify(totpCode(seed, enabled + 1), enabled + 1), true);
      assert.equal(await verify(totpCode(seed, enabled + 1), enabled + 1), false, 'a code is accepted once');
      assert.equal(await verify(totpCode(seed, enabled + 5), enabled + 2), false, 'too far ahead');
      assert.equal(await verify(totpCode(seed, enabled + 2), enabled + 3), true, 'one step behind is accepted');
      assert.equal(await verify('12345x', enabled + 3), false);
    });

    test('ResyncMFADevice learns a drifting device clock', async () => {
      const runtime = w.warden.runtime;
      const now = currentStep();
      await rejectsWith(
        iam.send(
          new ResyncMFADeviceCommand({
            UserName: 'mfa-frank',
            SerialNumber: serial,
            AuthenticationCode1: totpCode(seed, now + 10),
            AuthenticationCode2: totpCode(seed, now + 12),
          }),
        ),
        'InvalidAuthenticationCodeException',
        403,
        'Authentication code for device is not valid.',
      );
      // The device runs about five minutes (ten or eleven steps) ahead.
      await iam.send(
        new ResyncMFADeviceCommand({
          UserName: 'mfa-frank',
          SerialNumber: serial,
          AuthenticationCode1: totpCode(seed, now + 10),
          AuthenticationCode2: totpCode(seed, now + 11),
        }),
      );
      const row = await runtime.store.db
        .selectFrom('iam_mfa_devices')
        .select(['drift_steps', 'last_step'])
        .where('serial_number', '=', serial)
        .executeTakeFirstOrThrow();
      const realStep = row.last_step! - row.drift_steps;
      assert.ok([10, 11].includes(row.drift_steps), `drift ${row.drift_steps}`);
      const deviceNext = totpCode(seed, row.last_step! + 1);
      assert.equal(
        await verifyMfaCode(runtime, w.accountId, serial, 'mfa-frank', deviceNext, new Date(realStep * 30_000 + 1000)),
        true,
      );
    });

    test('tags on a device', async () => {
      await iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'Owner', Value: 'frank' }] }));
      const tagged = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }));
      assert.deepEqual(tagged.Tags, [
        { Key: 'Owner', Value: 'frank' },
        { Key: 'team', Value: 'red' },
      ]);
      await iam.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['owner'] }));
      assert.deepEqual((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [
        { Key: 'team', Value: 'red' },
      ]);
    });

    test('an assigned device cannot be deleted; DeactivateMFADevice frees it; then it can', async () => {
      await rejectsWith(
        iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })),
        'DeleteConflictException',
        409,
        'MFA VirtualDevice in use. Must deactivate first.',
      );
      await rejectsWith(
        iam.send(new DeleteUserCommand({ UserName: 'mfa-frank' })),
        'DeleteConflictException',
        409,
        'Cannot delete entity, must delete MFA device first.',
      );
      await rejectsWith(
        iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-grace', SerialNumber: serial })),
        'NoSuchEntityException',
        404,
        'MFA Device invalid for user.',
      );
      await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-frank', SerialNumber: serial }));
      assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-frank' }))).MFADevices, []);
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
      await rejectsWith(
        iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })),
        'NoSuchEntityException',
        404,
        `VirtualMFADevice with serial number ${serial} does not exist.`,
      );
      await iam.send(new DeleteUserCommand({ UserName: 'mfa-frank' }));
    });
  });

  test('no audit record holds a secret access key, a password or an MFA seed', async () => {
    const ct = new CloudTrailClient(w.clientConfig);
    const names = [
      'CreateAccessKey',
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'ChangePassword',
      'CreateVirtualMFADevice',
      'EnableMFADevice',
      'ResyncMFADevice',
    ];
    for (const name of names) {
      const out = await ct.send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
      );
      assert.ok((out.Events ?? []).length > 0, `${name} is audited`);
      for (const event of out.Events ?? []) {
        for (const secret of secrets) {
          assert.ok(!event.CloudTrailEvent!.includes(secret), `${name}'s record holds a secret`);
        }
        // MFA codes are short-lived but still never recorded.
        const params = JSON.parse(event.CloudTrailEvent!).requestParameters ?? {};
        for (const member of ['authenticationCode1', 'authenticationCode2']) {
          assert.doesNotMatch(String(params[member] ?? ''), /^[0-9]{6}$/, `${name}'s ${member}`);
        }
      }
    }
    assert.ok(secrets.length > 10);
  });
});
