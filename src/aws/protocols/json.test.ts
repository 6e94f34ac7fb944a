// Tests for the awsJson protocols against the real AWS SDK v3 KMS, CloudTrail and Organizations clients.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateRandomCommand,
  KMSClient,
  KMSServiceException,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { ConstraintViolationException, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AwsError } from '../error.js';
import type { HttpRequest } from '../http.js';
import { loadModel, type ServiceModel } from '../model.js';
import { routeRequest, unknownOperationError } from '../router.js';
import { codecFor } from './codec.js';
import {
  CaptureHandler,
  captureRequest,
  clientConfig,
  sdkParse,
  signingServiceOf,
} from '../../../test/helpers/sdk-harness.js';

const kmsModel = loadModel('kms');
const kmsCodec = codecFor(kmsModel);

function newKms() {
  const handler = new CaptureHandler();
  return { handler, client: new KMSClient(clientConfig(handler)) };
}

async function decodeSent(client: KMSClient | CloudTrailClient, handler: CaptureHandler, command: unknown) {
  const req = await captureRequest(client, handler, command);
  const route = routeRequest(req, signingServiceOf(req));
  assert.ok(route?.operation, 'the request routes to an operation');
  const model = loadModel(route.service);
  return { req, route, input: codecFor(model).decodeInput(model, route.operation, req) };
}

function kmsRequest(operation: string, body: string): HttpRequest {
  return {
    method: 'POST',
    path: '/',
    query: {},
    rawQuery: '',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` },
    body: Buffer.from(body),
  };
}

function rejection(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AwsError, `expected an AwsError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an AwsError');
}

describe('json protocol: decoding what the SDK sends', () => {
  test('KMS Encrypt: a map and a blob', async () => {
    const { client, handler } = newKms();
    const { req, route, input } = await decodeSent(
      client,
      handler,
      new EncryptCommand({
        KeyId: 'alias/app',
        Plaintext: Buffer.from('attack at dawn'),
        EncryptionContext: { purpose: 'test', 'aws:kms:odd key': 'v' },
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      }),
    );
    assert.equal(req.headers['x-amz-target'], 'TrentService.Encrypt');
    assert.deepEqual(route, { service: 'kms', operation: 'Encrypt', requestedName: 'Encrypt' });
    assert.deepEqual(input, {
      KeyId: 'alias/app',
      Plaintext: Buffer.from('attack at dawn'),
      EncryptionContext: { purpose: 'test', 'aws:kms:odd key': 'v' },
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    });
  });

  test('KMS CreateKey: a Tags list, enums and booleans', async () => {
    const { client, handler } = newKms();
    const sent = {
      Description: 'signing key',
      KeyUsage: 'SIGN_VERIFY' as const,
      KeySpec: 'ECC_NIST_P256' as const,
      MultiRegion: false,
      Tags: [
        { TagKey: 'team', TagValue: 'blue' },
        { TagKey: 'env', TagValue: 'prod' },
      ],
    };
    const { input } = await decodeSent(client, handler, new CreateKeyCommand(sent));
    assert.deepEqual(input, sent);
  });

  test('CloudTrail LookupEvents: timestamps as epoch seconds, fractions kept to the millisecond', async () => {
    const handler = new CaptureHandler();
    const client = new CloudTrailClient(clientConfig(handler));
    const sent = {
      StartTime: new Date('2026-01-02T03:04:05.678Z'),
      EndTime: new Date('2026-01-03T00:00:00Z'),
      LookupAttributes: [{ AttributeKey: 'EventName' as const, AttributeValue: 'CreateUser' }],
      MaxResults: 50,
    };
    const { req, route, input } = await decodeSent(client, handler, new LookupEventsCommand(sent));
    assert.match(req.body.toString(), /"StartTime":1767323045\.678/);
    assert.equal(route.service, 'cloudtrail');
    assert.deepEqual(input, sent);
  });

  test('an empty body is {}; members the model does not have are ignored', () => {
    assert.deepEqual(kmsCodec.decodeInput(kmsModel, 'ListKeys', kmsRequest('ListKeys', '')), {});
    assert.deepEqual(
      kmsCodec.decodeInput(kmsModel, 'ListKeys', kmsRequest('ListKeys', '{"Limit":5,"Bogus":{"a":1}}')),
      {
        Limit: 5,
      },
    );
  });
});

describe('json protocol: rejecting bad input as AWS does', () => {
  test('GenerateRandom NumberOfBytes 1025 → the exact ValidationException, which the SDK reads back', async () => {
    const { client, handler } = newKms();
    const req = await captureRequest(client, handler, new GenerateRandomCommand({ NumberOfBytes: 1025 }));
    const err = rejection(() => kmsCodec.decodeInput(kmsModel, 'GenerateRandom', req));
    const expected =
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024";
    assert.equal(err.code, 'ValidationException');
    assert.equal(err.message, expected);
    const parsed = await sdkParse(
      client,
      handler,
      new GenerateRandomCommand({}),
      kmsCodec.encodeError(kmsModel, err, 'r-1'),
    ).catch((e: unknown) => e);
    assert.ok(parsed instanceof KMSServiceException);
    assert.equal(parsed.name, 'ValidationException');
    assert.equal(parsed.message, expected);
    assert.equal(parsed.$metadata.httpStatusCode, 400);
  });

  test('malformed JSON is a SerializationException (400), never a crash', async () => {
    const err = rejection(() => kmsCodec.decodeInput(kmsModel, 'Encrypt', kmsRequest('Encrypt', '{"KeyId": "k",')));
    assert.equal(err.code, 'SerializationException');
    assert.equal(err.httpStatus, 400);
    const response = kmsCodec.encodeError(kmsModel, err, 'r-2');
    assert.deepEqual(JSON.parse(String(response.body)), { __type: 'SerializationException' });
    const { client, handler } = newKms();
    const parsed = await sdkParse(
      client,
      handler,
      new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.from('x') }),
      response,
    ).catch((e: unknown) => e);
    assert.ok(parsed instanceof KMSServiceException);
    assert.equal(parsed.name, 'SerializationException');
  });

  test('values of the wrong JSON type get the JSON parser’s wording', () => {
    const cases: [string, string, string][] = [
      ['DescribeKey', '{"KeyId": 5}', 'NUMBER_VALUE cannot be converted to String'],
      ['DescribeKey', '{"KeyId": 5.5}', 'DECIMAL_VALUE cannot be converted to String'],
      ['DescribeKey', '{"KeyId": true}', 'TRUE_VALUE cannot be converted to String'],
      ['DescribeKey', '{"KeyId": {}}', 'Start of structure or map found where not expected'],
      ['DescribeKey', '{"KeyId": []}', 'Unrecognized collection type class java.lang.String'],
      ['GenerateRandom', '{"NumberOfBytes": "10"}', 'STRING_VALUE cannot be converted to Integer'],
      [
        'Encrypt',
        '{"KeyId": "k", "Plaintext": "abc"}',
        'Base64 encoded length is expected a multiple of 4 bytes but found: 3',
      ],
      ['Encrypt', '{"KeyId": "k", "Plaintext": 12}', 'only base-64-encoded strings are convertible to bytes'],
      [
        'Encrypt',
        '{"KeyId": "k", "Plaintext": "YQ==", "EncryptionContext": []}',
        'Start of list found where not expected',
      ],
      ['CreateKey', '{"Tags": {}}', 'Start of structure or map found where not expected'],
      ['CreateKey', '{"Tags": "x"}', 'Unexpected field type'],
      ['CreateKey', '{"MultiRegion": "yes"}', 'Unexpected token received from parser'],
      ['ListKeys', '[]', 'Start of list found where not expected'],
    ];
    for (const [operation, body, message] of cases) {
      const err = rejection(() => kmsCodec.decodeInput(kmsModel, operation, kmsRequest(operation, body)));
      assert.deepEqual([err.code, err.message, err.httpStatus], ['SerializationException', message, 400], body);
    }
  });

  test('an unknown X-Amz-Target operation → UnknownOperationException with no message', async () => {
    const req = kmsRequest('DescribeUnicorns', '{}');
    assert.deepEqual(routeRequest(req, 'kms'), {
      service: 'kms',
      operation: undefined,
      requestedName: 'DescribeUnicorns',
    });
    const err = unknownOperationError(kmsModel, 'DescribeUnicorns');
    const response = kmsCodec.encodeError(kmsModel, err, 'r-3');
    assert.equal(response.status, 400);
    assert.deepEqual(JSON.parse(String(response.body)), { __type: 'UnknownOperationException' });
    assert.equal(response.headers['x-amzn-errortype'], 'UnknownOperationException');
    const { client, handler } = newKms();
    const parsed = await sdkParse(client, handler, new DescribeKeyCommand({ KeyId: 'k' }), response).catch(
      (e: unknown) => e,
    );
    assert.ok(parsed instanceof KMSServiceException);
    assert.equal(parsed.name, 'UnknownOperationException');
  });
});

describe('json protocol: responses the SDK parses', () => {
  test('KMS Encrypt: the blob travels as base64', async () => {
    const { client, handler } = newKms();
    const output = {
      CiphertextBlob: Buffer.from([0, 1, 2, 250, 251]),
      KeyId: 'arn:aws:kms:us-east-1:1:key/k',
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
    const response = kmsCodec.encodeOutput(kmsModel, 'Encrypt', output, 'r-4');
    assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1');
    assert.equal(response.headers['x-amzn-requestid'], 'r-4');
    assert.equal(JSON.parse(String(response.body)).CiphertextBlob, 'AAEC+vs=');
    const parsed = await sdkParse(
      client,
      handler,
      new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.from('x') }),
      response,
    );
    assert.deepEqual(Buffer.from(parsed.CiphertextBlob as Uint8Array), output.CiphertextBlob);
    assert.equal(parsed.KeyId, output.KeyId);
  });

  test('KMS DescribeKey: nested structures, epoch-second timestamps; null and unknown members are dropped', async () => {
    const { client, handler } = newKms();
    const metadata = {
      KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      Arn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      CreationDate: new Date('2026-11-28T01:02:03.456Z'),
      Enabled: true,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    };
    const response = kmsCodec.encodeOutput(
      kmsModel,
      'DescribeKey',
      { KeyMetadata: { ...metadata, DeletionDate: null, Description: undefined, InternalOnly: 'secret' } },
      'r-5',
    );
    const wire = JSON.parse(String(response.body));
    assert.equal(wire.KeyMetadata.CreationDate, 1795827723.456);
    assert.ok(!('DeletionDate' in wire.KeyMetadata) && !('InternalOnly' in wire.KeyMetadata));
    const parsed = await sdkParse(client, handler, new DescribeKeyCommand({ KeyId: 'k' }), response);
    assert.deepEqual(parsed.KeyMetadata, metadata);
  });

  test('CloudTrail LookupEvents output', async () => {
    const handler = new CaptureHandler();
    const client = new CloudTrailClient(clientConfig(handler));
    const model = loadModel('cloudtrail');
    const events = [
      {
        EventId: 'e-1',
        EventName: 'CreateUser',
        ReadOnly: 'false',
        EventTime: new Date('2026-01-02T03:04:05Z'),
        EventSource: 'iam.amazonaws.com',
        Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'alice' }],
        CloudTrailEvent: '{"eventVersion":"1.08"}',
      },
    ];
    const parsed = (await sdkParse(
      client,
      handler,
      new LookupEventsCommand({}),
      codecFor(model).encodeOutput(model, 'LookupEvents', { Events: events, NextToken: 't' }, 'r-6'),
    )) as unknown as LookupEventsCommandOutput;
    assert.deepEqual(parsed.Events, events);
    assert.equal(parsed.NextToken, 't');
  });
});

describe('json protocol: errors the SDK parses', () => {
  test('a modelled KMS error: __type, message, header, and the model’s class', async () => {
    const err = new AwsError('NotFoundException', "Key 'arn:aws:kms:us-east-1:1:key/k' does not exist");
    const response = kmsCodec.encodeError(kmsModel, err, 'r-7');
    assert.equal(response.status, 400);
    assert.deepEqual(JSON.parse(String(response.body)), { __type: 'NotFoundException', message: err.message });
    const { client, handler } = newKms();
    const parsed = await sdkParse(client, handler, new DescribeKeyCommand({ KeyId: 'k' }), response).catch(
      (e: unknown) => e,
    );
    assert.ok(parsed instanceof NotFoundException);
    assert.equal(parsed.message, err.message);
    assert.equal(parsed.$metadata.httpStatusCode, 400);
  });

  test('the message member keeps the shape’s casing (Organizations: Message) and fields are rendered', async () => {
    const model = loadModel('organizations');
    const err = new AwsError('ConstraintViolationException', 'Too many accounts.', {
      fields: { Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED' },
    });
    const response = codecFor(model).encodeError(model, err, 'r-8');
    assert.deepEqual(JSON.parse(String(response.body)), {
      __type: 'ConstraintViolationException',
      Message: 'Too many accounts.',
      Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED',
    });
    const handler = new CaptureHandler();
    const client = new OrganizationsClient(clientConfig(handler));
    const parsed = await sdkParse(client, handler, new ListAccountsCommand({}), response).catch((e: unknown) => e);
    assert.ok(parsed instanceof ConstraintViolationException);
    assert.equal(parsed.message, 'Too many accounts.');
    assert.equal(parsed.Reason, 'ACCOUNT_NUMBER_LIMIT_EXCEEDED');
  });

  test('JSON 1.0 and awsQueryCompatible models are honoured', () => {
    const model: ServiceModel = {
      ...kmsModel,
      metadata: { ...kmsModel.metadata, jsonVersion: '1.0', awsQueryCompatible: {} },
    };
    const codec = codecFor(model);
    const ok = codec.encodeOutput(model, 'ListKeys', { Keys: [] }, 'r-9');
    assert.equal(ok.headers['content-type'], 'application/x-amz-json-1.0');
    const failed = codec.encodeError(model, new AwsError('DisabledException', 'off'), 'r-10');
    assert.equal(failed.headers['content-type'], 'application/x-amz-json-1.0');
    assert.equal(failed.headers['x-amzn-query-error'], 'DisabledException;Sender');
  });
});
