// The shared nesting bound: JSON text and values are measured as Jackson counts depth, without recursion.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonTextTooDeep, MAX_NESTING_DEPTH, nestingTooDeep, valueTooDeep } from './nesting.js';

/** `depth` arrays inside each other: `[[["x"]]]` is depth 3. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

/** A value `depth` objects deep, built without recursion. */
function nestedValue(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' };
  for (let i = 1; i < depth; i++) value = { Not: value };
  return value;
}

describe('jsonTextTooDeep', () => {
  test('the bound itself passes; one more level does not', () => {
    assert.equal(jsonTextTooDeep(nestedArrays(MAX_NESTING_DEPTH)), false);
    assert.equal(jsonTextTooDeep(nestedArrays(MAX_NESTING_DEPTH + 1)), true);
    assert.equal(jsonTextTooDeep(`{"a":${'{"b":'.repeat(MAX_NESTING_DEPTH)}1${'}'.repeat(MAX_NESTING_DEPTH)}}`), true);
  });

  test('depth is what is open at once, not how many containers there are', () => {
    const wide = `[${Array.from({ length: 5000 }, () => '[1]').join(',')}]`;
    assert.equal(jsonTextTooDeep(wide), false);
  });

  test('brackets inside strings, escaped quotes included, do not count', () => {
    const text = JSON.stringify({ a: '['.repeat(5000), b: `\\"${'{'.repeat(5000)}`, c: ['"[['] });
    assert.equal(jsonTextTooDeep(text), false);
    assert.equal(jsonTextTooDeep(text, 2), false);
    assert.equal(jsonTextTooDeep(text, 1), true);
  });

  test('malformed text is measured as far as it goes', () => {
    assert.equal(jsonTextTooDeep('['.repeat(MAX_NESTING_DEPTH + 1)), true);
    assert.equal(jsonTextTooDeep(']]]]'), false);
  });
});

describe('valueTooDeep', () => {
  test('the bound itself passes; one more level does not', () => {
    assert.equal(valueTooDeep(nestedValue(MAX_NESTING_DEPTH)), false);
    assert.equal(valueTooDeep(nestedValue(MAX_NESTING_DEPTH + 1)), true);
    assert.equal(valueTooDeep(nestedValue(200_000)), true);
  });

  test('scalars, dates and bytes are leaves', () => {
    assert.equal(valueTooDeep('x'), false);
    assert.equal(valueTooDeep({ a: new Date(), b: Buffer.from('x'), c: new Uint8Array(3) }, 1), false);
    assert.equal(valueTooDeep({ a: [] }, 1), true);
  });

  test('a value that refers to itself is too deep, and the walk ends', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(valueTooDeep(cyclic), true);
  });
});

test('the answer: SerializationException (no message) for JSON, ValidationError for query', () => {
  const json = nestingTooDeep('json');
  assert.deepEqual([json.code, json.message, json.httpStatus], ['SerializationException', '', 400]);
  const query = nestingTooDeep('query');
  assert.equal(query.code, 'ValidationError');
  assert.equal(query.httpStatus, 400);
  assert.match(query.message, /^1 validation error detected: /);
});
