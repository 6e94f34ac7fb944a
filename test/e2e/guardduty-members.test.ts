// GuardDuty's multi-account API through the SDK: members and invitations between stand-alone accounts (create,
// invite, accept, decline, delete, disassociate, monitoring, member detectors), the administrator seeing its members'
// findings, and an organization's delegated administrator adding the organization's accounts without invitations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptAdministratorInvitationCommand,
  AcceptInvitationCommand,
  ArchiveFindingsCommand,
  CreateDetectorCommand,
  CreateMembersCommand,
  CreateSampleFindingsCommand,
  DeclineInvitationsCommand,
  DeleteInvitationsCommand,
  DeleteMembersCommand,
  DescribeOrganizationConfigurationCommand,
  DisableOrganizationAdminAccountCommand,
  DisassociateFromAdministratorAccountCommand,
  DisassociateMembersCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GetInvitationsCountCommand,
  GetMasterAccountCommand,
  GetMemberDetectorsCommand,
  GetMembersCommand,
  GuardDutyClient,
  InviteMembersCommand,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  StartMonitoringMembersCommand,
  StopMonitoringMembersCommand,
  UnarchiveFindingsCommand,
  UpdateFindingsFeedbackCommand,
  UpdateMemberDetectorsCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-guardduty';
import {
  AcceptHandshakeCommand,
  InviteAccountToOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { createOrganization, rootConfigOf } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;

before(async () => {
  w = await startWarden();
});

after(async () => {
  await w?.stop();
});

/** A stand-alone account (its root email `<name>@example.com`) and its root's GuardDuty client. */
async function account(name: string, accountId: string) {
  const made = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: `${name}@example.com`,
    accountId,
  });
  return { id: accountId, email: `${name}@example.com`, gd: new GuardDutyClient(rootConfigOf(w, made)), made };
}

const badRequest = (p: Promise<unknown>, message: string) =>
  assert.rejects(p, (e: Error & { Type?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, 'BadRequestException');
    assert.equal(e.Type, 'InvalidInputException');
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.equal(e.message, message);
    return true;
  });

/** The sample types these tests create (detection may add other types for root callers). */
const sampleTypes = {
  Criterion: { type: { Eq: ['PenTest:IAMUser/KaliLinux', 'Stealth:IAMUser/PasswordPolicyChange'] } },
};

const result = (text: string) => `The request is rejected because ${text}`;

test('invitations: create, invite, accept; the administrator sees the member and its findings; then part ways', async () => {
  const admin = new GuardDutyClient(w.clientConfig);
  const adminId = w.accountId;
  const member = await account('gd-member', '210000000001');
  const wrongEmail = await account('gd-wrong-email', '210000000002');
  const outsider = await account('gd-outsider', '210000000003');
  const DetectorId = (await admin.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  const memberDetector = (await member.gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  const outsiderDetector = (await outsider.gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;

  const created = await admin.send(
    new CreateMembersCommand({
      DetectorId,
      AccountDetails: [
        { AccountId: member.id, Email: member.email },
        { AccountId: wrongEmail.id, Email: 'someone-else@example.com' },
        { AccountId: adminId, Email: 'me@example.com' },
        { AccountId: member.id, Email: member.email },
      ],
    }),
  );
  assert.deepEqual(created.UnprocessedAccounts, [
    { AccountId: adminId, Result: result('an account cannot become a member of itself.') },
    {
      AccountId: member.id,
      Result: result('the given account ID is already a member or associated member of the current account.'),
    },
  ]);
  // Not invited yet: only with OnlyAssociated "false".
  assert.deepEqual((await admin.send(new ListMembersCommand({ DetectorId }))).Members, []);
  const all = (await admin.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'false' }))).Members!;
  assert.deepEqual(
    all.map((m) => [m.AccountId, m.RelationshipStatus, m.Email, m.AdministratorId, m.MasterId]),
    [
      [member.id, 'Created', member.email, adminId, adminId],
      [wrongEmail.id, 'Created', 'someone-else@example.com', adminId, adminId],
    ],
  );
  await badRequest(
    admin.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'maybe' })),
    result('the parameter onlyAssociated has an invalid value.'),
  );

  const invited = await admin.send(
    new InviteMembersCommand({ DetectorId, AccountIds: [member.id, wrongEmail.id, '210000000099'], Message: 'join' }),
  );
  assert.deepEqual(invited.UnprocessedAccounts, [
    { AccountId: '210000000099', Result: result('the given account ID is not a member of the current account.') },
  ]);
  const again = await admin.send(new InviteMembersCommand({ DetectorId, AccountIds: [member.id] }));
  assert.equal(
    again.UnprocessedAccounts![0]!.Result,
    result(
      'the current account has already invited or is already the GuardDuty master of the given member account ID.',
    ),
  );
  const got = await admin.send(new GetMembersCommand({ DetectorId, AccountIds: [member.id, wrongEmail.id] }));
  assert.deepEqual(
    got.Members!.map((m) => [m.AccountId, m.RelationshipStatus, typeof m.InvitedAt]),
    [
      [member.id, 'Invited', 'string'],
      [wrongEmail.id, 'EmailVerificationFailed', 'string'],
    ],
  );

  // The member's side.
  const invitations = (await member.gd.send(new ListInvitationsCommand({}))).Invitations!;
  assert.equal(invitations.length, 1);
  assert.equal(invitations[0]!.AccountId, adminId);
  assert.equal(invitations[0]!.RelationshipStatus, 'Invited');
  assert.match(invitations[0]!.InvitationId!, /^[0-9a-f]{32}$/);
  assert.equal((await member.gd.send(new GetInvitationsCountCommand({}))).InvitationsCount, 1);
  assert.deepEqual((await wrongEmail.gd.send(new ListInvitationsCommand({}))).Invitations, []);
  // No administrator yet: an empty answer.
  assert.equal(
    (await member.gd.send(new GetAdministratorAccountCommand({ DetectorId: memberDetector }))).Administrator,
    undefined,
  );
  await badRequest(
    member.gd.send(
      new AcceptAdministratorInvitationCommand({
        DetectorId: memberDetector,
        AdministratorId: adminId,
        InvitationId: '0'.repeat(32),
      }),
    ),
    result(
      'the current account has no pending invitation from the given master account ID or is already an associated member of another master account.',
    ),
  );
  await badRequest(
    member.gd.send(
      new AcceptAdministratorInvitationCommand({
        DetectorId: outsiderDetector,
        AdministratorId: adminId,
        InvitationId: invitations[0]!.InvitationId!,
      }),
    ),
    result('the input detectorId is not owned by the current account.'),
  );
  await member.gd.send(
    new AcceptAdministratorInvitationCommand({
      DetectorId: memberDetector,
      AdministratorId: adminId,
      InvitationId: invitations[0]!.InvitationId!,
    }),
  );
  assert.equal((await member.gd.send(new GetInvitationsCountCommand({}))).InvitationsCount, 0);
  const administrator = (await member.gd.send(new GetAdministratorAccountCommand({ DetectorId: memberDetector })))
    .Administrator!;
  assert.equal(administrator.AccountId, adminId);
  assert.equal(administrator.RelationshipStatus, 'Enabled');
  assert.equal(administrator.InvitationId, invitations[0]!.InvitationId);
  const master = (await member.gd.send(new GetMasterAccountCommand({ DetectorId: memberDetector }))).Master!;
  assert.equal(master.AccountId, adminId);
  const enabled = (await admin.send(new ListMembersCommand({ DetectorId }))).Members!;
  assert.deepEqual(
    enabled.map((m) => [m.AccountId, m.RelationshipStatus, m.DetectorId]),
    [
      [member.id, 'Enabled', memberDetector],
      [wrongEmail.id, 'EmailVerificationFailed', undefined],
    ],
  );
  // An associated member cannot administer members of its own.
  const own = await member.gd.send(
    new CreateMembersCommand({
      DetectorId: memberDetector,
      AccountDetails: [{ AccountId: outsider.id, Email: outsider.email }],
    }),
  );
  assert.equal(
    own.UnprocessedAccounts![0]!.Result,
    result(
      'the current account cannot create members since it is already an associated member of another master account.',
    ),
  );

  // The administrator sees its member's findings, each keeping its own AccountId; the member sees only its own.
  await admin.send(new CreateSampleFindingsCommand({ DetectorId, FindingTypes: ['PenTest:IAMUser/KaliLinux'] }));
  await member.gd.send(
    new CreateSampleFindingsCommand({
      DetectorId: memberDetector,
      FindingTypes: ['Stealth:IAMUser/PasswordPolicyChange'],
    }),
  );
  await outsider.gd.send(new CreateSampleFindingsCommand({ DetectorId: outsiderDetector }));
  const accountsSeen = async (gd: GuardDutyClient, id: string) => {
    const ids = (await gd.send(new ListFindingsCommand({ DetectorId: id }))).FindingIds!;
    const found = (await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: ids }))).Findings!;
    // Sample findings only: detection may add findings of its own for these root callers.
    return found
      .filter((f) => f.Title!.startsWith('[SAMPLE]'))
      .map((f) => `${f.AccountId} ${f.Type}`)
      .sort();
  };
  assert.deepEqual(await accountsSeen(admin, DetectorId), [
    `${adminId} PenTest:IAMUser/KaliLinux`,
    `${member.id} Stealth:IAMUser/PasswordPolicyChange`,
  ]);
  assert.deepEqual(await accountsSeen(member.gd, memberDetector), [
    `${member.id} Stealth:IAMUser/PasswordPolicyChange`,
  ]);
  const byAccount = await admin.send(
    new GetFindingsStatisticsCommand({ DetectorId, GroupBy: 'ACCOUNT', FindingCriteria: sampleTypes }),
  );
  assert.deepEqual(byAccount.FindingStatistics!.GroupedByAccount!.map((g) => [g.AccountId, g.TotalFindings]).sort(), [
    [adminId, 1],
    [member.id, 1],
  ]);
  const memberOnly = await admin.send(
    new ListFindingsCommand({
      DetectorId,
      FindingCriteria: { Criterion: { ...sampleTypes.Criterion, accountId: { Eq: [member.id] } } },
    }),
  );
  assert.equal(memberOnly.FindingIds!.length, 1);
  // The administrator triages its member's finding: the member sees it archived, with the feedback.
  const memberFinding = memberOnly.FindingIds![0]!;
  await admin.send(new ArchiveFindingsCommand({ DetectorId, FindingIds: [memberFinding] }));
  await admin.send(
    new UpdateFindingsFeedbackCommand({ DetectorId, FindingIds: [memberFinding], Feedback: 'NOT_USEFUL' }),
  );
  const triaged = (
    await member.gd.send(new GetFindingsCommand({ DetectorId: memberDetector, FindingIds: [memberFinding] }))
  ).Findings![0]!;
  assert.equal(triaged.Service!.Archived, true);
  assert.equal(triaged.Service!.UserFeedback, 'NOT_USEFUL');
  await admin.send(new UnarchiveFindingsCommand({ DetectorId, FindingIds: [memberFinding] }));

  // The outsider, no member, sees nothing of either.
  const outsiderSees = await accountsSeen(outsider.gd, outsiderDetector);
  assert.ok(outsiderSees.length > 0);
  assert.ok(outsiderSees.every((s) => s.startsWith(`${outsider.id} `)));
  await badRequest(
    outsider.gd.send(new ListFindingsCommand({ DetectorId })),
    result('the input detectorId is not owned by the current account.'),
  );

  // A suspended member account: AccountSuspended, and its findings out of the administrator's view.
  const accounts = w.warden.runtime.store.db.updateTable('accounts').where('id', '=', member.id);
  await accounts.set({ status: 'SUSPENDED' }).execute();
  assert.equal(
    (await admin.send(new GetMembersCommand({ DetectorId, AccountIds: [member.id] }))).Members![0]!.RelationshipStatus,
    'AccountSuspended',
  );
  assert.deepEqual(await accountsSeen(admin, DetectorId), [`${adminId} PenTest:IAMUser/KaliLinux`]);
  await accounts.set({ status: 'ACTIVE' }).execute();

  // Monitoring stopped: the member's findings leave the administrator's view until it starts again.
  assert.deepEqual(
    (await admin.send(new StopMonitoringMembersCommand({ DetectorId, AccountIds: [member.id, outsider.id] })))
      .UnprocessedAccounts,
    [
      {
        AccountId: outsider.id,
        Result: result('the given account ID is not an associated member of account the current account.'),
      },
    ],
  );
  assert.equal(
    (await admin.send(new GetMembersCommand({ DetectorId, AccountIds: [member.id] }))).Members![0]!.RelationshipStatus,
    'Disabled',
  );
  assert.deepEqual(await accountsSeen(admin, DetectorId), [`${adminId} PenTest:IAMUser/KaliLinux`]);
  await admin.send(new StartMonitoringMembersCommand({ DetectorId, AccountIds: [member.id] }));
  assert.equal((await accountsSeen(admin, DetectorId)).length, 2);

  // The member's detector features, read and changed by its administrator.
  const detectors = await admin.send(
    new GetMemberDetectorsCommand({ DetectorId, AccountIds: [member.id, wrongEmail.id] }),
  );
  assert.equal(detectors.MemberDataSourceConfigurations![0]!.AccountId, member.id);
  assert.equal(
    detectors.MemberDataSourceConfigurations![0]!.Features!.find((f) => f.Name === 'S3_DATA_EVENTS')!.Status,
    'ENABLED',
  );
  assert.equal(detectors.UnprocessedAccounts![0]!.AccountId, wrongEmail.id);
  await admin.send(
    new UpdateMemberDetectorsCommand({
      DetectorId,
      AccountIds: [member.id],
      Features: [{ Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }],
    }),
  );
  const memberView = await member.gd.send(new GetDetectorCommand({ DetectorId: memberDetector }));
  assert.equal(memberView.Features!.find((f) => f.Name === 'S3_DATA_EVENTS')!.Status, 'DISABLED');

  // The member resigns: the administrator sees Resigned and no more of its findings.
  await member.gd.send(new DisassociateFromAdministratorAccountCommand({ DetectorId: memberDetector }));
  await badRequest(
    member.gd.send(new DisassociateFromAdministratorAccountCommand({ DetectorId: memberDetector })),
    result('the current account is not associated to a master account.'),
  );
  assert.equal(
    (await admin.send(new GetMembersCommand({ DetectorId, AccountIds: [member.id] }))).Members![0]!.RelationshipStatus,
    'Resigned',
  );
  assert.deepEqual(await accountsSeen(admin, DetectorId), [`${adminId} PenTest:IAMUser/KaliLinux`]);

  // Invited again, the member declines, then deletes the declined invitation.
  await admin.send(new InviteMembersCommand({ DetectorId, AccountIds: [member.id] }));
  const pending = (await member.gd.send(new ListInvitationsCommand({}))).Invitations!;
  assert.equal(pending.length, 1);
  assert.deepEqual(
    (await member.gd.send(new DeleteInvitationsCommand({ AccountIds: [adminId] }))).UnprocessedAccounts![0]!.Result,
    result(
      'the current account cannot delete the invitation from the given master account ID since it is still associated to it or has not declined their invitation yet.',
    ),
  );
  assert.deepEqual(
    (await member.gd.send(new DeclineInvitationsCommand({ AccountIds: [adminId, outsider.id] }))).UnprocessedAccounts,
    [
      {
        AccountId: outsider.id,
        Result: result(
          'the current account has no pending invitation from the given master account ID or is already an associated member of another master account.',
        ),
      },
    ],
  );
  assert.equal(
    (await admin.send(new GetMembersCommand({ DetectorId, AccountIds: [member.id] }))).Members![0]!.RelationshipStatus,
    'Resigned',
  );
  assert.equal((await member.gd.send(new GetInvitationsCountCommand({}))).InvitationsCount, 1);
  assert.deepEqual(
    (await member.gd.send(new DeleteInvitationsCommand({ AccountIds: [adminId] }))).UnprocessedAccounts,
    [],
  );
  assert.deepEqual((await member.gd.send(new ListInvitationsCommand({}))).Invitations, []);

  // Invited once more and accepted through the deprecated AcceptInvitation; the administrator removes it.
  await admin.send(new InviteMembersCommand({ DetectorId, AccountIds: [member.id] }));
  const third = (await member.gd.send(new ListInvitationsCommand({}))).Invitations![0]!;
  await member.gd.send(
    new AcceptInvitationCommand({ DetectorId: memberDetector, MasterId: adminId, InvitationId: third.InvitationId! }),
  );
  assert.deepEqual(
    (
      await admin.send(new DisassociateMembersCommand({ DetectorId, AccountIds: [member.id, outsider.id] }))
    ).UnprocessedAccounts!.map((u) => u.AccountId),
    [outsider.id],
  );
  assert.equal(
    (await admin.send(new GetMembersCommand({ DetectorId, AccountIds: [member.id] }))).Members![0]!.RelationshipStatus,
    'Removed',
  );
  assert.equal(
    (await member.gd.send(new GetAdministratorAccountCommand({ DetectorId: memberDetector }))).Administrator,
    undefined,
  );
  assert.deepEqual(
    (await admin.send(new DeleteMembersCommand({ DetectorId, AccountIds: [member.id, wrongEmail.id, outsider.id] })))
      .UnprocessedAccounts,
    [{ AccountId: outsider.id, Result: result('the given account ID is not a member of the current account.') }],
  );
  const gone = await admin.send(new GetMembersCommand({ DetectorId, AccountIds: [member.id] }));
  assert.deepEqual(gone.Members, []);
  assert.equal(gone.UnprocessedAccounts![0]!.AccountId, member.id);
});

test("an organization's delegated administrator: designated by the management account, adds the organization's accounts without invitations", async () => {
  const management = new GuardDutyClient(w.clientConfig);
  const org = new OrganizationsClient(w.clientConfig);
  await createOrganization(org);
  const join = async (name: string, id: string) => {
    const a = await account(name, id);
    const handshake = (
      await org.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: a.id } }))
    ).Handshake!;
    await new OrganizationsClient(rootConfigOf(w, a.made)).send(
      new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }),
    );
    return a;
  };
  const delegated = await join('gd-delegated', '220000000001');
  const memberA = await join('gd-org-a', '220000000002');
  const noPermission = 'The request failed because you do not have required AWS Organization master permission.';

  await badRequest(
    delegated.gd.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: delegated.id })),
    noPermission,
  );
  await badRequest(
    management
      .send(new ListOrganizationAdminAccountsCommand({}))
      .then(() => delegated.gd.send(new ListOrganizationAdminAccountsCommand({}))),
    noPermission,
  );
  await badRequest(
    management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: '229999999999' })),
    result('an invalid or out-of-range value is specified as an input parameter.'),
  );
  await management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: delegated.id }));
  await badRequest(
    management.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: memberA.id })),
    'The request failed because the account is already enabled as the GuardDuty delegated administrator for the organization.',
  );
  assert.deepEqual((await management.send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts, [
    { AdminAccountId: delegated.id, AdminStatus: 'ENABLED' },
  ]);
  // Registered in Organizations as GuardDuty's delegated administrator.
  const registered = await org.send(
    new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }),
  );
  assert.deepEqual(
    registered.DelegatedAdministrators!.map((d) => d.Id),
    [delegated.id],
  );

  const DetectorId = (await delegated.gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  const config = await delegated.gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId }));
  assert.equal(config.AutoEnableOrganizationMembers, 'NONE');
  assert.equal(config.AutoEnable, false);
  assert.equal(config.MemberAccountLimitReached, false);
  assert.equal(config.DataSources!.S3Logs!.AutoEnable, false);
  assert.ok(config.Features!.every((f) => f.AutoEnable === 'NONE'));
  const aDetector = (await memberA.gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
  await badRequest(
    memberA.gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId: aDetector })),
    noPermission,
  );

  // An organization account becomes a member at once, Enabled, no invitation.
  const created = await delegated.gd.send(
    new CreateMembersCommand({ DetectorId, AccountDetails: [{ AccountId: memberA.id, Email: memberA.email }] }),
  );
  assert.deepEqual(created.UnprocessedAccounts, []);
  const members = (await delegated.gd.send(new ListMembersCommand({ DetectorId }))).Members!;
  assert.deepEqual(
    members.map((m) => [m.AccountId, m.RelationshipStatus, m.DetectorId]),
    [[memberA.id, 'Enabled', aDetector]],
  );
  assert.equal(
    (await memberA.gd.send(new GetAdministratorAccountCommand({ DetectorId: aDetector }))).Administrator!.AccountId,
    delegated.id,
  );
  await memberA.gd.send(
    new CreateSampleFindingsCommand({ DetectorId: aDetector, FindingTypes: ['PenTest:IAMUser/KaliLinux'] }),
  );
  const seen = await delegated.gd.send(new ListFindingsCommand({ DetectorId, FindingCriteria: sampleTypes }));
  assert.equal(seen.FindingIds!.length, 1);

  // AutoEnableOrganizationMembers ALL: every account of the organization, GuardDuty enabled in each.
  await badRequest(
    delegated.gd.send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId,
        AutoEnable: true,
        AutoEnableOrganizationMembers: 'ALL',
      }),
    ),
    result('an invalid or out-of-range value is specified as an input parameter.'),
  );
  await delegated.gd.send(
    new UpdateOrganizationConfigurationCommand({
      DetectorId,
      AutoEnableOrganizationMembers: 'ALL',
      Features: [{ Name: 'S3_DATA_EVENTS', AutoEnable: 'NEW' }],
    }),
  );
  const updated = await delegated.gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId }));
  assert.equal(updated.AutoEnableOrganizationMembers, 'ALL');
  assert.equal(updated.AutoEnable, true);
  assert.equal(updated.DataSources!.S3Logs!.AutoEnable, true);
  assert.equal(updated.Features!.find((f) => f.Name === 'S3_DATA_EVENTS')!.AutoEnable, 'NEW');
  const later = await join('gd-org-b', '220000000003');
  const all = (await delegated.gd.send(new ListMembersCommand({ DetectorId }))).Members!;
  assert.deepEqual(
    all.map((m) => [m.AccountId, m.RelationshipStatus]),
    [
      [w.accountId, 'Enabled'],
      [memberA.id, 'Enabled'],
      [later.id, 'Enabled'],
    ],
  );
  assert.equal((await later.gd.send(new ListDetectorsCommand({}))).DetectorIds!.length, 1);
  await badRequest(
    later.gd.send(
      new DisassociateFromAdministratorAccountCommand({
        DetectorId: (await later.gd.send(new ListDetectorsCommand({}))).DetectorIds![0]!,
      }),
    ),
    result('an invalid or out-of-range value is specified as an input parameter.'),
  );

  // NEW: only accounts that join from now on.
  await delegated.gd.send(
    new UpdateOrganizationConfigurationCommand({ DetectorId, AutoEnableOrganizationMembers: 'NEW' }),
  );
  // An account that joined before NEW was set, once deleted as a member, is not added back (ALL would add it).
  await delegated.gd.send(new DeleteMembersCommand({ DetectorId, AccountIds: [later.id] }));
  const newest = await join('gd-org-c', '220000000004');
  const withNew = (await delegated.gd.send(new ListMembersCommand({ DetectorId }))).Members!.map((m) => m.AccountId);
  assert.ok(withNew.includes(newest.id));
  assert.ok(!withNew.includes(later.id));
  await delegated.gd.send(
    new UpdateOrganizationConfigurationCommand({ DetectorId, AutoEnableOrganizationMembers: 'ALL' }),
  );
  const withAll = (await delegated.gd.send(new ListMembersCommand({ DetectorId }))).Members!.map((m) => m.AccountId);
  assert.ok(withAll.includes(later.id));
  // With ALL, an organization member can be neither deleted nor disassociated.
  const kept = result(
    'the organization configuration enables GuardDuty for all accounts of the organization (AutoEnableOrganizationMembers ALL).',
  );
  for (const command of [
    new DeleteMembersCommand({ DetectorId, AccountIds: [later.id] }),
    new DisassociateMembersCommand({ DetectorId, AccountIds: [later.id] }),
  ])
    assert.deepEqual((await delegated.gd.send(command)).UnprocessedAccounts, [{ AccountId: later.id, Result: kept }]);

  // The management account removes the delegated administrator: its organization members go with it.
  await management.send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: delegated.id }));
  assert.deepEqual((await management.send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts, []);
  assert.deepEqual(
    (await delegated.gd.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'false' }))).Members,
    [],
  );
  await badRequest(delegated.gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId })), noPermission);
});
