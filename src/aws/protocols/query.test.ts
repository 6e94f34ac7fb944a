// Tests for the query protocol against the real AWS SDK v3 IAM and STS clients, both directions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserCommand,
  GetCredentialReportCommand,
  IAMClient,
  IAMServiceException,
  ListUsersCommand,
  NoSuchEntityException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { AwsError } from '../error.js';
import type { HttpRequest } from '../http.js';
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

const iamModel = loadModel('iam');
const stsModel = loadModel('sts');
const iamCodec = codecFor(iamModel);
const stsCodec = codecFor(stsModel);

function newIam() {
  const handler = new CaptureHandler();
  return { handler, client: new IAMClient(clientConfig(handler)) };
}

function newSts() {
  const handler = new CaptureHandler();
  return { handler, client: new STSClient(clientConfig(handler)) };
}

async function decodeSent(client: IAMClient | STSClient, handler: CaptureHandler, command: unknown) {
  const req = await captureRequest(client, handler, command);
  const route = routeRequest(req, signingServiceOf(req));
  assert.ok(route?.operation, 'the request routes to an operation');
  const model = loadModel(route.service);
  return { req, route, input: codecFor(model).decodeInput(model, route.operation, req, route.pathParams) };
}

function formRequest(body: string, headers: Record<string, string> = {}): HttpRequest {
  return {
    method: 'POST',
    path: '/',
    query: {},
    rawQuery: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: Buffer.from(body),
  };
}

function rejection(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AwsError);
    return err;
  }
  assert.fail('expected an AwsError');
}

describe('query protocol: decoding what the SDK sends', () => {
  test('IAM CreateUser with a Tags list', async () => {
    const { client, handler } = newIam();
    const sent = {
      UserName: 'alice',
      Path: '/team/',
      Tags: [
        { Key: 'team', Value: 'blue' },
        { Key: 'env', Value: 'a b+c=d/e:f@g' },
      ],
    };
    const { route, input } = await decodeSent(client, handler, new CreateUserCommand(sent));
    assert.deepEqual(route, { service: 'iam', operation: 'CreateUser', requestedName: 'CreateUser' });
    assert.deepEqual(input, sent);
  });

  test('IAM ListUsers: no parameters decode to {}, MaxItems to a number', async () => {
    const { client, handler } = newIam();
    assert.deepEqual((await decodeSent(client, handler, new ListUsersCommand({}))).input, {});
    const { input } = await decodeSent(client, handler, new ListUsersCommand({ MaxItems: 10, PathPrefix: '/a/' }));
    assert.deepEqual(input, { MaxItems: 10, PathPrefix: '/a/' });
  });

  test('an empty list arrives as `Tags=` and decodes to []', async () => {
    const { client, handler } = newIam();
    const { req, input } = await decodeSent(client, handler, new CreateUserCommand({ UserName: 'bob', Tags: [] }));
    assert.match(req.body.toString(), /(^|&)Tags=(&|$)/);
    assert.deepEqual(input, { UserName: 'bob', Tags: [] });
  });

  test('STS GetCallerIdentity routes by the signing scope and has no input', async () => {
    const { client, handler } = newSts();
    const { req, route, input } = await decodeSent(client, handler, new GetCallerIdentityCommand({}));
    assert.equal(signingServiceOf(req), 'sts');
    assert.equal(route.operation, 'GetCallerIdentity');
    assert.deepEqual(input, {});
  });

  test('STS AssumeRole with PolicyArns, Tags, TransitiveTagKeys and DurationSeconds', async () => {
    const { client, handler } = newSts();
    const sent = {
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      RoleSessionName: 'ci-run',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::123456789012:policy/p' }],
      Tags: [
        { Key: 'project', Value: 'warden' },
        { Key: 'cost', Value: '42' },
      ],
      TransitiveTagKeys: ['project'],
      DurationSeconds: 1800,
      Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    };
    const { input } = await decodeSent(client, handler, new AssumeRoleCommand(sent));
    assert.deepEqual(input, sent);
  });

  test('AssumeRoleWithWebIdentity is sent unsigned and still routes to STS by its Action', async () => {
    const { client, handler } = newSts();
    const req = await captureRequest(
      client,
      handler,
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: 'arn:aws:iam::1:role/r',
        RoleSessionName: 's',
        WebIdentityToken: 't',
      }),
    );
    assert.equal(signingServiceOf(req), undefined);
    assert.deepEqual(routeRequest(req), {
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      requestedName: 'AssumeRoleWithWebIdentity',
    });
  });

  test('maps use Name.entry.N.key/value; flattened lists Name.N; nested structures A.B', () => {
    const model = {
      ...iamModel,
      operations: {
        ...iamModel.operations,
        Probe: { name: 'Probe', http: { method: 'POST', requestUri: '/' }, input: { shape: 'ProbeInput' } },
      },
      shapes: {
        ...iamModel.shapes,
        ProbeMap: {
          type: 'map' as const,
          key: { shape: 'existingUserNameType' },
          value: { shape: 'existingUserNameType' },
        },
        ProbeFlat: { type: 'list' as const, member: { shape: 'existingUserNameType' }, flattened: true },
        ProbeInner: { type: 'structure' as const, members: { Name: { shape: 'existingUserNameType' } } },
        ProbeInput: {
          type: 'structure' as const,
          members: {
            Attrs: { shape: 'ProbeMap' },
            Flat: { shape: 'ProbeFlat' },
            Inner: { shape: 'ProbeInner', locationName: 'Wrapped' },
          },
        },
      },
    };
    const req = formRequest(
      'Action=Probe&Attrs.entry.1.key=a&Attrs.entry.1.value=1&Attrs.entry.2.key=b&Attrs.entry.2.value=2' +
        '&Flat.1=x&Flat.2=y&Wrapped.Name=n&Unknown.Member=ignored',
    );
    assert.deepEqual(codecFor(model).decodeInput(model, 'Probe', req), {
      Attrs: { a: '1', b: '2' },
      Flat: ['x', 'y'],
      Inner: { Name: 'n' },
    });
  });
});

describe('query protocol: rejecting bad input as AWS does', () => {
  test('a 65-character user name is a ValidationError naming userName', async () => {
    const { client, handler } = newIam();
    const long = 'u'.repeat(65);
    const req = await captureRequest(client, handler, new CreateUserCommand({ UserName: long }));
    const err = rejection(() => iamCodec.decodeInput(iamModel, 'CreateUser', req));
    assert.equal(err.code, 'ValidationError');
    assert.equal(
      err.message,
      `1 validation error detected: Value '${long}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    // ... and the SDK reads the rendered error back with the same code, message and status.
    const parsed = await sdkParse(
      client,
      handler,
      new CreateUserCommand({ UserName: 'x' }),
      iamCodec.encodeError(iamModel, err, 'r-1'),
    ).then(
      () => assert.fail('expected a rejection'),
      (e: IAMServiceException) => e,
    );
    assert.equal(parsed.name, 'ValidationError');
    assert.equal(parsed.message, err.message);
    assert.equal(parsed.$metadata.httpStatusCode, 400);
    assert.equal(parsed.$fault, 'client');
  });

  test('an unparsable number is a 400 ValidationError, not a crash', () => {
    const err = rejection(() =>
      iamCodec.decodeInput(iamModel, 'ListUsers', formRequest('Action=ListUsers&Version=2010-05-08&MaxItems=ten')),
    );
    assert.equal(err.code, 'ValidationError');
    assert.equal(err.httpStatus, 400);
    assert.match(err.message, /MaxItems/);
  });

  test('an unknown Action routes to the service with no operation and answers InvalidAction', async () => {
    const req = formRequest('Action=DescribeUnicorns&Version=2010-05-08', {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    });
    const route = routeRequest(req, signingServiceOf(req));
    assert.deepEqual(route, { service: 'iam', operation: undefined, requestedName: 'DescribeUnicorns' });
    const err = unknownOperationError(iamModel, 'DescribeUnicorns');
    assert.equal(err.code, 'InvalidAction');
    assert.equal(err.message, 'Could not find operation DescribeUnicorns for version 2010-05-08');
    const { client, handler } = newIam();
    const parsed = await sdkParse(
      client,
      handler,
      new ListUsersCommand({}),
      iamCodec.encodeError(iamModel, err, 'r-2'),
    ).catch((e: IAMServiceException) => e);
    assert.ok(parsed instanceof IAMServiceException);
    assert.equal(parsed.name, 'InvalidAction');
    assert.equal(parsed.$metadata.httpStatusCode, 400);
  });
});

describe('query protocol: responses the SDK parses', () => {
  test('IAM ListUsers: members, nested lists, timestamps and the request id', async () => {
    const output = {
      Users: [
        {
          Path: '/',
          UserName: 'alice',
          UserId: 'AIDAEXAMPLE1',
          Arn: 'arn:aws:iam::123456789012:user/alice',
          CreateDate: new Date('2024-01-01T00:00:00Z'),
          Tags: [{ Key: 'team', Value: '<blue> & "green"' }],
        },
        {
          Path: '/ops/',
          UserName: 'bob',
          UserId: 'AIDAEXAMPLE2',
          Arn: 'arn:aws:iam::123456789012:user/ops/bob',
          CreateDate: new Date('2024-02-03T04:05:06.789Z'),
          PasswordLastUsed: new Date('2024-03-01T00:00:00Z'),
        },
      ],
      IsTruncated: true,
      Marker: 'next-page',
    };
    const response = iamCodec.encodeOutput(iamModel, 'ListUsers', output, 'req-123');
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/xml');
    assert.equal(response.headers['x-amzn-requestid'], 'req-123');
    const xml = String(response.body);
    assert.ok(xml.startsWith('<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult>'));
    assert.ok(xml.includes('<CreateDate>2024-01-01T00:00:00Z</CreateDate>'), 'whole seconds without milliseconds');
    assert.ok(xml.includes('<CreateDate>2024-02-03T04:05:06.789Z</CreateDate>'));
    assert.ok(xml.endsWith('<ResponseMetadata><RequestId>req-123</RequestId></ResponseMetadata></ListUsersResponse>'));

    const { client, handler } = newIam();
    const parsed = await sdkParse(client, handler, new ListUsersCommand({}), response);
    const { $metadata, ...rest } = parsed as { $metadata: { requestId?: string } };
    assert.equal($metadata.requestId, 'req-123');
    assert.deepEqual(rest, output);
  });

  test('STS GetCallerIdentity and AssumeRole results', async () => {
    const { client, handler } = newSts();
    const identity = { UserId: 'AIDAEXAMPLE', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' };
    const parsed = await sdkParse(
      client,
      handler,
      new GetCallerIdentityCommand({}),
      stsCodec.encodeOutput(stsModel, 'GetCallerIdentity', identity, 'r-9'),
    );
    assert.deepEqual({ ...parsed, $metadata: undefined }, { ...identity, $metadata: undefined });

    const assumed = {
      Credentials: {
        AccessKeyId: 'ASIAEXAMPLE',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date('2026-11-28T01:02:03.000Z'),
      },
      AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
      PackedPolicySize: 6,
      SourceIdentity: 'me',
    };
    const out = await sdkParse(
      client,
      handler,
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::1:role/r', RoleSessionName: 's' }),
      stsCodec.encodeOutput(stsModel, 'AssumeRole', assumed, 'r-10'),
    );
    assert.deepEqual({ ...out, $metadata: undefined }, { ...assumed, $metadata: undefined });
  });

  test('an operation without output still answers <OpResponse> with its RequestId', () => {
    const response = iamCodec.encodeOutput(iamModel, 'DeleteUser', {}, 'r-11');
    assert.equal(
      response.body,
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r-11</RequestId></ResponseMetadata></DeleteUserResponse>',
    );
  });
});

describe('query protocol: errors the SDK parses', () => {
  test('a modelled error is thrown as its exception class, with its code on the wire', async () => {
    const err = new AwsError('NoSuchEntity', 'The user with name nobody cannot be found.');
    const response = iamCodec.encodeError(iamModel, err, 'r-20');
    assert.equal(response.status, 404);
    assert.ok(String(response.body).includes('<Type>Sender</Type><Code>NoSuchEntity</Code>'));
    assert.ok(String(response.body).endsWith('<RequestId>r-20</RequestId></ErrorResponse>'));
    const { client, handler } = newIam();
    const parsed = await sdkParse(client, handler, new ListUsersCommand({}), response).catch((e: unknown) => e);
    assert.ok(parsed instanceof NoSuchEntityException);
    assert.equal(parsed.name, 'NoSuchEntityException');
    assert.equal(parsed.message, 'The user with name nobody cannot be found.');
    assert.equal(parsed.$metadata.httpStatusCode, 404);
  });

  test('without an explicit status the model decides it (ReportNotPresent → 410); 500s are Receiver faults', async () => {
    const notPresent = iamCodec.encodeError(iamModel, new AwsError('ReportNotPresent', 'No report.'), 'r-21');
    assert.equal(notPresent.status, 410);
    const failure = iamCodec.encodeError(iamModel, new AwsError('ServiceFailure', 'boom'), 'r-22');
    assert.equal(failure.status, 500);
    assert.ok(String(failure.body).includes('<Type>Receiver</Type>'));
    const { client, handler } = newIam();
    const parsed = await sdkParse(client, handler, new GetCredentialReportCommand({}), failure).catch(
      (e: unknown) => e,
    );
    assert.ok(parsed instanceof ServiceFailureException);
    assert.equal(parsed.$fault, 'server');
  });

  test('messages are XML-escaped', async () => {
    const message = 'Value <script>&"x"</script> is bad';
    const { client, handler } = newSts();
    const parsed = await sdkParse(
      client,
      handler,
      new GetCallerIdentityCommand({}),
      stsCodec.encodeError(stsModel, new AwsError('InvalidParameterValue', message), 'r-23'),
    ).catch((e: Error) => e);
    assert.equal((parsed as Error).message, message);
  });
});
