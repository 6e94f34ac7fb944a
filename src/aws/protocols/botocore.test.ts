// Cross-checks decoding against botocore's own serializers (skipped when python3 with botocore is absent, failed
// instead under CI=true).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HttpRequest } from '../http.js';
import { loadModel, type ModelName } from '../model.js';
import { routeRequest } from '../router.js';
import { codecFor } from './codec.js';
import { AwsError } from '../error.js';
import { requiredInCi } from '../../../test/helpers/ci.js';

const botocoreMissing = requiredInCi(
  spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0
    ? false
    : 'python3 with botocore is not installed',
);

const MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

/** Serializes each case with botocore's serializer for the model's protocol, over Warden's vendored model. */
const SERIALIZE = String.raw`
import base64, datetime, json, sys, urllib.parse
from botocore import serialize
from botocore.model import ServiceModel

def revive(value):
    if isinstance(value, dict):
        if set(value) == {'$date'}:
            return datetime.datetime.fromisoformat(value['$date'].replace('Z', '+00:00'))
        if set(value) == {'$bytes'}:
            return base64.b64decode(value['$bytes'])
        return {k: revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [revive(v) for v in value]
    return value

models_dir, cases = sys.argv[1], json.load(sys.stdin)
out = []
for case in cases:
    with open(models_dir + case['service'] + '.json') as f:
        model = ServiceModel(json.load(f), case['service'])
    operation = model.operation_model(case['operation'])
    request = serialize.create_serializer(model.metadata['protocol']).serialize_to_request(revive(case['params']), operation)
    body = request['body']
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body)
    elif isinstance(body, bytes):
        body = body.decode('utf-8')
    out.append({'method': request['method'], 'path': request['url_path'], 'query': request['query_string'],
                'headers': dict(request['headers']), 'body': body or ''})
print(json.dumps(out))
`;

interface Case {
  service: ModelName;
  operation: string;
  params: Record<string, unknown>;
}

const date = (iso: string) => ({ $date: iso });
const bytes = (text: string) => ({ $bytes: Buffer.from(text).toString('base64') });

const CASES: Case[] = [
  {
    service: 'iam',
    operation: 'CreateUser',
    params: {
      UserName: 'alice',
      Path: '/a/',
      Tags: [
        { Key: 'k1', Value: 'v 1' },
        { Key: 'k2', Value: '' },
      ],
    },
  },
  { service: 'iam', operation: 'ListUsers', params: { MaxItems: 7, Marker: 'm+/=' } },
  {
    service: 'iam',
    operation: 'PutUserPolicy',
    params: { UserName: 'alice', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' },
  },
  {
    service: 'sts',
    operation: 'AssumeRole',
    params: {
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      RoleSessionName: 'session',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [{ Key: 'a', Value: 'b' }],
      TransitiveTagKeys: ['a'],
      DurationSeconds: 900,
    },
  },
  {
    service: 'kms',
    operation: 'Encrypt',
    params: { KeyId: 'alias/x', Plaintext: bytes('secret'), EncryptionContext: { a: 'b', c: 'd' } },
  },
  {
    service: 'kms',
    operation: 'CreateKey',
    params: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Tags: [{ TagKey: 't', TagValue: 'v' }], MultiRegion: true },
  },
  {
    service: 'cloudtrail',
    operation: 'LookupEvents',
    params: {
      StartTime: date('2026-01-02T03:04:05Z') /* botocore sends whole seconds */,
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }],
    },
  },
  {
    service: 'organizations',
    operation: 'CreateAccount',
    params: { Email: 'a@example.com', AccountName: 'dev', Tags: [{ Key: 'k', Value: 'v' }] },
  },
  {
    service: 'wafv2',
    operation: 'CreateIPSet',
    params: { Name: 'block', Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['10.0.0.0/8', '192.0.2.1/32'] },
  },
  {
    service: 'ce',
    operation: 'GetCostAndUsage',
    params: {
      TimePeriod: { Start: '2026-01-01', End: '2026-02-01' },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      Filter: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } },
    },
  },
  {
    service: 'shield',
    operation: 'CreateProtection',
    params: { Name: 'p', ResourceArn: 'arn:aws:ec2:us-east-1:1:eip-allocation/e' },
  },
  {
    service: 'guardduty',
    operation: 'GetFindings',
    params: {
      DetectorId: 'det-1',
      FindingIds: ['f1', 'f2'],
      SortCriteria: { AttributeName: 'severity', OrderBy: 'ASC' },
    },
  },
  { service: 'guardduty', operation: 'ListDetectors', params: { MaxResults: 10, NextToken: 'next' } },
  {
    service: 'inspector2',
    operation: 'UntagResource',
    params: { resourceArn: 'arn:aws:inspector2:us-east-1:1:owner/1/filter/f', tagKeys: ['a', 'b'] },
  },
  {
    service: 'route53',
    operation: 'CreateHealthCheck',
    params: {
      CallerReference: 'ref <&> 1',
      HealthCheckConfig: {
        IPAddress: '127.0.0.1',
        Port: 8080,
        Type: 'HTTP_STR_MATCH',
        ResourcePath: '/health?x=1&y=2',
        SearchString: 'ok',
        RequestInterval: 10,
        FailureThreshold: 2,
        Inverted: false,
        Disabled: true,
        Regions: ['us-east-1', 'eu-west-1', 'sa-east-1'],
        ChildHealthChecks: [],
      },
    },
  },
  {
    service: 'route53',
    operation: 'UpdateHealthCheck',
    params: { HealthCheckId: 'abc-123', HealthCheckVersion: 3, FailureThreshold: 5, ResetElements: ['ResourcePath'] },
  },
  { service: 'route53', operation: 'ListHealthChecks', params: { Marker: 'm/1', MaxItems: '2' } },
  { service: 'route53', operation: 'GetHealthCheckStatus', params: { HealthCheckId: 'abc-123' } },
  {
    service: 'route53',
    operation: 'ChangeTagsForResource',
    params: {
      ResourceType: 'healthcheck',
      ResourceId: 'abc-123',
      AddTags: [
        { Key: 'Name', Value: 'web' },
        { Key: 'empty', Value: '' },
      ],
      RemoveTagKeys: ['old'],
    },
  },
  {
    service: 'route53',
    operation: 'ListResourceRecordSets',
    params: { HostedZoneId: 'Z1', StartRecordName: 'a.example.com.', StartRecordType: 'A', MaxItems: '5' },
  },
  {
    service: 'route53',
    operation: 'ChangeResourceRecordSets',
    params: {
      HostedZoneId: 'Z1',
      ChangeBatch: {
        Comment: 'c',
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: {
              Name: 'a.example.com.',
              Type: 'A',
              TTL: 60,
              ResourceRecords: [{ Value: '192.0.2.1' }],
            },
          },
        ],
      },
    },
  },
];

/** Botocore's own case data, revived the way the Python side revives it. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('$date' in record) return new Date(String(record.$date));
    if ('$bytes' in record) return Buffer.from(String(record.$bytes), 'base64');
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

interface BotocoreRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string;
}

function toRequest(r: BotocoreRequest): HttpRequest {
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (r.body && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  return {
    method: r.method,
    path: r.path.split('?')[0],
    query: r.query,
    rawQuery: new URLSearchParams(
      Object.entries(r.query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])),
    ).toString(),
    headers,
    body: Buffer.from(r.body, 'utf8'),
  };
}

describe('decoding what botocore serializes', { skip: botocoreMissing }, () => {
  test('every case decodes to exactly the parameters botocore was given', () => {
    const run = spawnSync('python3', ['-c', SERIALIZE, MODELS_DIR], { input: JSON.stringify(CASES), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const requests = JSON.parse(run.stdout) as BotocoreRequest[];
    CASES.forEach((c, i) => {
      const req = toRequest(requests[i]);
      const model = loadModel(c.service);
      const route = routeRequest(req, model.metadata.signingName ?? model.metadata.endpointPrefix);
      assert.equal(route?.operation, c.operation, `${c.service} ${c.operation} routes`);
      const input = codecFor(model).decodeInput(model, c.operation, req, route?.pathParams);
      assert.deepEqual(input, revive(c.params), `${c.service} ${c.operation}`);
    });
  });
});

/** Parses each rest-xml answer with botocore's own parser for the operation's output shape. */
const PARSE = String.raw`
import json, sys
from botocore import parsers
from botocore.model import ServiceModel

models_dir, answers = sys.argv[1], json.load(sys.stdin)
out = []
for a in answers:
    with open(models_dir + a['service'] + '.json') as f:
        model = ServiceModel(json.load(f), a['service'])
    operation = model.operation_model(a['operation'])
    parsed = parsers.create_parser(model.metadata['protocol']).parse(
        {'status_code': a['status'], 'headers': a['headers'], 'body': a['body'].encode('utf-8')}, operation.output_shape)
    parsed.pop('ResponseMetadata', None)
    out.append(parsed)
print(json.dumps(out, default=str))
`;

describe('botocore reading what the rest-xml codec answers', { skip: botocoreMissing }, () => {
  test('outputs and Route 53 errors parse to what the handler returned', () => {
    const model = loadModel('route53');
    const codec = codecFor(model);
    const healthCheck = {
      Id: 'hc-1',
      CallerReference: 'r & 1',
      HealthCheckConfig: { IPAddress: '127.0.0.1', Port: 80, Type: 'HTTP', RequestInterval: 30, FailureThreshold: 3 },
      HealthCheckVersion: 2,
    };
    const answers = [
      {
        operation: 'GetHealthCheck',
        res: codec.encodeOutput(model, 'GetHealthCheck', { HealthCheck: healthCheck }, 'r1'),
      },
      {
        operation: 'ListHealthChecks',
        res: codec.encodeOutput(
          model,
          'ListHealthChecks',
          {
            HealthChecks: [healthCheck, healthCheck],
            Marker: '',
            IsTruncated: true,
            NextMarker: 'hc-2',
            MaxItems: '2',
          },
          'r2',
        ),
      },
      {
        operation: 'GetHealthCheckStatus',
        res: codec.encodeOutput(
          model,
          'GetHealthCheckStatus',
          {
            HealthCheckObservations: [
              {
                Region: 'us-east-1',
                IPAddress: '127.0.0.1',
                StatusReport: {
                  Status: 'Success: HTTP Status Code 200, OK',
                  CheckedTime: new Date('2026-01-02T03:04:05.5Z'),
                },
              },
            ],
          },
          'r3',
        ),
      },
      {
        operation: 'GetHealthCheck',
        res: codec.encodeError(
          model,
          new AwsError('NoSuchHealthCheck', 'No health check exists with the ID hc-9'),
          'r4',
        ),
      },
    ].map(({ operation, res }) => ({
      service: 'route53',
      operation,
      status: res.status,
      headers: res.headers,
      body: String(res.body),
    }));
    const run = spawnSync('python3', ['-c', PARSE, MODELS_DIR], { input: JSON.stringify(answers), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>[];
    assert.deepEqual(parsed[0], { HealthCheck: healthCheck });
    assert.deepEqual(parsed[1], {
      HealthChecks: [healthCheck, healthCheck],
      Marker: '',
      IsTruncated: true,
      NextMarker: 'hc-2',
      MaxItems: '2',
    });
    assert.deepEqual(parsed[2], {
      HealthCheckObservations: [
        {
          Region: 'us-east-1',
          IPAddress: '127.0.0.1',
          StatusReport: {
            Status: 'Success: HTTP Status Code 200, OK',
            CheckedTime: '2026-01-02 03:04:05.500000+00:00',
          },
        },
      ],
    });
    assert.deepEqual(parsed[3], {
      Error: { Type: 'Sender', Code: 'NoSuchHealthCheck', Message: 'No health check exists with the ID hc-9' },
    });
  });
});
