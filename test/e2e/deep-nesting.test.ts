// Deeply nested input end to end: AWS's 400, never a 500, and every such call in the audit trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { MAX_NESTING_DEPTH } from '../../src/aws/protocols/nesting.js';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { FORM, send, signRequest, type RawResponse } from '../helpers/raw.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

/** A GetCostAndUsage body whose Filter is `nots` Not operators around one dimension (JSON depth nots + 4). */
function costBody(nots: number): string {
  const head =
    '{"TimePeriod":{"Start":"2024-01-01","End":"2024-01-02"},"Granularity":"DAILY","Metrics":["UnblendedCost"]';
  const leaf = '{"Dimensions":{"Key":"SERVICE","Values":["x"]}}';
  return `${head},"Filter":${'{"Not":'.repeat(nots)}${leaf}${'}'.repeat(nots)}}`;
}

/** A WAFv2 CreateWebACL body whose one rule's statement is `nots` NotStatements deep. */
function webAclBody(nots: number): string {
  const leaf = JSON.stringify({
    ByteMatchStatement: {
      SearchString: 'YQ==',
      FieldToMatch: { UriPath: {} },
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      PositionalConstraint: 'CONTAINS',
    },
  });
  const statement = `${'{"NotStatement":{"Statement":'.repeat(nots)}${leaf}${'}}'.repeat(nots)}`;
  const visibility = '{"SampledRequestsEnabled":false,"CloudWatchMetricsEnabled":false,"MetricName":"m"}';
  return (
    `{"Name":"a","Scope":"REGIONAL","DefaultAction":{"Allow":{}},"VisibilityConfig":${visibility},` +
    `"Rules":[{"Name":"r","Priority":0,"Action":{"Block":{}},"VisibilityConfig":${visibility},"Statement":${statement}}]}`
  );
}

describe('deeply nested input', () => {
  let w: TestWarden;
  before(async () => {
    w = await startWarden();
  });
  after(async () => {
    await w.stop();
  });

  async function call(service: string, target: string, body: string): Promise<RawResponse> {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
    return send(await signRequest(w.endpoint, { headers, body }, { service, ...w.credentials }));
  }

  /** The audit records of one request, straight from the store (the reply waited for their commit). */
  async function recordsOf(response: RawResponse): Promise<CloudTrailRecord[]> {
    const requestId = response.headers.get('x-amzn-requestid');
    assert.ok(requestId, 'the reply names its request');
    const rows = await w.warden.runtime.store.db
      .selectFrom('audit_events')
      .select('record')
      .where('record', 'like', `%"requestID":"${requestId}"%`)
      .execute();
    return rows.map((row) => JSON.parse(row.record) as CloudTrailRecord);
  }

  test('a Cost Explorer Filter with Not nested 4,500 deep: SerializationException (400) and its audit record', async () => {
    const response = await call('ce', 'AWSInsightsIndexService.GetCostAndUsage', costBody(4500));
    assert.equal(response.status, 400, response.body);
    assert.deepEqual(JSON.parse(response.body), { __type: 'SerializationException' });
    const [record, ...more] = await recordsOf(response);
    assert.ok(record, 'the call is in the trail');
    assert.equal(more.length, 0);
    assert.deepEqual(
      [record.eventSource, record.eventName, record.errorCode, record.userIdentity.type],
      ['ce.amazonaws.com', 'GetCostAndUsage', 'SerializationException', 'Root'],
    );

    const lookup = await new CloudTrailClient(w.clientConfig).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCostAndUsage' }] }),
    );
    const found = (lookup.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!) as CloudTrailRecord);
    assert.ok(found.some((r) => r.requestID === record.requestID && r.errorCode === 'SerializationException'));
  });

  test('WAFv2 CreateWebACL with statements nested 2,000 deep: SerializationException (400), not 500, and recorded', async () => {
    const response = await call('wafv2', 'AWSWAF_20190729.CreateWebACL', webAclBody(2000));
    assert.equal(response.status, 400, response.body);
    assert.deepEqual(JSON.parse(response.body), { __type: 'SerializationException' });
    const [record] = await recordsOf(response);
    assert.ok(record, 'the call is in the trail');
    assert.deepEqual(
      [record.eventSource, record.eventName, record.errorCode],
      ['wafv2.amazonaws.com', 'CreateWebACL', 'SerializationException'],
    );
  });

  test('WAFv2 statements within the bound are decoded, answered by WAF, and recorded with their parameters', async () => {
    const response = await call('wafv2', 'AWSWAF_20190729.CreateWebACL', webAclBody(10));
    assert.equal(response.status, 200, response.body);
    const [record] = await recordsOf(response);
    assert.equal(record?.errorCode, undefined);
    assert.ok(JSON.stringify(record.requestParameters).includes('notStatement'));
    // Deeper than WAF's own statement bound but within the codec's: WAF's 4xx, recorded, never a 500.
    const deeper = await call(
      'wafv2',
      'AWSWAF_20190729.CreateWebACL',
      webAclBody(100).replace('"Name":"a"', '"Name":"b"'),
    );
    assert.equal(deeper.status, 400, deeper.body);
    const [refused] = await recordsOf(deeper);
    assert.equal(refused?.errorCode, 'WAFInvalidParameterException');
  });

  // Policy documents are strings inside the request, so the codec's bound does not reach them: each service's own
  // checks must (IAM's grammar has no nesting to follow, Organizations caps a policy's size, KMS keeps the text).
  test('policy documents nested 60,000 deep: the service’s own answer, never a 500, and recorded', async () => {
    const deep = `${'['.repeat(60_000)}"x"${']'.repeat(60_000)}`;
    const policy = (extra: string) =>
      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*",${extra}}]}`;
    const iam = (params: Record<string, string>) =>
      signRequest(
        w.endpoint,
        { headers: FORM, body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString() },
        { service: 'iam', ...w.credentials },
      ).then(send);
    const calls: [string, RawResponse][] = [
      [
        'iam CreatePolicy',
        await iam({
          Action: 'CreatePolicy',
          PolicyName: 'deep',
          PolicyDocument: policy(`"Condition":{"StringEquals":{"aws:username":${deep}}}`),
        }),
      ],
      [
        'iam SimulateCustomPolicy',
        await iam({
          Action: 'SimulateCustomPolicy',
          'PolicyInputList.member.1': policy(`"Sid":${deep}`),
          'ActionNames.member.1': 'kms:Decrypt',
        }),
      ],
      [
        'kms CreateKey',
        await call('kms', 'TrentService.CreateKey', JSON.stringify({ Policy: policy(`"Extra":${deep}`) })),
      ],
    ];
    for (const [what, response] of calls) {
      assert.ok(response.status < 500, `${what}: ${response.status} ${response.body.slice(0, 200)}`);
      assert.equal((await recordsOf(response)).length, 1, `${what} is in the trail`);
    }
    assert.match(calls[0][1].body, /<Code>MalformedPolicyDocument<\/Code>/);
  });

  test('a Filter nested right up to the bound goes through the whole path and is recorded whole', async () => {
    const nots = MAX_NESTING_DEPTH - 4;
    const response = await call('ce', 'AWSInsightsIndexService.GetCostAndUsage', costBody(nots));
    assert.ok(response.status < 500, `${response.status} ${response.body.slice(0, 200)}`);
    const [record] = await recordsOf(response);
    assert.ok(record, 'the call is in the trail');
    let depth = 0;
    let node = record.requestParameters?.filter as Record<string, unknown> | undefined;
    while (node?.not) {
      node = node.not as Record<string, unknown>;
      depth++;
    }
    assert.equal(depth, nots);
    assert.deepEqual(node, { dimensions: { key: 'SERVICE', values: ['x'] } });
  });
});
