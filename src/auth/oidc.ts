// Web identity tokens (OIDC JWTs): checked against the account's IAM OIDC provider and the issuer's published keys.
import type { Kysely } from 'kysely';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AwsError } from '../aws/error.js';
import type { Database } from '../store/schema.js';

export interface OidcProvider {
  /** The provider's ARN as stored. */
  arn: string;
  /** The issuer URL without its scheme (`token.actions.githubusercontent.com`, `127.0.0.1:8123/realm`). */
  url: string;
  clientIds: string[];
}

export interface VerifiedWebIdentity {
  provider: OidcProvider;
  /** The token's `iss`, as written in it. */
  issuer: string;
  subject: string;
  /** The token audience that matched one of the provider's client ids. */
  audience: string;
  claims: JWTPayload;
}

/** Algorithms an OIDC provider may sign ID tokens with (never `none`, never a shared-secret HMAC). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** How long an issuer's discovery document and keys are reused before being fetched again. */
const KEY_CACHE_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
const CACHED_ISSUERS = 256;

function invalidToken(message: string): AwsError {
  return new AwsError('InvalidIdentityToken', message, { status: 400 });
}

const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
const NO_KEY =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity " +
  'documentation for requirements';

function communicationError(issuer: string): AwsError {
  return new AwsError('IDPCommunicationError', `The identity provider ${issuer} could not be reached.`, {
    status: 400,
  });
}

/** Plain http is accepted only for issuers on the loopback interface (tests, local identity providers). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function allowedUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * The issuer as IAM names its provider: the URL without its scheme, exactly (IAM keeps `host` and `host/` apart).
 * Providers are registered with https URLs; a loopback issuer serving plain http matches the same name.
 */
export function providerUrlOf(issuer: string): string {
  return issuer.replace(/^https?:\/\//, '');
}

/** The account's OIDC provider registered for this issuer (iam_providers, kind 'oidc'), if any. */
export async function findOidcProvider(
  db: Kysely<Database>,
  accountId: string,
  issuer: string,
): Promise<OidcProvider | undefined> {
  const url = providerUrlOf(issuer);
  const row = await db
    .selectFrom('iam_providers')
    .select(['arn', 'name', 'config'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'oidc')
    .where('name', '=', url)
    .executeTakeFirst();
  if (!row) return undefined;
  let clientIds: string[] = [];
  try {
    const config = JSON.parse(row.config) as { ClientIDList?: unknown };
    if (Array.isArray(config.ClientIDList)) clientIds = config.ClientIDList.filter((c) => typeof c === 'string');
  } catch {
    clientIds = [];
  }
  return { arn: row.arn, url: row.name, clientIds };
}

interface CachedIssuer {
  expires: number;
  keys: Promise<JWTVerifyGetKey>;
}

const issuers = new Map<string, CachedIssuer>();

/** Reads `<issuer>/.well-known/openid-configuration` and returns its jwks_uri. */
async function discoverKeysUrl(issuer: string): Promise<URL> {
  const discovery = new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  let response: Response;
  try {
    response = await fetch(discovery, { redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    throw communicationError(issuer);
  }
  if (response.status !== 200) throw invalidToken(NO_KEY);
  let document: { jwks_uri?: unknown };
  try {
    document = (await response.json()) as { jwks_uri?: unknown };
  } catch {
    throw invalidToken(NO_KEY);
  }
  if (typeof document.jwks_uri !== 'string' || !URL.canParse(document.jwks_uri)) throw invalidToken(NO_KEY);
  const keysUrl = new URL(document.jwks_uri);
  if (!allowedUrl(keysUrl) || (keysUrl.protocol === 'http:' && !isLoopbackHost(new URL(issuer).hostname))) {
    throw invalidToken(NO_KEY);
  }
  return keysUrl;
}

/** The issuer's key set, discovered once and reused for a few minutes (jose refetches on an unknown key id). */
function keysOf(issuer: string, now: number): Promise<JWTVerifyGetKey> {
  const hit = issuers.get(issuer);
  if (hit && hit.expires > now) return hit.keys;
  const keys = discoverKeysUrl(issuer).then((url) =>
    createRemoteJWKSet(url, { timeoutDuration: FETCH_TIMEOUT_MS, cacheMaxAge: KEY_CACHE_MS }),
  );
  if (issuers.size >= CACHED_ISSUERS) issuers.delete(issuers.keys().next().value!);
  const entry = { expires: now + KEY_CACHE_MS, keys };
  issuers.set(issuer, entry);
  keys.catch(() => {
    if (issuers.get(issuer) === entry) issuers.delete(issuer);
  });
  return keys;
}

/** Forgets every cached issuer (tests). */
export function clearOidcKeyCache(): void {
  issuers.clear();
}

function audiencesOf(claims: JWTPayload): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** Maps jose's failures to AWS's: an expired token, a key that cannot be found, anything else invalid. */
function verificationError(err: unknown, issuer: string, claims: JWTPayload, now: Date): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof errors.JWTExpired) {
    return new AwsError(
      'ExpiredTokenException',
      `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time ${claims.exp}`,
      { status: 400 },
    );
  }
  if (err instanceof errors.JWKSTimeout) return communicationError(issuer);
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSInvalid) return invalidToken(NO_KEY);
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return invalidToken('The signature of the web identity token could not be verified.');
  }
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return invalidToken(NOT_A_JWT);
  if (err instanceof errors.JWTClaimValidationFailed) {
    return invalidToken(`The web identity token's ${err.claim} claim is not valid.`);
  }
  if (err instanceof errors.JOSEError) {
    // A key-set response that is not 200 or not JSON, an unsupported algorithm: the key is not usable.
    return err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported
      ? invalidToken('The web identity token is signed with an algorithm that is not supported.')
      : invalidToken(NO_KEY);
  }
  // fetch() rejects with a TypeError when the issuer cannot be reached at all.
  return communicationError(issuer);
}

/**
 * Verifies a web identity token for a role of `accountId`, as AssumeRoleWithWebIdentity does: it must be a JWT whose
 * `iss` names an OIDC provider registered in the account, signed by a key the issuer publishes (discovery, then
 * jwks_uri; plain http only for loopback issuers), not expired at `now`, with an `aud` in the provider's client id
 * list. Errors are AWS's: InvalidIdentityToken, ExpiredTokenException ("Token expired: ..."), IDPCommunicationError.
 * The provider's certificate thumbprints are not checked: keys are fetched over TLS validated by the system's trust
 * store, as AWS itself does for most providers today.
 */
export async function verifyWebIdentityToken(
  db: Kysely<Database>,
  accountId: string,
  token: string,
  now: Date,
): Promise<VerifiedWebIdentity> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw invalidToken(NOT_A_JWT);
  }
  const issuer = claims.iss;
  if (typeof issuer !== 'string' || !URL.canParse(issuer)) throw invalidToken(NOT_A_JWT);
  const provider = await findOidcProvider(db, accountId, issuer);
  if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${issuer}`);
  if (!allowedUrl(new URL(issuer))) throw invalidToken(NO_KEY);

  try {
    const keys = await keysOf(issuer, now.getTime());
    await jwtVerify(token, keys, { issuer, currentDate: now, algorithms: ALGORITHMS, requiredClaims: ['exp', 'sub'] });
  } catch (err) {
    throw verificationError(err, issuer, claims, now);
  }
  const audience = audiencesOf(claims).find((a) => provider.clientIds.includes(a));
  if (audience === undefined) throw invalidToken('Incorrect token audience');
  return { provider, issuer, subject: String(claims.sub), audience, claims };
}
