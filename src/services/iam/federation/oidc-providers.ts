// OpenID Connect identity providers: create, read, list, delete, client ids, thumbprints and tags; read by STS too.
import type { Kysely } from 'kysely';
import type { AwsError } from '../../../aws/error.js';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import { assertTags, epochToDate } from '../common.js';
import { entityAlreadyExists, noSuchEntity, quotaExceeded } from '../errors.js';
import { acceptThumbprints, oidcProviderName } from './oidc-url.js';
import {
  deleteProvider,
  findOwnProvider,
  findProviderByArn,
  insertProvider,
  lockProvider,
  listProviderTags,
  listProviders,
  providerArnFor,
  providerTags,
  requireOwnProvider,
  saveProviderConfig,
  storedProviderArn,
  tagProvider,
  untagProvider,
  withTags,
} from './providers.js';
import type { IamProvidersTable } from '../tables.js';
import type { RequestContext } from '../../../core/runtime.js';
import { mutateIam } from '../mutate.js';

type H = Handlers<IAMOperations>;

/** IAM's default ClientIdsPerOpenIdConnectProvider quota. */
export const CLIENT_IDS_PER_PROVIDER = 100;

/** What iam_providers.config holds for an OIDC provider (src/auth/oidc.ts reads ClientIDList from it). */
interface OidcConfig {
  ClientIDList: string[];
  ThumbprintList: string[];
}

/** An OIDC provider as STS federation needs it. */
export interface OidcProviderRecord {
  /** The ARN as stored (the `aws` partition). */
  arn: string;
  accountId: string;
  /** The issuer URL without its scheme, as registered (`token.actions.githubusercontent.com`). */
  url: string;
  clientIds: string[];
  /** Lower-case hex SHA-1 thumbprints of the issuer's certificates; may be empty. */
  thumbprints: string[];
  createdAt: Date;
}

/** "OpenIDConnect Provider not found for arn ..." — Get and every operation on a provider except Delete. */
function providerNotFound(arn: string): AwsError {
  return noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
}

function configOf(row: IamProvidersTable): OidcConfig {
  const parsed = JSON.parse(row.config) as Partial<OidcConfig>;
  return { ClientIDList: parsed.ClientIDList ?? [], ThumbprintList: parsed.ThumbprintList ?? [] };
}

/** Client ids, each once, in the order given; more than the quota is LimitExceeded. */
function acceptClientIds(clientIds: string[]): string[] {
  const unique = [...new Set(clientIds)];
  if (unique.length > CLIENT_IDS_PER_PROVIDER) {
    throw quotaExceeded('ClientIdsPerOpenIdConnectProvider', CLIENT_IDS_PER_PROVIDER);
  }
  return unique;
}

/** The OIDC provider an ARN (any partition) names, for AssumeRoleWithWebIdentity; undefined when there is none. */
export async function getOidcProvider(db: Kysely<Database>, arn: string): Promise<OidcProviderRecord | undefined> {
  const row = await findProviderByArn(db, 'oidc', arn);
  if (!row) return undefined;
  const config = configOf(row);
  return {
    arn: row.arn,
    accountId: row.account_id,
    url: row.name,
    clientIds: config.ClientIDList,
    thumbprints: config.ThumbprintList,
    createdAt: epochToDate(Number(row.created_at)),
  };
}

/** Applies change to the provider's config inside one transaction, so concurrent edits do not lose each other. */
async function updateConfig(
  ctx: RequestContext,
  arnText: string,
  change: (config: OidcConfig) => OidcConfig,
): Promise<void> {
  await mutateIam(ctx, async (trx) => {
    const found = await requireOwnProvider(ctx, trx, 'oidc', arnText, providerNotFound);
    const row = await lockProvider(trx, found.arn);
    if (!row) throw providerNotFound(arnText);
    await saveProviderConfig(trx, row.arn, change(configOf(row)));
  });
}

export const createOpenIDConnectProvider: NonNullable<H['CreateOpenIDConnectProvider']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const name = oidcProviderName(input.Url);
  const config: OidcConfig = {
    ClientIDList: acceptClientIds(input.ClientIDList ?? []),
    ThumbprintList: acceptThumbprints(input.ThumbprintList ?? []),
  };
  const tags = input.Tags ?? [];
  assertTags(tags);
  const row: IamProvidersTable = {
    arn: storedProviderArn('oidc', accountId, name),
    account_id: accountId,
    kind: 'oidc',
    name,
    config: JSON.stringify(config),
    created_at: ctx.receivedAt.getTime(),
  };
  const taken = () => entityAlreadyExists(`Provider with url ${input.Url} already exists.`);
  await insertProvider(ctx, row, tags, taken);
  return { OpenIDConnectProviderArn: providerArnFor(ctx, row), ...withTags(tags) };
};

export const getOpenIDConnectProvider: NonNullable<H['GetOpenIDConnectProvider']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const row = await requireOwnProvider(ctx, db, 'oidc', input.OpenIDConnectProviderArn, providerNotFound);
  const config = configOf(row);
  return {
    Url: row.name,
    ClientIDList: config.ClientIDList,
    ThumbprintList: config.ThumbprintList,
    CreateDate: epochToDate(Number(row.created_at)),
    ...withTags(await providerTags(db, row)),
  };
};

export const listOpenIDConnectProviders: NonNullable<H['ListOpenIDConnectProviders']> = async (ctx) => {
  const rows = await listProviders(ctx.runtime.store.db, ctx.identity.accountId, 'oidc');
  return { OpenIDConnectProviderList: rows.map((row) => ({ Arn: providerArnFor(ctx, row) })) };
};

/**
 * "This operation is idempotent; it does not fail or return an error if you call the operation for a provider that
 * does not exist." (DeleteOpenIDConnectProvider, IAM API Reference): a missing provider is a success.
 */
export const deleteOpenIDConnectProvider: NonNullable<H['DeleteOpenIDConnectProvider']> = async (ctx, input) => {
  await mutateIam(ctx, async (trx) => {
    const row = await findOwnProvider(ctx, trx, 'oidc', input.OpenIDConnectProviderArn);
    if (row) await deleteProvider(trx, row);
  });
};

export const addClientIDToOpenIDConnectProvider: NonNullable<H['AddClientIDToOpenIDConnectProvider']> = async (
  ctx,
  input,
) => {
  await updateConfig(ctx, input.OpenIDConnectProviderArn, (config) => ({
    ...config,
    ClientIDList: acceptClientIds([...config.ClientIDList, input.ClientID]),
  }));
};

export const removeClientIDFromOpenIDConnectProvider: NonNullable<
  H['RemoveClientIDFromOpenIDConnectProvider']
> = async (ctx, input) => {
  await updateConfig(ctx, input.OpenIDConnectProviderArn, (config) => ({
    ...config,
    ClientIDList: config.ClientIDList.filter((id) => id !== input.ClientID),
  }));
};

export const updateOpenIDConnectProviderThumbprint: NonNullable<H['UpdateOpenIDConnectProviderThumbprint']> = async (
  ctx,
  input,
) => {
  const thumbprints = acceptThumbprints(input.ThumbprintList);
  await updateConfig(ctx, input.OpenIDConnectProviderArn, (config) => ({ ...config, ThumbprintList: thumbprints }));
};

export const tagOpenIDConnectProvider: NonNullable<H['TagOpenIDConnectProvider']> = (ctx, input) =>
  tagProvider(ctx, 'oidc', input.OpenIDConnectProviderArn, input.Tags, providerNotFound);

export const untagOpenIDConnectProvider: NonNullable<H['UntagOpenIDConnectProvider']> = (ctx, input) =>
  untagProvider(ctx, 'oidc', input.OpenIDConnectProviderArn, input.TagKeys, providerNotFound);

export const listOpenIDConnectProviderTags: NonNullable<H['ListOpenIDConnectProviderTags']> = (ctx, input) =>
  listProviderTags(ctx, 'oidc', input.OpenIDConnectProviderArn, input, providerNotFound);
