// Organizations set-up shared by the end-to-end suites: an organization with its root, member accounts (created, or
// stand-alone with their root's client), and the check of an Organizations error.
import assert from 'node:assert/strict';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  type CreateAccountStatus,
  type OrganizationFeatureSet,
} from '@aws-sdk/client-organizations';
import {
  createStandaloneAccount,
  type StandaloneAccount,
  type StandaloneAccountRequest,
} from '../../src/cli-accounts.js';
import { waitFor } from './wait.js';
import type { TestWarden } from './warden.js';

/**
 * An assert.rejects check of an Organizations error: its code, HTTP 400 and, when given, its message (the exact words,
 * or a pattern they match) and its Reason.
 */
export function rejectsWith(code: string, opts: { message?: string | RegExp; reason?: string } = {}) {
  return (err: any) => {
    assert.equal(err.name, code, err.message);
    assert.equal(err.$metadata.httpStatusCode, 400);
    if (typeof opts.message === 'string') assert.equal(err.message, opts.message);
    else if (opts.message) assert.match(err.message, opts.message);
    if (opts.reason) assert.equal(err.Reason, opts.reason);
    return true;
  };
}

/** Polls DescribeCreateAccountStatus until the request leaves IN_PROGRESS (with a deadline), and returns its status. */
export function settledAccountRequest(org: OrganizationsClient, requestId: string): Promise<CreateAccountStatus> {
  return waitFor(
    async () => {
      const status = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId })))
        .CreateAccountStatus!;
      return status.State === 'IN_PROGRESS' ? undefined : status;
    },
    { what: `CreateAccount request ${requestId} to leave IN_PROGRESS` },
  );
}

/** Creates a member account named `name` (email `name@example.com`) and returns its id once it exists. */
export async function createMemberAccount(org: OrganizationsClient, name: string): Promise<string> {
  const request = (await org.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name })))
    .CreateAccountStatus!;
  const status = await settledAccountRequest(org, request.Id!);
  assert.equal(status.State, 'SUCCEEDED', `CreateAccount ${name}: ${status.FailureReason ?? ''}`);
  return status.AccountId!;
}

/** Creates the organization through `org` (the management account's client) and returns its id and its root's. */
export async function createOrganization(
  org: OrganizationsClient,
  featureSet?: OrganizationFeatureSet,
): Promise<{ orgId: string; rootId: string; managementId: string }> {
  const created = (await org.send(new CreateOrganizationCommand(featureSet ? { FeatureSet: featureSet } : {})))
    .Organization!;
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  return { orgId: created.Id!, rootId, managementId: created.MasterAccountId! };
}

/**
 * Root's Organizations client and an organization it created, with an OU `ouName` under its root and a created member
 * account `memberName` moved into it.
 */
export async function organizationWithMemberInOu(
  w: TestWarden,
  ouName: string,
  memberName: string,
): Promise<{ org: OrganizationsClient; orgId: string; rootId: string; ouId: string; memberId: string }> {
  const org = new OrganizationsClient(w.clientConfig);
  const { orgId, rootId } = await createOrganization(org);
  const ouId = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: ouName })))
    .OrganizationalUnit!.Id!;
  const memberId = await createMemberAccount(org, memberName);
  await org.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: ouId }));
  return { org, orgId, rootId, ouId, memberId };
}

/** The client config of a Warden client signed with these root keys (a stand-alone account's, say). */
export function rootConfigOf(w: TestWarden, account: { accessKeyId: string; secretAccessKey: string }) {
  return {
    ...w.clientConfig,
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
  };
}

/** A stand-alone account made in Warden's store (outside any organization), and its root's Organizations client. */
export async function standaloneAccount(
  w: TestWarden,
  request: StandaloneAccountRequest,
): Promise<{ account: StandaloneAccount; client: OrganizationsClient }> {
  const { store, secrets } = w.warden.runtime;
  const account = await createStandaloneAccount(store, secrets, request);
  return { account, client: new OrganizationsClient(rootConfigOf(w, account)) };
}
