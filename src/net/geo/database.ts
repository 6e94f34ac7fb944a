// The offline IP → country / ASN database (WAF's GeoMatch and AsnMatch, Shield's top contributors): ip-location-db's
// CSVs, loaded once per process.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readCsvRanges, unpackCountry, type ValueKind } from './csv-ranges.js';
import { ipWords, type IpWords } from './ip-words.js';
import { RangeBuilder, type RangeTable, type Width } from './range-table.js';

/** The four "-num" CSV files (start,end,value as decimal integers). */
export interface GeoIpSources {
  readonly countryV4: string;
  readonly countryV6: string;
  readonly asnV4: string;
  readonly asnV6: string;
}

/** What a lookup knows of an address: its country and its network, each only where the data places it. */
export interface GeoIpLocation {
  /** ISO 3166-1 alpha-2 country code. */
  readonly country?: string;
  readonly asn?: number;
}

/** Offline IP → country / ASN data; private, loopback and unallocated addresses have neither. */
export interface GeoIpDatabase {
  /** ISO 3166-1 alpha-2 country code, or undefined when unknown. */
  country(ip: string): string | undefined;
  asn(ip: string): number | undefined;
  /** Both at once, the address parsed once. */
  locate(ip: string): GeoIpLocation;
}

async function readTable(path: string, w: Width, kind: ValueKind): Promise<RangeTable> {
  const builder = new RangeBuilder(w);
  await readCsvRanges(path, w, kind, (start, end, value) => builder.add(start, end, value));
  return builder.build((n) => (kind === 'country' ? new Uint16Array(n) : new Uint32Array(n)));
}

export class OfflineGeoIpDatabase implements GeoIpDatabase {
  constructor(
    private readonly countryV4: RangeTable,
    private readonly countryV6: RangeTable,
    private readonly asnV4: RangeTable,
    private readonly asnV6: RangeTable,
  ) {}

  country(ip: string): string | undefined {
    const w = ipWords(ip);
    const n = w === undefined ? undefined : (w.family === 4 ? this.countryV4 : this.countryV6).lookup(w.words);
    return n === undefined ? undefined : unpackCountry(n);
  }

  asn(ip: string): number | undefined {
    const w = ipWords(ip);
    if (w === undefined) return undefined;
    return (w.family === 4 ? this.asnV4 : this.asnV6).lookup(w.words);
  }

  locate(ip: string): GeoIpLocation {
    const w = ipWords(ip);
    return w === undefined ? {} : this.locateWords(w);
  }

  /** locate for an address already parsed. */
  locateWords(w: IpWords): GeoIpLocation {
    const country = (w.family === 4 ? this.countryV4 : this.countryV6).lookup(w.words);
    const asn = (w.family === 4 ? this.asnV4 : this.asnV6).lookup(w.words);
    const location: { country?: string; asn?: number } = {};
    if (country !== undefined) location.country = unpackCountry(country);
    if (asn !== undefined) location.asn = asn;
    return location;
  }

  /** Ranges held per table, after overlaps were resolved and neighbours with one value merged. */
  get ranges(): { countryV4: number; countryV6: number; asnV4: number; asnV6: number } {
    return {
      countryV4: this.countryV4.length,
      countryV6: this.countryV6.length,
      asnV4: this.asnV4.length,
      asnV6: this.asnV6.length,
    };
  }

  /** Bytes of the typed arrays that hold the tables. */
  get byteLength(): number {
    return this.countryV4.byteLength + this.countryV6.byteLength + this.asnV4.byteLength + this.asnV6.byteLength;
  }
}

/** Builds the database from the four files, one after the other (each streamed, yielding between chunks). */
export async function readGeoIpDatabase(sources: GeoIpSources): Promise<OfflineGeoIpDatabase> {
  const countryV4 = await readTable(sources.countryV4, 1, 'country');
  const countryV6 = await readTable(sources.countryV6, 4, 'country');
  const asnV4 = await readTable(sources.asnV4, 1, 'asn');
  const asnV6 = await readTable(sources.asnV6, 4, 'asn');
  return new OfflineGeoIpDatabase(countryV4, countryV6, asnV4, asnV6);
}

/** The installed ip-location-db packages: their CSVs, and their versions (the data's date is in the version). */
export async function packagedGeoIpSources(): Promise<GeoIpSources & { versions: Record<string, string> }> {
  const require = createRequire(import.meta.url);
  const dirOf = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));
  const country = dirOf('@ip-location-db/geo-whois-asn-country');
  const asn = dirOf('@ip-location-db/asn');
  const version = async (dir: string) =>
    (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    countryV4: join(country, 'geo-whois-asn-country-ipv4-num.csv'),
    countryV6: join(country, 'geo-whois-asn-country-ipv6-num.csv'),
    asnV4: join(asn, 'asn-ipv4-num.csv'),
    asnV6: join(asn, 'asn-ipv6-num.csv'),
    versions: {
      '@ip-location-db/geo-whois-asn-country': await version(country),
      '@ip-location-db/asn': await version(asn),
    },
  };
}

let loading: Promise<OfflineGeoIpDatabase> | undefined;

/**
 * The packaged database, loaded the first time something asks and then shared by the whole process. A failed load
 * is forgotten, so the next caller that needs it (a web ACL, Shield's detection) tries again.
 */
export function geoIpDatabase(): Promise<OfflineGeoIpDatabase> {
  loading ??= packagedGeoIpSources()
    .then(readGeoIpDatabase)
    .catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
  return loading;
}
