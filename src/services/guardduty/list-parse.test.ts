// List parsing per format: TXT addresses and ranges, STIX 1 and 2 observables, CSV feeds and AlienVault records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpOrCidr, parseList } from './list-parse.js';

const texts = (format: Parameters<typeof parseList>[0], text: string) =>
  parseList(format, text).entries.map((e) => `${e.address}/${e.prefix}`);

test('addresses and CIDR ranges, IPv4 and IPv6; bad prefixes and names refused', () => {
  assert.deepEqual(parseIpOrCidr('198.51.100.7'), { address: '198.51.100.7', prefix: 32, family: 4 });
  assert.deepEqual(parseIpOrCidr(' 203.0.113.0/24 '), { address: '203.0.113.0', prefix: 24, family: 4 });
  assert.deepEqual(parseIpOrCidr('2001:db8::/32'), { address: '2001:db8::', prefix: 32, family: 6 });
  assert.equal(parseIpOrCidr('203.0.113.0/33'), undefined);
  assert.equal(parseIpOrCidr('2001:db8::/129'), undefined);
  assert.equal(parseIpOrCidr('10.0.0.1/x'), undefined);
  assert.equal(parseIpOrCidr('evil.example.com'), undefined);
  assert.equal(parseIpOrCidr('300.1.1.1'), undefined);
});

test('TXT: one entry a line; blank and # lines are not entries; other lines are counted as skipped', () => {
  const parsed = parseList('TXT', '# trusted\r\n198.51.100.7\n\n203.0.113.0/24\nnot-an-ip\n2001:db8::1\n');
  assert.deepEqual(
    parsed.entries.map((e) => `${e.address}/${e.prefix}`),
    ['198.51.100.7/32', '203.0.113.0/24', '2001:db8::1/128'],
  );
  assert.equal(parsed.skipped, 1);
});

test('STIX 1.x address objects and STIX 2.x indicator patterns', () => {
  const stix1 = `<stix:STIX_Package><cybox:Object><AddressObj:Address_Value condition="Equals">192.0.2.10</AddressObj:Address_Value></cybox:Object>
    <cybox:Object><AddressObj:Address_Value>198.51.100.0/24</AddressObj:Address_Value></cybox:Object>
    <cybox:Object><DomainNameObj:Value>evil.example.com</DomainNameObj:Value></cybox:Object></stix:STIX_Package>`;
  assert.deepEqual(texts('STIX', stix1), ['192.0.2.10/32', '198.51.100.0/24']);
  const stix2 = JSON.stringify({
    type: 'bundle',
    objects: [
      { type: 'indicator', pattern: "[ipv4-addr:value = '203.0.113.5']" },
      { type: 'indicator', pattern: "[ipv6-addr:value = '2001:db8::5']" },
      { type: 'indicator', pattern: "[domain-name:value = 'evil.example.com']" },
    ],
  });
  assert.deepEqual(texts('STIX', stix2), ['203.0.113.5/32', '2001:db8::5/128']);
});

test('OTX, Proofpoint and FireEye CSV: the first address field of each record; headers and domains skipped', () => {
  const otx =
    'Indicator type,Indicator,Description\nIPv4,192.0.2.1,scanner\ndomain,evil.example.com,c2\nCIDR,"198.51.100.0/25",botnet\n';
  const parsed = parseList('OTX_CSV', otx);
  assert.deepEqual(
    parsed.entries.map((e) => `${e.address}/${e.prefix}`),
    ['192.0.2.1/32', '198.51.100.0/25'],
  );
  assert.equal(parsed.skipped, 2);
  assert.deepEqual(texts('PROOF_POINT', 'ip, category, score\n203.0.113.9, 1, 127\n'), ['203.0.113.9/32']);
  assert.deepEqual(texts('FIRE_EYE', 'reportId,networkIdentifier\nr-1,192.0.2.77\n'), ['192.0.2.77/32']);
});

test('AlienVault reputation records: fields separated by #', () => {
  assert.deepEqual(texts('ALIEN_VAULT', '192.0.2.200#4#2#Malicious Host#US##0,0#11\n'), ['192.0.2.200/32']);
});
