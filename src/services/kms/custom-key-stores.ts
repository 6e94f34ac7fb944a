// Custom key stores as rows: finding one in the caller's account and Region, its proxy (with the secret unwrapped
// only for the call), the transport settings, and the entry DescribeCustomKeyStores shows.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { SecretBox } from '../../store/secrets.js';
import type { RequestContext } from '../../core/runtime.js';
import type { CustomKeyStoresListEntry } from '../../aws/generated/kms.js';
import { accountScope } from '../../store/account-scope.js';
import { kmsError } from './errors.js';
import type { KmsCustomKeyStoresTable } from './custom-key-store-tables.js';
import type { RequestMetadata, XksProxy, XksTransport } from './xks-client.js';
import './custom-key-store-tables.js';
import { xksEgressFor } from './xks-egress.js';

export type StoreRow = KmsCustomKeyStoresTable;

export const storeNotFound = () =>
  kmsError(
    'CustomKeyStoreNotFoundException',
    'The request was rejected because AWS KMS cannot find a custom key store with the specified key store name or ID.',
  );

export const storeInvalidState = (message: string) => kmsError('CustomKeyStoreInvalidStateException', message);

/** The custom key store with this id in the caller's account and Region. */
export async function findStore(db: Kysely<Database>, ctx: RequestContext, id: string): Promise<StoreRow> {
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('kms_custom_key_stores')
    .selectAll()
    .where('region', '=', ctx.region)
    .where('custom_key_store_id', '=', id)
    .executeTakeFirst();
  if (!row) throw storeNotFound();
  return row;
}

/** The context the proxy secret is wrapped under: it opens only for this store. */
export function secretContext(row: { account_id: string; region: string; custom_key_store_id: string }): string {
  return `kms:custom-key-store:${row.account_id}:${row.region}:${row.custom_key_store_id}`;
}

export function wrapProxySecret(secrets: SecretBox, row: Parameters<typeof secretContext>[0], secret: string): string {
  return secrets.wrap(Buffer.from(secret, 'utf8'), secretContext(row));
}

/** The store's proxy, its secret unwrapped for the call at hand. */
export function proxyOf(secrets: SecretBox, row: StoreRow): XksProxy {
  return {
    uriEndpoint: row.uri_endpoint,
    uriPath: row.uri_path,
    accessKeyId: row.access_key_id,
    secretAccessKey: secrets.unwrap(row.secret_wrapped, secretContext(row)).toString('utf8'),
    region: row.region,
  };
}

export function transportOf(ctx: RequestContext): XksTransport {
  const config = ctx.runtime.config;
  return {
    timeoutMs: config.xksProxyTimeoutMs,
    ...(config.xksProxyCaFile !== undefined ? { caFile: config.xksProxyCaFile } : {}),
    ...(config.xksProxyConnectTo !== undefined ? { connectTo: config.xksProxyConnectTo } : {}),
    egress: xksEgressFor(config.xksProxyAllow),
  };
}

/** requestMetadata for a call made on behalf of this request. */
export function metadataOf(ctx: RequestContext, kmsKeyArn?: string): RequestMetadata {
  return {
    awsPrincipalArn: ctx.identity.arn,
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    kmsOperation: ctx.operation,
    kmsRequestId: ctx.requestId,
  };
}

/** The store as DescribeCustomKeyStores lists it: the proxy's configuration without its secret. */
export function storeEntry(row: StoreRow): CustomKeyStoresListEntry {
  return {
    CustomKeyStoreId: row.custom_key_store_id,
    CustomKeyStoreName: row.name,
    ConnectionState: row.connection_state as CustomKeyStoresListEntry['ConnectionState'],
    ...(row.connection_state === 'FAILED' && row.connection_error_code !== null
      ? { ConnectionErrorCode: row.connection_error_code as CustomKeyStoresListEntry['ConnectionErrorCode'] }
      : {}),
    CreationDate: new Date(row.created_at),
    CustomKeyStoreType: row.store_type as CustomKeyStoresListEntry['CustomKeyStoreType'],
    XksProxyConfiguration: {
      Connectivity: row.connectivity as 'PUBLIC_ENDPOINT',
      AccessKeyId: row.access_key_id,
      UriEndpoint: row.uri_endpoint,
      UriPath: row.uri_path,
    },
  };
}
