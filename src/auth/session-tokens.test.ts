// Session tokens: round trip, tamper evidence, binding to the key id, expiry at the request's time, key id format.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AwsError } from '../aws/error.js';
import { SecretBox } from '../store/secrets.js';
import { accountOfAccessKeyId, newSessionAccessKeyId } from './session-key-id.js';
import { issueSessionCredentials, openSessionToken, resolveSessionToken, type SessionGrant } from './session-tokens.js';

const runtime = { secrets: new SecretBox(randomBytes(32)) };
const issuedAt = new Date('2026-03-01T10:00:00Z');

function roleGrant(overrides: Partial<SessionGrant> = {}): SessionGrant {
  return {
    accountId: '123456789012',
    partition: 'aws',
    kind: 'AssumeRole',
    issuer: {
      type: 'Role',
      principalId: 'AROAEXAMPLEROLEID0001',
      arn: 'arn:aws:iam::123456789012:role/ops/Deployer',
      accountId: '123456789012',
      name: 'Deployer',
    },
    sessionName: 'alice@example.com',
    issuedAt,
    expiration: new Date(issuedAt.getTime() + 900_000),
    mfaAuthenticated: true,
    mfaAuthTime: issuedAt,
    sourceIdentity: 'alice',
    tags: { Project: 'Unicorn', team: 'ops' },
    transitiveTagKeys: ['Project'],
    policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    policyArns: ['arn:aws:iam::123456789012:policy/ReadOnly'],
    chained: true,
    ...overrides,
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AwsError);
    return `${err.code} ${err.httpStatus} ${err.message}`;
  }
  return 'no error';
}

describe('session tokens', () => {
  test('an assumed-role session resolves to the role session with everything it was granted', () => {
    const creds = issueSessionCredentials(runtime, roleGrant());
    assert.match(creds.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.match(creds.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    const { secretAccessKey, identity, payload } = resolveSessionToken(
      runtime,
      creds.accessKeyId,
      creds.sessionToken,
      issuedAt,
    );
    assert.equal(secretAccessKey, creds.secretAccessKey);
    assert.equal(payload.policyArns?.[0], 'arn:aws:iam::123456789012:policy/ReadOnly');
    assert.deepEqual(identity, {
      type: 'AssumedRole',
      accountId: '123456789012',
      partition: 'aws',
      arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/alice@example.com',
      principalId: 'AROAEXAMPLEROLEID0001:alice@example.com',
      accessKeyId: creds.accessKeyId,
      session: {
        kind: 'AssumeRole',
        issuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEROLEID0001',
          arn: 'arn:aws:iam::123456789012:role/ops/Deployer',
          accountId: '123456789012',
          userName: 'Deployer',
        },
        creationDate: issuedAt,
        expiration: new Date(issuedAt.getTime() + 900_000),
        mfaAuthenticated: true,
        mfaAuthTime: issuedAt,
        sourceIdentity: 'alice',
        tags: { Project: 'Unicorn', team: 'ops' },
        transitiveTagKeys: ['Project'],
        policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
        policyArns: ['arn:aws:iam::123456789012:policy/ReadOnly'],
        chained: true,
      },
    });
  });

  test('federated users and GetSessionToken sessions take their own identities', () => {
    const user = {
      type: 'IAMUser' as const,
      principalId: 'AIDAEXAMPLEUSERID0001',
      arn: 'arn:aws:iam::123456789012:user/dev/bob',
      accountId: '123456789012',
      name: 'bob',
    };
    const base = { mfaAuthenticated: false, tags: undefined, transitiveTagKeys: undefined, chained: undefined };
    const fed = issueSessionCredentials(
      runtime,
      roleGrant({ ...base, kind: 'GetFederationToken', issuer: user, sessionName: 'Bob', sourceIdentity: undefined }),
    );
    const fedId = resolveSessionToken(runtime, fed.accessKeyId, fed.sessionToken, issuedAt).identity;
    assert.equal(fedId.type, 'FederatedUser');
    assert.equal(fedId.arn, 'arn:aws:sts::123456789012:federated-user/Bob');
    assert.equal(fedId.principalId, '123456789012:Bob');
    assert.equal(fedId.session?.issuer?.userName, 'bob');

    const own = issueSessionCredentials(
      runtime,
      roleGrant({ ...base, kind: 'GetSessionToken', issuer: user, sessionName: undefined, policy: undefined }),
    );
    const ownId = resolveSessionToken(runtime, own.accessKeyId, own.sessionToken, issuedAt).identity;
    assert.equal(ownId.type, 'IAMUser');
    assert.equal(ownId.arn, 'arn:aws:iam::123456789012:user/dev/bob');
    assert.equal(ownId.principalId, 'AIDAEXAMPLEUSERID0001');
    assert.equal(ownId.userName, 'bob');
    assert.equal(ownId.session?.issuer, undefined, 'CloudTrail shows no session issuer for GetSessionToken');
  });

  test('a session expires at its expiration, judged at the time given', () => {
    const creds = issueSessionCredentials(runtime, roleGrant());
    const last = new Date(issuedAt.getTime() + 899_999);
    assert.equal(
      resolveSessionToken(runtime, creds.accessKeyId, creds.sessionToken, last).identity.type,
      'AssumedRole',
    );
    const at = new Date(issuedAt.getTime() + 900_000);
    assert.equal(
      codeOf(() => resolveSessionToken(runtime, creds.accessKeyId, creds.sessionToken, at)),
      'ExpiredToken 403 The security token included in the request is expired',
    );
    assert.equal(
      codeOf(() => resolveSessionToken(runtime, creds.accessKeyId, creds.sessionToken, at, 'json')),
      'ExpiredTokenException 400 The security token included in the request is expired',
    );
  });

  test('any altered byte, another key id or another master key makes the token invalid', () => {
    const creds = issueSessionCredentials(runtime, roleGrant());
    const invalid = 'InvalidClientTokenId 403 The security token included in the request is invalid.';
    const bytes = Buffer.from(creds.sessionToken, 'base64');
    for (const index of [0, 5, 20, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[index]! ^= 0x01; // every index chosen lies within the token
      assert.equal(
        codeOf(() => resolveSessionToken(runtime, creds.accessKeyId, altered.toString('base64'), issuedAt)),
        invalid,
        `byte ${index}`,
      );
    }
    const other = issueSessionCredentials(runtime, roleGrant());
    assert.equal(
      codeOf(() => resolveSessionToken(runtime, other.accessKeyId, creds.sessionToken, issuedAt)),
      invalid,
    );
    const elsewhere = { secrets: new SecretBox(randomBytes(32)) };
    assert.equal(
      codeOf(() => resolveSessionToken(elsewhere, creds.accessKeyId, creds.sessionToken, issuedAt)),
      invalid,
    );
    for (const junk of ['', 'not base64!', 'AAAA', creds.sessionToken.slice(0, 40), 'A'.repeat(20_000)]) {
      assert.equal(openSessionToken(runtime, creds.accessKeyId, junk), undefined);
    }
  });

  test('another node with the same master key verifies the token', () => {
    const master = randomBytes(32);
    const creds = issueSessionCredentials({ secrets: new SecretBox(master) }, roleGrant());
    const node2 = { secrets: new SecretBox(Buffer.from(master)) };
    assert.equal(
      resolveSessionToken(node2, creds.accessKeyId, creds.sessionToken, issuedAt).secretAccessKey,
      creds.secretAccessKey,
    );
  });
});

describe('session access key ids', () => {
  test('carry the account as AWS key ids do', () => {
    // Published examples of real AWS key ids and the accounts that own them.
    assert.equal(accountOfAccessKeyId('ASIAVJ2E6QGR2WZILJFM'), '364679954851');
    assert.equal(accountOfAccessKeyId('AKIASP2TPHJSQH3FJXYZ'), '171436882533');
    for (const account of ['123456789012', '000000000001', '999999999999']) {
      const id = newSessionAccessKeyId(account);
      assert.match(id, /^ASIA[Q-Z2-7][A-Z2-7]{15}$/);
      assert.equal(accountOfAccessKeyId(id), account);
    }
    assert.notEqual(newSessionAccessKeyId('123456789012'), newSessionAccessKeyId('123456789012'));
    assert.equal(accountOfAccessKeyId('ASIA0000000000000000'), undefined);
    assert.equal(accountOfAccessKeyId('short'), undefined);
  });
});
