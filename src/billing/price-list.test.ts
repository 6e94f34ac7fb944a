// The price list: AWS list prices by default, an operator's validated override merged over them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICES, loadPriceList, parsePriceOverride } from './price-list.js';

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
