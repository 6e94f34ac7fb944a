// Trust policies naming a user or role that does not exist are refused at CreateRole and UpdateAssumeRolePolicy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { clients, secondAccount, trust } from './sts-fixtures.js';

const B = '210987654321';

async function refusedPrincipal(promise: Promise<unknown>, value: string): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, 'MalformedPolicyDocumentException', err.message);
    assert.equal(err.Code, 'MalformedPolicyDocument');
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.equal(err.message, `Invalid principal in policy: "AWS":"${value}"`);
    return true;
  });
}

describe('trust policy principals must exist', () => {
  let w: TestWarden;
  let iam: IAMClient;
  let A: string;

  before(async () => {
    w = await startWarden();
    A = w.accountId;
    iam = new IAMClient(w.clientConfig);
    const keysB = await secondAccount(w, B);
    await clients(w, keysB).iam.send(new CreateUserCommand({ UserName: 'partner', Path: '/ext/' }));
    await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/staff/' }));
  });
  after(async () => {
    await w.stop();
  });

  test('CreateRole refuses a user or role ARN that names nothing, in this account or another', async () => {
    for (const missing of [
      `arn:aws:iam::${A}:user/nobody`,
      `arn:aws:iam::${A}:role/nobody`,
      `arn:aws:iam::${A}:user/alice`, // alice lives under /staff/: this ARN names no one
      `arn:aws:iam::${B}:user/nobody`,
      'arn:aws:iam::111122223333:role/example-role', // an account this deployment does not hold
    ]) {
      await refusedPrincipal(
        iam.send(new CreateRoleCommand({ RoleName: 'Refused', AssumeRolePolicyDocument: trust({ AWS: missing }) })),
        missing,
      );
    }
    // The first missing principal in document order is the one named.
    await refusedPrincipal(
      iam.send(
        new CreateRoleCommand({
          RoleName: 'Refused',
          AssumeRolePolicyDocument: trust({
            AWS: [`arn:aws:iam::${A}:user/staff/alice`, `arn:aws:iam::${A}:user/ghost`, `arn:aws:iam::${A}:role/x`],
          }),
        }),
      ),
      `arn:aws:iam::${A}:user/ghost`,
    );
  });

  test('existing users and roles, account ids and account roots are accepted, in any account', async () => {
    const principals = [
      `arn:aws:iam::${A}:user/staff/alice`,
      `arn:aws:iam::${A}:user/staff/ALICE`,
      `arn:aws:iam::${B}:user/ext/partner`,
      `arn:aws:iam::${A}:root`,
      '111122223333',
      'arn:aws:iam::111122223333:root',
    ];
    const role = await iam.send(
      new CreateRoleCommand({ RoleName: 'Trusting', AssumeRolePolicyDocument: trust({ AWS: principals }) }),
    );
    assert.equal(role.Role!.RoleName, 'Trusting');
    // A role may then be named by the next role's trust policy.
    await iam.send(
      new CreateRoleCommand({ RoleName: 'Chained', AssumeRolePolicyDocument: trust({ AWS: role.Role!.Arn! }) }),
    );
  });

  test('UpdateAssumeRolePolicy refuses a missing principal and keeps the stored policy', async () => {
    const before = (await iam.send(new GetRoleCommand({ RoleName: 'Trusting' }))).Role!.AssumeRolePolicyDocument;
    const missing = `arn:aws:iam::${A}:role/Deleted`;
    await refusedPrincipal(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Trusting', PolicyDocument: trust({ AWS: missing }) })),
      missing,
    );
    const after = (await iam.send(new GetRoleCommand({ RoleName: 'Trusting' }))).Role!.AssumeRolePolicyDocument;
    assert.equal(after, before);
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'Trusting',
        PolicyDocument: trust({ AWS: `arn:aws:iam::${A}:role/Chained` }),
      }),
    );
  });
});
