import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AwsError } from '../aws/error.js';
import {
  MAX_TOKEN_CHARS,
  openPageToken,
  pageOfList,
  pageOfQuery,
  sealPageToken,
  type PageRequest,
  type PagingContext,
} from './pagination.js';
import { MASTER_KEY_BYTES, SecretBox } from './secrets.js';

const secrets = new SecretBox(randomBytes(MASTER_KEY_BYTES));

function ctx(overrides: Partial<{ service: string; operation: string; region: string; accountId: string }> = {}) {
  return {
    service: overrides.service ?? 'iam',
    operation: overrides.operation ?? 'ListUsers',
    region: overrides.region ?? 'us-east-1',
    identity: { accountId: overrides.accountId ?? '111111111111' },
    runtime: { secrets },
  } satisfies PagingContext;
}

const errors = {
  invalid: () => new AwsError('InvalidToken', 'bad token'),
  changed: () => new AwsError('Changed', 'filters changed'),
};

function request(token: string | undefined, limit: number, filters: unknown = {}): PageRequest {
  return { token, limit, filters, errors };
}

function throwsCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (err: unknown) => err instanceof AwsError && err.code === code);
}

/** Every page of all, k at a time, following the tokens. */
function pageThrough<T>(all: T[], k: number, filters: unknown = {}): T[][] {
  const pages: T[][] = [];
  let token: string | undefined;
  do {
    const page = pageOfList(ctx(), all, request(token, k, filters));
    pages.push(page.items);
    token = page.next;
    assert.ok(pages.length <= all.length + 1, 'paging must end');
  } while (token !== undefined);
  return pages;
}

describe('page tokens', () => {
  test('paging N items k at a time returns each exactly once, in order, in pages of k', () => {
    for (const n of [0, 1, 7, 10, 23]) {
      for (const k of [1, 3, 5, 10, 100]) {
        const all = Array.from({ length: n }, (_, i) => `item${i}`);
        const pages = pageThrough(all, k);
        assert.deepEqual(pages.flat(), all, `n=${n} k=${k}`);
        assert.equal(pages.length, Math.max(1, Math.ceil(n / k)), `n=${n} k=${k}`);
        for (const page of pages.slice(0, -1)) assert.equal(page.length, k);
      }
    }
  });

  test('the page size may change between pages; the paging members are not bound', () => {
    const all = Array.from({ length: 10 }, (_, i) => i);
    const first = pageOfList(ctx(), all, request(undefined, 3, { PathPrefix: '/a/', MaxItems: 3 }));
    const second = pageOfList(
      ctx(),
      all,
      request(first.next, 5, { PathPrefix: '/a/', MaxItems: 5, Marker: first.next }),
    );
    assert.deepEqual(second.items, [3, 4, 5, 6, 7]);
  });

  test('a token from another operation, service, account or region is refused as invalid', () => {
    const token = sealPageToken(ctx(), { PathPrefix: '/' }, 5);
    assert.equal(openPageToken(ctx(), { PathPrefix: '/' }, token, errors), 5);
    for (const other of [
      ctx({ operation: 'ListRoles' }),
      ctx({ service: 'kms' }),
      ctx({ accountId: '222222222222' }),
      ctx({ region: 'eu-west-1' }),
    ]) {
      throwsCode(() => openPageToken(other, { PathPrefix: '/' }, token, errors), 'InvalidToken');
    }
  });

  test('a token offered with other filters is refused with the changed error, or invalid without one', () => {
    const filters = { PathPrefix: '/a/', Scope: 'Local', When: new Date(0) };
    const token = sealPageToken(ctx(), filters, 2);
    // Member order and the paging members do not matter; values do.
    assert.equal(
      openPageToken(ctx(), { When: new Date(0), Scope: 'Local', PathPrefix: '/a/', MaxItems: 9 }, token, errors),
      2,
    );
    throwsCode(() => openPageToken(ctx(), { ...filters, PathPrefix: '/b/' }, token, errors), 'Changed');
    throwsCode(() => openPageToken(ctx(), { ...filters, When: new Date(1) }, token, errors), 'Changed');
    throwsCode(() => openPageToken(ctx(), { PathPrefix: '/a/', Scope: 'Local' }, token, errors), 'Changed');
    throwsCode(
      () => openPageToken(ctx(), { ...filters, PathPrefix: '/b/' }, token, { invalid: errors.invalid }),
      'InvalidToken',
    );
  });

  test('a tampered, truncated, extended or made-up token is refused', () => {
    const token = sealPageToken(ctx(), {}, 3);
    const bytes = Buffer.from(token, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i]! ^= 0x01;
      throwsCode(() => openPageToken(ctx(), {}, flipped.toString('base64url'), errors), 'InvalidToken');
    }
    for (const forged of [
      token.slice(0, -1),
      token.slice(0, 20),
      `${token}A`,
      `${token}.`,
      '',
      'garbage',
      Buffer.from('warden:3').toString('base64'),
      Buffer.from('m:3').toString('base64url'),
      Buffer.from('o:3').toString('base64url'),
      'x'.repeat(MAX_TOKEN_CHARS + 1),
    ]) {
      throwsCode(() => openPageToken(ctx(), {}, forged, errors), 'InvalidToken');
    }
  });

  test('a token under another master key is refused', () => {
    const token = sealPageToken(ctx(), {}, 1);
    const elsewhere = { ...ctx(), runtime: { secrets: new SecretBox(randomBytes(MASTER_KEY_BYTES)) } };
    throwsCode(() => openPageToken(elsewhere, {}, token, errors), 'InvalidToken');
  });

  test('tokens are opaque: the same position sealed twice differs and shows no offset', () => {
    const a = sealPageToken(ctx(), {}, 100);
    const b = sealPageToken(ctx(), {}, 100);
    assert.notEqual(a, b);
    assert.doesNotMatch(Buffer.from(a, 'base64url').toString('latin1'), /100/);
  });

  test('a list token holding something other than an offset is refused', () => {
    for (const position of [-1, 1.5, 'x', [1, 2], null]) {
      const token = sealPageToken(ctx(), {}, position);
      throwsCode(() => pageOfList(ctx(), [1, 2, 3], request(token, 1)), 'InvalidToken');
    }
  });

  test('a token past a list that has since shrunk gives an empty last page', () => {
    const token = pageOfList(ctx(), [1, 2, 3, 4, 5], request(undefined, 4)).next;
    assert.deepEqual(pageOfList(ctx(), [1, 2], request(token, 4)), { items: [] });
  });
});

describe('keyset pages', () => {
  const rows = Array.from({ length: 11 }, (_, i) => ({ time: 1000 - Math.floor(i / 3), seq: 100 - i }));
  type Key = [number, number];
  const isKey = (v: unknown): v is Key => Array.isArray(v) && v.length === 2 && v.every((n) => Number.isSafeInteger(n));

  test('pages a query newest first by (time, seq), each row once, stable when rows are added meanwhile', async () => {
    const table = [...rows];
    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await pageOfQuery(ctx(), {
        ...request(token, 4),
        fetch: async (after: Key | undefined, count: number) =>
          table
            .filter((r) => !after || r.time < after[0] || (r.time === after[0] && r.seq < after[1]))
            .sort((a, b) => b.time - a.time || b.seq - a.seq)
            .slice(0, count),
        cursorOf: (r): Key => [r.time, r.seq],
        isCursor: isKey,
      });
      seen.push(...page.items.map((r) => r.seq));
      token = page.next;
      pages++;
      // A newer row arriving between pages does not shift the pages already given.
      table.push({ time: 2000 + pages, seq: 200 + pages });
      assert.ok(pages <= rows.length, 'paging must end');
    } while (token !== undefined);
    assert.deepEqual(
      seen,
      rows.map((r) => r.seq),
    );
    assert.equal(pages, 3);
  });

  test('a keyset token with a foreign cursor shape is refused', async () => {
    const token = sealPageToken(ctx(), {}, 7);
    await assert.rejects(
      pageOfQuery(ctx(), {
        ...request(token, 2),
        fetch: async () => rows,
        cursorOf: (r): Key => [r.time, r.seq],
        isCursor: isKey,
      }),
      (err: unknown) => err instanceof AwsError && err.code === 'InvalidToken',
    );
  });
});
