// The SigV4 hot path's shortcuts checked against the straightforward code they replaced (issue 19): same answers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { AwsError } from './error.js';
import type { HttpRequest } from './http.js';
import { deriveSigningKey, parseSignature, readAuthorizationFields, SigningKeyCache } from './sigv4.js';
import { sha256Hex, sha256HexOf } from './sigv4-canonical.js';
import { parseAmzDate } from './sigv4-time.js';

/** The Authorization reading as it was: split on runs of separators into a Map, later duplicates winning. */
function referenceFields(trimmed: string): { algorithm: string; fields: Map<string, string> } | { error: string } {
  const algorithmEnd = trimmed.search(/[\s,]/);
  const algorithm = algorithmEnd < 0 ? trimmed : trimmed.slice(0, algorithmEnd);
  const fields = new Map<string, string>();
  if (algorithmEnd >= 0) {
    for (const piece of trimmed.slice(algorithmEnd + 1).split(/[\s,]+/)) {
      if (piece === '') continue;
      const eq = piece.indexOf('=');
      if (eq < 0) return { error: piece };
      fields.set(piece.slice(0, eq), piece.slice(eq + 1));
    }
  }
  return { algorithm, fields };
}

const separators = fc
  .array(fc.constantFrom(',', ' ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', '\u3000'), { minLength: 1, maxLength: 3 })
  .map((chars) => chars.join(''));
/** A `key=value` component, now and then without its `=` or with text the separators would cut. */
const component = fc
  .tuple(
    fc.constantFrom('Credential', 'Signature', 'SignedHeaders', 'Other', 'credential', ''),
    fc.constantFrom('=', '=', '=', '==', '', '\u200b'),
    fc.string({ maxLength: 8 }),
  )
  .map(([key, eq, value]) => key + eq + value);
/** Text shaped like an Authorization header: a scheme, then components between runs of separators. */
const headerText = fc
  .tuple(
    fc.constantFrom('AWS4-HMAC-SHA256', 'AWS4-X', ''),
    fc.array(fc.tuple(separators, component), { maxLength: 7 }),
    fc.constantFrom('', ',', ' '),
  )
  .map(([scheme, parts, tail]) => scheme + parts.map(([sep, c]) => sep + c).join('') + tail);

/** readAuthorizationFields gives the reference's scheme and three fields, or the same refusal. */
function assertReadAsReference(text: string): void {
  const expected = referenceFields(text);
  let actual;
  try {
    actual = readAuthorizationFields(text, text, 'query');
  } catch (error) {
    assert.ok(error instanceof AwsError);
    assert.ok('error' in expected, `refused ${JSON.stringify(text)}, which the reference reads`);
    assert.equal(
      error.message,
      `'${expected.error}' not a valid key=value pair (missing equal-sign) in Authorization header: '${text}'.`,
    );
    return;
  }
  assert.ok(!('error' in expected), `read ${JSON.stringify(text)}, which the reference refuses`);
  assert.equal(actual.algorithm, expected.algorithm);
  assert.equal(actual.credential, expected.fields.get('Credential'));
  assert.equal(actual.signature, expected.fields.get('Signature'));
  assert.equal(actual.signedHeaders, expected.fields.get('SignedHeaders'));
}

describe('the Authorization header is read as splitting on [\\s,]+ read it', () => {
  test('on arbitrary text: the same scheme, the same three fields, the same refusal', () => {
    fc.assert(fc.property(headerText, assertReadAsReference), { numRuns: 2000 });
  });

  test('in the form every SDK sends (read with one match): the same fields as the reference', () => {
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a=b', 'x,y', 'p q', '', '='));
    const scheme = fc.constantFrom('AWS4-HMAC-SHA256', 'AWS4-X', 'AWS4-');
    fc.assert(
      fc.property(scheme, value, value, value, (algorithm, c, h, s) =>
        assertReadAsReference(`${algorithm} Credential=${c}, SignedHeaders=${h}, Signature=${s}`),
      ),
      { numRuns: 2000 },
    );
  });

  test('a duplicated component: the last one counts', () => {
    const fields = readAuthorizationFields('AWS4-HMAC-SHA256 Signature=aa,Signature=bb', '', 'query');
    assert.equal(fields.signature, 'bb');
  });
});

/** parseAmzDate without its memo of the last text. */
function referenceAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  const ms = Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!, parts[3]!, parts[4]!, parts[5]!);
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '') === text ? ms : undefined;
}

test('parseAmzDate answers a repeated text as the first time, with a Date of its own', () => {
  // Few days and times, so texts often share a day or a time with the one before.
  const amzDate = fc
    .tuple(
      fc.constantFrom(2024, 2026),
      fc.constantFrom(0, 2, 12, 13),
      fc.constantFrom(0, 1, 29, 31),
      fc.constantFrom(0, 23, 24),
      fc.constantFrom(0, 59, 60),
    )
    .map(
      ([y, mo, d, h, mi]) =>
        [y, mo, d, h, mi]
          .map((n) => String(n).padStart(2, '0'))
          .join('')
          .replace(/^(\d{8})/, '$1T') + '07Z',
    );
  fc.assert(
    fc.property(fc.array(fc.oneof(amzDate, fc.string({ maxLength: 17 })), { maxLength: 6 }), (texts) => {
      for (const text of [...texts, ...texts]) {
        const first = parseAmzDate(text);
        const again = parseAmzDate(text);
        assert.equal(first?.getTime(), referenceAmzDate(text), text);
        assert.equal(again?.getTime(), first?.getTime());
        if (first !== undefined) assert.notEqual(first, again);
      }
    }),
    { numRuns: 500 },
  );
});

test('one-shot SHA-256 agrees with the Hash object, for text and bytes', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      assert.equal(sha256HexOf(text), createHash('sha256').update(text, 'utf8').digest('hex'));
      const body = Buffer.from(text, 'utf8');
      assert.equal(sha256Hex(body), createHash('sha256').update(body).digest('hex'));
    }),
  );
});

describe('signing-key cache: a hit on the most recent entry leaves the order as it was', () => {
  test('the least recently used is still the one dropped', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const cache = new SigningKeyCache(3);
    for (const day of ['20261125', '20261126', '20261127']) cache.get(secret, day, 'us-east-1', 'sts');
    cache.get(secret, '20261125', 'us-east-1', 'sts'); // 25 moves to the back: 26, 27, 25
    cache.get(secret, '20261125', 'us-east-1', 'sts'); // already at the back
    cache.get(secret, '20261125', 'us-east-1', 'sts');
    cache.get(secret, '20261128', 'us-east-1', 'sts'); // drops 26
    assert.deepEqual(cache.stats(), { hits: 3, misses: 4, size: 3, maxEntries: 3 });
    cache.get(secret, '20261126', 'us-east-1', 'sts'); // a miss: drops 27
    cache.get(secret, '20261125', 'us-east-1', 'sts'); // still there
    assert.deepEqual(cache.stats(), { hits: 4, misses: 5, size: 3, maxEntries: 3 });
    assert.deepEqual(
      cache.get(secret, '20261125', 'us-east-1', 'sts'),
      deriveSigningKey(secret, '20261125', 'us-east-1', 'sts'),
    );
  });

  test('after clear, the entry that was most recent is derived again', () => {
    const secret = 'secret-a';
    const cache = new SigningKeyCache(2);
    cache.get(secret, '20261125', 'us-east-1', 'sts');
    cache.clear();
    cache.get(secret, '20261125', 'us-east-1', 'sts');
    cache.get(secret, '20261126', 'us-east-1', 'sts');
    cache.get(secret, '20261127', 'us-east-1', 'sts'); // drops 25, which must really have been stored again
    cache.get(secret, '20261125', 'us-east-1', 'sts');
    assert.deepEqual(cache.stats(), { hits: 0, misses: 4, size: 2, maxEntries: 2 });
  });
});

describe("signing-key cache by a stored key's id: the secret read only on a miss", () => {
  const stored = (id: string, secret: string) => {
    const reads = { count: 0 };
    return {
      reads,
      key: {
        id,
        read: () => {
          reads.count++;
          return secret;
        },
      },
    };
  };

  test('a hit neither reads the secret nor changes the key; another id or scope is a miss', () => {
    const cache = new SigningKeyCache(4);
    const a = stored('AKIAA\nv1.wrapped-a', 'secret-a');
    const first = cache.getFor(a.key, '20261205', 'us-east-1', 'sts');
    assert.deepEqual(first, deriveSigningKey('secret-a', '20261205', 'us-east-1', 'sts'));
    assert.equal(cache.getFor(a.key, '20261205', 'us-east-1', 'sts'), first);
    assert.equal(a.reads.count, 1);
    assert.deepEqual(
      cache.getFor(a.key, '20261205', 'us-east-1', 'kms'),
      deriveSigningKey('secret-a', '20261205', 'us-east-1', 'kms'),
    );
    assert.equal(a.reads.count, 2);
    // The same key id wrapped anew (a new secret) is a new name: never the old secret's signing key.
    const rewrapped = stored('AKIAA\nv1.wrapped-b', 'secret-b');
    assert.deepEqual(
      cache.getFor(rewrapped.key, '20261205', 'us-east-1', 'sts'),
      deriveSigningKey('secret-b', '20261205', 'us-east-1', 'sts'),
    );
    assert.equal(rewrapped.reads.count, 1);
    assert.deepEqual(cache.stats(), { hits: 1, misses: 3, size: 3, maxEntries: 4 });
  });

  test('the remembered last entry follows every hit and miss, and clear forgets it', () => {
    const cache = new SigningKeyCache(2);
    const a = stored('id-a', 'secret-a');
    const b = stored('id-b', 'secret-b');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b'), { maxLength: 20 }), fc.boolean(), (order, clearMidway) => {
        for (const [i, which] of order.entries()) {
          if (clearMidway && i === order.length >> 1) cache.clear();
          const [entry, secret] = which === 'a' ? [a.key, 'secret-a'] : [b.key, 'secret-b'];
          assert.deepEqual(
            cache.getFor(entry, '20261205', 'us-east-1', 'sts'),
            deriveSigningKey(secret, '20261205', 'us-east-1', 'sts'),
          );
        }
      }),
      { numRuns: 200 },
    );
    cache.clear();
    const reads = a.reads.count;
    cache.getFor(a.key, '20261205', 'us-east-1', 'sts');
    assert.equal(a.reads.count, reads + 1);
  });
});

describe('Credential and SignedHeaders remembered from the request before', () => {
  const request = (credential: string, signedHeaders: string): HttpRequest => ({
    method: 'POST',
    path: '/',
    query: {},
    rawQuery: '',
    headers: {
      host: 'localhost',
      'x-amz-date': '20261128T011000Z',
      authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${'0'.repeat(64)}`,
    },
    body: Buffer.alloc(0),
  });

  test('alternating requests each read their own', () => {
    const a = request('AKIAAAAAAAAAAAAAAAAA/20261128/us-east-1/sts/aws4_request', 'host;x-amz-date');
    const b = request('AKIABBBBBBBBBBBBBBBB/20261128/eu-west-1/kms/aws4_request', 'Host;Content-Type;X-Amz-Date');
    for (const [req, keyId, scope, headers] of [
      [a, 'AKIAAAAAAAAAAAAAAAAA', '20261128/us-east-1/sts/aws4_request', ['host', 'x-amz-date']],
      [b, 'AKIABBBBBBBBBBBBBBBB', '20261128/eu-west-1/kms/aws4_request', ['host', 'content-type', 'x-amz-date']],
      [a, 'AKIAAAAAAAAAAAAAAAAA', '20261128/us-east-1/sts/aws4_request', ['host', 'x-amz-date']],
    ] as const) {
      const parsed = parseSignature(req, 'query');
      assert.equal(parsed.accessKeyId, keyId);
      assert.equal(parsed.credentialScope, scope);
      assert.deepEqual(parsed.signedHeaders, headers);
      assert.ok(Object.isFrozen(parsed.signedHeaders));
    }
  });

  test('a malformed credential after a good one is still refused', () => {
    parseSignature(request('AKIAAAAAAAAAAAAAAAAA/20261128/us-east-1/sts/aws4_request', 'host;x-amz-date'), 'query');
    assert.throws(
      () => parseSignature(request('AKIAAAAAAAAAAAAAAAAA/20261128/us-east-1/sts', 'host;x-amz-date'), 'query'),
      /Credential must have exactly 5 slash-delimited elements/,
    );
    assert.throws(
      () => parseSignature(request('AKIAAAAAAAAAAAAAAAAA/20261128/us-east-1/sts/aws4_request', 'x-amz-date'), 'query'),
      /'Host' or ':authority' must be a 'SignedHeader'/,
    );
  });
});
