// Organizations handshakes and delegation end to end: inviting a stand-alone account, delegated admins, access rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  ListRootsCommand,
  ListAccountsCommand,
  DescribeAccountCommand,
  InviteAccountToOrganizationCommand,
  AcceptHandshakeCommand,
  DeclineHandshakeCommand,
  CancelHandshakeCommand,
  DescribeHandshakeCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  EnableAWSServiceAccessCommand,
  DisableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  RegisterDelegatedAdministratorCommand,
  DeregisterDelegatedAdministratorCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  CreateOrganizationalUnitCommand,
  LeaveOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createStandaloneAccount, type StandaloneAccount } from '../../src/cli-accounts.js';
import { rejectsWith, standaloneAccount } from '../helpers/organizations.js';

describe('organizations handshakes and delegation end to end', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let other: StandaloneAccount;
  let third: StandaloneAccount;
  let otherClient: OrganizationsClient;
  let thirdClient: OrganizationsClient;
  let orgId = '';
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    ({ account: other, client: otherClient } = await standaloneAccount(w, {
      email: 'other@example.com',
      password: 'correct horse',
    }));
    ({ account: third, client: thirdClient } = await standaloneAccount(w, {
      email: 'third@example.com',
      accountId: '333333333333',
    }));
    orgId = (await org.send(new CreateOrganizationCommand({}))).Organization!.Id!;
  });
  after(async () => {
    await w.stop();
  });

  test('createStandaloneAccount stores the hashed password and refuses a used email', async () => {
    const row = await w.warden.runtime.store.db
      .selectFrom('account_root_passwords')
      .selectAll()
      .where('account_id', '=', other.accountId)
      .executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^scrypt\$/);
    assert.equal(third.accountId, '333333333333');
    assert.equal(other.name, 'other');
    await assert.rejects(
      createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, { email: 'OTHER@example.com' }),
      /already exists/,
    );
  });

  let handshakeId = '';
  test('an invited account accepts with its own credentials and joins under the root', async () => {
    const hs = (
      await org.send(
        new InviteAccountToOrganizationCommand({ Target: { Id: other.accountId, Type: 'ACCOUNT' }, Notes: 'join us' }),
      )
    ).Handshake!;
    assert.match(hs.Id!, /^h-[a-z0-9]{10}$/);
    assert.equal(hs.State, 'OPEN');
    assert.equal(hs.Action, 'INVITE');
    assert.equal(hs.Arn, `arn:aws:organizations::${w.accountId}:handshake/${orgId}/invite/${hs.Id}`);
    assert.ok(hs.ExpirationTimestamp!.getTime() > hs.RequestedTimestamp!.getTime());
    assert.deepEqual(
      hs.Parties!.map((p) => p.Type),
      ['ORGANIZATION', 'ACCOUNT'],
    );
    handshakeId = hs.Id!;
    await assert.rejects(
      org.send(new InviteAccountToOrganizationCommand({ Target: { Id: other.accountId, Type: 'ACCOUNT' } })),
      rejectsWith('DuplicateHandshakeException', {
        message: 'A handshake with the same action and target already exists.',
      }),
    );

    // The invitee is in no organization yet.
    await assert.rejects(
      otherClient.send(new DescribeOrganizationCommand({})),
      rejectsWith('AWSOrganizationsNotInUseException', { message: 'Your account is not a member of an organization.' }),
    );
    const mine = await otherClient.send(new ListHandshakesForAccountCommand({}));
    assert.deepEqual(
      mine.Handshakes!.map((h) => h.Id),
      [handshakeId],
    );
    // The management account cannot accept on the invitee's behalf.
    await assert.rejects(
      org.send(new AcceptHandshakeCommand({ HandshakeId: handshakeId })),
      rejectsWith('HandshakeNotFoundException', {
        message: "We can't find a handshake with the HandshakeId that you specified.",
      }),
    );
    const accepted = (await otherClient.send(new AcceptHandshakeCommand({ HandshakeId: handshakeId }))).Handshake!;
    assert.equal(accepted.State, 'ACCEPTED');
    await assert.rejects(
      otherClient.send(new AcceptHandshakeCommand({ HandshakeId: handshakeId })),
      rejectsWith('HandshakeAlreadyInStateException', {
        message: 'The specified handshake is already in the requested state.',
      }),
    );
    await assert.rejects(
      otherClient.send(new DeclineHandshakeCommand({ HandshakeId: handshakeId })),
      rejectsWith('InvalidHandshakeTransitionException', {
        message: "You can't perform the operation on the handshake in its current state.",
      }),
    );
    const account = (await org.send(new DescribeAccountCommand({ AccountId: other.accountId }))).Account!;
    assert.equal(account.JoinedMethod, 'INVITED');
    assert.equal(account.Email, 'other@example.com');
    assert.equal((await otherClient.send(new DescribeOrganizationCommand({}))).Organization!.Id, orgId);
    const orgHandshakes = await org.send(new ListHandshakesForOrganizationCommand({}));
    assert.deepEqual(
      orgHandshakes.Handshakes!.map((h) => [h.Id, h.State]),
      [[handshakeId, 'ACCEPTED']],
    );
    await assert.rejects(
      org.send(new InviteAccountToOrganizationCommand({ Target: { Id: other.accountId, Type: 'ACCOUNT' } })),
      rejectsWith('HandshakeConstraintViolationException', { reason: 'ALREADY_IN_AN_ORGANIZATION' }),
    );
  });

  test('invitations by email, declined and canceled', async () => {
    const byEmail = (
      await org.send(new InviteAccountToOrganizationCommand({ Target: { Id: 'third@example.com', Type: 'EMAIL' } }))
    ).Handshake!;
    const declined = (await thirdClient.send(new DeclineHandshakeCommand({ HandshakeId: byEmail.Id! }))).Handshake!;
    assert.equal(declined.State, 'DECLINED');
    const again = (
      await org.send(new InviteAccountToOrganizationCommand({ Target: { Id: third.accountId, Type: 'ACCOUNT' } }))
    ).Handshake!;
    const canceled = (await org.send(new CancelHandshakeCommand({ HandshakeId: again.Id! }))).Handshake!;
    assert.equal(canceled.State, 'CANCELED');
    assert.equal(
      (await thirdClient.send(new DescribeHandshakeCommand({ HandshakeId: again.Id! }))).Handshake!.State,
      'CANCELED',
    );
    await assert.rejects(
      thirdClient.send(new AcceptHandshakeCommand({ HandshakeId: again.Id! })),
      rejectsWith('InvalidHandshakeTransitionException', {
        message: "You can't perform the operation on the handshake in its current state.",
      }),
    );
    await assert.rejects(
      org.send(new InviteAccountToOrganizationCommand({ Target: { Id: 'nobody@example.com', Type: 'EMAIL' } })),
      rejectsWith('AccountNotFoundException', { message: "You specified an account that doesn't exist." }),
    );
    await assert.rejects(
      org.send(new DescribeHandshakeCommand({ HandshakeId: 'h-0000000000' })),
      rejectsWith('HandshakeNotFoundException', {
        message: "We can't find a handshake with the HandshakeId that you specified.",
      }),
    );
  });

  test('members cannot run management operations', async () => {
    await assert.rejects(
      otherClient.send(new ListAccountsCommand({})),
      rejectsWith('AccessDeniedException', { message: "You don't have permissions to access this resource." }),
    );
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await assert.rejects(
      otherClient.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'x' })),
      rejectsWith('AccessDeniedException', { message: "You don't have permissions to access this resource." }),
    );
  });

  test('trusted access and delegated administrators', async () => {
    await assert.rejects(
      org.send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: other.accountId,
          ServicePrincipal: 'guardduty.amazonaws.com',
        }),
      ),
      rejectsWith('ConstraintViolationException', { reason: 'SERVICE_ACCESS_NOT_ENABLED' }),
    );
    await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    await assert.rejects(
      org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'nosuch.amazonaws.com' })),
      rejectsWith('InvalidInputException', { reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL' }),
    );
    const access = await org.send(new ListAWSServiceAccessForOrganizationCommand({}));
    assert.deepEqual(
      access.EnabledServicePrincipals!.map((p) => p.ServicePrincipal),
      ['guardduty.amazonaws.com'],
    );
    await assert.rejects(
      org.send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: w.accountId,
          ServicePrincipal: 'guardduty.amazonaws.com',
        }),
      ),
      rejectsWith('ConstraintViolationException', {
        reason: 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
        message:
          "You can't register the management account of the organization as a delegated administrator for an AWS service integrated with Organizations.",
      }),
    );
    await org.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: other.accountId,
        ServicePrincipal: 'guardduty.amazonaws.com',
      }),
    );
    await assert.rejects(
      org.send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: other.accountId,
          ServicePrincipal: 'guardduty.amazonaws.com',
        }),
      ),
      rejectsWith('AccountAlreadyRegisteredException', {
        message: 'The provided account is already a delegated administrator for your organization.',
      }),
    );
    const admins = await org.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }),
    );
    assert.deepEqual(
      admins.DelegatedAdministrators!.map((a) => [a.Id, a.JoinedMethod]),
      [[other.accountId, 'INVITED']],
    );
    assert.ok(admins.DelegatedAdministrators![0]!.DelegationEnabledDate instanceof Date);
    const services = await org.send(new ListDelegatedServicesForAccountCommand({ AccountId: other.accountId }));
    assert.deepEqual(
      services.DelegatedServices!.map((s) => s.ServicePrincipal),
      ['guardduty.amazonaws.com'],
    );
    // A delegated administrator may read the organization.
    const seen = await otherClient.send(new ListAccountsCommand({}));
    assert.equal(seen.Accounts!.length, 2);

    await org.send(
      new DeregisterDelegatedAdministratorCommand({
        AccountId: other.accountId,
        ServicePrincipal: 'guardduty.amazonaws.com',
      }),
    );
    await assert.rejects(
      org.send(
        new DeregisterDelegatedAdministratorCommand({
          AccountId: other.accountId,
          ServicePrincipal: 'guardduty.amazonaws.com',
        }),
      ),
      rejectsWith('AccountNotRegisteredException', {
        message: 'The provided account is not a registered delegated administrator for your organization.',
      }),
    );
    await assert.rejects(
      org.send(new ListDelegatedServicesForAccountCommand({ AccountId: other.accountId })),
      rejectsWith('AccountNotRegisteredException', {
        message: 'The provided account is not a registered delegated administrator for your organization.',
      }),
    );
    await org.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    assert.deepEqual((await org.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals, []);
  });

  test('a member leaves; the management account cannot', async () => {
    await assert.rejects(
      org.send(new LeaveOrganizationCommand({})),
      rejectsWith('MasterCannotLeaveOrganizationException'),
    );
    await otherClient.send(new LeaveOrganizationCommand({}));
    await assert.rejects(
      otherClient.send(new DescribeOrganizationCommand({})),
      rejectsWith('AWSOrganizationsNotInUseException', { message: 'Your account is not a member of an organization.' }),
    );
  });
});
