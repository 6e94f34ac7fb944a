// Shield places public sources in the shipped data's country and network, and special-use ones nowhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geoIpDatabase } from '../../../net/geo/database.js';
import { SourceLocator } from './source-locator.js';

test('public addresses get their country and network; loopback and private ones get nothing', async () => {
  const locator = new SourceLocator(await geoIpDatabase());
  assert.deepEqual(locator.locate('8.8.8.8'), { country: 'US', asn: 15169 });
  assert.deepEqual(locator.locate('8.8.8.8'), { country: 'US', asn: 15169 });
  assert.deepEqual(locator.locate('2001:4860:4860::8888'), { country: 'US', asn: 15169 });
  assert.equal(locator.locate('127.0.0.2'), undefined);
  // The data places this private range in a country; Shield does not.
  assert.equal((await geoIpDatabase()).country('192.168.1.1') !== undefined, true);
  assert.equal(locator.locate('192.168.1.1'), undefined);
  assert.equal(locator.locate('::ffff:10.0.0.1'), undefined);
  assert.equal(locator.locate('1.1.1.1')?.asn, 13335);
});
