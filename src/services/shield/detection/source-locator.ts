// Where a client is, for Shield's country and network contributors: public addresses only, the last one remembered.
import type { GeoIpDatabase, GeoIpLocation } from '../../../net/geo/database.js';
import { isPublicAddress } from '../../../net/geo/public-address.js';

export class SourceLocator {
  /** The last address located and where it is: a flood from one source is looked up once. */
  private last: { ip: string; location: GeoIpLocation | undefined } = { ip: '', location: undefined };

  constructor(private readonly geo: GeoIpDatabase) {}

  /**
   * Undefined for special-use addresses (loopback, private, link-local...), which the data may place in a country
   * (it puts 192.168.0.0/16 in AU): they are nobody's country or network.
   */
  locate(ip: string): GeoIpLocation | undefined {
    if (this.last.ip !== ip) this.last = { ip, location: isPublicAddress(ip) ? this.geo.locate(ip) : undefined };
    return this.last.location;
  }
}
