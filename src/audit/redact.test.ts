import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../aws/model.js';
import { MAX_NESTING_DEPTH, valueTooDeep } from '../aws/protocols/nesting.js';
import { HIDDEN, isDeniedName, isoSeconds, OMITTED, redactByShape, redactLoose, truncateDeep } from './redact.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';

function outputShape(service: 'iam' | 'sts' | 'kms' | 'organizations', operation: string): string {
  const shape = loadModel(service).operations[operation].output?.shape;
  assert.ok(shape, `${service}:${operation} has an output shape`);
  return shape;
}

function inputShape(service: 'iam' | 'sts' | 'kms' | 'organizations', operation: string): string {
  const shape = loadModel(service).operations[operation].input?.shape;
  assert.ok(shape, `${service}:${operation} has an input shape`);
  return shape;
}

describe('redactByShape', () => {
  test('IAM CreateAccessKey output: the secret is hidden, the rest in lower camel case with ISO dates', () => {
    const out = redactByShape(loadModel('iam'), outputShape('iam', 'CreateAccessKey'), {
      AccessKey: {
        UserName: 'bob',
        AccessKeyId: 'AKIAEXAMPLE123456789',
        Status: 'Active',
        SecretAccessKey: SECRET,
        CreateDate: new Date('2026-11-28T01:02:03.456Z'),
      },
    });
    assert.deepEqual(out, {
      accessKey: {
        userName: 'bob',
        accessKeyId: 'AKIAEXAMPLE123456789',
        status: 'Active',
        secretAccessKey: HIDDEN,
        createDate: '2026-11-28T01:02:03Z',
      },
    });
  });

  test('STS AssumeRole output: secret key (sensitive) and session token (denied by name) are hidden', () => {
    const out = redactByShape(loadModel('sts'), outputShape('sts', 'AssumeRole'), {
      Credentials: {
        AccessKeyId: 'ASIAEXAMPLE123456789',
        SecretAccessKey: SECRET,
        SessionToken: TOKEN,
        Expiration: new Date('2026-11-28T02:00:00Z'),
      },
      AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
    }) as Record<string, any>;
    assert.equal(out.credentials.accessKeyId, 'ASIAEXAMPLE123456789');
    assert.equal(out.credentials.secretAccessKey, HIDDEN);
    assert.equal(out.credentials.sessionToken, HIDDEN);
    assert.equal(out.credentials.expiration, '2026-11-28T02:00:00Z');
    assert.equal(out.assumedRoleUser.arn, 'arn:aws:sts::123456789012:assumed-role/r/s');
    const text = JSON.stringify(out);
    assert.ok(!text.includes(SECRET) && !text.includes(TOKEN));
  });

  test('KMS GenerateDataKey output: the sensitive Plaintext is hidden and the ciphertext blob left out', () => {
    const out = redactByShape(loadModel('kms'), outputShape('kms', 'GenerateDataKey'), {
      CiphertextBlob: Buffer.from('ciphertext-bytes'),
      Plaintext: new Uint8Array([1, 2, 3, 4]),
      KeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    assert.deepEqual(out, {
      plaintext: HIDDEN,
      keyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
  });

  test('KMS Encrypt input: map keys of the encryption context are data and keep their spelling', () => {
    const out = redactByShape(loadModel('kms'), inputShape('kms', 'Encrypt'), {
      KeyId: 'alias/app',
      Plaintext: Buffer.from('top secret'),
      EncryptionContext: { Department: 'Finance', 'aws:pi': 'x' },
    });
    assert.deepEqual(out, {
      keyId: 'alias/app',
      plaintext: HIDDEN,
      encryptionContext: { Department: 'Finance', 'aws:pi': 'x' },
    });
  });

  test('IAM CreateLoginProfile input: the password is hidden', () => {
    const out = redactByShape(loadModel('iam'), inputShape('iam', 'CreateLoginProfile'), {
      UserName: 'bob',
      Password: 'hunter2-Hunter2!',
      PasswordResetRequired: true,
    });
    assert.deepEqual(out, { userName: 'bob', password: HIDDEN, passwordResetRequired: true });
  });

  test('IAM EnableMFADevice input: MFA codes the model does not flag are hidden by name', () => {
    const out = redactByShape(loadModel('iam'), inputShape('iam', 'EnableMFADevice'), {
      UserName: 'bob',
      SerialNumber: 'arn:aws:iam::123456789012:mfa/bob',
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321',
    });
    assert.deepEqual(out, {
      userName: 'bob',
      serialNumber: 'arn:aws:iam::123456789012:mfa/bob',
      authenticationCode1: HIDDEN,
      authenticationCode2: HIDDEN,
    });
  });

  test('IAM CreateVirtualMFADevice output: the seed and QR code are hidden', () => {
    const out = redactByShape(loadModel('iam'), outputShape('iam', 'CreateVirtualMFADevice'), {
      VirtualMFADevice: {
        SerialNumber: 'arn:aws:iam::123456789012:mfa/dev',
        Base32StringSeed: Buffer.from('JBSWY3DPEHPK3PXP'),
        QRCodePNG: Buffer.from([0x89, 0x50]),
      },
    });
    assert.deepEqual(out, {
      virtualMFADevice: {
        serialNumber: 'arn:aws:iam::123456789012:mfa/dev',
        base32StringSeed: HIDDEN,
        qRCodePNG: HIDDEN,
      },
    });
  });

  test('Organizations CreateAccount input: sensitive email and name are hidden', () => {
    const out = redactByShape(loadModel('organizations'), inputShape('organizations', 'CreateAccount'), {
      Email: 'someone@example.com',
      AccountName: 'Prod',
    });
    assert.deepEqual(out, { email: HIDDEN, accountName: HIDDEN });
  });

  test('members the model does not declare are dropped', () => {
    const out = redactByShape(loadModel('iam'), inputShape('iam', 'CreateUser'), { UserName: 'bob', Injected: 'x' });
    assert.deepEqual(out, { userName: 'bob' });
  });

  test('list items keep their order and are redacted by their member shape', () => {
    const out = redactByShape(loadModel('iam'), inputShape('iam', 'CreateUser'), {
      UserName: 'bob',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    assert.deepEqual(out, {
      userName: 'bob',
      tags: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
  });
});

describe('redactLoose', () => {
  test('hides denied names at any depth, drops blobs and writes dates as ISO', () => {
    const out = redactLoose({
      outer: { SecretAccessKey: SECRET, nested: [{ sessionToken: TOKEN, ok: 'yes' }] },
      blob: Buffer.from('raw'),
      when: new Date('2026-01-02T03:04:05.678Z'),
      AllowUsersToChangePassword: true,
    });
    assert.deepEqual(out, {
      outer: { SecretAccessKey: HIDDEN, nested: [{ sessionToken: HIDDEN, ok: 'yes' }] },
      when: '2026-01-02T03:04:05Z',
      AllowUsersToChangePassword: true,
    });
  });

  test('isDeniedName matches spelling variants and prefixes, not look-alikes', () => {
    for (const name of ['SecretAccessKey', 'secret_access_key', 'PrivateKeyPem', 'NewPassword', 'WebIdentityToken']) {
      assert.equal(isDeniedName(name), true, name);
    }
    for (const name of ['AccessKeyId', 'NextToken', 'PasswordResetRequired', 'KeyId', 'UserName']) {
      assert.equal(isDeniedName(name), false, name);
    }
  });
});

describe('deep values', () => {
  /** `depth` objects, each the `key` of the one outside it, built without recursion. */
  function nested(key: string, depth: number, leaf: Record<string, unknown>): Record<string, unknown> {
    let value = leaf;
    for (let i = 1; i < depth; i++) value = { [key]: value };
    return value;
  }

  /** How many `key`s deep a value goes, and what sits at the bottom. */
  function bottom(value: unknown, key: string): { depth: number; leaf: unknown } {
    let depth = 1;
    let node = value as Record<string, unknown>;
    while (node[key] !== undefined) {
      node = node[key] as Record<string, unknown>;
      depth++;
    }
    return { depth, leaf: node };
  }

  test('redactByShape cuts a value nested past the bound at the bound, with no stack overflow', () => {
    const ce = loadModel('ce');
    const shape = ce.operations.GetCostAndUsage.input!.shape;
    const filter = nested('Not', 50_000, { Dimensions: { Key: 'SERVICE', Values: ['x'] } });
    const out = redactByShape(ce, shape, { Granularity: 'DAILY', Filter: filter }) as Record<string, unknown>;
    assert.equal(out.granularity, 'DAILY');
    const { depth, leaf } = bottom(out.filter, 'not');
    assert.equal(depth, MAX_NESTING_DEPTH); // the input is depth 1, its filter 2, the cut at MAX_NESTING_DEPTH + 1
    assert.deepEqual(leaf, OMITTED);
    assert.equal(valueTooDeep(out, MAX_NESTING_DEPTH + 1), false);
    assert.doesNotThrow(() => JSON.stringify(out));
  });

  test('within the bound nothing is cut', () => {
    const ce = loadModel('ce');
    const shape = ce.operations.GetCostAndUsage.input!.shape;
    const filter = nested('Not', MAX_NESTING_DEPTH - 4, { Dimensions: { Key: 'SERVICE', Values: ['x'] } });
    const out = redactByShape(ce, shape, { Filter: filter }) as Record<string, unknown>;
    assert.deepEqual(bottom(out.filter, 'not').leaf, { dimensions: { key: 'SERVICE', values: ['x'] } });
  });

  test('redactLoose cuts deep notes too, and ends on a value that refers to itself', () => {
    const out = redactLoose(nested('a', 50_000, { Password: 'p' }));
    assert.equal(bottom(out, 'a').depth, MAX_NESTING_DEPTH + 1); // the OMITTED marker is the last level
    assert.deepEqual(bottom(out, 'a').leaf, OMITTED);
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    assert.equal(valueTooDeep(redactLoose(cyclic), MAX_NESTING_DEPTH + 1), false);
  });

  test('truncateDeep copies without recursion, no deeper than its limit', () => {
    const deep = { list: [nested('a', 100_000, { v: 1 })], when: new Date(0), n: 1 };
    const out = truncateDeep(deep, 10) as Record<string, unknown>;
    assert.equal(valueTooDeep(out, 10), false);
    assert.equal(valueTooDeep(out, 9), true);
    assert.deepEqual([out.when, out.n], [new Date(0), 1]);
    assert.ok(Array.isArray(out.list));
    assert.deepEqual(truncateDeep({ a: [1, { b: 2 }] }, 3), { a: [1, { b: 2 }] });
    assert.deepEqual(truncateDeep({ a: [1, { b: 2 }] }, 2), { a: OMITTED });
  });
});

describe('isoSeconds', () => {
  test('writes the time to the second, whichever second came before it', () => {
    const times = [
      '2026-12-06T04:20:31.999Z',
      '2026-12-06T04:20:31.000Z',
      '2026-12-06T04:20:32.001Z',
      '2026-12-06T04:20:31.500Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.001Z',
    ];
    for (const time of [...times, ...times.toReversed()])
      assert.equal(isoSeconds(new Date(time)), time.replace(/\.\d{3}Z$/, 'Z'));
  });

  test('an invalid date still throws, and does not disturb the next answer', () => {
    assert.equal(isoSeconds(new Date('2026-01-01T00:00:00.400Z')), '2026-01-01T00:00:00Z');
    assert.throws(() => isoSeconds(new Date(Number.NaN)), RangeError);
    assert.equal(isoSeconds(new Date('2026-01-01T00:00:00.900Z')), '2026-01-01T00:00:00Z');
  });
});
