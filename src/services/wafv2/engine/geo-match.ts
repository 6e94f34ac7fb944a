// GeoMatch and AsnMatch over an IP geolocation database: the country labels AWS adds, ASN 0 for an unmapped address.
import type { RequestView } from './request-view.js';
import type { ForwardedIPConfig } from './types.js';

/** Offline IP → country / ASN data (src/net/geo/ builds one from ip-location-db). */
export interface GeoIpDatabase {
  /** ISO 3166-1 alpha-2 country code, or undefined when unknown. */
  country(ip: string): string | undefined;
  asn(ip: string): number | undefined;
}

/** The address a statement inspects, or the match a forwarded-IP header decided without one. */
export type AddressSource = (view: RequestView) => string | boolean;

type Matcher = (view: RequestView) => boolean;

/**
 * Labels every request it inspects with `awswaf:clientip:geo:country:<CC>` (or `forwardedip` when the address came
 * from ForwardedIPConfig), whether or not the country is listed. The data has countries only: no region label.
 */
export function geoMatch(
  s: { readonly CountryCodes?: readonly string[]; readonly ForwardedIPConfig?: ForwardedIPConfig },
  geo: GeoIpDatabase,
  from: AddressSource,
): Matcher {
  const codes = new Set(s.CountryCodes ?? []);
  const prefix = `awswaf:${s.ForwardedIPConfig ? 'forwardedip' : 'clientip'}:geo:country:`;
  // One label string per country seen (at most a few hundred), not one per request.
  const labels = new Map<string, string>();
  return (view) => {
    const ip = from(view);
    if (typeof ip === 'boolean') return ip;
    const country = geo.country(ip);
    if (country === undefined) return false;
    let label = labels.get(country);
    if (label === undefined) labels.set(country, (label = prefix + country));
    view.addLabel(label);
    return codes.has(country);
  };
}

/** AWS assigns ASN 0 to a valid address it cannot map, so AsnList may name 0 to catch those. */
const asnOf = (geo: GeoIpDatabase, ip: string): number => geo.asn(ip) ?? 0;

export function asnMatch(s: { readonly AsnList: readonly number[] }, geo: GeoIpDatabase, from: AddressSource): Matcher {
  const asns = new Set(s.AsnList);
  return (view) => {
    const ip = from(view);
    return typeof ip === 'boolean' ? ip : asns.has(asnOf(geo, ip));
  };
}

/** A rate-based rule's ASN custom key: the ASN of the client's (or, with ForwardedIPConfig, the forwarded) address. */
export function asnKey(geo: GeoIpDatabase, from: AddressSource): AddressSource {
  return (view) => {
    const ip = from(view);
    return typeof ip === 'boolean' ? ip : String(asnOf(geo, ip));
  };
}
