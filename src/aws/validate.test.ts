// Tests for model-driven validation: AWS's exact wording, paths, value rendering, and messages recorded from AWS.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateKeyCommand, EncryptCommand, GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsError } from './error.js';
import { loadModel, type ServiceModel } from './model.js';
import { codecFor } from './protocols/codec.js';
import { CaptureHandler, captureRequest, clientConfig, signingServiceOf } from '../../test/helpers/sdk-harness.js';
import { routeRequest } from './router.js';
import { inputViolations, validateInput, validationError } from './validate.js';

const kms = loadModel('kms');
const iam = loadModel('iam');
const sts = loadModel('sts');

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AwsError, `expected an AwsError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

function inputRef(model: ServiceModel, operation: string) {
  const ref = model.operations[operation].input;
  assert.ok(ref);
  return ref;
}

describe('validateInput', () => {
  test('a value above a numeric maximum is worded as AWS words it', () => {
    const err = thrown(() => validateInput(kms, inputRef(kms, 'GenerateRandom'), { NumberOfBytes: 1025 }, 'json'));
    assert.equal(err.code, 'ValidationException');
    assert.equal(err.httpStatus, 400);
    assert.equal(
      err.message,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });

  test('query services answer ValidationError; missing required members are "Value null"', () => {
    const err = thrown(() => validateInput(iam, inputRef(iam, 'CreateUser'), {}, 'query'));
    assert.equal(err.code, 'ValidationError');
    assert.equal(
      err.message,
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  test('several violations are counted and joined with "; " in member order', () => {
    const violations = inputViolations(iam, inputRef(iam, 'CreateUser'), { UserName: '', Path: 'no-slashes' });
    assert.deepEqual(violations, [
      "Value 'no-slashes' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
      "Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      "Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    ]);
    assert.match(
      validationError('query', violations).message,
      /^3 validation errors detected: Value 'no-slashes'.*; Value ''/,
    );
  });

  test('list members are addressed as name.N.member.field with the first letter lower-cased', () => {
    const tags = [
      { Key: 'ok', Value: 'fine' },
      { Key: 'k'.repeat(129), Value: 'v' },
    ];
    assert.deepEqual(inputViolations(iam, inputRef(iam, 'CreateUser'), { UserName: 'alice', Tags: tags }), [
      `Value '${'k'.repeat(129)}' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    ]);
  });

  test('enum violations list the allowed values; whole-value pattern matching is anchored', () => {
    assert.deepEqual(inputViolations(kms, inputRef(kms, 'CreateKey'), { KeyUsage: 'RANDOM' }), [
      "Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT]",
    ]);
    // [\w+=,.@-]* must match the whole value, not just a prefix of it.
    const ref = inputRef(sts, 'AssumeRole');
    const input = { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'ok:' };
    assert.equal(inputViolations(sts, ref, input).length, 1);
    assert.equal(inputViolations(sts, ref, { ...input, RoleSessionName: 'ok' }).length, 0);
  });

  test('sensitive members and blobs are not echoed back', () => {
    const violations = inputViolations(kms, inputRef(kms, 'Encrypt'), {
      KeyId: 'k',
      Plaintext: Buffer.alloc(4097),
    });
    assert.deepEqual(violations, [
      "Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    ]);
  });

  test('map keys and scalar map values are summarised with every constraint their shape declares', () => {
    const host: ServiceModel = {
      ...kms,
      shapes: {
        ...kms.shapes,
        ProbeKey: { type: 'string', min: 1, max: 3, pattern: '[a-z]*' },
        ProbeValue: { type: 'string', min: 1, max: 4 },
        ProbeMap: { type: 'map', key: { shape: 'ProbeKey' }, value: { shape: 'ProbeValue' } },
        Probe: { type: 'structure', members: { Things: { shape: 'ProbeMap' } } },
      },
    };
    assert.deepEqual(inputViolations(host, { shape: 'Probe' }, { Things: { ab: 'v', TOOLONG: 'vvvvv' } }), [
      "Value '{ab=v, TOOLONG=vvvvv}' at 'things' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [a-z]*]",
      "Value '{ab=v, TOOLONG=vvvvv}' at 'things' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 4, Member must have length greater than or equal to 1]",
    ]);
    assert.deepEqual(inputViolations(host, { shape: 'Probe' }, { Things: { ab: 'v' } }), []);
  });

  test('a pattern JavaScript cannot express is skipped, not fatal', () => {
    const host: ServiceModel = {
      ...kms,
      shapes: {
        ...kms.shapes,
        Odd: { type: 'string', pattern: '[a-z&&[^b]]+' },
        Probe: { type: 'structure', members: { Value: { shape: 'Odd' } } },
      },
    };
    assert.deepEqual(inputViolations(host, { shape: 'Probe' }, { Value: 'anything' }), []);
  });
});

/** Where the shared conformance corpora live: ../shared/conformance beside the repository. */
const corpus = fileURLToPath(new URL('../../../shared/conformance/aws-recorded/', import.meta.url));
const corpusMissing = existsSync(corpus) ? false : 'conformance corpus ../shared/conformance is not present';
if (corpusMissing && process.env.CI === 'true') throw new Error('CI requires ../shared/conformance');

function recordedError(file: string, testName: string, key: string): { Code: string; Message: string; status: number } {
  const snapshot = JSON.parse(readFileSync(`${corpus}${file}`, 'utf8')) as Record<string, any>;
  const entry = snapshot[testName]['recorded-content'][key];
  return { ...entry.Error, status: entry.ResponseMetadata.HTTPStatusCode };
}

describe('validation messages recorded from real AWS', { skip: corpusMissing }, () => {
  const cases = [
    {
      file: 'kms.snapshot.json',
      test: 'tests/aws/services/kms/test_kms.py::TestKMS::test_generate_random_invalid_number_of_bytes[0]',
      key: 'generate-random-exc',
      send: (h: CaptureHandler) =>
        captureRequest(new KMSClient(clientConfig(h)), h, new GenerateRandomCommand({ NumberOfBytes: 0 })),
    },
    {
      file: 'kms.snapshot.json',
      test: 'tests/aws/services/kms/test_kms.py::TestKMS::test_generate_random_invalid_number_of_bytes[1025]',
      key: 'generate-random-exc',
      send: (h: CaptureHandler) =>
        captureRequest(new KMSClient(clientConfig(h)), h, new GenerateRandomCommand({ NumberOfBytes: 1025 })),
    },
    {
      file: 'kms.snapshot.json',
      test: 'tests/aws/services/kms/test_kms.py::TestKMS::test_plaintext_size_for_encrypt',
      key: 'invalid-plaintext-size-encrypt',
      send: (h: CaptureHandler) =>
        captureRequest(
          new KMSClient(clientConfig(h)),
          h,
          new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.alloc(4097) }),
        ),
    },
    {
      file: 'kms.snapshot.json',
      test: 'tests/aws/services/kms/test_kms.py::TestKMS::test_create_key_with_invalid_tag_key[too_long_key]',
      key: 'invalid-tag-key',
      send: (h: CaptureHandler) =>
        captureRequest(
          new KMSClient(clientConfig(h)),
          h,
          new CreateKeyCommand({ Tags: [{ TagKey: 'a'.repeat(129), TagValue: 'v' }] }),
        ),
    },
    {
      file: 'kms.snapshot.json',
      test: 'tests/aws/services/kms/test_kms.py::TestKMS::test_key_with_long_tag_value_raises_error',
      key: 'too-long-tag-value',
      send: (h: CaptureHandler) =>
        captureRequest(
          new KMSClient(clientConfig(h)),
          h,
          new CreateKeyCommand({ Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] }),
        ),
    },
    {
      file: 'sts.snapshot.json',
      test: 'tests/aws/services/sts/test_sts.py::TestSTSIntegrations::test_sts_invalid_parameters',
      key: 'invalid-session-name',
      send: (h: CaptureHandler) =>
        captureRequest(
          new STSClient(clientConfig(h)),
          h,
          new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/test-role', RoleSessionName: 'Session1:2' }),
        ),
    },
  ];

  for (const c of cases) {
    test(`${c.test.split('::').at(-1)} → ${c.key}`, async () => {
      const expected = recordedError(c.file, c.test, c.key);
      const req = await c.send(new CaptureHandler());
      const route = routeRequest(req, signingServiceOf(req));
      assert.ok(route?.operation);
      const model = loadModel(route.service);
      const err = thrown(() => codecFor(model).decodeInput(model, route.operation!, req, route.pathParams));
      assert.equal(err.code, expected.Code);
      assert.equal(err.message, expected.Message);
      assert.equal(err.httpStatus, expected.status);
    });
  }
});
