import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { markPreparable, preparedName } from './prepared-statements.js';

describe('markPreparable', () => {
  test('names a text once, and the same text keeps its name', () => {
    const text = 'select "m"."key", "m"."value" from "warden_meta" as "m" where "m"."key" = $1 /* naming test */';
    markPreparable(text);
    const name = preparedName(text);
    assert.match(name ?? '', /^warden_q\d+$/);
    markPreparable(text);
    assert.equal(preparedName(text), name);
    assert.equal(preparedName(`${text} `), undefined, 'another text is not named by this one');
  });

  test('leaves unnamed a text whose select list has a wildcard (its result would change with the table)', () => {
    for (const text of [
      'select * from "kms_keys" where "key_id" = $1 /* w1 */',
      'select "k".*, "a"."status" from "access_keys" as "k" /* w2 */',
      'select count(*) from "t" /* w3 */',
      'select "a" * 2 from "t" /* w4: a product, left unnamed all the same */',
    ]) {
      markPreparable(text);
      assert.equal(preparedName(text), undefined, text);
    }
  });
});
