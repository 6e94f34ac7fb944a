// CreateOpenIDConnectProvider's Url: the https issuer URL IAM accepts, and the name (URL without scheme) it keys.
import { invalidInput, validationError } from '../errors.js';

const INVALID = 'Invalid Open ID Connect Provider URL';

/** Text that is not a URL at all (no scheme, no host) is a ValidationError; a URL IAM refuses is InvalidInput. */
function notAUrl() {
  return validationError(INVALID);
}

/** A DNS name (labels of letters, digits and inner hyphens) or an IP literal, as the URL parser normalised it. */
function validHost(hostname: string): boolean {
  if (/^\[[0-9a-f:.]+\]$/i.test(hostname)) return true;
  const labels = hostname.split('.');
  return labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(l));
}

/**
 * The provider's name for a submitted Url: everything after `https://`, as given (a trailing slash included: IAM
 * keeps `https://host` and `https://host/` apart). IAM's answers: no scheme or no host → ValidationError "Invalid
 * Open ID Connect Provider URL"; another scheme → InvalidInput "... The URL must begin with https://."; user info,
 * a query, a fragment or a malformed host → InvalidInput "Invalid Open ID Connect Provider URL.".
 *
 * A port is accepted: self-hosted identity providers often listen on one, and OIDC issuer URLs may carry it.
 */
export function oidcProviderName(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (!scheme || url.length === scheme[0].length) throw notAUrl();
  if (scheme[1].toLowerCase() !== 'https') throw invalidInput(`${INVALID}. The URL must begin with https://.`);
  const rest = url.slice(scheme[0].length);
  if (/[?#@\s\\]/.test(rest)) throw invalidInput(`${INVALID}.`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidInput(`${INVALID}.`);
  }
  if (!parsed.hostname || !validHost(parsed.hostname)) throw invalidInput(`${INVALID}.`);
  return rest;
}

/** IAM keeps thumbprints lower-cased (they are hex SHA-1 digests); a list of more than five is refused. */
export function acceptThumbprints(thumbprints: string[]): string[] {
  if (thumbprints.length > 5) throw invalidInput('Thumbprint list must contain fewer than 5 entries.');
  return thumbprints.map((t) => t.toLowerCase());
}
