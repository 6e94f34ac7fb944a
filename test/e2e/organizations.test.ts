// Organizations end to end over the SDK: the org, created accounts, the OU tree, and the errors AWS answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  DeleteOrganizationCommand,
  ListRootsCommand,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListCreateAccountStatusCommand,
  DescribeAccountCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  CreateOrganizationalUnitCommand,
  UpdateOrganizationalUnitCommand,
  DeleteOrganizationalUnitCommand,
  DescribeOrganizationalUnitCommand,
  ListOrganizationalUnitsForParentCommand,
  ListChildrenCommand,
  ListParentsCommand,
  MoveAccountCommand,
  CloseAccountCommand,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  type CreateAccountStatus,
} from '@aws-sdk/client-organizations';
import { settledAccountRequest } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { readOrgEpoch } from '../../src/authz/policy-epoch.js';

/** Asserts the SDK error's code, HTTP status and (optionally) message and Reason. */
function rejectsWith(code: string, opts: { message?: string | RegExp; reason?: string } = {}) {
  return (err: any) => {
    assert.equal(err.name, code, err.message);
    assert.equal(err.$metadata.httpStatusCode, 400);
    if (typeof opts.message === 'string') assert.equal(err.message, opts.message);
    else if (opts.message) assert.match(err.message, opts.message);
    if (opts.reason) assert.equal(err.Reason, opts.reason);
    return true;
  };
}

function waitForAccount(org: OrganizationsClient, status: CreateAccountStatus): Promise<CreateAccountStatus> {
  return settledAccountRequest(org, status.Id!);
}

describe('organizations end to end', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  test('no organization yet: AWSOrganizationsNotInUseException', async () => {
    await assert.rejects(
      org.send(new DescribeOrganizationCommand({})),
      rejectsWith('AWSOrganizationsNotInUseException', { message: 'Your account is not a member of an organization.' }),
    );
  });

  let orgId = '';
  let rootId = '';
  test('CreateOrganization makes the caller the management account', async () => {
    const epochBefore = await readOrgEpoch(w.warden.runtime.store.db);
    const out = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const o = out.Organization!;
    assert.match(o.Id!, /^o-[a-z0-9]{10}$/);
    assert.equal(o.Arn, `arn:aws:organizations::${w.accountId}:organization/${o.Id}`);
    assert.equal(o.MasterAccountId, w.accountId);
    assert.equal(o.MasterAccountArn, `arn:aws:organizations::${w.accountId}:account/${o.Id}/${w.accountId}`);
    assert.equal(o.FeatureSet, 'ALL');
    orgId = o.Id!;
    assert.notEqual(await readOrgEpoch(w.warden.runtime.store.db), epochBefore);
    const again = await org.send(new DescribeOrganizationCommand({}));
    assert.equal(again.Organization!.Id, orgId);
    await assert.rejects(
      org.send(new CreateOrganizationCommand({})),
      rejectsWith('AlreadyInOrganizationException', {
        message: 'The provided account is already a member of an organization.',
      }),
    );
    const roots = await org.send(new ListRootsCommand({}));
    assert.equal(roots.Roots!.length, 1);
    rootId = roots.Roots![0]!.Id!;
    assert.match(rootId, /^r-[a-z0-9]{4}$/);
    assert.equal(roots.Roots![0]!.Arn, `arn:aws:organizations::${w.accountId}:root/${orgId}/${rootId}`);
    assert.deepEqual(roots.Roots![0]!.PolicyTypes, []);
  });

  let memberId = '';
  test('CreateAccount is asynchronous and completes with the account in the root', async () => {
    const out = await org.send(
      new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'dev', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    const status = out.CreateAccountStatus!;
    assert.match(status.Id!, /^car-[a-z0-9]{8,32}$/);
    assert.equal(status.State, 'IN_PROGRESS');
    assert.equal(status.AccountId, undefined);
    const done = await waitForAccount(org, status);
    assert.equal(done.State, 'SUCCEEDED');
    assert.match(done.AccountId!, /^\d{12}$/);
    assert.ok(done.CompletedTimestamp instanceof Date);
    memberId = done.AccountId!;

    const account = (await org.send(new DescribeAccountCommand({ AccountId: memberId }))).Account!;
    assert.equal(account.Email, 'dev@example.com');
    assert.equal(account.Name, 'dev');
    assert.equal(account.Status, 'ACTIVE');
    assert.equal(account.State, 'ACTIVE');
    assert.equal(account.JoinedMethod, 'CREATED');
    assert.equal(account.Arn, `arn:aws:organizations::${w.accountId}:account/${orgId}/${memberId}`);

    const all = (await org.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id).sort();
    assert.deepEqual(all, [w.accountId, memberId].sort());
    const inRoot = (await org.send(new ListAccountsForParentCommand({ ParentId: rootId }))).Accounts!;
    assert.equal(inRoot.length, 2);
    const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: memberId }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'a' }]);

    // The member gets OrganizationAccountAccessRole with AdministratorAccess, trusting the management account.
    const db = w.warden.runtime.store.db;
    const role = await db
      .selectFrom('iam_roles')
      .selectAll()
      .where('account_id', '=', memberId)
      .where('name_lc', '=', 'organizationaccountaccessrole')
      .executeTakeFirstOrThrow();
    assert.equal(role.role_name, 'OrganizationAccountAccessRole');
    const trust = JSON.parse(role.assume_role_policy_document);
    assert.equal(trust.Statement[0].Principal.AWS, `arn:aws:iam::${w.accountId}:root`);
    const attached = await db.selectFrom('iam_attachments').selectAll().where('account_id', '=', memberId).execute();
    assert.deepEqual(
      attached.map((a) => a.policy_arn),
      ['arn:aws:iam::aws:policy/AdministratorAccess'],
    );
    // AWS returns no root access key for a created account; Warden keeps none.
    const keys = await db
      .selectFrom('access_keys')
      .select('access_key_id')
      .where('account_id', '=', memberId)
      .execute();
    assert.equal(keys.length, 0);
  });

  test('an email already used in the deployment fails with EMAIL_ALREADY_EXISTS', async () => {
    const out = await org.send(new CreateAccountCommand({ Email: 'DEV@example.com', AccountName: 'dup' }));
    const done = await waitForAccount(org, out.CreateAccountStatus!);
    assert.equal(done.State, 'FAILED');
    assert.equal(done.FailureReason, 'EMAIL_ALREADY_EXISTS');
    assert.equal(done.AccountId, undefined);
    const failed = await org.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }));
    assert.deepEqual(
      failed.CreateAccountStatuses!.map((s) => s.Id),
      [out.CreateAccountStatus!.Id],
    );
    const succeeded = await org.send(new ListCreateAccountStatusCommand({ States: ['SUCCEEDED'] }));
    assert.equal(succeeded.CreateAccountStatuses!.length, 1);
    const page = await org.send(new ListCreateAccountStatusCommand({ MaxResults: 1 }));
    assert.equal(page.CreateAccountStatuses!.length, 1);
    const rest = await org.send(new ListCreateAccountStatusCommand({ MaxResults: 1, NextToken: page.NextToken }));
    assert.notEqual(rest.CreateAccountStatuses![0]!.Id, page.CreateAccountStatuses![0]!.Id);
    assert.equal(rest.NextToken, undefined);
    await assert.rejects(
      org.send(new ListCreateAccountStatusCommand({ NextToken: 'bogus' })),
      rejectsWith('InvalidInputException', { reason: 'INVALID_NEXT_TOKEN' }),
    );
    await assert.rejects(
      org.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-00000000000000000000000000000000' }),
      ),
      rejectsWith('CreateAccountStatusNotFoundException', {
        message: "We can't find an create account request with the CreateAccountRequestId that you specified.",
      }),
    );
  });

  test('a CreateAccount request left IN_PROGRESS completes after a restart', async () => {
    const db = w.warden.runtime.store.db;
    await db
      .insertInto('org_create_account_status')
      .values({
        id: 'car-restartedrequest00000000000000',
        org_id: orgId,
        account_name: 'after-restart',
        email: 'restart@example.com',
        role_name: 'Admin',
        account_id: '210987654321',
        state: 'IN_PROGRESS',
        failure_reason: null,
        tags: '[]',
        requested_at: Date.now(),
        completed_at: null,
      })
      .execute();
    const out = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-restartedrequest00000000000000' }),
    );
    assert.equal(out.CreateAccountStatus!.State, 'SUCCEEDED');
    assert.equal(out.CreateAccountStatus!.AccountId, '210987654321');
    const role = await db
      .selectFrom('iam_roles')
      .select('role_name')
      .where('account_id', '=', '210987654321')
      .executeTakeFirstOrThrow();
    assert.equal(role.role_name, 'Admin');
  });

  test('a request for an email still being created fails with CONCURRENT_ACCOUNT_MODIFICATION', async () => {
    // The earlier tests' CreateAccount calls each scheduled their background step 50 ms later (scheduleSettlement),
    // in this process; one still pending would complete the request inserted below before the call that must find
    // it in progress. A timer set now for longer expires after them (Node runs timers in expiry order).
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A request left IN_PROGRESS (as if its background step had not run yet) holds the email.
    await w.warden.runtime.store.db
      .insertInto('org_create_account_status')
      .values({
        id: 'car-pendingrequest0000000000000000',
        org_id: orgId,
        account_name: 'first',
        email: 'race@example.com',
        role_name: 'OrganizationAccountAccessRole',
        account_id: '210987654322',
        state: 'IN_PROGRESS',
        failure_reason: null,
        tags: '[]',
        requested_at: Date.now(),
        completed_at: null,
      })
      .execute();
    const out = await org.send(new CreateAccountCommand({ Email: 'Race@example.com', AccountName: 'second' }));
    assert.equal(out.CreateAccountStatus!.State, 'IN_PROGRESS');
    assert.equal(out.CreateAccountStatus!.FailureReason, undefined);
    const second = await waitForAccount(org, out.CreateAccountStatus!);
    assert.equal(second.State, 'FAILED');
    assert.equal(second.FailureReason, 'CONCURRENT_ACCOUNT_MODIFICATION');
    const first = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-pendingrequest0000000000000000' }),
    );
    assert.equal(first.CreateAccountStatus!.State, 'SUCCEEDED');
  });

  let ouA = '';
  test('OUs nest up to five levels below the root', async () => {
    const a = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'A' })))
      .OrganizationalUnit!;
    assert.match(a.Id!, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    assert.equal(a.Arn, `arn:aws:organizations::${w.accountId}:ou/${orgId}/${a.Id}`);
    ouA = a.Id!;
    await assert.rejects(
      org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'A' })),
      rejectsWith('DuplicateOrganizationalUnitException', { message: 'An OU with the same name already exists.' }),
    );
    let parent = ouA;
    for (const name of ['B', 'C', 'D', 'E']) {
      parent = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name })))
        .OrganizationalUnit!.Id!;
    }
    await assert.rejects(
      org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'F' })),
      rejectsWith('ConstraintViolationException', { reason: 'OU_DEPTH_LIMIT_EXCEEDED' }),
    );
    const deepest = (await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent })))
      .OrganizationalUnit!;
    assert.equal(deepest.Name, 'E');
    const children = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    assert.deepEqual(
      children.OrganizationalUnits!.map((o) => o.Name),
      ['A'],
    );
    const renamed = await org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: ouA, Name: 'Apps' }));
    assert.equal(renamed.OrganizationalUnit!.Name, 'Apps');
    await assert.rejects(
      org.send(new CreateOrganizationalUnitCommand({ ParentId: 'ou-zzzz-zzzzzzzz', Name: 'x' })),
      rejectsWith('ParentNotFoundException', { message: "You specified parent that doesn't exist." }),
    );
  });

  test('MoveAccount, ListChildren, ListParents and their errors', async () => {
    await org.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ouA }));
    const parents = await org.send(new ListParentsCommand({ ChildId: memberId }));
    assert.deepEqual(parents.Parents, [{ Id: ouA, Type: 'ORGANIZATIONAL_UNIT' }]);
    const ouParents = await org.send(new ListParentsCommand({ ChildId: ouA }));
    assert.deepEqual(ouParents.Parents, [{ Id: rootId, Type: 'ROOT' }]);
    const kids = await org.send(new ListChildrenCommand({ ParentId: ouA, ChildType: 'ACCOUNT' }));
    assert.deepEqual(kids.Children, [{ Id: memberId, Type: 'ACCOUNT' }]);
    const ous = await org.send(new ListChildrenCommand({ ParentId: ouA, ChildType: 'ORGANIZATIONAL_UNIT' }));
    assert.equal(ous.Children!.length, 1);
    await assert.rejects(
      org.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ouA })),
      rejectsWith('SourceParentNotFoundException', {
        message: "We can't find a source root or OU with the ParentId that you specified.",
      }),
    );
    await assert.rejects(
      org.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: ouA, DestinationParentId: ouA })),
      rejectsWith('DuplicateAccountException', {
        message: 'That account is already present in the specified destination.',
      }),
    );
    await assert.rejects(
      org.send(
        new MoveAccountCommand({ AccountId: memberId, SourceParentId: ouA, DestinationParentId: 'ou-zzzz-zzzzzzzz' }),
      ),
      rejectsWith('DestinationParentNotFoundException', {
        message: "We can't find a destination root or OU with the ParentId that you specified.",
      }),
    );
    await assert.rejects(
      org.send(new MoveAccountCommand({ AccountId: '999999999999', SourceParentId: ouA, DestinationParentId: rootId })),
      rejectsWith('AccountNotFoundException', { message: "You specified an account that doesn't exist." }),
    );
    await assert.rejects(
      org.send(new ListParentsCommand({ ChildId: '999999999999' })),
      rejectsWith('ChildNotFoundException', {
        message: "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      }),
    );
    await assert.rejects(
      org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ouA })),
      rejectsWith('OrganizationalUnitNotEmptyException', {
        message:
          'The specified OU is not empty. Move all accounts to another root or OU, remove all child OUs, and try the operation again.',
      }),
    );
  });

  test('tags on OUs and roots; unknown targets are TargetNotFoundException', async () => {
    await org.send(
      new TagResourceCommand({
        ResourceId: ouA,
        Tags: [
          { Key: 'b', Value: '2' },
          { Key: 'a', Value: '1' },
        ],
      }),
    );
    await org.send(new TagResourceCommand({ ResourceId: rootId, Tags: [{ Key: 'r', Value: 'x' }] }));
    await org.send(new UntagResourceCommand({ ResourceId: ouA, TagKeys: ['b'] }));
    assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: ouA }))).Tags, [
      { Key: 'a', Value: '1' },
    ]);
    assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: rootId }))).Tags, [
      { Key: 'r', Value: 'x' },
    ]);
    await assert.rejects(
      org.send(new TagResourceCommand({ ResourceId: 'ou-zzzz-zzzzzzzz', Tags: [{ Key: 'a', Value: 'b' }] })),
      rejectsWith('TargetNotFoundException', { message: "You specified a target that doesn't exist." }),
    );
  });

  test('CloseAccount completes to SUSPENDED (PENDING_CLOSURE meanwhile); closing twice or the manager is refused', async () => {
    const out = await org.send(new CreateAccountCommand({ Email: 'closing@example.com', AccountName: 'closing' }));
    const closing = (await waitForAccount(org, out.CreateAccountStatus!)).AccountId!;
    await org.send(new CloseAccountCommand({ AccountId: closing }));
    const status = async () =>
      (
        await w.warden.runtime.store.db
          .selectFrom('accounts')
          .select('status')
          .where('id', '=', closing)
          .executeTakeFirstOrThrow()
      ).status;
    // The request runs in the background: PENDING_CLOSURE until it completes, then SUSPENDED, which a read awaits.
    assert.ok(['PENDING_CLOSURE', 'SUSPENDED'].includes(await status()));
    const account = (await org.send(new DescribeAccountCommand({ AccountId: closing }))).Account!;
    assert.equal(account.State, 'SUSPENDED');
    assert.equal(account.Status, 'SUSPENDED');
    assert.equal(await status(), 'SUSPENDED');
    await assert.rejects(
      org.send(new CloseAccountCommand({ AccountId: closing })),
      rejectsWith('AccountAlreadyClosedException', {
        message: 'You attempted to close an account that is already closed.',
      }),
    );
    await assert.rejects(
      org.send(new CloseAccountCommand({ AccountId: w.accountId })),
      rejectsWith('ConstraintViolationException', { reason: 'CANNOT_CLOSE_MANAGEMENT_ACCOUNT' }),
    );
    await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: closing }));
    await assert.rejects(
      org.send(new DescribeAccountCommand({ AccountId: closing })),
      rejectsWith('AccountNotFoundException', { message: "You specified an account that doesn't exist." }),
    );
  });

  test('DeleteOrganization needs the members gone first', async () => {
    await assert.rejects(org.send(new DeleteOrganizationCommand({})), rejectsWith('OrganizationNotEmptyException'));
    await assert.rejects(
      org.send(new RemoveAccountFromOrganizationCommand({ AccountId: w.accountId })),
      rejectsWith('MasterCannotLeaveOrganizationException'),
    );
    for (const account of (await org.send(new ListAccountsCommand({}))).Accounts!) {
      if (account.Id !== w.accountId) {
        await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: account.Id! }));
      }
    }
    await org.send(new DeleteOrganizationCommand({}));
    await assert.rejects(
      org.send(new ListRootsCommand({})),
      rejectsWith('AWSOrganizationsNotInUseException', { message: 'Your account is not a member of an organization.' }),
    );
  });
});
