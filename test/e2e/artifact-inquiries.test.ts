// Artifact's compliance inquiries through SigV4-signed rest-json requests (the JS SDK v3 has no Artifact client):
// IAM decides a call naming an inquiry on its ARN and tags (aws:ResourceTag), and the trail keeps the inquiry's
// content out as the model marks it sensitive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { send, signRequest } from '../helpers/raw.js';
import { waitFor } from '../helpers/wait.js';

type Credentials = { accessKeyId: string; secretAccessKey: string };
let w: TestWarden;
let auditor: Credentials;

async function artifact(
  method: string,
  path: string,
  opts: { query?: Record<string, string>; body?: object; credentials?: Credentials } = {},
): Promise<{ status: number; json: Record<string, any> }> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const signed = await signRequest(
    w.endpoint,
    {
      method,
      path,
      query: opts.query ?? {},
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
    },
    { service: 'artifact', ...(opts.credentials ?? w.credentials) },
  );
  const res = await send(signed);
  return { status: res.status, json: res.body ? (JSON.parse(res.body) as Record<string, any>) : {} };
}

const create = async (name: string, tags?: Record<string, string>) => {
  const r = await artifact('POST', '/v1/compliance-inquiry/create', {
    body: { name, inquiryContent: { query: 'Secret question about the root user MFA' }, ...(tags ? { tags } : {}) },
  });
  assert.equal(r.status, 202, JSON.stringify(r.json));
  return r.json.complianceInquirySummary as { id: string; arn: string };
};

before(async () => {
  w = await startWarden();
  const iam = new IAMClient(w.clientConfig);
  await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'auditor',
      PolicyName: 'audit-team-inquiries',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['artifact:GetComplianceInquiryMetadata', 'artifact:ListTagsForResource'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:ResourceTag/team': 'audit' } },
          },
          {
            Effect: 'Allow',
            Action: 'artifact:UntagResource',
            Resource: '*',
            Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['scratch'] } },
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
  auditor = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
after(async () => {
  await w?.stop();
});

test('aws:ResourceTag decides a call naming an inquiry: the tagged one is read, the other denied', async () => {
  const tagged = await create('Tagged', { team: 'audit' });
  const other = await create('Untagged');
  const allowed = await waitFor(
    async () => {
      const r = await artifact('GET', '/v1/compliance-inquiry/getMetadata', {
        query: { complianceInquiryId: tagged.id },
        credentials: auditor,
      });
      return r.status === 200 ? r : undefined;
    },
    { what: 'the tagged inquiry readable by the auditor' },
  );
  assert.equal(allowed.json.complianceInquiryDetail.arn, tagged.arn);
  const tags = await artifact('GET', `/tags/${encodeURIComponent(tagged.arn)}`, { credentials: auditor });
  assert.deepEqual(tags.json, { tags: { team: 'audit' } });

  const denied = await artifact('GET', '/v1/compliance-inquiry/getMetadata', {
    query: { complianceInquiryId: other.id },
    credentials: auditor,
  });
  assert.equal(denied.status, 403);
  assert.match(String(denied.json.message ?? denied.json.Message), new RegExp(`on resource: ${other.arn}`));
  const creating = await artifact('POST', '/v1/compliance-inquiry/create', {
    body: { name: 'x', inquiryContent: { query: 'q' } },
    credentials: auditor,
  });
  assert.equal(creating.status, 403);
});

test('aws:TagKeys decides UntagResource from the tagKeys it is sent: scratch removed, team refused', async () => {
  const made = await create('Untag check', { team: 'audit', scratch: 'x' });
  const untag = (key: string) =>
    artifact('DELETE', `/tags/${encodeURIComponent(made.arn)}`, { query: { tagKeys: key }, credentials: auditor });
  const refused = await untag('team');
  assert.equal(refused.status, 403);
  assert.match(String(refused.json.message ?? refused.json.Message), /artifact:UntagResource/);
  assert.equal((await untag('scratch')).status, 204);
  const left = await artifact('GET', `/tags/${encodeURIComponent(made.arn)}`);
  assert.deepEqual(left.json, { tags: { team: 'audit' } });
});

test("the trail records the inquiry's creation with its sensitive request members hidden", async () => {
  const made = await create('Trail check');
  const ct = new CloudTrailClient(w.clientConfig);
  const event = await waitFor(
    async () =>
      (
        await ct.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: made.arn }],
          }),
        )
      ).Events?.[0],
    { what: 'the CreateComplianceInquiry record' },
  );
  assert.equal(event.EventName, 'CreateComplianceInquiry');
  assert.doesNotMatch(event.CloudTrailEvent!, /Secret question/);
  // The model marks the request's name and content sensitive (not the summary's name, a plain String).
  assert.deepEqual(JSON.parse(event.CloudTrailEvent!).requestParameters, {
    name: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    inquiryContent: 'HIDDEN_DUE_TO_SECURITY_REASONS',
  });
});
