// Organizations resources are authorized on their exact ARNs: an Allow or a Deny naming one decides, for each type.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeHandshakeCommand,
  DescribeOrganizationalUnitCommand,
  DescribePolicyCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  ListChildrenCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { createStandaloneAccount } from '../../src/cli-accounts.js';

let w: TestWarden;
let org: OrganizationsClient;
let iam: IAMClient;
/** An IAM user of the management account, whose one inline policy each case replaces. */
let operator: OrganizationsClient;
let management = '';
let orgId = '';
let rootId = '';
let member = '';
const ous: string[] = [];
const policies: { id: string; arn: string }[] = [];
let handshake = { id: '', arn: '' };

async function createMember(name: string): Promise<string> {
  const req = (await org.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name })))
    .CreateAccountStatus!;
  for (let attempt = 0; attempt < 500; attempt++) {
    const s = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: req.Id! })))
      .CreateAccountStatus!;
    if (s.State !== 'IN_PROGRESS') {
      assert.equal(s.State, 'SUCCEEDED');
      return s.AccountId!;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('CreateAccount did not finish');
}

before(async () => {
  w = await startWarden();
  org = new OrganizationsClient(w.clientConfig);
  iam = new IAMClient(w.clientConfig);
  management = w.accountId;
  orgId = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
  rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  member = await createMember('member');
  for (const name of ['ou-one', 'ou-two']) {
    ous.push(
      (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }))).OrganizationalUnit!.Id!,
    );
  }
  for (const name of ['scp-one', 'scp-two']) {
    const created = await org.send(
      new CreatePolicyCommand({
        Name: name,
        Description: name,
        Type: 'SERVICE_CONTROL_POLICY',
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'iam:X', Resource: '*' }],
        }),
      }),
    );
    const summary = created.Policy!.PolicySummary!;
    policies.push({ id: summary.Id!, arn: summary.Arn! });
  }
  const { store, secrets } = w.warden.runtime;
  const invitee = await createStandaloneAccount(store, secrets, { email: 'invitee@example.com' });
  const invited = (
    await org.send(new InviteAccountToOrganizationCommand({ Target: { Id: invitee.accountId, Type: 'ACCOUNT' } }))
  ).Handshake!;
  handshake = { id: invited.Id!, arn: invited.Arn! };

  await iam.send(new CreateUserCommand({ UserName: 'operator' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey!;
  operator = new OrganizationsClient({
    ...w.clientConfig,
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
  });
});
after(async () => {
  await w.stop();
});

async function grant(...statements: Record<string, unknown>[]): Promise<void> {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  await iam.send(new PutUserPolicyCommand({ UserName: 'operator', PolicyName: 'granted', PolicyDocument: document }));
}

async function denied(p: Promise<unknown>, resource: string, why: RegExp): Promise<void> {
  const err = (await p.then(
    () => assert.fail(`expected AccessDeniedException on ${resource}`),
    (e: { name: string; message: string }) => e,
  )) as { name: string; message: string };
  assert.equal(err.name, 'AccessDeniedException', err.message);
  assert.ok(err.message.includes(` on resource: ${resource} `), err.message);
  assert.match(err.message, why);
}

const NOT_ALLOWED = /no identity-based policy allows/;
const DENIED = /explicit deny in an identity-based policy/;

/**
 * Allow on the exact ARN: the call on that resource succeeds and the same call on another resource of the type is
 * refused, naming that resource's ARN. Deny on the exact ARN beside an Allow on `*`: the call on that resource is
 * refused, the other still succeeds.
 */
async function decidedOnExactArn(
  action: string | string[],
  target: { arn: string; call: () => Promise<unknown> },
  other: { arn: string; call: () => Promise<unknown> },
): Promise<void> {
  await grant({ Effect: 'Allow', Action: action, Resource: target.arn });
  await target.call();
  await denied(other.call(), other.arn, NOT_ALLOWED);
  await grant(
    { Effect: 'Allow', Action: action, Resource: '*' },
    { Effect: 'Deny', Action: action, Resource: target.arn },
  );
  await denied(target.call(), target.arn, DENIED);
  await other.call();
}

describe('Organizations resources are authorized on their exact ARNs', () => {
  test('the ARNs are the ones Organizations returns, in AWS formats', () => {
    const prefix = `arn:aws:organizations::${management}`;
    assert.equal(policies[0].arn, `${prefix}:policy/${orgId}/service_control_policy/${policies[0].id}`);
    assert.equal(handshake.arn, `${prefix}:handshake/${orgId}/invite/${handshake.id}`);
    assert.match(ous[0], new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
  });

  test('policy: UpdatePolicy', async () => {
    const update = (id: string) => () => operator.send(new UpdatePolicyCommand({ PolicyId: id, Description: 'x' }));
    await decidedOnExactArn(
      'organizations:UpdatePolicy',
      { arn: policies[0].arn, call: update(policies[0].id) },
      { arn: policies[1].arn, call: update(policies[1].id) },
    );
  });

  test('AWS-managed policy: DescribePolicy on p-FullAWSAccess', async () => {
    const describe = (id: string) => () => operator.send(new DescribePolicyCommand({ PolicyId: id }));
    await decidedOnExactArn(
      'organizations:DescribePolicy',
      {
        arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
        call: describe('p-FullAWSAccess'),
      },
      { arn: policies[1].arn, call: describe(policies[1].id) },
    );
  });

  test('account: DescribeAccount', async () => {
    const describe = (id: string) => () => operator.send(new DescribeAccountCommand({ AccountId: id }));
    await decidedOnExactArn(
      'organizations:DescribeAccount',
      { arn: `arn:aws:organizations::${management}:account/${orgId}/${member}`, call: describe(member) },
      { arn: `arn:aws:organizations::${management}:account/${orgId}/${management}`, call: describe(management) },
    );
  });

  test('organizational unit: DescribeOrganizationalUnit', async () => {
    const describe = (id: string) => () =>
      operator.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }));
    await decidedOnExactArn(
      'organizations:DescribeOrganizationalUnit',
      { arn: `arn:aws:organizations::${management}:ou/${orgId}/${ous[0]}`, call: describe(ous[0]) },
      { arn: `arn:aws:organizations::${management}:ou/${orgId}/${ous[1]}`, call: describe(ous[1]) },
    );
  });

  test('root: ListChildren and ListPoliciesForTarget', async () => {
    const rootArn = `arn:aws:organizations::${management}:root/${orgId}/${rootId}`;
    const ouArn = `arn:aws:organizations::${management}:ou/${orgId}/${ous[0]}`;
    const children = (parent: string) => () =>
      operator.send(new ListChildrenCommand({ ParentId: parent, ChildType: 'ORGANIZATIONAL_UNIT' }));
    await decidedOnExactArn(
      'organizations:ListChildren',
      { arn: rootArn, call: children(rootId) },
      { arn: ouArn, call: children(ous[0]) },
    );
    const attached = (target: string) => () =>
      operator.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }));
    await decidedOnExactArn(
      'organizations:ListPoliciesForTarget',
      { arn: rootArn, call: attached(rootId) },
      { arn: ouArn, call: attached(ous[0]) },
    );
  });

  test('handshake: DescribeHandshake', async () => {
    const describe = () => operator.send(new DescribeHandshakeCommand({ HandshakeId: handshake.id }));
    await grant({ Effect: 'Allow', Action: 'organizations:DescribeHandshake', Resource: handshake.arn });
    await describe();
    await grant(
      { Effect: 'Allow', Action: 'organizations:DescribeHandshake', Resource: '*' },
      { Effect: 'Deny', Action: 'organizations:DescribeHandshake', Resource: handshake.arn },
    );
    await denied(describe(), handshake.arn, DENIED);
    await grant({ Effect: 'Allow', Action: 'organizations:DescribeHandshake', Resource: `${handshake.arn}-other` });
    await denied(describe(), handshake.arn, NOT_ALLOWED);
  });

  test('TagResource, UntagResource and ListTagsForResource act on the resource ResourceId names', async () => {
    const actions = ['organizations:TagResource', 'organizations:UntagResource', 'organizations:ListTagsForResource'];
    const tagging = (id: string) => async () => {
      await operator.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'team', Value: 'a' }] }));
      await operator.send(new ListTagsForResourceCommand({ ResourceId: id }));
      await operator.send(new UntagResourceCommand({ ResourceId: id, TagKeys: ['team'] }));
    };
    const prefix = `arn:aws:organizations::${management}`;
    await decidedOnExactArn(
      actions,
      { arn: `${prefix}:account/${orgId}/${member}`, call: tagging(member) },
      { arn: `${prefix}:ou/${orgId}/${ous[1]}`, call: tagging(ous[1]) },
    );
    await decidedOnExactArn(
      actions,
      { arn: policies[0].arn, call: tagging(policies[0].id) },
      { arn: `${prefix}:root/${orgId}/${rootId}`, call: tagging(rootId) },
    );
  });
});
