// SAML 2.0 identity providers: create, read, list, update (metadata, assertion encryption keys), delete and tags.
import { createPrivateKey, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AwsError } from '../../../aws/error.js';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type {
  IAMOperations,
  SAMLPrivateKey,
  UpdateSAMLProviderRequest,
  assertionEncryptionModeType,
} from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import type { SecretBox } from '../../../store/secrets.js';
import type { RequestContext } from '../../../core/runtime.js';
import { assertTags, epochToDate } from '../common.js';
import { entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import {
  deleteProvider,
  findProviderByArn,
  insertProvider,
  listProviderTags,
  listProviders,
  lockProvider,
  providerArnFor,
  providerTags,
  requireOwnProvider,
  saveProviderConfig,
  storedProviderArn,
  tagProvider,
  untagProvider,
  withTags,
} from './providers.js';
import { parseSamlMetadata } from './saml-metadata.js';
import type { IamProvidersTable } from '../tables.js';
import { mutateIam } from '../mutate.js';

type H = Handlers<IAMOperations>;

/** Assertion decryption keys one provider may hold at a time. */
export const PRIVATE_KEYS_PER_PROVIDER = 2;

/** A stored assertion decryption key: its id, when it was added, and the PEM wrapped under the master key. */
interface StoredPrivateKey {
  KeyId: string;
  Timestamp: string;
  Wrapped: string;
}

/** What iam_providers.config holds for a SAML provider. */
interface SamlConfig {
  SAMLMetadataDocument: string;
  /** ISO 8601. */
  ValidUntil: string;
  EntityId: string;
  /** base64 DER. */
  SigningCertificates: string[];
  SAMLProviderUUID: string;
  AssertionEncryptionMode?: assertionEncryptionModeType;
  PrivateKeys?: StoredPrivateKey[];
}

/** A SAML provider as STS federation (AssumeRoleWithSAML) needs it. */
export interface SamlProviderRecord {
  /** The ARN as stored (the `aws` partition). */
  arn: string;
  accountId: string;
  name: string;
  /** The IdP's entityID: the Issuer its responses and assertions name. */
  entityId: string;
  /** The IdP's signing certificates, base64 DER. */
  signingCertificates: string[];
  validUntil: Date;
  createdAt: Date;
  assertionEncryptionMode?: assertionEncryptionModeType;
}

/** "Manifest not found for arn ..." — IAM's NoSuchEntity for every SAML provider operation. */
function providerNotFound(arn: string): AwsError {
  return noSuchEntity(`Manifest not found for arn ${arn}`);
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomId(prefix: string, length: number): string {
  let id = prefix;
  for (const byte of randomBytes(length - prefix.length)) id += KEY_ALPHABET[byte % KEY_ALPHABET.length];
  return id;
}

/** Metadata without a validUntil is trusted for a hundred years from its upload, as IAM records it. */
function hundredYearsFrom(date: Date): Date {
  const until = new Date(date);
  until.setUTCFullYear(until.getUTCFullYear() + 100);
  return until;
}

function configOf(row: IamProvidersTable): SamlConfig {
  return JSON.parse(row.config) as SamlConfig;
}

function keyContext(keyId: string): string {
  return `saml-private-key:${keyId}`;
}

/** Checks an AddPrivateKey value (a PEM private key) and wraps it for storage under a new key id. */
function acceptPrivateKey(secrets: SecretBox, pem: string, now: Date): StoredPrivateKey {
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new Error('not PEM');
    createPrivateKey(pem);
  } catch {
    throw invalidInput('Invalid private key.');
  }
  const KeyId = randomId('', 26);
  return { KeyId, Timestamp: now.toISOString(), Wrapped: secrets.wrap(pem, keyContext(KeyId)) };
}

/** The metadata's parts IAM keeps, with its validity defaulting to a hundred years from `uploaded`. */
function metadataConfig(document: string, uploaded: Date) {
  const metadata = parseSamlMetadata(document);
  return {
    SAMLMetadataDocument: document,
    ValidUntil: (metadata.validUntil ?? hundredYearsFrom(uploaded)).toISOString(),
    EntityId: metadata.entityId,
    SigningCertificates: metadata.signingCertificates,
  };
}

function requiredWithoutKey(): AwsError {
  return invalidInput('Unable to set assertion encryption mode to Required because no private key is provided.');
}

function privateKeyList(config: SamlConfig): { PrivateKeyList?: SAMLPrivateKey[] } {
  const keys = config.PrivateKeys ?? [];
  return keys.length === 0
    ? {}
    : { PrivateKeyList: keys.map((k) => ({ KeyId: k.KeyId, Timestamp: new Date(k.Timestamp) })) };
}

/** UpdateSAMLProvider's changes applied to the stored config, with IAM's checks and messages. */
function updatedConfig(ctx: RequestContext, config: SamlConfig, input: UpdateSAMLProviderRequest): SamlConfig {
  const { SAMLMetadataDocument, AssertionEncryptionMode, AddPrivateKey, RemovePrivateKey } = input;
  if (
    SAMLMetadataDocument === undefined &&
    AssertionEncryptionMode === undefined &&
    AddPrivateKey === undefined &&
    RemovePrivateKey === undefined
  ) {
    throw invalidInput(
      'Unable to update identity provider. No updates are defined for metadata or encryption assertion.',
    );
  }
  if (AddPrivateKey !== undefined && RemovePrivateKey !== undefined) {
    throw invalidInput(
      'Unable to add and remove private keys in the same request. Set a value for only one of the two parameters.',
    );
  }
  const next: SamlConfig = {
    ...config,
    ...(SAMLMetadataDocument !== undefined ? metadataConfig(SAMLMetadataDocument, ctx.receivedAt) : {}),
  };
  let keys = [...(config.PrivateKeys ?? [])];
  if (AddPrivateKey !== undefined) {
    if (keys.length >= PRIVATE_KEYS_PER_PROVIDER) {
      throw limitExceeded(`Private key limit of ${PRIVATE_KEYS_PER_PROVIDER} is reached.`);
    }
    keys.push(acceptPrivateKey(ctx.runtime.secrets, AddPrivateKey, ctx.receivedAt));
  }
  const mode = AssertionEncryptionMode ?? config.AssertionEncryptionMode;
  if (RemovePrivateKey !== undefined) {
    if (!keys.some((k) => k.KeyId === RemovePrivateKey)) {
      throw invalidInput('Failed to remove private key because the Key ID does not match a private key.');
    }
    keys = keys.filter((k) => k.KeyId !== RemovePrivateKey);
    // Encrypted assertions could no longer be read: the last key stays while encryption is required.
    if (keys.length === 0 && mode === 'Required') throw invalidInput('Failed to remove private key.');
  }
  if (mode === 'Required' && keys.length === 0) throw requiredWithoutKey();
  if (mode !== undefined) next.AssertionEncryptionMode = mode;
  next.PrivateKeys = keys;
  return next;
}

function recordOf(row: IamProvidersTable): SamlProviderRecord {
  const config = configOf(row);
  return {
    arn: row.arn,
    accountId: row.account_id,
    name: row.name,
    entityId: config.EntityId,
    signingCertificates: config.SigningCertificates,
    validUntil: new Date(config.ValidUntil),
    createdAt: epochToDate(Number(row.created_at)),
    ...(config.AssertionEncryptionMode ? { assertionEncryptionMode: config.AssertionEncryptionMode } : {}),
  };
}

/** The SAML provider an ARN (any partition; the name in any case) names, for AssumeRoleWithSAML. */
export async function getSamlProvider(db: Kysely<Database>, arn: string): Promise<SamlProviderRecord | undefined> {
  const row = await findProviderByArn(db, 'saml', arn);
  return row && recordOf(row);
}

/** The signing certificates (base64 DER) of the SAML provider an ARN names; undefined when there is none. */
export async function getSamlProviderCertificates(db: Kysely<Database>, arn: string): Promise<string[] | undefined> {
  return (await getSamlProvider(db, arn))?.signingCertificates;
}

/** The provider's assertion decryption keys as PEM, newest first (an encrypted assertion names none of them). */
export async function getSamlProviderPrivateKeys(
  db: Kysely<Database>,
  secrets: SecretBox,
  arn: string,
): Promise<string[]> {
  const row = await findProviderByArn(db, 'saml', arn);
  if (!row) return [];
  const keys = [...(configOf(row).PrivateKeys ?? [])].reverse();
  return keys.map((k) => secrets.unwrap(k.Wrapped, keyContext(k.KeyId)).toString('utf8'));
}

export const createSAMLProvider: NonNullable<H['CreateSAMLProvider']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const metadata = metadataConfig(input.SAMLMetadataDocument, ctx.receivedAt);
  if (input.AssertionEncryptionMode === 'Required' && input.AddPrivateKey === undefined) throw requiredWithoutKey();
  const keys =
    input.AddPrivateKey === undefined
      ? []
      : [acceptPrivateKey(ctx.runtime.secrets, input.AddPrivateKey, ctx.receivedAt)];
  const tags = input.Tags ?? [];
  assertTags(tags);
  const config: SamlConfig = {
    ...metadata,
    SAMLProviderUUID: randomId('SAML', 22),
    ...(input.AssertionEncryptionMode ? { AssertionEncryptionMode: input.AssertionEncryptionMode } : {}),
    PrivateKeys: keys,
  };
  const row: IamProvidersTable = {
    arn: storedProviderArn('saml', accountId, input.Name),
    account_id: accountId,
    kind: 'saml',
    name: input.Name,
    config: JSON.stringify(config),
    created_at: ctx.receivedAt.getTime(),
  };
  const taken = () => entityAlreadyExists(`Provider with name ${input.Name} already exists.`);
  await insertProvider(ctx, row, tags, taken);
  return { SAMLProviderArn: providerArnFor(ctx, row), ...withTags(tags) };
};

export const getSAMLProvider: NonNullable<H['GetSAMLProvider']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const row = await requireOwnProvider(ctx, db, 'saml', input.SAMLProviderArn, providerNotFound);
  const config = configOf(row);
  return {
    SAMLProviderUUID: config.SAMLProviderUUID,
    SAMLMetadataDocument: config.SAMLMetadataDocument,
    CreateDate: epochToDate(Number(row.created_at)),
    ValidUntil: new Date(config.ValidUntil),
    ...withTags(await providerTags(db, row)),
    ...(config.AssertionEncryptionMode ? { AssertionEncryptionMode: config.AssertionEncryptionMode } : {}),
    ...privateKeyList(config),
  };
};

export const listSAMLProviders: NonNullable<H['ListSAMLProviders']> = async (ctx) => {
  const rows = await listProviders(ctx.runtime.store.db, ctx.identity.accountId, 'saml');
  return {
    SAMLProviderList: rows.map((row) => ({
      Arn: providerArnFor(ctx, row),
      ValidUntil: new Date(configOf(row).ValidUntil),
      CreateDate: epochToDate(Number(row.created_at)),
    })),
  };
};

export const updateSAMLProvider: NonNullable<H['UpdateSAMLProvider']> = async (ctx, input) => {
  const arn = await mutateIam(ctx, async (trx) => {
    const found = await requireOwnProvider(ctx, trx, 'saml', input.SAMLProviderArn, providerNotFound);
    const row = await lockProvider(trx, found.arn);
    if (!row) throw providerNotFound(input.SAMLProviderArn);
    await saveProviderConfig(trx, row.arn, updatedConfig(ctx, configOf(row), input));
    return row.arn;
  });
  return { SAMLProviderArn: providerArnFor(ctx, { arn }) };
};

export const deleteSAMLProvider: NonNullable<H['DeleteSAMLProvider']> = async (ctx, input) => {
  await mutateIam(ctx, async (trx) => {
    const row = await requireOwnProvider(ctx, trx, 'saml', input.SAMLProviderArn, providerNotFound);
    await deleteProvider(trx, row);
  });
};

export const tagSAMLProvider: NonNullable<H['TagSAMLProvider']> = (ctx, input) =>
  tagProvider(ctx, 'saml', input.SAMLProviderArn, input.Tags, providerNotFound);

export const untagSAMLProvider: NonNullable<H['UntagSAMLProvider']> = (ctx, input) =>
  untagProvider(ctx, 'saml', input.SAMLProviderArn, input.TagKeys, providerNotFound);

export const listSAMLProviderTags: NonNullable<H['ListSAMLProviderTags']> = (ctx, input) =>
  listProviderTags(ctx, 'saml', input.SAMLProviderArn, input, providerNotFound);
