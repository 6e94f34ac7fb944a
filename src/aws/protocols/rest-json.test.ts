// Tests for the rest-json protocol and its routing against the real AWS SDK v3 GuardDuty, Inspector2 and Artifact clients.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestException,
  CreateDetectorCommand,
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import {
  GetEncryptionKeyCommand,
  Inspector2Client,
  ListFindingsCommand as ListInspectorFindingsCommand,
  ThrottlingException,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-inspector2';
import { AwsError } from '../error.js';
import { loadModel } from '../model.js';
import { routeRequest, unknownOperationError } from '../router.js';
import { codecFor } from './codec.js';
import {
  CaptureHandler,
  captureRequest,
  clientConfig,
  sdkParse,
  signingServiceOf,
} from '../../../test/helpers/sdk-harness.js';

const guardduty = loadModel('guardduty');
const inspector2 = loadModel('inspector2');
const codec = codecFor(guardduty);

type Client = GuardDutyClient | Inspector2Client;

function newGuardDuty() {
  const handler = new CaptureHandler();
  return { handler, client: new GuardDutyClient(clientConfig(handler)) };
}

function newInspector() {
  const handler = new CaptureHandler();
  return { handler, client: new Inspector2Client(clientConfig(handler)) };
}

async function decodeSent(client: Client, handler: CaptureHandler, command: unknown) {
  const req = await captureRequest(client, handler, command);
  const route = routeRequest(req, signingServiceOf(req));
  assert.ok(route?.operation, `${req.method} ${req.path} routes to an operation`);
  const model = loadModel(route.service);
  return { req, route, input: codecFor(model).decodeInput(model, route.operation, req, route.pathParams) };
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

describe('rest-json: routing and decoding what the SDK sends', () => {
  test('GuardDuty CreateDetector: body members under their lower-case wire names, a map, nested lists', async () => {
    const { client, handler } = newGuardDuty();
    const sent = {
      Enable: true,
      ClientToken: 'token-1',
      FindingPublishingFrequency: 'SIX_HOURS' as const,
      Tags: { team: 'blue' },
      Features: [{ Name: 'S3_DATA_EVENTS' as const, Status: 'ENABLED' as const }],
    };
    const { req, route, input } = await decodeSent(client, handler, new CreateDetectorCommand(sent));
    assert.equal(`${req.method} ${req.path}`, 'POST /detector');
    assert.match(req.body.toString(), /"findingPublishingFrequency":"SIX_HOURS"/);
    assert.deepEqual(route, {
      service: 'guardduty',
      operation: 'CreateDetector',
      pathParams: {},
      requestedName: 'CreateDetector',
    });
    assert.deepEqual(input, sent);
  });

  test('GuardDuty GetFindings and ListFindings: a URI label beside body members', async () => {
    const { client, handler } = newGuardDuty();
    const get = await decodeSent(
      client,
      handler,
      new GetFindingsCommand({
        DetectorId: 'd-123',
        FindingIds: ['f-1', 'f-2'],
        SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' },
      }),
    );
    assert.equal(get.route.operation, 'GetFindings');
    assert.deepEqual(get.route.pathParams, { DetectorId: 'd-123' });
    assert.deepEqual(get.input, {
      DetectorId: 'd-123',
      FindingIds: ['f-1', 'f-2'],
      SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' },
    });
    const list = await decodeSent(
      client,
      handler,
      new ListFindingsCommand({
        DetectorId: 'd-123',
        FindingCriteria: { Criterion: { severity: { Gte: 7, Eq: ['8'] } } },
        MaxResults: 25,
      }),
    );
    assert.equal(list.route.operation, 'ListFindings');
    assert.deepEqual(list.input, {
      DetectorId: 'd-123',
      FindingCriteria: { Criterion: { severity: { Gte: 7, Eq: ['8'] } } },
      MaxResults: 25,
    });
  });

  test('GuardDuty ListDetectors and GetDetector: the same path, told apart by method and label', async () => {
    const { client, handler } = newGuardDuty();
    const list = await decodeSent(client, handler, new ListDetectorsCommand({ MaxResults: 5, NextToken: 'n' }));
    assert.equal(list.route.operation, 'ListDetectors');
    assert.deepEqual(list.input, { MaxResults: 5, NextToken: 'n' });
    const get = await decodeSent(client, handler, new GetDetectorCommand({ DetectorId: 'abc' }));
    assert.equal(get.route.operation, 'GetDetector');
    assert.deepEqual(get.input, { DetectorId: 'abc' });
  });

  test('Inspector2 UntagResource: an encoded ARN label and a repeated query key', async () => {
    const { client, handler } = newInspector();
    const arn = 'arn:aws:inspector2:us-east-1:123456789012:owner/123456789012/filter/abc';
    const { req, route, input } = await decodeSent(
      client,
      handler,
      new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a', 'b-c'] }),
    );
    assert.equal(req.method, 'DELETE');
    assert.ok(req.path.includes('%2F'), 'the label is percent-encoded on the wire');
    assert.deepEqual(route?.pathParams, { resourceArn: arn });
    assert.deepEqual(input, { resourceArn: arn, tagKeys: ['a', 'b-c'] });
  });

  test('Inspector2 GetEncryptionKey and Artifact GetReport: query-string members', async () => {
    const inspector = newInspector();
    const key = await decodeSent(
      inspector.client,
      inspector.handler,
      new GetEncryptionKeyCommand({ scanType: 'CODE', resourceType: 'AWS_LAMBDA_FUNCTION' }),
    );
    assert.deepEqual(key.input, { scanType: 'CODE', resourceType: 'AWS_LAMBDA_FUNCTION' });
    // No Artifact client is installed: the request is written as the SDKs write it.
    const req = {
      method: 'GET',
      path: '/v1/report/get',
      query: { reportId: 'report-abcdef0123456789', reportVersion: '3', termToken: 't' },
      rawQuery: 'reportId=report-abcdef0123456789&reportVersion=3&termToken=t',
      headers: {},
      body: Buffer.alloc(0),
    };
    const route = routeRequest(req, 'artifact');
    assert.deepEqual(route, {
      service: 'artifact',
      operation: 'GetReport',
      pathParams: {},
      requestedName: 'GetReport',
    });
    const artifact = loadModel('artifact');
    assert.deepEqual(codecFor(artifact).decodeInput(artifact, 'GetReport', req, route?.pathParams), {
      reportId: 'report-abcdef0123456789',
      reportVersion: 3,
      termToken: 't',
    });
  });

  test('a path several rest-json services share routes only when the signature names the service', () => {
    const req = {
      method: 'GET',
      path: '/tags/arn%3Aaws%3Ax',
      query: {},
      rawQuery: '',
      headers: {},
      body: Buffer.alloc(0),
    };
    assert.equal(routeRequest(req), undefined);
    assert.deepEqual(routeRequest(req, 'inspector2'), {
      service: 'inspector2',
      operation: 'ListTagsForResource',
      pathParams: { resourceArn: 'arn:aws:x' },
      requestedName: 'ListTagsForResource',
    });
    assert.equal(routeRequest(req, 'guardduty')?.pathParams?.ResourceArn, 'arn:aws:x');
  });

  test('an unknown path of a known service → UnknownOperationException (404)', () => {
    const req = { method: 'GET', path: '/no/such/thing', query: {}, rawQuery: '', headers: {}, body: Buffer.alloc(0) };
    assert.deepEqual(routeRequest(req, 'guardduty'), { service: 'guardduty', operation: undefined });
    const response = codec.encodeError(guardduty, unknownOperationError(guardduty, undefined), 'r-0');
    assert.equal(response.status, 404);
    assert.equal(response.headers['x-amzn-errortype'], 'UnknownOperationException');
  });
});

describe('rest-json: rejecting bad input', () => {
  test('a missing required body member is a ValidationException naming it', async () => {
    const { client, handler } = newGuardDuty();
    const req = await captureRequest(client, handler, new CreateDetectorCommand({ Enable: true }));
    const broken = { ...req, body: Buffer.from('{"clientToken":"x"}') };
    const err = rejection(() => codec.decodeInput(guardduty, 'CreateDetector', broken, {}));
    assert.equal(err.code, 'ValidationException');
    assert.equal(
      err.message,
      "1 validation error detected: Value null at 'enable' failed to satisfy constraint: Member must not be null",
    );
  });

  test('malformed JSON and unparsable query values are 400s, not crashes', () => {
    const bad = { method: 'POST', path: '/detector', query: {}, rawQuery: '', headers: {}, body: Buffer.from('{') };
    assert.equal(
      rejection(() => codec.decodeInput(guardduty, 'CreateDetector', bad, {})).code,
      'SerializationException',
    );
    const list = {
      method: 'GET',
      path: '/detector',
      query: { maxResults: 'many' },
      rawQuery: 'maxResults=many',
      headers: {},
      body: Buffer.alloc(0),
    };
    const err = rejection(() => codec.decodeInput(guardduty, 'ListDetectors', list, {}));
    assert.equal(err.httpStatus, 400);
    assert.match(err.message, /maxResults/);
  });
});

describe('rest-json: responses and errors the SDK parses', () => {
  test('GuardDuty CreateDetector output under lower-case wire names', async () => {
    const { client, handler } = newGuardDuty();
    const response = codec.encodeOutput(guardduty, 'CreateDetector', { DetectorId: 'd-1' }, 'r-1');
    assert.equal(response.status, 200);
    assert.equal(response.body, '{"detectorId":"d-1"}');
    assert.equal(response.headers['x-amzn-requestid'], 'r-1');
    const parsed = await sdkParse(client, handler, new CreateDetectorCommand({ Enable: true }), response);
    assert.equal(parsed.DetectorId, 'd-1');
  });

  test('Inspector2 ListFindings: epoch-second timestamps and doubles', async () => {
    const model = inspector2;
    const finding = {
      findingArn: 'arn:aws:inspector2:us-east-1:1:finding/f',
      awsAccountId: '123456789012',
      type: 'PACKAGE_VULNERABILITY',
      description: 'CVE',
      remediation: { recommendation: { text: 'upgrade' } },
      severity: 'HIGH',
      firstObservedAt: new Date('2026-01-01T00:00:00.250Z'),
      lastObservedAt: new Date('2026-02-01T00:00:00Z'),
      status: 'ACTIVE',
      resources: [{ type: 'AWS_EC2_INSTANCE', id: 'i-1' }],
      inspectorScore: 7.5,
    };
    const { client, handler } = newInspector();
    const parsed = await sdkParse(
      client,
      handler,
      new ListInspectorFindingsCommand({}),
      codecFor(model).encodeOutput(model, 'ListFindings', { findings: [finding], nextToken: 'n' }, 'r-2'),
    );
    assert.deepEqual(parsed.findings, [finding]);
    assert.equal(parsed.nextToken, 'n');
  });

  test('GuardDuty BadRequestException: x-amzn-ErrorType, message under its wire name, the model status', async () => {
    const err = new AwsError('BadRequestException', 'The request is rejected because an invalid value is specified.', {
      fields: { Type: 'InvalidInputException' },
    });
    const response = codec.encodeError(guardduty, err, 'r-3');
    assert.equal(response.status, 400);
    assert.equal(response.headers['x-amzn-errortype'], 'BadRequestException');
    assert.deepEqual(JSON.parse(String(response.body)), { message: err.message, type: 'InvalidInputException' });
    const { client, handler } = newGuardDuty();
    const parsed = await sdkParse(client, handler, new GetDetectorCommand({ DetectorId: 'd' }), response).catch(
      (e: unknown) => e,
    );
    assert.ok(parsed instanceof BadRequestException);
    assert.equal(parsed.message, err.message);
    assert.equal(parsed.Type, 'InvalidInputException');
    assert.equal(parsed.$metadata.httpStatusCode, 400);
  });

  test('Inspector2 errors: modelled fields in the body, header-bound fields as headers, model status', async () => {
    const codec2 = codecFor(inspector2);
    const { client, handler } = newInspector();
    const invalid = new AwsError('ValidationException', 'bad filter', {
      fields: { reason: 'FIELD_VALIDATION_FAILED' },
    });
    const parsed = await sdkParse(
      client,
      handler,
      new ListInspectorFindingsCommand({}),
      codec2.encodeError(inspector2, invalid, 'r-4'),
    ).catch((e: unknown) => e);
    assert.ok(parsed instanceof ValidationException);
    assert.equal(parsed.reason, 'FIELD_VALIDATION_FAILED');

    const throttled = new AwsError('ThrottlingException', 'slow down', { fields: { retryAfterSeconds: 7 } });
    const response = codec2.encodeError(inspector2, throttled, 'r-5');
    assert.equal(response.status, 429);
    assert.equal(response.headers['retry-after'], '7');
    assert.deepEqual(JSON.parse(String(response.body)), { message: 'slow down' });
    const parsedThrottle = await sdkParse(client, handler, new ListInspectorFindingsCommand({}), response).catch(
      (e: unknown) => e,
    );
    assert.ok(parsedThrottle instanceof ThrottlingException);
    assert.equal(parsedThrottle.retryAfterSeconds, 7);
  });

  test('status: one set on the error wins, then the model’s, then the shared code table’s', () => {
    const codec2 = codecFor(inspector2);
    assert.equal(codec2.encodeError(inspector2, new AwsError('AccessDeniedException', 'no'), 'r').status, 403);
    assert.equal(
      codec2.encodeError(inspector2, new AwsError('AccessDeniedException', 'no', { status: 418 }), 'r').status,
      418,
    );
    const kms = loadModel('kms');
    assert.equal(codecFor(kms).encodeError(kms, new AwsError('AccessDeniedException', 'no'), 'r').status, 400);
    assert.equal(
      codecFor(kms).encodeError(kms, new AwsError('SomethingNew', 'no', { fault: 'Receiver' }), 'r').status,
      500,
    );
  });
});
