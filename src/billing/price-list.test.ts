// The price list: AWS list prices by default, an operator's validated override merged over them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costBetween, DEFAULT_PRICES, loadPriceList, parsePriceOverride } from './price-list.js';

test('defaults are the public list prices', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-prices-'));
  try {
    const prices = await loadPriceList({ dataDir: dir, env: {} });
    assert.equal(prices, DEFAULT_PRICES);
    assert.equal(prices['KMS-Keys'], 1);
    assert.equal(prices['KMS-Requests'], 0.000003);
    assert.equal(prices['CE-Requests'], 0.01);
    assert.equal(prices['IAM-Requests'], 0);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('<dataDir>/price-list.json and WARDEN_PRICE_LIST override single prices', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-prices-'));
  try {
    writeFileSync(join(dir, 'price-list.json'), JSON.stringify({ 'KMS-Keys': 2 }));
    const fromDir = await loadPriceList({ dataDir: dir, env: {} });
    assert.equal(fromDir['KMS-Keys'], 2);
    assert.equal(fromDir['KMS-Requests'], DEFAULT_PRICES['KMS-Requests']);
    const named = join(dir, 'other.json');
    writeFileSync(named, JSON.stringify({ 'STS-Requests': 0.25 }));
    const fromEnv = await loadPriceList({ dataDir: dir, env: { WARDEN_PRICE_LIST: named } });
    assert.equal(fromEnv['STS-Requests'], 0.25);
    assert.equal(fromEnv['KMS-Keys'], 1, 'the env file wins over the data directory file');
    await assert.rejects(
      loadPriceList({ dataDir: dir, env: { WARDEN_PRICE_LIST: join(dir, 'missing.json') } }),
      /Cannot read price list/,
    );
    writeFileSync(named, '{nope');
    await assert.rejects(loadPriceList({ dataDir: dir, env: { WARDEN_PRICE_LIST: named } }), /not JSON/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('an override naming an unknown usage type or a bad price is rejected', () => {
  assert.throws(() => parsePriceOverride({ 'KMS-Request': 1 }, 'x.json'), /Invalid price list x.json: .*usage types/);
  assert.throws(() => parsePriceOverride({ 'KMS-Keys': -1 }, 'x.json'), /KMS-Keys/);
  assert.throws(() => parsePriceOverride({ 'KMS-Keys': '1' }, 'x.json'), /KMS-Keys/);
  assert.throws(() => parsePriceOverride([1], 'x.json'), /Invalid price list/);
  assert.deepEqual(parsePriceOverride({ 'WAF-Requests': 0.1 }, 'x.json'), { 'WAF-Requests': 0.1 });
});

test('an override may give a usage type tiers: ascending upTo bounds, the last tier open-ended', () => {
  const tiers = [{ upTo: 10, price: 1 }, { upTo: 20, price: 0.5 }, { price: 0.25 }];
  assert.deepEqual(parsePriceOverride({ 'KMS-Requests': tiers }, 'x.json'), { 'KMS-Requests': tiers });
  assert.throws(
    () =>
      parsePriceOverride(
        {
          'KMS-Requests': [
            { upTo: 10, price: 1 },
            { upTo: 20, price: 0.5 },
          ],
        },
        'x.json',
      ),
    /KMS-Requests\.1\.upTo: the last tier has no upTo/,
  );
  assert.throws(
    () => parsePriceOverride({ 'KMS-Requests': [{ price: 1 }, { price: 0.5 }] }, 'x.json'),
    /KMS-Requests\.0\.upTo: every tier but the last needs an upTo/,
  );
  assert.throws(
    () =>
      parsePriceOverride({ 'KMS-Requests': [{ upTo: 10, price: 1 }, { upTo: 5, price: 1 }, { price: 0 }] }, 'x.json'),
    /KMS-Requests\.1\.upTo: upTo must increase/,
  );
  assert.throws(() => parsePriceOverride({ 'KMS-Requests': [] }, 'x.json'), /KMS-Requests/);
  assert.throws(() => parsePriceOverride({ 'KMS-Requests': [{ price: -1 }] }, 'x.json'), /KMS-Requests/);
  assert.throws(() => parsePriceOverride({ 'KMS-Requests': [{ price: 1, from: 0 }] }, 'x.json'), /KMS-Requests/);
});

test('costBetween prices the part of [from, to) in each tier at its rate', () => {
  const tiers = [{ upTo: 10, price: 1 }, { upTo: 20, price: 0.5 }, { price: 0.25 }];
  assert.equal(costBetween(tiers, 0, 4), 4);
  assert.equal(costBetween(tiers, 4, 10), 6);
  assert.equal(costBetween(tiers, 10, 22), 10 * 0.5 + 2 * 0.25);
  assert.equal(costBetween(tiers, 5, 25), 5 + 5 + 1.25);
  assert.equal(costBetween(tiers, 30, 30), 0);
  assert.equal(costBetween(3, 2, 5), 9);
  assert.equal(costBetween(undefined, 0, 5), 0);
});
