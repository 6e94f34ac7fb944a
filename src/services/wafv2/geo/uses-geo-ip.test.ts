// Which web ACLs need the geolocation database: Geo/ASN statements and ASN rate keys, never customer strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usesGeoIp } from './uses-geo-ip.js';

test('usesGeoIp finds Geo/ASN statements and ASN rate keys at any depth, and not customer strings', () => {
  const geo = { GeoMatchStatement: { CountryCodes: ['FR'] } };
  assert.equal(usesGeoIp([{ Rules: [{ Statement: geo }] }]), true);
  assert.equal(usesGeoIp({ Rules: [{ Statement: { NotStatement: { Statement: { AsnMatchStatement: {} } } } }] }), true);
  assert.equal(
    usesGeoIp({
      RateBasedStatement: { AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ HTTPMethod: {} }, { ASN: {} }] },
    }),
    true,
  );
  assert.equal(usesGeoIp({ Rules: [{ Name: 'GeoMatchStatement', Statement: { ByteMatchStatement: {} } }] }), false);
  assert.equal(usesGeoIp([{ Rules: [] }, []]), false);
  let deep: object = geo;
  for (let i = 0; i < 100; i++) deep = { NotStatement: { Statement: deep } };
  assert.equal(usesGeoIp(deep), false);
});
