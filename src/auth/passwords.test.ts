// Password hashes verify the right password only and never contain it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from './passwords.js';

test('scrypt hashes verify the password and nothing else', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^scrypt\$32768\$8\$1\$/);
  assert.ok(!hash.includes('correct horse'));
  assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  assert.equal(await verifyPassword('correct horse battery stapler', hash), false);
  assert.notEqual(await hashPassword('correct horse battery staple'), hash, 'salted');
  assert.equal(await verifyPassword('x', 'not-a-hash'), false);
});
