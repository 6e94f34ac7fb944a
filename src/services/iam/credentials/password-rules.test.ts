// Password rules: each rule of an account policy, AWS's default policy when none is set, and password expiry.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PasswordPolicy } from '../../../aws/generated/iam.js';
import { PASSWORD_SYMBOLS, passwordExpired, passwordViolations } from './password-rules.js';

const ACCOUNT = { name: 'warden', email: 'root@example.com' };
const STRICT: PasswordPolicy = {
  MinimumPasswordLength: 10,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
};

describe('passwordViolations with an account policy', () => {
  test('a password meeting every rule breaks none', () => {
    assert.deepEqual(passwordViolations(STRICT, 'Abcdefg1!x', ACCOUNT), []);
  });

  test('each rule is reported on its own', () => {
    assert.deepEqual(passwordViolations(STRICT, 'Abcdef1!x', ACCOUNT), ['MinimumPasswordLength']);
    assert.deepEqual(passwordViolations(STRICT, 'Abcdefg12x', ACCOUNT), ['RequireSymbols']);
    assert.deepEqual(passwordViolations(STRICT, 'Abcdefg!!x', ACCOUNT), ['RequireNumbers']);
    assert.deepEqual(passwordViolations(STRICT, 'abcdefg1!x', ACCOUNT), ['RequireUppercaseCharacters']);
    assert.deepEqual(passwordViolations(STRICT, 'ABCDEFG1!X', ACCOUNT), ['RequireLowercaseCharacters']);
    assert.deepEqual(passwordViolations(STRICT, 'abc', ACCOUNT), [
      'MinimumPasswordLength',
      'RequireSymbols',
      'RequireNumbers',
      'RequireUppercaseCharacters',
    ]);
  });

  test("only IAM's listed characters count as symbols", () => {
    for (const symbol of PASSWORD_SYMBOLS) {
      assert.deepEqual(passwordViolations(STRICT, `Abcdefg1${symbol}x`, ACCOUNT), [], symbol);
    }
    assert.deepEqual(passwordViolations(STRICT, 'Abcdefg1.,x', ACCOUNT), ['RequireSymbols']);
  });

  test('a policy with no requirements only asks for its minimum length (6 when left out)', () => {
    assert.deepEqual(passwordViolations({}, 'aaaaaa', ACCOUNT), []);
    assert.deepEqual(passwordViolations({}, 'aaaaa', ACCOUNT), ['MinimumPasswordLength']);
  });
});

describe("passwordViolations with AWS's default policy", () => {
  test('eight characters of three kinds, not the account name or email', () => {
    assert.deepEqual(passwordViolations(undefined, 'Abcdefg1', ACCOUNT), []);
    assert.deepEqual(passwordViolations(undefined, 'abcdefg!1', ACCOUNT), []);
    assert.deepEqual(passwordViolations(undefined, 'Abcdef1', ACCOUNT), ['MinimumPasswordLength']);
    assert.deepEqual(passwordViolations(undefined, 'abcdefgh12', ACCOUNT), ['ThreeCharacterKinds']);
    assert.deepEqual(passwordViolations(undefined, 'Root@example.com', ACCOUNT), ['NotAccountNameOrEmail']);
  });
});

describe('passwordExpired', () => {
  const day = 24 * 60 * 60 * 1000;
  test('only with MaxPasswordAge, once that many days have passed', () => {
    assert.equal(passwordExpired(undefined, 0, 1000 * day), false);
    assert.equal(passwordExpired({ MaxPasswordAge: 90 }, 0, 90 * day - 1), false);
    assert.equal(passwordExpired({ MaxPasswordAge: 90 }, 0, 90 * day), true);
  });
});
