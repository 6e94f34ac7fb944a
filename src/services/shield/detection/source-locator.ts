// Where a client is, for Shield's country and network contributors: public addresses only, recent ones remembered.
import type { GeoIpLocation, OfflineGeoIpDatabase } from '../../../net/geo/database.js';
import { ipWords } from '../../../net/geo/ip-words.js';
import { isPublicWords } from '../../../net/geo/public-address.js';

/** Addresses remembered (a few hundred KB at most); past it the memory starts afresh. */
const REMEMBERED = 4096;

export class SourceLocator {
  /** Recent addresses and where they are (null: nowhere): a flood's sources are looked up once each. */
  private readonly seen = new Map<string, GeoIpLocation | null>();

  constructor(private readonly geo: Pick<OfflineGeoIpDatabase, 'locateWords'>) {}

  /**
   * Undefined for special-use addresses (loopback, private, link-local...), which the data may place in a country
   * (it puts 192.168.0.0/16 in AU): they are nobody's country or network.
   */
  locate(ip: string): GeoIpLocation | undefined {
    const known = this.seen.get(ip);
    if (known !== undefined) return known ?? undefined;
    const w = ipWords(ip);
    const location = w !== undefined && isPublicWords(w) ? this.geo.locateWords(w) : undefined;
    if (this.seen.size >= REMEMBERED) this.seen.clear();
    this.seen.set(ip, location ?? null);
    return location;
  }
}
