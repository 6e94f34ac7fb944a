// Artifact's agreements end to end: accepted and terminated with `warden artifact agreements` against the server's
// data directory, listed by ListCustomerAgreements (signed rest-json) for the accepting account, for members of an
// organization whose management account accepted, and for no one else; each change an AwsServiceEvent in the trail.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AcceptHandshakeCommand,
  CreateOrganizationCommand,
  InviteAccountToOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { runAgreements } from '../../src/cli-artifact-agreements.js';
import { send, signRequest } from '../helpers/raw.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const FIRST = '123456789012';
const MEMBER = '210987654399';
const OUTSIDER = '210987654388';
const BAA = 'agreement-WardenBAA0001';
const NDA = 'agreement-WardenNDA0001';

type Keys = { accessKeyId: string; secretAccessKey: string };
let w: TestWarden;
let member: Keys;
let outsider: Keys;

async function list(keys: Keys, query: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const signed = await signRequest(
    w.endpoint,
    { method: 'GET', path: '/v1/customer-agreement/list', query, headers: {} },
    { service: 'artifact', ...keys },
  );
  const res = await send(signed);
  return { status: res.status, json: res.body ? JSON.parse(res.body) : {} };
}

const cli = (action: string, opts: Record<string, unknown>) =>
  runAgreements(action, { dataDir: w.dataDir, ...opts }, {});

before(async () => {
  w = await startWarden();
  const m = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'artifact-member@example.com',
    accountId: MEMBER,
  });
  member = { accessKeyId: m.accessKeyId, secretAccessKey: m.secretAccessKey };
  const o = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'artifact-outsider@example.com',
    accountId: OUTSIDER,
  });
  outsider = { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey };
  const org = new OrganizationsClient(w.clientConfig);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const handshake = (
    await org.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: MEMBER } }))
  ).Handshake!;
  await new OrganizationsClient({ ...w.clientConfig, credentials: member }).send(
    new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }),
  );
});
after(async () => {
  await w?.stop();
});

test("the catalogue lists Warden's own agreements", async () => {
  const text = await runAgreements('list', {}, process.env);
  assert.match(text, new RegExp(`${BAA}  Warden Business Associate Addendum`));
  assert.match(text, new RegExp(`${NDA}  Warden Non-Disclosure Agreement`));
});

test('accepted by one account, listed for it alone; accepted for the organization, listed for its member', async () => {
  assert.deepEqual((await list(w.credentials)).json, { customerAgreements: [] });

  assert.match(await cli('accept', { agreement: NDA, accountId: FIRST }), /^Accepted: customer-agreement-/);
  const own = (await list(w.credentials)).json.customerAgreements as any[];
  assert.equal(own.length, 1);
  assert.equal(own[0].agreementArn, `arn:aws:artifact:::agreement/${NDA}`);
  assert.equal(own[0].awsAccountId, FIRST);
  assert.equal(own[0].state, 'ACTIVE');
  assert.equal(own[0].type, 'DEFAULT');
  assert.equal(own[0].organizationArn, undefined);
  assert.equal(own[0].effectiveEnd, undefined);
  assert.match(own[0].effectiveStart, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  assert.match(own[0].arn, new RegExp(`^arn:aws:artifact::${FIRST}:customer-agreement/${own[0].id}$`));
  assert.ok((own[0].acceptanceTerms as string[]).length > 0);
  // The account's own acceptance is its own: a member of its organization does not have it.
  assert.deepEqual((await list(member)).json, { customerAgreements: [] });
  assert.deepEqual((await list(outsider)).json, { customerAgreements: [] });
  await assert.rejects(cli('accept', { agreement: NDA, accountId: FIRST }), /already accepted/);

  // The member is no management account: it cannot accept for the organization.
  await assert.rejects(
    cli('accept', { agreement: BAA, accountId: MEMBER, organization: true }),
    /not the management account/,
  );
  await cli('accept', { agreement: BAA, accountId: FIRST, organization: true });
  const forMember = (await list(member)).json.customerAgreements as any[];
  assert.equal(forMember.length, 1);
  assert.equal(forMember[0].name, 'Warden Business Associate Addendum');
  assert.equal(forMember[0].awsAccountId, FIRST);
  assert.match(forMember[0].organizationArn, new RegExp(`^arn:aws:organizations::${FIRST}:organization/o-`));
  assert.equal((await list(w.credentials)).json.customerAgreements.length, 2);
  assert.deepEqual((await list(outsider)).json, { customerAgreements: [] });

  // Pages of one, through sealed tokens; a token is the caller's own.
  const first = await list(w.credentials, { maxResults: '1' });
  assert.equal(first.json.customerAgreements.length, 1);
  assert.equal(typeof first.json.nextToken, 'string');
  const second = await list(w.credentials, { maxResults: '1', nextToken: first.json.nextToken });
  assert.equal(second.json.customerAgreements.length, 1);
  assert.notEqual(second.json.customerAgreements[0].id, first.json.customerAgreements[0].id);
  assert.equal(second.json.nextToken, undefined);
  const stolen = await list(member, { maxResults: '1', nextToken: first.json.nextToken });
  assert.equal(stolen.status, 400);
  assert.equal(stolen.json.reason, 'invalidToken');
});

test('termination ends the agreement for the organization, and the trail records each change', async () => {
  assert.match(await cli('terminate', { agreement: BAA, accountId: FIRST, organization: true }), /^Terminated: /);
  const forMember = (await list(member)).json.customerAgreements as any[];
  assert.equal(forMember.length, 1);
  assert.equal(forMember[0].state, 'CUSTOMER_TERMINATED');
  assert.ok(Date.parse(forMember[0].effectiveEnd) >= Date.parse(forMember[0].effectiveStart));
  await assert.rejects(cli('terminate', { agreement: BAA, accountId: FIRST, organization: true }), /not accepted/);
  // Accepted again after termination: a new acceptance beside the terminated one.
  await cli('accept', { agreement: BAA, accountId: FIRST, organization: true });
  const states = ((await list(member)).json.customerAgreements as any[]).map((a) => a.state);
  assert.deepEqual(states, ['CUSTOMER_TERMINATED', 'ACTIVE']);

  const trail = new CloudTrailClient(w.clientConfig);
  const events = async (name: string) =>
    (
      await trail.send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }),
      )
    ).Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
  const accepts = await events('AcceptAgreement');
  assert.equal(accepts.length, 3);
  for (const r of accepts) {
    assert.equal(r.eventType, 'AwsServiceEvent');
    assert.equal(r.eventSource, 'artifact.amazonaws.com');
    assert.equal(r.recipientAccountId, FIRST);
  }
  assert.deepEqual(accepts.map((r) => r.serviceEventDetails.scope).sort(), ['ACCOUNT', 'ORGANIZATION', 'ORGANIZATION']);
  const terminations = await events('TerminateAgreement');
  assert.equal(terminations.length, 1);
  assert.equal(terminations[0].serviceEventDetails.agreementId, BAA);
  assert.match(terminations[0].serviceEventDetails.organizationId, /^o-/);
  assert.equal(terminations[0].resources[0].type, 'AWS::Artifact::CustomerAgreement');
});
