import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../store/secrets.js';
import {
  decodeAuthorizationMessage,
  encodeAuthorizationMessage,
  type AuthorizationMessage,
} from './authorization-message.js';

const message: AuthorizationMessage = {
  allowed: false,
  explicitDeny: true,
  matchedStatements: {
    items: [
      {
        statementId: 'DenyAll',
        effect: 'DENY',
        sourcePolicyId: 'inline:user:a:p',
        sourcePolicyType: 'IAM Policy',
        statementIndex: 0,
      },
    ],
  },
  failures: { items: [] },
  context: {
    principal: { id: 'AIDAX', name: 'a', arn: 'arn:aws:iam::111122223333:user/a' },
    action: 'iam:CreateUser',
    resource: 'arn:aws:iam::111122223333:user/b',
    conditions: { items: [{ key: 'aws:SourceIp', values: { items: [{ value: '10.0.0.1' }] } }] },
  },
};

describe('authorization messages', () => {
  test('only the Warden that sealed a message opens it, unaltered', () => {
    const box = new SecretBox(randomBytes(32));
    const encoded = encodeAuthorizationMessage(box, message);
    assert.match(encoded, /^w1\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeAuthorizationMessage(box, encoded), message);
    assert.equal(decodeAuthorizationMessage(new SecretBox(randomBytes(32)), encoded), undefined);
    // One character of the sealed body changed (to a different one, whatever it was).
    const i = encoded.length - 2;
    const flipped = encoded.slice(0, i) + (encoded[i] === 'A' ? 'B' : 'A') + encoded.slice(i + 1);
    assert.equal(decodeAuthorizationMessage(box, flipped), undefined);
    assert.equal(decodeAuthorizationMessage(box, 'not a message'), undefined);
    assert.equal(decodeAuthorizationMessage(box, 'w1.'), undefined);
    for (const extra of ['x', 'xx', 'xxx']) assert.equal(decodeAuthorizationMessage(box, encoded + extra), undefined);
  });

  test('the same message seals differently each time', () => {
    const box = new SecretBox(randomBytes(32));
    assert.notEqual(encodeAuthorizationMessage(box, message), encodeAuthorizationMessage(box, message));
  });
});
