// Inspector2's Organizations delegated administrator through the SDK: an organization (management account and two
// members, invited and accepted), the management account designating the administrator, the administrator associating
// a member and then seeing that member's findings, coverage, aggregations and status, and losing them on disassociation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssociateMemberCommand,
  BatchGetAccountStatusCommand,
  BatchGetFindingDetailsCommand,
  DescribeOrganizationConfigurationCommand,
  DisableDelegatedAdminAccountCommand,
  DisassociateMemberCommand,
  EnableCommand,
  EnableDelegatedAdminAccountCommand,
  GetDelegatedAdminAccountCommand,
  GetMemberCommand,
  Inspector2Client,
  ListCoverageCommand,
  ListDelegatedAdminAccountsCommand,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
  ListMembersCommand,
  UpdateOrganizationConfigurationCommand,
  type Finding,
} from '@aws-sdk/client-inspector2';
import {
  AcceptHandshakeCommand,
  InviteAccountToOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { registerHost, writeRoot, DEB_BEFORE } from '../helpers/inspector2-host.js';
import { createOrganization, rootConfigOf } from '../helpers/organizations.js';
import { waitFor } from '../helpers/wait.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let work: string;

before(async () => {
  w = await startWarden();
  work = await mkdtemp(join(tmpdir(), 'inspector2-members-'));
});

after(async () => {
  await w?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A stand-alone account that joins the management account's organization (invited, handshake accepted). */
async function joinOrganization(org: OrganizationsClient, accountId: string) {
  const made = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: `insp-${accountId}@example.com`,
    accountId,
  });
  const handshake = (
    await org.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: accountId } }))
  ).Handshake!;
  const config = rootConfigOf(w, made);
  await new OrganizationsClient(config).send(new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }));
  return { id: accountId, config, inspector: new Inspector2Client(config) };
}

async function allFindings(client: Inspector2Client): Promise<Finding[]> {
  const out: Finding[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListFindingsCommand({ nextToken, maxResults: 100 }));
    out.push(...(page.findings ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

const rejects = (p: Promise<unknown>, name: string, status: number) =>
  assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name, e.message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });

test('the delegated administrator associates a member and sees its findings until it disassociates it', async () => {
  const management = new Inspector2Client(w.clientConfig);
  const org = new OrganizationsClient(w.clientConfig);
  await createOrganization(org);
  const admin = await joinOrganization(org, '230000000001');
  const member = await joinOrganization(org, '230000000002');

  // Only the management account designates the administrator.
  await rejects(
    admin.inspector.send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: admin.id })),
    'AccessDeniedException',
    403,
  );
  await rejects(member.inspector.send(new ListDelegatedAdminAccountsCommand({})), 'AccessDeniedException', 403);
  // An account outside the organization cannot be designated.
  await rejects(
    management.send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: '239999999999' })),
    'ValidationException',
    400,
  );
  assert.deepEqual((await admin.inspector.send(new GetDelegatedAdminAccountCommand({}))).delegatedAdmin, undefined);
  const enabled = await management.send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: admin.id }));
  assert.equal(enabled.delegatedAdminAccountId, admin.id);
  await rejects(
    management.send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: member.id })),
    'ConflictException',
    409,
  );
  assert.deepEqual((await management.send(new ListDelegatedAdminAccountsCommand({}))).delegatedAdminAccounts, [
    { accountId: admin.id, status: 'ENABLED' },
  ]);
  assert.deepEqual((await member.inspector.send(new GetDelegatedAdminAccountCommand({}))).delegatedAdmin, {
    accountId: admin.id,
    relationshipStatus: 'ENABLED',
  });
  // Registered in Organizations as Inspector's delegated administrator, as AWS's Inspector does it.
  const registered = await org.send(
    new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'inspector2.amazonaws.com' }),
  );
  assert.deepEqual(
    registered.DelegatedAdministrators!.map((d) => d.Id),
    [admin.id],
  );

  // Members are managed by the administrator alone.
  await rejects(
    member.inspector.send(new AssociateMemberCommand({ accountId: admin.id })),
    'AccessDeniedException',
    403,
  );
  await rejects(management.send(new ListMembersCommand({})), 'AccessDeniedException', 403);
  await rejects(
    admin.inspector.send(new AssociateMemberCommand({ accountId: '239999999999' })),
    'ValidationException',
    400,
  );

  // autoEnable: EC2 scanning is turned on for the member as it is associated.
  await admin.inspector.send(new UpdateOrganizationConfigurationCommand({ autoEnable: { ec2: true, ecr: false } }));
  assert.deepEqual((await admin.inspector.send(new DescribeOrganizationConfigurationCommand({}))).autoEnable, {
    ec2: true,
    ecr: false,
    lambda: false,
    lambdaCode: false,
    codeRepository: false,
  });
  await admin.inspector.send(new EnableCommand({ resourceTypes: ['EC2'] }));

  // The member's host: 0.0.0.0:22 gives it a network reachability finding once evaluated.
  const before = await admin.inspector.send(new BatchGetAccountStatusCommand({ accountIds: [member.id] }));
  assert.deepEqual(before.accounts, []);
  assert.equal(before.failedAccounts![0]!.errorCode, 'ACCESS_DENIED');
  assert.equal((await admin.inspector.send(new AssociateMemberCommand({ accountId: member.id }))).accountId, member.id);
  const status = await admin.inspector.send(new BatchGetAccountStatusCommand({ accountIds: [member.id] }));
  assert.equal(status.accounts![0]!.accountId, member.id);
  assert.equal(status.accounts![0]!.resourceState!.ec2!.status, 'ENABLED');
  const got = (await admin.inspector.send(new GetMemberCommand({ accountId: member.id }))).member!;
  assert.equal(got.relationshipStatus, 'ENABLED');
  assert.equal(got.delegatedAdminAccountId, admin.id);
  assert.deepEqual(
    (await admin.inspector.send(new ListMembersCommand({}))).members!.map((m) => m.accountId),
    [member.id],
  );
  const everyone = (await admin.inspector.send(new ListMembersCommand({ onlyAssociated: false }))).members!;
  assert.deepEqual(
    everyone.map((m) => [m.accountId, m.relationshipStatus]),
    [
      [w.accountId, 'CREATED'],
      [member.id, 'ENABLED'],
    ].sort(),
  );

  const root = join(work, 'member-root');
  await writeRoot(root, DEB_BEFORE);
  const instanceId = await registerHost({ ...w, clientConfig: member.config }, root, join(work, 'member-state'));
  const memberFindings = await waitFor(
    async () => {
      const f = await allFindings(member.inspector);
      return f.some((x) => x.type === 'NETWORK_REACHABILITY') && f;
    },
    { what: "the member's network finding", timeoutMs: 60_000, intervalMs: 200 },
  );
  const arns = memberFindings.map((f) => f.findingArn).sort();

  // The administrator sees the member's findings, coverage and aggregation.
  const seen = await allFindings(admin.inspector);
  assert.deepEqual(
    seen
      .filter((f) => f.awsAccountId === member.id)
      .map((f) => f.findingArn)
      .sort(),
    arns,
  );
  // A network finding has no advisory: found, yet without details (an ARN the caller cannot see is not found).
  const detailsOf = async (client: Inspector2Client) =>
    (await client.send(new BatchGetFindingDetailsCommand({ findingArns: [arns[0]!] }))).errors!.map(
      (e) => e.errorMessage,
    );
  assert.deepEqual(await detailsOf(admin.inspector), ['No vulnerability intelligence is available for this finding.']);
  assert.deepEqual(await detailsOf(management), ['Finding not found.']);
  const coverage = (await admin.inspector.send(new ListCoverageCommand({}))).coveredResources!;
  assert.ok(coverage.some((c) => c.accountId === member.id && c.resourceId === instanceId));
  const byAccount = await admin.inspector.send(new ListFindingAggregationsCommand({ aggregationType: 'ACCOUNT' }));
  assert.ok(byAccount.responses!.some((r) => r.accountAggregation?.accountId === member.id));
  // Isolation: an account outside the organization, and the management account (not the administrator), see none
  // of the member's data nor the administrator's members and configuration.
  const outsider = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'insp-outsider@example.com',
    accountId: '239000000009',
  });
  const outside = new Inspector2Client(rootConfigOf(w, outsider));
  await rejects(outside.send(new GetDelegatedAdminAccountCommand({})), 'AccessDeniedException', 403);
  await rejects(outside.send(new ListDelegatedAdminAccountsCommand({})), 'AccessDeniedException', 403);
  for (const client of [outside, management, member.inspector]) {
    await rejects(client.send(new ListMembersCommand({})), 'AccessDeniedException', 403);
    await rejects(client.send(new GetMemberCommand({ accountId: member.id })), 'AccessDeniedException', 403);
    await rejects(client.send(new DescribeOrganizationConfigurationCommand({})), 'AccessDeniedException', 403);
  }
  for (const client of [outside, management]) {
    assert.ok((await allFindings(client)).every((f) => f.awsAccountId !== member.id));
    const other = await client.send(new BatchGetAccountStatusCommand({ accountIds: [member.id] }));
    assert.deepEqual(other.accounts, []);
    assert.equal(other.failedAccounts![0]!.errorCode, 'ACCESS_DENIED');
    assert.ok(
      ((await client.send(new ListCoverageCommand({}))).coveredResources ?? []).every((c) => c.accountId !== member.id),
    );
  }
  // The member does not see the administrator's findings either.
  assert.ok((await allFindings(member.inspector)).every((f) => f.awsAccountId === member.id));

  // Disassociated: the member's findings leave the administrator's view; the member keeps them.
  await admin.inspector.send(new DisassociateMemberCommand({ accountId: member.id }));
  assert.ok((await allFindings(admin.inspector)).every((f) => f.awsAccountId !== member.id));
  assert.deepEqual((await allFindings(member.inspector)).map((f) => f.findingArn).sort(), arns);
  assert.deepEqual(await detailsOf(admin.inspector), ['Finding not found.']);
  assert.ok(
    ((await admin.inspector.send(new ListCoverageCommand({}))).coveredResources ?? []).every(
      (c) => c.accountId !== member.id,
    ),
  );
  await rejects(admin.inspector.send(new GetMemberCommand({ accountId: member.id })), 'ResourceNotFoundException', 404);
  await rejects(
    admin.inspector.send(new DisassociateMemberCommand({ accountId: member.id })),
    'ValidationException',
    400,
  );

  // Associated again, then the management account removes the administrator: its view narrows to itself.
  await admin.inspector.send(new AssociateMemberCommand({ accountId: member.id }));
  assert.ok((await allFindings(admin.inspector)).some((f) => f.awsAccountId === member.id));
  await rejects(
    member.inspector.send(new DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: admin.id })),
    'AccessDeniedException',
    403,
  );
  await management.send(new DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: admin.id }));
  assert.deepEqual((await management.send(new ListDelegatedAdminAccountsCommand({}))).delegatedAdminAccounts, []);
  assert.ok((await allFindings(admin.inspector)).every((f) => f.awsAccountId !== member.id));
  await rejects(admin.inspector.send(new ListMembersCommand({})), 'AccessDeniedException', 403);
  await rejects(
    management.send(new DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: admin.id })),
    'ResourceNotFoundException',
    404,
  );
});
