// Whether a web ACL (or a rule group it runs) needs the IP geolocation database: a Geo/ASN statement or an ASN rate key.
const GEO_KEYS = new Set(['GeoMatchStatement', 'AsnMatchStatement', 'ASN']);

/** Deeper than any statement WAF accepts; a deeper value is not walked further. */
const MAX_DEPTH = 64;

/** Walks the stored shapes' keys (never their string values, which are the customer's) for a statement needing it. */
export function usesGeoIp(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => usesGeoIp(v, depth + 1));
  for (const [key, v] of Object.entries(value)) {
    if (GEO_KEYS.has(key) && v !== null && typeof v === 'object') return true;
    if (usesGeoIp(v, depth + 1)) return true;
  }
  return false;
}
