// IAM account-level operations end to end with SDK v3: aliases, the account summary, authorization details, the
// credential report, and OIDC and SAML identity providers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccountAliasCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProviderTagsCommand,
  ListSAMLProvidersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UntagSAMLProviderCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { Secret, TOTP } from 'otpauth';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { getOidcProvider } from '../../src/services/iam/federation/oidc-providers.js';
import {
  getSamlProvider,
  getSamlProviderCertificates,
  getSamlProviderPrivateKeys,
} from '../../src/services/iam/federation/saml-providers.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/services/iam/credentials/report-csv.js';
import { createTestSamlIdp, newRsaPrivateKeyPem } from '../helpers/saml-idp.js';

const ACCOUNT = '123456789012';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function allow(action: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
}

/** Asserts that promise rejects with AWS's error code, HTTP status and (when given) exact message. */
async function rejectsWith(promise: Promise<unknown>, name: string, status: number, message?: string | RegExp) {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

/** A naive CSV reader: enough for the report, whose fields hold no commas for the names used here. */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe('IAM account operations end to end', () => {
  let w: TestWarden;
  let iam: IAMClient;
  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w?.stop();
  });

  describe('the credential report', () => {
    test('GetCredentialReport before any report: ReportNotPresent (410)', async () => {
      await rejectsWith(iam.send(new GetCredentialReportCommand({})), 'CredentialReportNotPresentException', 410);
    });

    test('a row per user with real values, the root account first, in AWS columns', async () => {
      const db = w.warden.runtime.store.db;
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90, MinimumPasswordLength: 8 }));
      // report-bob: a password (used once), MFA, one key used through STS and one deactivated key.
      await iam.send(new CreateUserCommand({ UserName: 'report-bob' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'report-bob', Password: 'Corr3ct-Horse!' }));
      const used = (await iam.send(new CreateAccessKeyCommand({ UserName: 'report-bob' }))).AccessKey!;
      const idle = (await iam.send(new CreateAccessKeyCommand({ UserName: 'report-bob' }))).AccessKey!;
      await iam.send(
        new UpdateAccessKeyCommand({ UserName: 'report-bob', AccessKeyId: idle.AccessKeyId, Status: 'Inactive' }),
      );
      await new STSClient({
        ...w.clientConfig,
        region: 'eu-west-1',
        credentials: { accessKeyId: used.AccessKeyId!, secretAccessKey: used.SecretAccessKey! },
      }).send(new GetCallerIdentityCommand({}));
      const signedIn = Date.parse('2026-01-02T03:04:05.678Z');
      await db
        .updateTable('iam_users')
        .set({ password_last_used: signedIn })
        .where('account_id', '=', ACCOUNT)
        .where('name_lc', '=', 'report-bob')
        .execute();
      const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'report-bob-mfa' })))
        .VirtualMFADevice!;
      const seed = Secret.fromBase32(Buffer.from(device.Base32StringSeed!).toString('utf8'));
      const step = Math.floor(Date.now() / 30_000);
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: 'report-bob',
          SerialNumber: device.SerialNumber,
          AuthenticationCode1: TOTP.generate({ secret: seed, timestamp: (step - 1) * 30_000 }),
          AuthenticationCode2: TOTP.generate({ secret: seed, timestamp: step * 30_000 }),
        }),
      );
      // report-carol: nothing but herself.
      await iam.send(new CreateUserCommand({ UserName: 'report-carol', Path: '/staff/' }));

      const started = await iam.send(new GenerateCredentialReportCommand({}));
      assert.equal(started.State, 'STARTED');
      assert.equal(started.Description, 'No report exists. Starting a new report generation task');
      const again = await iam.send(new GenerateCredentialReportCommand({}));
      assert.equal(again.State, 'COMPLETE');

      const report = await iam.send(new GetCredentialReportCommand({}));
      assert.equal(report.ReportFormat, 'text/csv');
      assert.ok(report.GeneratedTime instanceof Date && Date.now() - report.GeneratedTime.getTime() < 60_000);
      const text = Buffer.from(report.Content!).toString('utf8');
      assert.equal(text.split('\n')[0], CREDENTIAL_REPORT_COLUMNS.join(','));
      assert.equal(
        text.split('\n')[0],
        'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,' +
          'password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,' +
          'access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
          'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
          'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,' +
          'cert_2_active,cert_2_last_rotated',
      );
      const rows = parseCsv(text);
      assert.deepEqual(
        rows.map((r) => r.user),
        ['<root_account>', 'report-bob', 'report-carol'],
      );
      const [root, bob, carol] = rows;

      assert.equal(root.arn, `arn:aws:iam::${ACCOUNT}:root`);
      assert.match(root.user_creation_time, ISO_SECOND);
      assert.equal(root.password_enabled, 'not_supported');
      assert.equal(root.password_last_used, 'no_information');
      assert.equal(root.password_last_changed, 'not_supported');
      assert.equal(root.password_next_rotation, 'not_supported');
      assert.equal(root.mfa_active, 'false');
      // The tests sign with the root user's key: it is active and was used for IAM in us-east-1.
      assert.equal(root.access_key_1_active, 'true');
      assert.match(root.access_key_1_last_rotated, ISO_SECOND);
      assert.match(root.access_key_1_last_used_date, ISO_SECOND);
      assert.equal(root.access_key_1_last_used_region, 'us-east-1');
      assert.equal(root.access_key_1_last_used_service, 'iam');
      assert.equal(root.access_key_2_active, 'false');
      assert.equal(root.access_key_2_last_rotated, 'N/A');

      const bobRow = await db
        .selectFrom('iam_users')
        .select('created_at')
        .where('name_lc', '=', 'report-bob')
        .executeTakeFirstOrThrow();
      const profile = await db
        .selectFrom('iam_login_profiles')
        .select('password_changed_at')
        .where('user_lc', '=', 'report-bob')
        .executeTakeFirstOrThrow();
      const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
      assert.equal(bob.arn, `arn:aws:iam::${ACCOUNT}:user/report-bob`);
      assert.equal(bob.user_creation_time, iso(Number(bobRow.created_at)));
      assert.equal(bob.password_enabled, 'true');
      assert.equal(bob.password_last_used, '2026-01-02T03:04:05+00:00');
      assert.equal(bob.password_last_changed, iso(Number(profile.password_changed_at)));
      assert.equal(bob.password_next_rotation, iso(Number(profile.password_changed_at) + 90 * 86_400_000));
      assert.equal(bob.mfa_active, 'true');
      assert.equal(bob.access_key_1_active, 'true');
      assert.equal(bob.access_key_1_last_rotated, iso(used.CreateDate!.getTime()));
      assert.match(bob.access_key_1_last_used_date, ISO_SECOND);
      assert.equal(bob.access_key_1_last_used_region, 'eu-west-1');
      assert.equal(bob.access_key_1_last_used_service, 'sts');
      assert.equal(bob.access_key_2_active, 'false');
      assert.equal(bob.access_key_2_last_rotated, iso(idle.CreateDate!.getTime()));
      assert.equal(bob.access_key_2_last_used_date, 'N/A');
      assert.equal(bob.access_key_2_last_used_region, 'N/A');
      assert.equal(bob.access_key_2_last_used_service, 'N/A');
      assert.deepEqual(
        [bob.cert_1_active, bob.cert_1_last_rotated, bob.cert_2_active, bob.cert_2_last_rotated],
        ['false', 'N/A', 'false', 'N/A'],
      );

      assert.equal(carol.arn, `arn:aws:iam::${ACCOUNT}:user/staff/report-carol`);
      assert.deepEqual(
        [carol.password_enabled, carol.password_last_used, carol.password_last_changed, carol.password_next_rotation],
        ['false', 'N/A', 'N/A', 'N/A'],
      );
      assert.deepEqual(
        [carol.mfa_active, carol.access_key_1_active, carol.access_key_1_last_rotated],
        ['false', 'false', 'N/A'],
      );
    });

    test('a new report at most every four hours: later users appear only in the next one', async () => {
      const db = w.warden.runtime.store.db;
      await iam.send(new CreateUserCommand({ UserName: 'report-dave' }));
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
      const before = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString();
      assert.doesNotMatch(before, /report-dave/);
      // Four hours and a minute later (the stored report's time moved back), IAM starts a new one.
      const fiveHoursAgo = Date.now() - 4 * 3600_000 - 60_000;
      await db
        .updateTable('iam_account_settings')
        .set({ credential_report_at: fiveHoursAgo })
        .where('account_id', '=', ACCOUNT)
        .execute();
      const regenerated = await iam.send(new GenerateCredentialReportCommand({}));
      assert.equal(regenerated.State, 'STARTED');
      const after = await iam.send(new GetCredentialReportCommand({}));
      assert.ok(after.GeneratedTime!.getTime() > fiveHoursAgo + 3600_000);
      assert.match(
        Buffer.from(after.Content!).toString(),
        /\nreport-dave,arn:aws:iam::123456789012:user\/report-dave,/,
      );
      // The report shares its settings row with the password policy, which must survive.
      const policy = await db
        .selectFrom('iam_account_settings')
        .select('password_policy')
        .where('account_id', '=', ACCOUNT)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(policy.password_policy!).MaxPasswordAge, 90);
    });
  });

  describe('account aliases', () => {
    test('none at first; create, list, replace, delete', async () => {
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'warden-e2e' }));
      const listed = await iam.send(new ListAccountAliasesCommand({}));
      assert.deepEqual(listed.AccountAliases, ['warden-e2e']);
      assert.equal(listed.IsTruncated, false);
      // The account's own alias again is taken too.
      await rejectsWith(
        iam.send(new CreateAccountAliasCommand({ AccountAlias: 'warden-e2e' })),
        'EntityAlreadyExistsException',
        409,
        'The account alias warden-e2e already exists.',
      );
      // One alias per account: a second replaces the first.
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'warden-e2e-2' }));
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['warden-e2e-2']);
      await rejectsWith(
        iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'warden-e2e' })),
        'NoSuchEntityException',
        404,
        'The account alias warden-e2e cannot be found.',
      );
      await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'warden-e2e-2' }));
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      // The password policy in the same settings row is untouched by alias writes.
      const row = await w.warden.runtime.store.db
        .selectFrom('iam_account_settings')
        .select(['password_policy', 'credential_report'])
        .where('account_id', '=', ACCOUNT)
        .executeTakeFirstOrThrow();
      assert.ok(row.password_policy && row.credential_report);
    });

    test("AWS's pattern: lower-case letters, digits and single inner hyphens, 3 to 63 characters", async () => {
      for (const alias of ['Upper-case', '-leading', 'trailing-', 'double--hyphen', 'ab', 'under_score']) {
        await rejectsWith(
          iam.send(new CreateAccountAliasCommand({ AccountAlias: alias })),
          'ValidationError',
          400,
          /^\d validation errors? detected: Value '.*' at 'accountAlias' failed to satisfy constraint: Member must /,
        );
      }
    });

    test('an alias is unique across the accounts of the deployment', async () => {
      const other = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
        email: 'alias-other@example.com',
        accountId: '210987654321',
      });
      const theirs = new IAMClient({
        ...w.clientConfig,
        credentials: { accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey },
      });
      await theirs.send(new CreateAccountAliasCommand({ AccountAlias: 'shared-name' }));
      await rejectsWith(
        iam.send(new CreateAccountAliasCommand({ AccountAlias: 'shared-name' })),
        'EntityAlreadyExistsException',
        409,
        'The account alias shared-name already exists.',
      );
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      // Two accounts racing for one free alias: exactly one wins.
      const results = await Promise.allSettled([
        theirs.send(new CreateAccountAliasCommand({ AccountAlias: 'raced-name' })),
        iam.send(new CreateAccountAliasCommand({ AccountAlias: 'raced-name' })),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal(loser.reason.name, 'EntityAlreadyExistsException');
      const mine = (await iam.send(new ListAccountAliasesCommand({}))).AccountAliases!;
      if (mine.length) await iam.send(new DeleteAccountAliasCommand({ AccountAlias: mine[0] }));
    });
  });

  describe('GetAccountSummary', () => {
    test("AWS's keys and quotas; the counts follow the account's entities", async () => {
      const summary = async () =>
        (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap as Record<string, number>;
      const first = await summary();
      assert.deepEqual(Object.keys(first).sort(), [
        'AccessKeysPerUserQuota',
        'AccountAccessKeysPresent',
        'AccountMFAEnabled',
        'AccountSigningCertificatesPresent',
        'AssumeRolePolicySizeQuota',
        'AttachedPoliciesPerGroupQuota',
        'AttachedPoliciesPerRoleQuota',
        'AttachedPoliciesPerUserQuota',
        'GlobalEndpointTokenVersion',
        'GroupPolicySizeQuota',
        'Groups',
        'GroupsPerUserQuota',
        'GroupsQuota',
        'InstanceProfiles',
        'InstanceProfilesQuota',
        'MFADevices',
        'MFADevicesInUse',
        'Policies',
        'PoliciesQuota',
        'PolicySizeQuota',
        'PolicyVersionsInUse',
        'PolicyVersionsInUseQuota',
        'Providers',
        'RolePolicySizeQuota',
        'Roles',
        'RolesQuota',
        'ServerCertificates',
        'ServerCertificatesQuota',
        'SigningCertificatesPerUserQuota',
        'UserPolicySizeQuota',
        'Users',
        'UsersQuota',
        'VersionsPerPolicyQuota',
      ]);
      const quotas = Object.fromEntries(Object.entries(first).filter(([k]) => k.endsWith('Quota')));
      assert.deepEqual(quotas, {
        UsersQuota: 5000,
        GroupsQuota: 300,
        RolesQuota: 1000,
        InstanceProfilesQuota: 1000,
        PoliciesQuota: 1500,
        PolicyVersionsInUseQuota: 10000,
        ServerCertificatesQuota: 20,
        AttachedPoliciesPerUserQuota: 10,
        AttachedPoliciesPerGroupQuota: 10,
        AttachedPoliciesPerRoleQuota: 10,
        GroupsPerUserQuota: 10,
        SigningCertificatesPerUserQuota: 2,
        AccessKeysPerUserQuota: 2,
        UserPolicySizeQuota: 2048,
        GroupPolicySizeQuota: 5120,
        RolePolicySizeQuota: 10240,
        PolicySizeQuota: 6144,
        VersionsPerPolicyQuota: 5,
        AssumeRolePolicySizeQuota: 2048,
      });
      assert.equal(first.AccountAccessKeysPresent, 1);
      assert.equal(first.AccountMFAEnabled, 0);
      assert.equal(first.GlobalEndpointTokenVersion, 1);
      // The credential report's users and MFA device are counted.
      assert.ok(first.Users >= 3);
      assert.ok(first.MFADevices >= 1 && first.MFADevicesInUse >= 1);

      await iam.send(new CreateUserCommand({ UserName: 'summary-user' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'summary-group' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'summary-role', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'summary-profile' }));
      const policy = (
        await iam.send(
          new CreatePolicyCommand({ PolicyName: 'summary-policy', PolicyDocument: allow('s3:ListBucket') }),
        )
      ).Policy!;
      await iam.send(new AttachUserPolicyCommand({ UserName: 'summary-user', PolicyArn: policy.Arn }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'summary-group', PolicyArn: policy.Arn }));
      await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'summary-unassigned' }));
      await iam.send(
        new CreateOpenIDConnectProviderCommand({ Url: 'https://summary.example.com', ClientIDList: ['app'] }),
      );
      const second = await summary();
      const delta = (k: string) => second[k] - first[k];
      assert.deepEqual(
        [
          'Users',
          'Groups',
          'Roles',
          'InstanceProfiles',
          'Policies',
          'PolicyVersionsInUse',
          'MFADevices',
          'Providers',
        ].map((k) => [k, delta(k)]),
        [
          ['Users', 1],
          ['Groups', 1],
          ['Roles', 1],
          ['InstanceProfiles', 1],
          ['Policies', 1],
          ['PolicyVersionsInUse', 2],
          ['MFADevices', 1],
          ['Providers', 1],
        ],
      );
      assert.equal(delta('MFADevicesInUse'), 0);
    });
  });

  describe('GetAccountAuthorizationDetails', () => {
    let policyArn: string;
    before(async () => {
      await iam.send(
        new CreateUserCommand({
          UserName: 'gaad-alice',
          Path: '/gaad/',
          Tags: [{ Key: 'team', Value: 'blue' }],
        }),
      );
      await iam.send(
        new PutUserPolicyCommand({ UserName: 'gaad-alice', PolicyName: 'inline-s3', PolicyDocument: allow('s3:*') }),
      );
      await iam.send(new CreateGroupCommand({ GroupName: 'gaad-devs', Path: '/gaad/' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'gaad-devs', UserName: 'gaad-alice' }));
      await iam.send(
        new PutGroupPolicyCommand({ GroupName: 'gaad-devs', PolicyName: 'inline-ec2', PolicyDocument: allow('ec2:*') }),
      );
      const created = await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'gaad-policy',
          Path: '/gaad/',
          Description: 'for the details test',
          PolicyDocument: allow('sqs:ListQueues'),
        }),
      );
      policyArn = created.Policy!.Arn!;
      await iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: allow('sqs:*'), SetAsDefault: true }),
      );
      await iam.send(new AttachUserPolicyCommand({ UserName: 'gaad-alice', PolicyArn: policyArn }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'gaad-devs', PolicyArn: policyArn }));
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'gaad-role',
          Path: '/gaad/',
          AssumeRolePolicyDocument: TRUST,
          Tags: [{ Key: 'tier', Value: 'web' }],
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'gaad-role', PolicyName: 'inline-logs', PolicyDocument: allow('logs:*') }),
      );
      await iam.send(
        new AttachRolePolicyCommand({ RoleName: 'gaad-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      );
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'gaad-profile', Path: '/gaad/' }));
      await iam.send(
        new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'gaad-profile', RoleName: 'gaad-role' }),
      );
    });

    test('users, groups and roles with their inline and attached policies, groups, tags and instance profiles', async () => {
      const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
      assert.equal(out.IsTruncated, false);
      const alice = out.UserDetailList!.find((u) => u.UserName === 'gaad-alice')!;
      assert.equal(alice.Arn, `arn:aws:iam::${ACCOUNT}:user/gaad/gaad-alice`);
      assert.equal(alice.Path, '/gaad/');
      assert.match(alice.UserId!, /^AIDA/);
      assert.deepEqual(alice.GroupList, ['gaad-devs']);
      assert.deepEqual(alice.UserPolicyList, [
        { PolicyName: 'inline-s3', PolicyDocument: encodeURIComponent(allow('s3:*')) },
      ]);
      assert.deepEqual(decodeURIComponent(alice.UserPolicyList![0].PolicyDocument!), allow('s3:*'));
      assert.deepEqual(alice.AttachedManagedPolicies, [{ PolicyName: 'gaad-policy', PolicyArn: policyArn }]);
      assert.deepEqual(alice.Tags, [{ Key: 'team', Value: 'blue' }]);

      const devs = out.GroupDetailList!.find((g) => g.GroupName === 'gaad-devs')!;
      assert.equal(devs.Arn, `arn:aws:iam::${ACCOUNT}:group/gaad/gaad-devs`);
      assert.deepEqual(devs.GroupPolicyList, [
        { PolicyName: 'inline-ec2', PolicyDocument: encodeURIComponent(allow('ec2:*')) },
      ]);
      assert.deepEqual(devs.AttachedManagedPolicies, [{ PolicyName: 'gaad-policy', PolicyArn: policyArn }]);

      const role = out.RoleDetailList!.find((r) => r.RoleName === 'gaad-role')!;
      assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/gaad/gaad-role`);
      assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), TRUST);
      assert.deepEqual(role.RolePolicyList, [
        { PolicyName: 'inline-logs', PolicyDocument: encodeURIComponent(allow('logs:*')) },
      ]);
      assert.deepEqual(role.AttachedManagedPolicies, [
        { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ]);
      assert.deepEqual(role.Tags, [{ Key: 'tier', Value: 'web' }]);
      assert.deepEqual(role.RoleLastUsed, {});
      assert.equal(role.InstanceProfileList!.length, 1);
      const profile = role.InstanceProfileList![0];
      assert.equal(profile.InstanceProfileName, 'gaad-profile');
      assert.equal(profile.Arn, `arn:aws:iam::${ACCOUNT}:instance-profile/gaad/gaad-profile`);
      assert.deepEqual(
        profile.Roles!.map((r) => r.RoleName),
        ['gaad-role'],
      );
    });

    test('Policies: customer managed ones with every version, AWS-managed ones only when used', async () => {
      const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
      const mine = out.Policies!.find((p) => p.Arn === policyArn)!;
      assert.equal(mine.PolicyName, 'gaad-policy');
      assert.equal(mine.Path, '/gaad/');
      assert.equal(mine.Description, 'for the details test');
      assert.equal(mine.DefaultVersionId, 'v2');
      assert.equal(mine.AttachmentCount, 2);
      assert.equal(mine.IsAttachable, true);
      assert.deepEqual(
        mine.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion, decodeURIComponent(v.Document!)]),
        [
          ['v2', true, allow('sqs:*')],
          ['v1', false, allow('sqs:ListQueues')],
        ],
      );
      const awsArns = out.Policies!.filter((p) => p.Arn!.startsWith('arn:aws:iam::aws:')).map((p) => p.Arn);
      assert.deepEqual(awsArns, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
      const readOnly = out.Policies!.find((p) => p.PolicyName === 'ReadOnlyAccess')!;
      assert.equal(readOnly.AttachmentCount, 1);
      assert.ok(readOnly.PolicyVersionList!.length >= 1);
      assert.ok(JSON.parse(decodeURIComponent(readOnly.PolicyVersionList![0].Document!)).Statement);
    });

    test('Filter picks the entity types', async () => {
      const only = async (...filter: ('User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy')[]) =>
        iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: filter }));
      const users = await only('User');
      assert.ok(users.UserDetailList!.length > 0);
      assert.deepEqual([users.GroupDetailList, users.RoleDetailList, users.Policies], [[], [], []]);
      const roles = await only('Role');
      assert.ok(roles.RoleDetailList!.some((r) => r.RoleName === 'gaad-role'));
      assert.deepEqual([roles.UserDetailList, roles.GroupDetailList, roles.Policies], [[], [], []]);
      const local = await only('LocalManagedPolicy');
      assert.ok(
        local.Policies!.length > 0 && local.Policies!.every((p) => p.Arn!.startsWith(`arn:aws:iam::${ACCOUNT}:`)),
      );
      const managed = await only('AWSManagedPolicy');
      assert.deepEqual(
        managed.Policies!.map((p) => p.Arn),
        ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      );
      const groups = await only('Group', 'LocalManagedPolicy');
      assert.ok(groups.GroupDetailList!.some((g) => g.GroupName === 'gaad-devs'));
      assert.deepEqual(groups.UserDetailList, []);
    });

    test('MaxItems and Marker page over all the lists together', async () => {
      const whole = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
      const total =
        whole.UserDetailList!.length +
        whole.GroupDetailList!.length +
        whole.RoleDetailList!.length +
        whole.Policies!.length;
      const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
      let marker: string | undefined;
      do {
        const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3, Marker: marker }));
        pages.push(page);
        marker = page.IsTruncated ? page.Marker : undefined;
        assert.ok(!page.IsTruncated || page.Marker);
      } while (marker);
      assert.equal(pages.length, Math.ceil(total / 3));
      const names = (o: GetAccountAuthorizationDetailsCommandOutput) => [
        ...o.UserDetailList!.map((u) => `u:${u.UserName}`),
        ...o.GroupDetailList!.map((g) => `g:${g.GroupName}`),
        ...o.RoleDetailList!.map((r) => `r:${r.RoleName}`),
        ...o.Policies!.map((p) => `p:${p.Arn}`),
      ];
      assert.deepEqual(pages.flatMap(names), names(whole));
    });
  });

  describe('OIDC providers', () => {
    const url = 'https://token.actions.githubusercontent.com';
    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

    test('create, get, list, client ids, thumbprints, tags, delete', async () => {
      const created = await iam.send(
        new CreateOpenIDConnectProviderCommand({
          Url: url,
          ClientIDList: ['sts.amazonaws.com'],
          ThumbprintList: ['6938FD4D98BAB03FAADB97B34396831E3780AEA1'],
          Tags: [{ Key: 'env', Value: 'test' }],
        }),
      );
      assert.equal(created.OpenIDConnectProviderArn, arn);
      assert.deepEqual(created.Tags, [{ Key: 'env', Value: 'test' }]);

      const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      assert.equal(got.Url, 'token.actions.githubusercontent.com');
      assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
      assert.deepEqual(got.ThumbprintList, ['6938fd4d98bab03faadb97b34396831e3780aea1']);
      assert.ok(got.CreateDate instanceof Date);
      assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'test' }]);

      await rejectsWith(
        iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['x'] })),
        'EntityAlreadyExistsException',
        409,
        `Provider with url ${url} already exists.`,
      );

      const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
      assert.ok(listed.OpenIDConnectProviderList!.some((p) => p.Arn === arn));

      await iam.send(
        new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app-2' }),
      );
      await iam.send(
        new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app-2' }),
      );
      await iam.send(
        new RemoveClientIDFromOpenIDConnectProviderCommand({
          OpenIDConnectProviderArn: arn,
          ClientID: 'sts.amazonaws.com',
        }),
      );
      await iam.send(
        new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-there' }),
      );
      await iam.send(
        new UpdateOpenIDConnectProviderThumbprintCommand({
          OpenIDConnectProviderArn: arn,
          ThumbprintList: ['A'.repeat(40), 'b'.repeat(40)],
        }),
      );
      const changed = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      assert.deepEqual(changed.ClientIDList, ['app-2']);
      assert.deepEqual(changed.ThumbprintList, ['a'.repeat(40), 'b'.repeat(40)]);

      // What AssumeRoleWithWebIdentity reads.
      const record = await getOidcProvider(w.warden.runtime.store.db, arn);
      assert.deepEqual(
        { url: record?.url, clientIds: record?.clientIds, accountId: record?.accountId },
        { url: 'token.actions.githubusercontent.com', clientIds: ['app-2'], accountId: ACCOUNT },
      );

      await iam.send(
        new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'owner', Value: 'ci' }] }),
      );
      await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['ENV'] }));
      const tags = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
      assert.deepEqual(tags.Tags, [{ Key: 'owner', Value: 'ci' }]);
      assert.equal(tags.IsTruncated, false);

      await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      await rejectsWith(
        iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
        'NoSuchEntityException',
        404,
        `OpenIDConnect Provider not found for arn ${arn}`,
      );
      // Idempotent, as its API reference says: deleting it again succeeds.
      await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      await rejectsWith(
        iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn })),
        'NoSuchEntityException',
        404,
        'OpenIDConnect Provider not found for arn arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      );
      assert.equal(await getOidcProvider(w.warden.runtime.store.db, arn), undefined);
      const tagRows = await w.warden.runtime.store.db
        .selectFrom('iam_tags')
        .select('tag_key')
        .where('resource_type', '=', 'oidc')
        .where('resource_key', '=', arn)
        .execute();
      assert.deepEqual(tagRows, []);
    });

    test('concurrent edits of one provider lose nothing; concurrent creates of one URL have one winner', async () => {
      const url = 'https://race.example.com';
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => iam.send(new CreateOpenIDConnectProviderCommand({ Url: url }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) {
        if (r.status === 'rejected') assert.equal(r.reason.name, 'EntityAlreadyExistsException');
      }
      const raced = `arn:aws:iam::${ACCOUNT}:oidc-provider/race.example.com`;
      const ids = Array.from({ length: 8 }, (_, i) => `client-${i}`);
      await Promise.all(
        ids.map((ClientID) =>
          iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: raced, ClientID })),
        ),
      );
      const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: raced }));
      assert.deepEqual([...got.ClientIDList!].sort(), ids);
    });

    test("the Url must be https, with no query, fragment or user info; IAM's limits", async () => {
      const create = (input: { Url: string; ThumbprintList?: string[]; ClientIDList?: string[] }) =>
        iam.send(new CreateOpenIDConnectProviderCommand(input));
      await rejectsWith(create({ Url: 'example.com' }), 'ValidationError', 400, 'Invalid Open ID Connect Provider URL');
      await rejectsWith(
        create({ Url: 'http://example.com' }),
        'InvalidInputException',
        400,
        'Invalid Open ID Connect Provider URL. The URL must begin with https://.',
      );
      await rejectsWith(
        create({ Url: 'https://example.com?x=1' }),
        'InvalidInputException',
        400,
        'Invalid Open ID Connect Provider URL.',
      );
      await rejectsWith(
        create({
          Url: 'https://six.example.com',
          ThumbprintList: ['1', '2', '3', '4', '5', '6'].map((c) => c.repeat(40)),
        }),
        'InvalidInputException',
        400,
        'Thumbprint list must contain fewer than 5 entries.',
      );
      await rejectsWith(
        create({ Url: 'https://short.example.com', ThumbprintList: ['a'.repeat(39)] }),
        'ValidationError',
        400,
        "1 validation error detected: Value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' at 'thumbprintList.1.member' failed to satisfy constraint: Member must have length greater than or equal to 40",
      );
      await rejectsWith(
        create({ Url: 'https://many.example.com', ClientIDList: Array.from({ length: 101 }, (_, i) => `c${i}`) }),
        'LimitExceededException',
        409,
        'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
      );
      // A path and a trailing slash are part of the provider's identity.
      const a = await create({ Url: 'https://idp.example.com/realms/x' });
      const b = await create({ Url: 'https://idp.example.com/realms/x/' });
      assert.notEqual(a.OpenIDConnectProviderArn, b.OpenIDConnectProviderArn);
      assert.equal(a.OpenIDConnectProviderArn, `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.example.com/realms/x`);
      await rejectsWith(
        iam.send(
          new GetOpenIDConnectProviderCommand({
            OpenIDConnectProviderArn: `arn:aws:iam::210987654321:oidc-provider/idp.example.com/realms/x`,
          }),
        ),
        'NoSuchEntityException',
        404,
        'OpenIDConnect Provider not found for arn arn:aws:iam::210987654321:oidc-provider/idp.example.com/realms/x',
      );
    });
  });

  describe('SAML providers', () => {
    const idp = createTestSamlIdp('https://idp.example.com/saml');
    const arn = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;

    test('create, get, list, update metadata, tags, delete', async () => {
      const created = await iam.send(
        new CreateSAMLProviderCommand({
          Name: 'Okta',
          SAMLMetadataDocument: idp.metadata(),
          Tags: [{ Key: 'team', Value: 'a' }],
        }),
      );
      assert.equal(created.SAMLProviderArn, arn);
      assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'a' }]);

      const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.equal(got.SAMLMetadataDocument, idp.metadata());
      assert.match(got.SAMLProviderUUID!, /^SAML[A-Z0-9]{18}$/);
      // Metadata without validUntil is trusted for a hundred years.
      assert.equal(got.ValidUntil!.getUTCFullYear(), got.CreateDate!.getUTCFullYear() + 100);
      assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'a' }]);
      assert.equal(got.AssertionEncryptionMode, undefined);
      assert.equal(got.PrivateKeyList, undefined);
      // The name resolves regardless of case.
      await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn.replace('Okta', 'OKTA') }));

      await rejectsWith(
        iam.send(new CreateSAMLProviderCommand({ Name: 'OKTA', SAMLMetadataDocument: idp.metadata() })),
        'EntityAlreadyExistsException',
        409,
        'Provider with name OKTA already exists.',
      );

      const listed = await iam.send(new ListSAMLProvidersCommand({}));
      const entry = listed.SAMLProviderList!.find((p) => p.Arn === arn)!;
      assert.equal(entry.ValidUntil!.getTime(), got.ValidUntil!.getTime());
      assert.equal(entry.CreateDate!.getTime(), got.CreateDate!.getTime());

      // What AssumeRoleWithSAML reads.
      assert.deepEqual(await getSamlProviderCertificates(w.warden.runtime.store.db, arn), [idp.certificate]);
      assert.equal((await getSamlProvider(w.warden.runtime.store.db, arn))?.entityId, 'https://idp.example.com/saml');

      const rotated = createTestSamlIdp('https://idp.example.com/saml');
      const until = new Date('2031-01-01T00:00:00.000Z');
      const updated = await iam.send(
        new UpdateSAMLProviderCommand({
          SAMLProviderArn: arn,
          SAMLMetadataDocument: rotated.metadata({ validUntil: until }),
        }),
      );
      assert.equal(updated.SAMLProviderArn, arn);
      const after = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.equal(after.ValidUntil!.toISOString(), until.toISOString());
      assert.deepEqual(await getSamlProviderCertificates(w.warden.runtime.store.db, arn), [rotated.certificate]);

      await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'Env', Value: 'prod' }] }));
      await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['TEAM'] }));
      assert.deepEqual((await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags, [
        { Key: 'Env', Value: 'prod' },
      ]);

      await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
      for (const call of [
        iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })),
        iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })),
      ]) {
        await rejectsWith(call, 'NoSuchEntityException', 404, `Manifest not found for arn ${arn}`);
      }
      assert.equal(await getSamlProviderCertificates(w.warden.runtime.store.db, arn), undefined);
    });

    test('names differing only in case clash, even when created at once', async () => {
      const results = await Promise.allSettled(
        ['Race', 'RACE', 'race'].map((Name) =>
          iam.send(new CreateSAMLProviderCommand({ Name, SAMLMetadataDocument: idp.metadata() })),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) {
        if (r.status === 'rejected') assert.equal(r.reason.name, 'EntityAlreadyExistsException');
      }
      const listed = await iam.send(new ListSAMLProvidersCommand({}));
      assert.equal(listed.SAMLProviderList!.filter((p) => /saml-provider\/race$/i.test(p.Arn!)).length, 1);
    });

    test('a document that is not IdP metadata: InvalidInput "Could not parse metadata."', async () => {
      const create = (doc: string) =>
        iam.send(new CreateSAMLProviderCommand({ Name: 'Broken', SAMLMetadataDocument: doc }));
      for (const doc of [
        `<a>${'x'.repeat(1000)}</a>`,
        idp.metadata().replace(/IDPSSODescriptor/g, 'SPSSODescriptor'),
        idp.metadata().replace(idp.certificate, Buffer.from('not a certificate'.repeat(40)).toString('base64')),
        `${idp.metadata()}<trailing>`,
      ]) {
        await rejectsWith(create(doc), 'InvalidInputException', 400, 'Could not parse metadata.');
      }
      await rejectsWith(create('<short/>'), 'ValidationError', 400, /greater than or equal to 1000/);
    });

    test('assertion encryption keys: AWS rules, never shown, and not in the audit trail', async () => {
      const keyArn = `arn:aws:iam::${ACCOUNT}:saml-provider/Encrypted`;
      const first = newRsaPrivateKeyPem();
      const second = newRsaPrivateKeyPem();
      await rejectsWith(
        iam.send(
          new CreateSAMLProviderCommand({
            Name: 'Encrypted',
            SAMLMetadataDocument: idp.metadata(),
            AssertionEncryptionMode: 'Required',
          }),
        ),
        'InvalidInputException',
        400,
        'Unable to set assertion encryption mode to Required because no private key is provided.',
      );
      await iam.send(
        new CreateSAMLProviderCommand({
          Name: 'Encrypted',
          SAMLMetadataDocument: idp.metadata(),
          AssertionEncryptionMode: 'Required',
          AddPrivateKey: first,
        }),
      );
      const update = (input: Omit<ConstructorParameters<typeof UpdateSAMLProviderCommand>[0], 'SAMLProviderArn'>) =>
        iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: keyArn, ...input }));
      await rejectsWith(
        update({}),
        'InvalidInputException',
        400,
        'Unable to update identity provider. No updates are defined for metadata or encryption assertion.',
      );
      await rejectsWith(update({ AddPrivateKey: 'not a key' }), 'InvalidInputException', 400, 'Invalid private key.');
      await rejectsWith(
        update({ RemovePrivateKey: 'NOSUCHKEYID0000000000000' }),
        'InvalidInputException',
        400,
        'Failed to remove private key because the Key ID does not match a private key.',
      );
      await update({ AddPrivateKey: second });
      await rejectsWith(
        update({ AddPrivateKey: newRsaPrivateKeyPem() }),
        'LimitExceededException',
        409,
        'Private key limit of 2 is reached.',
      );
      const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: keyArn }));
      assert.equal(got.AssertionEncryptionMode, 'Required');
      assert.equal(got.PrivateKeyList!.length, 2);
      const [k1, k2] = got.PrivateKeyList!;
      assert.match(k1.KeyId!, /^[A-Z0-9]{22,64}$/);
      assert.ok(k1.Timestamp instanceof Date);
      assert.deepEqual(await getSamlProviderPrivateKeys(w.warden.runtime.store.db, w.warden.runtime.secrets, keyArn), [
        second,
        first,
      ]);
      await rejectsWith(
        update({ AddPrivateKey: newRsaPrivateKeyPem(), RemovePrivateKey: k1.KeyId }),
        'InvalidInputException',
        400,
        'Unable to add and remove private keys in the same request. Set a value for only one of the two parameters.',
      );
      await update({ RemovePrivateKey: k1.KeyId });
      await rejectsWith(
        update({ RemovePrivateKey: k2.KeyId }),
        'InvalidInputException',
        400,
        'Failed to remove private key.',
      );
      await update({ AssertionEncryptionMode: 'Allowed' });
      await update({ RemovePrivateKey: k2.KeyId });
      const plain = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: keyArn }));
      assert.equal(plain.AssertionEncryptionMode, 'Allowed');
      assert.equal(plain.PrivateKeyList, undefined);

      // The keys were sent in requests the audit trail records: their text must appear in none of them.
      const events = await new CloudTrailClient(w.clientConfig).send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' }],
        }),
      );
      const records = (events.Events ?? []).map((e) => e.CloudTrailEvent!);
      const samlWrites = records.filter((r) => /"eventName":"(Create|Update)SAMLProvider"/.test(r));
      assert.ok(samlWrites.length >= 4, 'the SAML provider writes are audited');
      const keyBody = (pem: string) => pem.split('\n')[1];
      for (const r of records) {
        assert.doesNotMatch(r, /PRIVATE KEY/);
        assert.ok(!r.includes(keyBody(first)) && !r.includes(keyBody(second)));
      }
    });
  });
});
