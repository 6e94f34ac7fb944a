// Enabling all features end to end: an organization made with consolidated billing only asks its invited members
// to approve (APPROVE_ALL_FEATURES), and its management account finalizes (ENABLE_ALL_FEATURES) once they have.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  DescribeOrganizationCommand,
  EnablePolicyTypeCommand,
  EnableAllFeaturesCommand,
  InviteAccountToOrganizationCommand,
  AcceptHandshakeCommand,
  DeclineHandshakeCommand,
  DescribeHandshakeCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  RemoveAccountFromOrganizationCommand,
  CreateGovCloudAccountCommand,
} from '@aws-sdk/client-organizations';
import { createMemberAccount, createOrganization, rejectsWith, standaloneAccount } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

describe('organizations: enabling all features end to end', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let rootId = '';
  let orgId = '';
  const members: { id: string; client: OrganizationsClient }[] = [];
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    ({ orgId, rootId } = await createOrganization(org, 'CONSOLIDATED_BILLING'));
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']) {
      const { account, client } = await standaloneAccount(w, { email });
      members.push({ id: account.accountId, client });
    }
  });
  after(async () => {
    await w.stop();
  });

  const invite = async (i: number) =>
    (await org.send(new InviteAccountToOrganizationCommand({ Target: { Id: members[i]!.id, Type: 'ACCOUNT' } })))
      .Handshake!;

  test('the full flow: request, approvals, a decline resolved by removal, finalizing', async () => {
    await assert.rejects(
      org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })),
      rejectsWith('PolicyTypeNotAvailableForOrganizationException'),
    );
    await createMemberAccount(org, 'created'); // created accounts are not asked
    for (const i of [0, 1]) {
      await members[i]!.client.send(new AcceptHandshakeCommand({ HandshakeId: (await invite(i)).Id! }));
    }
    const pendingInvite = await invite(2);

    const parent = (await org.send(new EnableAllFeaturesCommand({}))).Handshake!;
    assert.equal(parent.Action, 'ENABLE_ALL_FEATURES');
    assert.equal(parent.State, 'REQUESTED');
    assert.deepEqual(parent.Parties, [{ Id: orgId, Type: 'ORGANIZATION' }]);
    assert.deepEqual(parent.Resources, [{ Type: 'ORGANIZATION', Value: orgId }]);
    assert.match(parent.Arn!, new RegExp(`:handshake/${orgId}/enable_all_features/${parent.Id}$`));
    const days = (parent.ExpirationTimestamp!.getTime() - parent.RequestedTimestamp!.getTime()) / 86_400_000;
    assert.equal(Math.round(days), 90);

    // The invitation sent before the change is canceled; no new one may be sent; the change is not started twice.
    const canceled = (await org.send(new DescribeHandshakeCommand({ HandshakeId: pendingInvite.Id! }))).Handshake!;
    assert.equal(canceled.State, 'CANCELED');
    await assert.rejects(
      invite(3),
      rejectsWith('HandshakeConstraintViolationException', { reason: 'INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES' }),
    );
    await assert.rejects(
      org.send(new EnableAllFeaturesCommand({})),
      rejectsWith('HandshakeConstraintViolationException', {
        reason: 'ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION',
      }),
    );

    // Each invited member has one APPROVE_ALL_FEATURES request naming the parent.
    const approvals = [];
    for (const i of [0, 1]) {
      const listed = (
        await members[i]!.client.send(
          new ListHandshakesForAccountCommand({ Filter: { ActionType: 'APPROVE_ALL_FEATURES' } }),
        )
      ).Handshakes!;
      assert.equal(listed.length, 1);
      const h = listed[0]!;
      assert.equal(h.State, 'OPEN');
      assert.deepEqual(h.Parties, [
        { Id: orgId, Type: 'ORGANIZATION' },
        { Id: members[i]!.id, Type: 'ACCOUNT' },
      ]);
      assert.deepEqual(h.Resources, [
        { Type: 'PARENT_HANDSHAKE', Value: parent.Id },
        { Type: 'ORGANIZATION', Value: orgId },
        { Type: 'ACCOUNT', Value: members[i]!.id },
      ]);
      approvals.push(h);
    }
    const all = (await org.send(new ListHandshakesForOrganizationCommand({}))).Handshakes!;
    assert.equal(all.filter((h) => h.Action === 'APPROVE_ALL_FEATURES').length, 2);
    // The management account's own account list does not show the organization's request.
    assert.equal(
      (await org.send(new ListHandshakesForAccountCommand({}))).Handshakes!.filter(
        (h) => h.Action === 'ENABLE_ALL_FEATURES',
      ).length,
      0,
    );

    // Finalizing before every approval is an invalid transition.
    await assert.rejects(
      org.send(new AcceptHandshakeCommand({ HandshakeId: parent.Id! })),
      rejectsWith('InvalidHandshakeTransitionException'),
    );
    await members[0]!.client.send(new AcceptHandshakeCommand({ HandshakeId: approvals[0]!.Id! }));
    await members[1]!.client.send(new DeclineHandshakeCommand({ HandshakeId: approvals[1]!.Id! }));
    assert.equal(
      (await org.send(new DescribeHandshakeCommand({ HandshakeId: parent.Id! }))).Handshake!.State,
      'REQUESTED',
    );
    // The decline holds the change up until that account leaves.
    await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: members[1]!.id }));
    assert.equal((await org.send(new DescribeHandshakeCommand({ HandshakeId: parent.Id! }))).Handshake!.State, 'OPEN');

    const done = (await org.send(new AcceptHandshakeCommand({ HandshakeId: parent.Id! }))).Handshake!;
    assert.equal(done.State, 'ACCEPTED');
    assert.equal((await org.send(new DescribeOrganizationCommand({}))).Organization!.FeatureSet, 'ALL');
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await assert.rejects(
      org.send(new EnableAllFeaturesCommand({})),
      rejectsWith('HandshakeConstraintViolationException', {
        reason: 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES',
        message: 'The handshake request is invalid because the organization has already enabled all features.',
      }),
    );
    // Invitations are possible again.
    assert.equal((await invite(3)).State, 'OPEN');
  });

  test('members cannot start the change', async () => {
    await assert.rejects(
      members[0]!.client.send(new EnableAllFeaturesCommand({})),
      rejectsWith('AccessDeniedException'),
    );
  });

  test('CreateGovCloudAccount: no management account is paired with a GovCloud account', async () => {
    await assert.rejects(
      org.send(new CreateGovCloudAccountCommand({ Email: 'gov@example.com', AccountName: 'gov' })),
      rejectsWith('ConstraintViolationException', { reason: 'MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED' }),
    );
  });
});
