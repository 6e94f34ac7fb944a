// KMS against responses recorded from real AWS (../shared/conformance/aws-recorded/kms.snapshot.json): each case
// repeats, with SDK v3, the request its recorded test name and content describe, and expects AWS's code, status and
// exact message (identifiers masked in the recording are filled in with this run's).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetKeyRotationStatusCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  KMSClient,
  ListResourceTagsCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  SignCommand,
  TagResourceCommand,
  UntagResourceCommand,
  VerifyCommand,
  VerifyMacCommand,
  EnableKeyRotationCommand,
  type CreateKeyCommandInput,
  type KeySpec,
  type MacAlgorithmSpec,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { requiredInCi } from '../helpers/ci.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const SNAPSHOT = fileURLToPath(new URL('../../../shared/conformance/aws-recorded/kms.snapshot.json', import.meta.url));
const missing = requiredInCi(existsSync(SNAPSHOT) ? false : `recorded AWS responses not found at ${SNAPSHOT}`);
const PREFIX = 'tests/aws/services/kms/test_kms.py::';

type Entry = Record<string, any>;
let snapshot: Record<string, { 'recorded-content': Record<string, Entry> }> | undefined;

/** The recorded entry `key` of the recorded test `name` (`TestKMS::test_create_alias`). */
function recorded(name: string, key: string): Entry {
  snapshot ??= JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
  const entry = snapshot![PREFIX + name]?.['recorded-content']?.[key];
  assert.ok(entry, `no recorded entry ${name} → ${key}`);
  return entry;
}

/** Replaces the recording's masks (`<key-arn>`, `<key-id:1>`, the recording account) with this run's values. */
function unmask(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [mask, value] of Object.entries(values)) out = out.split(mask).join(value);
  return out;
}

/** Expects the SDK error AWS answered in the recording: code, HTTP status and message, exactly. */
async function rejectsAsRecorded(
  promise: Promise<unknown>,
  name: string,
  key: string,
  values: Record<string, string> = {},
): Promise<void> {
  const { Error: expected, ResponseMetadata } = recorded(name, key);
  await assert.rejects(promise, (err: any) => {
    assert.equal(err.name, expected.Code, `${name} → ${key}: ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, ResponseMetadata.HTTPStatusCode);
    // An exception AWS sends without a message reaches boto3 as Message '' and SDK v3 as 'UnknownError'.
    const message = expected.Message === '' ? 'UnknownError' : unmask(expected.Message, values);
    if (ENUM_MESSAGE.test(message)) assertSameEnumMessage(err.message, message);
    else assert.equal(err.message, message, `${name} → ${key}`);
    return true;
  });
}

/** AWS's enum validation message, whose value list comes in a hash order that differs from call to call. */
const ENUM_MESSAGE =
  /^(1 validation error detected: Value '.*' at '.*' failed to satisfy constraint: Member must satisfy enum value set: )\[(.*)\]$/;

/**
 * The same enum message but for the order of its values, and the values AWS listed then all still listed (the model
 * Warden serves may name members added since the recording).
 */
function assertSameEnumMessage(actual: string, expected: string): void {
  const [, expectedHead, expectedValues] = ENUM_MESSAGE.exec(expected)!;
  const m = ENUM_MESSAGE.exec(actual);
  assert.ok(m, `not an enum validation message: ${actual}`);
  assert.equal(m[1], expectedHead);
  const listed = new Set(m[2]!.split(', '));
  for (const value of expectedValues!.split(', ')) assert.ok(listed.has(value), `${value} missing from ${actual}`);
}

/** Placeholders the recording writes for values that change per run: bytes and timestamps. */
const BLOB_PLACEHOLDERS = new Set([
  'ciphertext-blob',
  'plaintext',
  'private-key-ciphertext-blob',
  'private-key-plaintext',
  'public-key',
]);

/**
 * A masked recorded string as a pattern: each `<mask>` any text (the recorder masks a KeyId member whole, whether it
 * held a key id or an ARN), the recording account any account.
 */
function maskPattern(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/<[^>]+>/g, '.+').replace(/111111111111/g, '\\d{12}')}$`);
}

/** Members KMS added after some recordings were made (key material ids, 2025): present now, absent there. */
const NEWER_MEMBERS = new Set(['KeyMaterialId', 'SourceKeyMaterialId', 'DestinationKeyMaterialId']);

/**
 * A response with exactly the recorded members (its ResponseMetadata aside), each with the recorded value: masked
 * strings match their pattern, "datetime" is a Date, byte placeholders are non-empty bytes, anything else is equal.
 */
function assertAsRecorded(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'string' && expected === 'datetime') {
    assert.ok(actual instanceof Date, `${path}: expected a timestamp, got ${String(actual)}`);
  } else if (typeof expected === 'string' && BLOB_PLACEHOLDERS.has(expected)) {
    assert.ok(actual instanceof Uint8Array && actual.length > 0, `${path}: expected bytes`);
  } else if (typeof expected === 'string' && (expected.includes('<') || expected.includes('111111111111'))) {
    assert.equal(typeof actual, 'string', `${path}: expected a string`);
    assert.match(actual as string, maskPattern(expected), path);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a list`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((item, i) => assertAsRecorded(actual[i], item, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected a structure`);
    const members = (o: object) =>
      Object.keys(o)
        .filter((k) => k !== 'ResponseMetadata' && k !== '$metadata' && (o as Record<string, unknown>)[k] !== undefined)
        .sort();
    const recordedMembers = members(expected);
    const actualMembers = members(actual as object).filter((k) => recordedMembers.includes(k) || !NEWER_MEMBERS.has(k));
    assert.deepEqual(actualMembers, recordedMembers, `${path}: members`);
    for (const k of members(expected)) {
      assertAsRecorded(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
    }
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

describe('KMS answers as recorded from real AWS', { skip: missing }, () => {
  let w: TestWarden;
  let kms: KMSClient;
  let masks: (arn: string) => Record<string, string>;

  async function createKey(input: CreateKeyCommandInput = {}) {
    return (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
  }

  before(async () => {
    w = await startWarden();
    kms = new KMSClient(w.clientConfig);
    masks = (arn: string) => ({
      '<key-arn>': arn,
      '<key-id:1>': arn.slice(arn.indexOf('/') + 1),
      '<partition>': 'aws',
      '<region>': 'us-east-1',
      '111111111111': w.accountId,
    });
  });
  after(async () => {
    await w?.stop();
  });

  describe('GenerateRandom', () => {
    for (const n of ['0', '1025']) {
      test(`NumberOfBytes ${n} is outside 1..1024`, async () => {
        await rejectsAsRecorded(
          kms.send(new GenerateRandomCommand({ NumberOfBytes: Number(n) })),
          `TestKMS::test_generate_random_invalid_number_of_bytes[${n}]`,
          'generate-random-exc',
        );
      });
    }
    test('NumberOfBytes left out is required', async () => {
      await rejectsAsRecorded(
        kms.send(new GenerateRandomCommand({})),
        'TestKMS::test_generate_random_invalid_number_of_bytes[None]',
        'generate-random-exc',
      );
    });
    for (const n of [1, 12, 44, 91, 1024]) {
      test(`${n} random bytes`, async () => {
        const out = await kms.send(new GenerateRandomCommand({ NumberOfBytes: n }));
        assert.equal(out.Plaintext!.length, recorded(`TestKMS::test_generate_random[${n}]`, 'result_length'));
      });
    }
  });

  describe('responses with the recorded members and values', () => {
    test('CreateKey, symmetric', async () => {
      const key = await createKey({ Description: 'test key 123' });
      assertAsRecorded(key, recorded('TestKMS::test_create_key', 'describe-key'));
      const other = await createKey({ Description: 'test non multi region key' });
      assertAsRecorded(
        other,
        recorded(
          'TestKMS::test_non_multi_region_keys_should_not_have_multi_region_properties',
          'non_multi_region_keys_should_not_have_multi_region_properties',
        ),
      );
    });

    test('CreateKey and DescribeKey, HMAC', async () => {
      const name = 'TestKMS::test_hmac_create_key';
      const key = await createKey({ Description: 'test key', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      assertAsRecorded(key, recorded(name, 'create-hmac-key'));
      const described = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assertAsRecorded(described.KeyMetadata, recorded(name, 'describe-key'));
    });

    test('DescribeKey by alias ARN', async () => {
      const name = 'TestKMS::test_describe_with_alias_arn';
      const key = await createKey({ Description: 'test - description' });
      assertAsRecorded(key, recorded(name, 'created-key'));
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/recorded-describe', TargetKeyId: key.KeyId }));
      const described = await kms.send(
        new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${w.accountId}:alias/recorded-describe` }),
      );
      assertAsRecorded(described, recorded(name, 'describe-key'));
    });

    test('a key for imported material, before its import', async () => {
      const name = 'TestKMS::test_import_key_symmetric';
      const key = await createKey({ Description: 'test key', Origin: 'EXTERNAL' });
      assertAsRecorded(key, recorded(name, 'created-key'));
      assertAsRecorded(
        await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })),
        recorded(name, 'describe-key-before-import'),
      );
    });

    test('GenerateDataKey and GenerateDataKeyPair, with and without plaintext', async () => {
      const key = await createKey();
      const name = (n: string) => `TestKMSGenerateKeys::${n}`;
      assertAsRecorded(
        await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' })),
        recorded(name('test_generate_data_key'), 'generate-data-key-result'),
      );
      assertAsRecorded(
        await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' })),
        recorded(name('test_generate_data_key_without_plaintext'), 'generate-data-key-without-plaintext'),
      );
      assertAsRecorded(
        await kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: 'RSA_2048' })),
        recorded(name('test_generate_data_key_pair'), 'generate-data-key-pair'),
      );
      assertAsRecorded(
        await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key.KeyId, KeyPairSpec: 'RSA_2048' })),
        recorded(name('test_generate_data_key_pair_without_plaintext'), 'generate-data-key-pair-without-plaintext'),
      );
    });

    test('ReEncrypt between symmetric keys', async () => {
      const source = await createKey();
      const destination = await createKey();
      const ciphertext = (await kms.send(new EncryptCommand({ KeyId: source.KeyId, Plaintext: Buffer.from('x') })))
        .CiphertextBlob;
      assertAsRecorded(
        await kms.send(new ReEncryptCommand({ CiphertextBlob: ciphertext, DestinationKeyId: destination.KeyId })),
        recorded('TestKMS::test_re_encrypt[SYMMETRIC_DEFAULT-SYMMETRIC_DEFAULT]', 'test_re_encrypt'),
      );
    });

    test('RotateKeyOnDemand, and the rotation status after it', async () => {
      const name = 'TestKMS::test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_disabled';
      const key = await createKey();
      assertAsRecorded(
        await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })),
        recorded(name, 'rotate-on-demand-response'),
      );
      assertAsRecorded(
        await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId })),
        recorded(name, 'rotation-status-response-after-rotation'),
      );
    });
  });

  describe('DescribeKey of keys that are not there', () => {
    test('an unknown key id or ARN: Key ... does not exist', async () => {
      const id = randomUUID();
      const arn = `arn:aws:kms:us-east-1:${w.accountId}:key/${id}`;
      const name = 'TestKMS::test_get_key_does_not_exist';
      await rejectsAsRecorded(
        kms.send(new DescribeKeyCommand({ KeyId: id })),
        name,
        'describe-nonexistent-key-with-id',
        {
          '<key-arn>': arn,
        },
      );
      await rejectsAsRecorded(kms.send(new DescribeKeyCommand({ KeyId: arn })), name, 'describe-nonexistent-with-arn', {
        '<key-arn>': arn,
      });
      const mrk = `mrk-${randomUUID().replace(/-/g, '')}`;
      await rejectsAsRecorded(
        kms.send(new DescribeKeyCommand({ KeyId: mrk })),
        name,
        'describe-key-with-valid-id-mrk',
        {
          '<mrk-key-arn>': `arn:aws:kms:us-east-1:${w.accountId}:key/${mrk}`,
        },
      );
    });

    test('a malformed key id: Invalid keyId', async () => {
      const name = 'TestKMS::test_get_key_invalid_uuid';
      const cases: [string, string][] = [
        ['fake-key-id', 'describe-key-with-invalid-uuid'],
        ['134f2428cec14b25a1ae9048164dba47', 'describe-key-with-invalid-uuid-2'],
        ['mrk-fake-key-id', 'describe-key-with-invalid-uuid-mrk'],
      ];
      for (const [keyId, key] of cases)
        await rejectsAsRecorded(kms.send(new DescribeKeyCommand({ KeyId: keyId })), name, key);
    });

    test("another region's key, by id", async () => {
      const key = await createKey();
      const west = new KMSClient({ ...w.clientConfig, region: 'us-west-2' });
      await rejectsAsRecorded(
        west.send(new DescribeKeyCommand({ KeyId: key.KeyId })),
        'TestKMS::test_get_key_in_different_region',
        'describe-key-diff-region-with-id',
        { ...masks(key.Arn!), '<region>': 'us-west-2' },
      );
    });
  });

  test('CreateAlias without the alias/ prefix', async () => {
    const key = await createKey();
    await rejectsAsRecorded(
      kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: key.KeyId })),
      'TestKMS::test_create_alias',
      'create_alias',
    );
  });

  describe('RSA encryption: the largest plaintext per key spec and algorithm', () => {
    const limits: Record<string, Record<string, number>> = {
      RSA_2048: { RSAES_OAEP_SHA_1: 214, RSAES_OAEP_SHA_256: 190 },
      RSA_3072: { RSAES_OAEP_SHA_1: 342, RSAES_OAEP_SHA_256: 318 },
      RSA_4096: { RSAES_OAEP_SHA_1: 470, RSAES_OAEP_SHA_256: 446 },
    };
    for (const [spec, algorithms] of Object.entries(limits)) {
      for (const [algorithm, limit] of Object.entries(algorithms)) {
        test(`${spec} ${algorithm}: ${limit} bytes pass, ${limit + 1} do not`, async () => {
          const key = await createKey({ KeySpec: spec as KeySpec, KeyUsage: 'ENCRYPT_DECRYPT' });
          const encrypt = (size: number) =>
            kms.send(
              new EncryptCommand({
                KeyId: key.KeyId,
                Plaintext: Buffer.alloc(size, 1),
                EncryptionAlgorithm: algorithm as never,
              }),
            );
          await encrypt(limit);
          await rejectsAsRecorded(
            encrypt(limit + 1),
            `TestKMS::test_encrypt_validate_plaintext_size_per_key_type[${spec}-${algorithm}]`,
            'generate-random-exc',
          );
        });
      }
    }

    test('symmetric Encrypt above 4096 bytes', async () => {
      const key = await createKey();
      await rejectsAsRecorded(
        kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(4097) })),
        'TestKMS::test_plaintext_size_for_encrypt',
        'invalid-plaintext-size-encrypt',
      );
    });
  });

  describe('Sign and Verify: a digest of the wrong length, a signature that does not verify', () => {
    const variants: [KeySpec, SigningAlgorithmSpec][] = [
      ['RSA_2048', 'RSASSA_PSS_SHA_256'],
      ['RSA_2048', 'RSASSA_PSS_SHA_384'],
      ['RSA_2048', 'RSASSA_PSS_SHA_512'],
      ['RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_256'],
      ['RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_512'],
      ['ECC_NIST_P256', 'ECDSA_SHA_256'],
      ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
      ['ECC_NIST_P384', 'ECDSA_SHA_384'],
    ];
    for (const [spec, algorithm] of variants) {
      test(`${spec} ${algorithm}`, async () => {
        const name = `TestKMS::test_sign_verify[${spec}-${algorithm}]`;
        const key = await createKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
        const message = Buffer.from('test message 123 !%$@ 1234567890');
        const signed = await kms.send(
          new SignCommand({ KeyId: key.KeyId, Message: message, MessageType: 'RAW', SigningAlgorithm: algorithm }),
        );
        const verified = await kms.send(
          new VerifyCommand({
            KeyId: key.KeyId,
            Message: message,
            MessageType: 'RAW',
            Signature: signed.Signature,
            SigningAlgorithm: algorithm,
          }),
        );
        assert.equal(verified.SignatureValid, recorded(name, 'verification').SignatureValid);
        assert.equal(signed.SigningAlgorithm, recorded(name, 'signature').SigningAlgorithm);
        await rejectsAsRecorded(
          kms.send(
            new SignCommand({
              KeyId: key.KeyId,
              Message: Buffer.from('not a digest'),
              MessageType: 'DIGEST',
              SigningAlgorithm: algorithm,
            }),
          ),
          name,
          'bad-digest',
        );
        await rejectsAsRecorded(
          kms.send(
            new VerifyCommand({
              KeyId: key.KeyId,
              Message: Buffer.from('another message'),
              MessageType: 'RAW',
              Signature: signed.Signature,
              SigningAlgorithm: algorithm,
            }),
          ),
          name,
          'bad-signature',
        );
      });
    }
  });

  describe('HMAC keys and MACs', () => {
    test('CreateKey refuses an HMAC spec without a usage, an unknown spec and an unknown usage', async () => {
      const name = 'TestKMS::test_hmac_create_key_invalid_operations';
      await rejectsAsRecorded(createKey({ KeySpec: 'HMAC_256' }), name, 'create-hmac-key-without-key-usage');
      await rejectsAsRecorded(
        createKey({ KeySpec: 'HMAC_random' as KeySpec, KeyUsage: 'GENERATE_VERIFY_MAC' }),
        name,
        'create-hmac-key-invalid-spec',
      );
      await rejectsAsRecorded(
        createKey({ KeySpec: 'HMAC_256', KeyUsage: 'RANDOM' as never }),
        name,
        'create-hmac-key-invalid-key-usage',
      );
    });

    for (const [spec, algorithm] of [
      ['HMAC_224', 'HMAC_SHA_224'],
      ['HMAC_256', 'HMAC_SHA_256'],
      ['HMAC_384', 'HMAC_SHA_384'],
      ['HMAC_512', 'HMAC_SHA_512'],
    ] as [KeySpec, MacAlgorithmSpec][]) {
      test(`${spec}: GenerateMac and VerifyMac, and an invalid key id`, async () => {
        const name = `TestKMS::test_generate_and_verify_mac[${spec}-${algorithm}]`;
        const key = await createKey({ KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' });
        const message = Buffer.from('some important message');
        const mac = await kms.send(
          new GenerateMacCommand({ KeyId: key.KeyId, Message: message, MacAlgorithm: algorithm }),
        );
        assert.equal(mac.MacAlgorithm, recorded(name, 'generate-mac').MacAlgorithm);
        const verified = await kms.send(
          new VerifyMacCommand({ KeyId: key.KeyId, Message: message, MacAlgorithm: algorithm, Mac: mac.Mac }),
        );
        assert.equal(verified.MacValid, recorded(name, 'verify-mac').MacValid);
        await rejectsAsRecorded(
          kms.send(new GenerateMacCommand({ KeyId: 'key_id', Message: message, MacAlgorithm: algorithm })),
          name,
          'generate-mac-invalid-key-id',
        );
        await rejectsAsRecorded(
          kms.send(new VerifyMacCommand({ KeyId: 'key_id', Message: message, MacAlgorithm: algorithm, Mac: mac.Mac })),
          name,
          'verify-mac-invalid-key-id',
        );
      });
    }

    test('GenerateMac with an algorithm of another spec, or an unknown one', async () => {
      const key224 = await createKey({ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const key256 = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const message = Buffer.from('some important message');
      await rejectsAsRecorded(
        kms.send(new GenerateMacCommand({ KeyId: key224.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' })),
        'TestKMS::test_invalid_generate_mac[HMAC_224-HMAC_SHA_256]',
        'generate-mac',
      );
      await rejectsAsRecorded(
        kms.send(new GenerateMacCommand({ KeyId: key256.KeyId, Message: message, MacAlgorithm: 'INVALID' as never })),
        'TestKMS::test_invalid_generate_mac[HMAC_256-INVALID]',
        'generate-mac',
      );
    });

    test('VerifyMac of another message, with an algorithm of another spec, or an unknown one', async () => {
      const key = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const mac = (
        await kms.send(
          new GenerateMacCommand({
            KeyId: key.KeyId,
            Message: Buffer.from('some important message'),
            MacAlgorithm: 'HMAC_SHA_256',
          }),
        )
      ).Mac;
      const verify = (message: string, algorithm: string) =>
        kms.send(
          new VerifyMacCommand({
            KeyId: key.KeyId,
            Message: Buffer.from(message),
            MacAlgorithm: algorithm as MacAlgorithmSpec,
            Mac: mac,
          }),
        );
      await rejectsAsRecorded(
        verify('some different important message', 'HMAC_SHA_256'),
        'TestKMS::test_invalid_verify_mac[HMAC_256-HMAC_SHA_256-some different important message]',
        'verify-mac',
      );
      await rejectsAsRecorded(
        verify('some important message', 'HMAC_SHA_512'),
        'TestKMS::test_invalid_verify_mac[HMAC_256-HMAC_SHA_512-some important message]',
        'verify-mac',
      );
      await rejectsAsRecorded(
        verify('some important message', 'INVALID'),
        'TestKMS::test_invalid_verify_mac[HMAC_256-INVALID-some important message]',
        'verify-mac',
      );
    });
  });

  test('a key used for what its usage does not allow', async () => {
    const name = 'TestKMS::test_error_messaging_for_invalid_keys';
    const encryptKey = await createKey();
    const macKey = await createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const signKey = await createKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const message = Buffer.from('message');
    await rejectsAsRecorded(
      kms.send(new GenerateMacCommand({ KeyId: encryptKey.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' })),
      name,
      'generate-mac-invalid-key-id',
      masks(encryptKey.Arn!),
    );
    await rejectsAsRecorded(
      kms.send(new SignCommand({ KeyId: macKey.KeyId, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
      name,
      'sign-invalid-key-id',
      masks(macKey.Arn!),
    );
    await rejectsAsRecorded(
      kms.send(
        new VerifyCommand({
          KeyId: encryptKey.KeyId,
          Message: message,
          Signature: Buffer.alloc(256),
          SigningAlgorithm: 'RSASSA_PSS_SHA_256',
        }),
      ),
      name,
      'verify-invalid-key-id',
      masks(encryptKey.Arn!),
    );
    await rejectsAsRecorded(
      kms.send(new EncryptCommand({ KeyId: signKey.KeyId, Plaintext: message })),
      name,
      'encrypt-invalid-key-id',
      masks(signKey.Arn!),
    );
    const ciphertext = (await kms.send(new EncryptCommand({ KeyId: encryptKey.KeyId, Plaintext: message })))
      .CiphertextBlob;
    const otherKey = await createKey();
    await rejectsAsRecorded(
      kms.send(new DecryptCommand({ KeyId: otherKey.KeyId, CiphertextBlob: ciphertext })),
      name,
      'decrypt-invalid-key-id',
    );
  });

  describe('encryption context and ciphertexts', () => {
    test('Decrypt without the encryption context, or of a tampered ciphertext', async () => {
      const name = 'TestKMS::test_encrypt_decrypt_encryption_context';
      const key = await createKey();
      const context = { 'encrypt-context': 'test-context' };
      const ciphertext = (
        await kms.send(
          new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('text'), EncryptionContext: context }),
        )
      ).CiphertextBlob!;
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: context }));
      assert.equal(decrypted.KeyId, key.Arn);
      assert.equal(
        decrypted.EncryptionAlgorithm,
        recorded(name, 'decrypt_response_with_encryption_context').EncryptionAlgorithm,
      );
      await rejectsAsRecorded(
        kms.send(new DecryptCommand({ CiphertextBlob: ciphertext })),
        name,
        'decrypt_response_without_encryption_context',
      );
      const tampered = Buffer.from(ciphertext);
      tampered[tampered.length - 1] ^= 1;
      await rejectsAsRecorded(
        kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })),
        name,
        'decrypt_response_with_invalid_ciphertext',
      );
    });

    const generated: [string, (keyId: string, context: Record<string, string>) => Promise<Uint8Array>][] = [
      [
        'test_encryption_context_generate_data_key',
        async (keyId, context) =>
          (await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context })))
            .CiphertextBlob!,
      ],
      [
        'test_encryption_context_generate_data_key_without_plaintext',
        async (keyId, context) =>
          (
            await kms.send(
              new GenerateDataKeyWithoutPlaintextCommand({
                KeyId: keyId,
                KeySpec: 'AES_256',
                EncryptionContext: context,
              }),
            )
          ).CiphertextBlob!,
      ],
      [
        'test_encryption_context_generate_data_key_pair',
        async (keyId, context) =>
          (
            await kms.send(
              new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048', EncryptionContext: context }),
            )
          ).PrivateKeyCiphertextBlob!,
      ],
      [
        'test_encryption_context_generate_data_key_pair_without_plaintext',
        async (keyId, context) =>
          (
            await kms.send(
              new GenerateDataKeyPairWithoutPlaintextCommand({
                KeyId: keyId,
                KeyPairSpec: 'RSA_2048',
                EncryptionContext: context,
              }),
            )
          ).PrivateKeyCiphertextBlob!,
      ],
    ];
    for (const [testName, generate] of generated) {
      test(`${testName}: its ciphertext does not decrypt without the context`, async () => {
        const key = await createKey();
        const ciphertext = await generate(key.KeyId!, { 'encryption-context-key': 'encryption-context-value' });
        await rejectsAsRecorded(
          kms.send(new DecryptCommand({ CiphertextBlob: ciphertext })),
          `TestKMSGenerateKeys::${testName}`,
          'decrypt-without-encryption-context',
        );
      });
    }

    test('ReEncrypt naming the wrong source key', async () => {
      const key = await createKey();
      const other = await createKey();
      const ciphertext = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })))
        .CiphertextBlob;
      await rejectsAsRecorded(
        kms.send(
          new ReEncryptCommand({ CiphertextBlob: ciphertext, SourceKeyId: other.KeyId, DestinationKeyId: other.KeyId }),
        ),
        'TestKMS::test_re_encrypt_incorrect_source_key',
        'incorrect-source-key',
      );
    });

    for (const [testName, send] of [
      [
        'test_generate_data_key_pair_dry_run',
        (keyId: string) => new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048', DryRun: true }),
      ],
      [
        'test_generate_data_key_pair_without_plaintext_dry_run',
        (keyId: string) =>
          new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048', DryRun: true }),
      ],
    ] as const) {
      test(`${testName}: DryRun answers DryRunOperationException`, async () => {
        const key = await createKey();
        await rejectsAsRecorded(
          kms.send(send(key.KeyId!) as never),
          `TestKMSGenerateKeys::${testName}`,
          'dryrun_exception',
        );
      });
    }
  });

  describe('tags', () => {
    test('duplicate tag keys, more than 50 tags, and the reserved aws: prefix', async () => {
      const key = await createKey();
      await rejectsAsRecorded(
        kms.send(
          new TagResourceCommand({
            KeyId: key.KeyId,
            Tags: [
              { TagKey: 'k', TagValue: '1' },
              { TagKey: 'k', TagValue: '2' },
            ],
          }),
        ),
        'TestKMS::test_tag_key_with_duplicate_tag_keys_raises_error',
        'duplicate-tag-keys',
      );
      await rejectsAsRecorded(
        createKey({ Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' })) }),
        'TestKMS::test_create_key_with_too_many_tags_raises_error',
        'invalid-tag-key',
      );
      await rejectsAsRecorded(
        kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'aws:key1', TagValue: 'v' }] })),
        'TestKMS::test_tag_existing_key_with_invalid_tag_key',
        'invalid-tag-key',
      );
      for (const [variant, tagKey] of [
        ['lowercase_prefix', 'aws:key'],
        ['uppercase_prefix', 'AWS:key'],
      ]) {
        await rejectsAsRecorded(
          createKey({ Tags: [{ TagKey: tagKey, TagValue: 'v' }] }),
          `TestKMS::test_create_key_with_invalid_tag_key[${variant}]`,
          'invalid-tag-key',
        );
      }
      await rejectsAsRecorded(
        createKey({ Tags: [{ TagKey: 'a'.repeat(129), TagValue: 'v' }] }),
        'TestKMS::test_create_key_with_invalid_tag_key[too_long_key]',
        'invalid-tag-key',
      );
      await rejectsAsRecorded(
        createKey({ Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] }),
        'TestKMS::test_key_with_long_tag_value_raises_error',
        'too-long-tag-value',
      );
    });

    test('tags added, updated and removed read back as recorded', async () => {
      const key = await createKey({
        Tags: [
          { TagKey: 'tag1', TagValue: 'value1' },
          { TagKey: 'tag2', TagValue: 'value2' },
        ],
      });
      const list = async () => (await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags;
      const name = 'TestKMS::test_create_key_with_tag_and_untag';
      assert.deepEqual(await list(), recorded(name, 'list-resource-tags'));
      await kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['tag1', 'tag2'] }));
      assert.deepEqual(await list(), recorded(name, 'list-resource-tags-after-all-untagged'));
    });
  });

  describe('imported key material', () => {
    test('a key awaiting its material is pending import; GetParametersForImport needs an EXTERNAL key', async () => {
      const external = await createKey({ Origin: 'EXTERNAL' });
      await rejectsAsRecorded(
        kms.send(new EncryptCommand({ KeyId: external.KeyId, Plaintext: Buffer.from('x') })),
        'TestKMS::test_import_key_symmetric',
        'encrypt-before-import-error',
        masks(external.Arn!),
      );
      const params = await kms.send(
        new GetParametersForImportCommand({
          KeyId: external.KeyId,
          WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
          WrappingKeySpec: 'RSA_4096',
        }),
      );
      await rejectsAsRecorded(
        kms.send(
          new ImportKeyMaterialCommand({
            KeyId: external.KeyId,
            ImportToken: params.ImportToken,
            EncryptedKeyMaterial: Buffer.alloc(512),
            ExpirationModel: 'KEY_MATERIAL_EXPIRES',
          }),
        ),
        'TestKMS::test_import_key_symmetric',
        'import-expiring-key-without-valid-to',
      );
      const native = await createKey();
      for (const name of [
        'TestKMS::test_get_parameters_for_import',
        'TestKMS::test_get_parameters_for_import_raises_for_non_external_kms_keys',
      ]) {
        await rejectsAsRecorded(
          kms.send(
            new GetParametersForImportCommand({
              KeyId: native.KeyId,
              WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
              WrappingKeySpec: 'RSA_4096',
            }),
          ),
          name,
          name.endsWith('non_external_kms_keys') ? 'get-import-parameters-error' : 'response-error',
          masks(native.Arn!),
        );
      }
    });
  });

  describe('rotation', () => {
    for (const period of [90, 180]) {
      test(`EnableKeyRotation with a ${period}-day period reads back as recorded`, async () => {
        const key = await createKey();
        await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: period }));
        assertAsRecorded(
          await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId })),
          recorded(`TestKMS::test_key_enable_rotation_status[${period}]`, 'match_response'),
        );
      });
    }

    test('RotateKeyOnDemand refuses a disabled, an unknown, an asymmetric and an imported-material key', async () => {
      const disabled = await createKey();
      await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
      await rejectsAsRecorded(
        kms.send(new RotateKeyOnDemandCommand({ KeyId: disabled.KeyId })),
        'TestKMS::test_rotate_key_on_demand_raises_error_given_key_is_disabled',
        'error-response',
        masks(disabled.Arn!),
      );
      const unknown = `arn:aws:kms:us-east-1:${w.accountId}:key/${randomUUID()}`;
      await rejectsAsRecorded(
        kms.send(new RotateKeyOnDemandCommand({ KeyId: unknown })),
        'TestKMS::test_rotate_key_on_demand_raises_error_given_key_that_does_not_exist',
        'error-response',
        masks(unknown),
      );
      const asymmetric = await createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      await rejectsAsRecorded(
        kms.send(new RotateKeyOnDemandCommand({ KeyId: asymmetric.KeyId })),
        'TestKMS::test_rotate_key_on_demand_raises_error_given_non_symmetric_key',
        'error-response',
      );
      const external = await createKey({ Origin: 'EXTERNAL' });
      await rejectsAsRecorded(
        kms.send(new RotateKeyOnDemandCommand({ KeyId: external.KeyId })),
        'TestKMS::test_rotate_key_on_demand_on_external_key_with_no_key_material[SYMMETRIC_DEFAULT]',
        'rotate-key-on-demand-error-response-SYMMETRIC_DEFAULT',
        masks(external.Arn!),
      );
    });

    test('the on-demand rotation limit', async () => {
      const key = await createKey();
      const rotate = () => kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
      for (let i = 0; i < 10; i++) await rotate();
      await rejectsAsRecorded(rotate(), 'TestKMS::test_key_rotations_limits', 'error-response', masks(key.Arn!));
    });
  });
});
