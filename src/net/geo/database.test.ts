// The offline geolocation database: address parsing, range resolution, CSV reading, and lookups in the shipped data.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geoIpDatabase, packagedGeoIpSources, readGeoIpDatabase, type GeoIpSources } from './database.js';
import { ipWords } from './ip-words.js';
import { RangeBuilder } from './range-table.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Writes the four CSVs (rows as text, the last without a line break) into a fresh directory; answers their paths. */
async function fixture(rows: Partial<Record<keyof GeoIpSources, string[]>>): Promise<GeoIpSources> {
  const dir = await mkdtemp(join(tmpdir(), 'warden-geo-'));
  dirs.push(dir);
  const paths = {
    countryV4: join(dir, 'country-v4.csv'),
    countryV6: join(dir, 'country-v6.csv'),
    asnV4: join(dir, 'asn-v4.csv'),
    asnV6: join(dir, 'asn-v6.csv'),
  };
  for (const key of Object.keys(paths) as (keyof GeoIpSources)[])
    await writeFile(paths[key], (rows[key] ?? []).join('\n'));
  return paths;
}

const v4 = (ip: string) => {
  const w = ipWords(ip)!;
  assert.equal(w.family, 4);
  return String(w.words[0]);
};
const v6 = (ip: string) => {
  const w = ipWords(ip)!;
  assert.equal(w.family, 6);
  return String([...w.words].reduce((n, x) => (n << 32n) | BigInt(x), 0n));
};

test('addresses become words: dotted quads, every IPv6 spelling, IPv4-mapped IPv6 as IPv4, garbage as nothing', () => {
  assert.equal(v4('0.0.0.0'), '0');
  assert.equal(v4('255.255.255.255'), '4294967295');
  assert.equal(v4('8.8.8.8'), String(8 * 2 ** 24 + 8 * 2 ** 16 + 8 * 2 ** 8 + 8));
  assert.equal(v4('::ffff:8.8.8.8'), v4('8.8.8.8'));
  assert.equal(v4('::ffff:808:808'), v4('8.8.8.8'));
  assert.equal(v6('::'), '0');
  assert.equal(v6('::1'), '1');
  assert.equal(v6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), String((1n << 128n) - 1n));
  assert.equal(v6('2001:db8::1'), String((0x20010db8n << 96n) | 1n));
  assert.equal(v6('2001:db8:0:0:0:0:0:1'), v6('2001:db8::1'));
  assert.equal(v6('2001:DB8::1'), v6('2001:db8::1'));
  assert.equal(v6('1::'), String(1n << 112n));
  assert.equal(v6('64:ff9b::1.2.3.4'), String((0x64ff9bn << 96n) | 0x01020304n));
  assert.equal(v6('fe80::1%eth0'), v6('fe80::1'));
  for (const bad of ['', 'x', '1.2.3', '1.2.3.256', '2001:db8::1::2', '::ffff:1.2.3', '8.8.8.8, 1.1.1.1'])
    assert.equal(ipWords(bad), undefined, bad);
});

/** The builder's segments as [start, end, value] with IPv4 numbers. */
function segments(rows: [number, number, number][]): number[][] {
  const b = new RangeBuilder(1);
  for (const [s, e, v] of rows) b.add(Uint32Array.of(s), Uint32Array.of(e), v);
  const t = b.build((n) => new Uint32Array(n));
  const out: number[][] = [];
  let current: number[] | undefined;
  for (let ip = 0; ip <= 40; ip++) {
    const v = t.lookup(Uint32Array.of(ip));
    if (current && current[2] === v && current[1] === ip - 1) current[1] = ip;
    else if (v !== undefined) out.push((current = [ip, ip, v]));
    else current = undefined;
  }
  return out;
}

test('overlapping ranges: the narrower decides inside it, the wider keeps the rest, in any order', () => {
  // Disjoint rows, with a gap between them and a neighbour of the same value merged.
  assert.deepEqual(
    segments([
      [1, 5, 7],
      [6, 8, 7],
      [10, 12, 9],
    ]),
    [
      [1, 8, 7],
      [10, 12, 9],
    ],
  );
  // A small block inside a large one, as the data nests a provider's feed in its registry's allocation.
  const nested = [
    [10, 10, 1],
    [11, 12, 2],
    [13, 20, 1],
  ];
  assert.deepEqual(
    segments([
      [10, 20, 1],
      [11, 12, 2],
    ]),
    nested,
  );
  assert.deepEqual(
    segments([
      [11, 12, 2],
      [10, 20, 1],
    ]),
    nested,
  );
  // Same start, wider first (the order of the data): the narrower still wins.
  assert.deepEqual(
    segments([
      [10, 20, 1],
      [10, 14, 2],
      [10, 11, 3],
    ]),
    [
      [10, 11, 3],
      [12, 14, 2],
      [15, 20, 1],
    ],
  );
  // Partial overlap: the narrower row takes the shared part.
  assert.deepEqual(
    segments([
      [10, 20, 1],
      [18, 23, 2],
    ]),
    [
      [10, 17, 1],
      [18, 23, 2],
    ],
  );
  assert.deepEqual(
    segments([
      [10, 13, 1],
      [12, 30, 2],
    ]),
    [
      [10, 13, 1],
      [14, 30, 2],
    ],
  );
  // Equal ranges: the later row wins. A row spanning several earlier ones fills only the gaps between them.
  assert.deepEqual(
    segments([
      [5, 6, 1],
      [5, 6, 2],
    ]),
    [[5, 6, 2]],
  );
  assert.deepEqual(
    segments([
      [3, 4, 1],
      [8, 9, 2],
      [2, 10, 3],
    ]),
    [
      [2, 2, 3],
      [3, 4, 1],
      [5, 7, 3],
      [8, 9, 2],
      [10, 10, 3],
    ],
  );
  assert.throws(() => segments([[5, 4, 1]]), /ends before it starts/);
});

test('lookups at the edges of IPv4 and IPv6 ranges, from CSV files', async () => {
  const db = await readGeoIpDatabase(
    await fixture({
      countryV4: [
        '0,0,AQ',
        // 1.0.0.0-1.0.0.255 AU, then 1.0.1.0-1.0.3.255 CN (adjacent, different values).
        '16777216,16777471,AU',
        '16777472,16778239,CN',
        // 8.8.8.0/24 US, with CRLF line ending.
        '134744064,134744319,US\r',
        '4294967295,4294967295,ZZ',
      ],
      countryV6: [
        // 2001:db8::/32 → FR; 2001:db8:1::/48 inside it → DE.
        `${0x20010db8n << 96n},${((0x20010db8n + 1n) << 96n) - 1n},FR`,
        `${(0x20010db8n << 96n) | (1n << 80n)},${((0x20010db8n << 96n) | (2n << 80n)) - 1n},DE`,
        `${(1n << 128n) - 1n},${(1n << 128n) - 1n},ZZ`,
      ],
      asnV4: ['134744064,134744319,15169,"Google, LLC"', '16777216,16777471,13335,Cloudflare'],
      asnV6: [`${0x20010db8n << 96n},${((0x20010db8n + 1n) << 96n) - 1n},4294967295,Doc`],
    }),
  );
  assert.equal(db.country('0.0.0.0'), 'AQ');
  assert.equal(db.country('0.0.0.1'), undefined);
  assert.equal(db.country('0.255.255.255'), undefined);
  assert.equal(db.country('1.0.0.0'), 'AU');
  assert.equal(db.country('1.0.0.255'), 'AU');
  assert.equal(db.country('1.0.1.0'), 'CN');
  assert.equal(db.country('1.0.3.255'), 'CN');
  assert.equal(db.country('1.0.4.0'), undefined);
  assert.equal(db.country('8.8.7.255'), undefined);
  assert.equal(db.country('8.8.8.0'), 'US');
  assert.equal(db.country('::ffff:8.8.8.255'), 'US');
  assert.equal(db.country('8.8.9.0'), undefined);
  assert.equal(db.country('255.255.255.254'), undefined);
  assert.equal(db.country('255.255.255.255'), 'ZZ');
  assert.equal(db.country('2001:db7:ffff:ffff:ffff:ffff:ffff:ffff'), undefined);
  assert.equal(db.country('2001:db8::'), 'FR');
  assert.equal(db.country('2001:db8:0:ffff:ffff:ffff:ffff:ffff'), 'FR');
  assert.equal(db.country('2001:db8:1::'), 'DE');
  assert.equal(db.country('2001:db8:1:ffff:ffff:ffff:ffff:ffff'), 'DE');
  assert.equal(db.country('2001:db8:2::'), 'FR');
  assert.equal(db.country('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'), 'FR');
  assert.equal(db.country('2001:db9::'), undefined);
  assert.equal(db.country('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), 'ZZ');
  assert.equal(db.country('not an address'), undefined);
  assert.equal(db.asn('8.8.8.8'), 15169);
  assert.equal(db.asn('1.0.0.1'), 13335);
  assert.equal(db.asn('1.0.1.1'), undefined);
  assert.equal(db.asn('2001:db8:1::5'), 4294967295);
  assert.equal(db.asn('2001:db9::'), undefined);
  assert.deepEqual(db.locate('8.8.8.8'), { country: 'US', asn: 15169 });
  assert.deepEqual(db.locate('1.0.1.1'), { country: 'CN' });
  assert.deepEqual(db.locate('2001:db9::'), {});
  assert.deepEqual(db.locate('not an address'), {});
  assert.deepEqual(db.ranges, { countryV4: 5, countryV6: 4, asnV4: 2, asnV6: 1 });
  // Two 32-bit words (start, end) and a 16-bit country per IPv4 range; eight words and the value per IPv6 range.
  assert.equal(db.byteLength, 5 * 10 + 4 * 34 + 2 * 12 + 36);
});

test('a malformed file fails the load, naming the file and line', async () => {
  const cases: [Partial<Record<keyof GeoIpSources, string[]>>, RegExp][] = [
    [{ countryV4: ['1,2,US', '3,4,usa'] }, /country-v4\.csv:2: not a country code/],
    [{ countryV4: ['1,2'] }, /country-v4\.csv:1: expected start,end,value/],
    [{ countryV4: ['1,4294967296,US'] }, /too large/],
    [{ countryV4: ['-1,2,US'] }, /not a decimal number/],
    [{ countryV6: [`0,${1n << 128n},US`] }, /country-v6\.csv:1: a number too large/],
    [{ asnV4: ['1,2,4294967296,X'] }, /asn-v4\.csv:1: a number too large/],
    [{ asnV4: ['5,2,1,X'] }, /asn-v4\.csv:1: a range ends before it starts/],
    [{ asnV6: ['1,2,AS1,X'] }, /asn-v6\.csv:1: not a decimal number/],
    [{ countryV4: ['1,2,US', '1'.repeat(2000)] }, /country-v4\.csv:2: a line longer than 1024 bytes/],
    [{ countryV4: ['1'.repeat(2000), '1,2,US'] }, /country-v4\.csv:1: a line longer than 1024 bytes/],
  ];
  for (const [rows, error] of cases) await assert.rejects(readGeoIpDatabase(await fixture(rows)), error);
});

test('the shipped ip-location-db data answers stable lookups, loaded once per process', async () => {
  const sources = await packagedGeoIpSources();
  assert.match(sources.versions['@ip-location-db/asn']!, /^\d+\.\d+\.\d+$/);
  const db = await geoIpDatabase();
  assert.equal(await geoIpDatabase(), db);
  assert.equal(db.country('8.8.8.8'), 'US');
  assert.equal(db.asn('8.8.8.8'), 15169);
  assert.equal(db.country('2001:4860:4860::8888'), 'US');
  assert.equal(db.asn('2001:4860:4860::8888'), 15169);
  assert.equal(db.asn('1.1.1.1'), 13335);
  assert.equal(db.country('127.0.0.1'), undefined);
  assert.equal(db.asn('10.1.2.3'), undefined);
  assert.deepEqual(db.locate('1.1.1.1').asn, 13335);
  assert.deepEqual(db.locate('127.0.0.2'), {});
  for (const r of Object.values(db.ranges)) assert.ok(r > 50_000);
});
