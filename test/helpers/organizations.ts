// Organizations set-up shared by the end-to-end suites: a created member account, once its request completes.
import assert from 'node:assert/strict';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  type CreateAccountStatus,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { waitFor } from './wait.js';

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
