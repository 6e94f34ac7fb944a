// Custom key stores: Create/Describe/Update/Connect/Disconnect/DeleteCustomKeyStore for external key stores (XKS)
// reached over a public endpoint. CloudHSM key stores and VPC endpoint service connectivity need AWS infrastructure
// Warden does not have, and are refused saying so.
import { randomBytes } from 'node:crypto';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations, XksProxyAuthenticationCredentialType } from '../../aws/generated/kms.js';
import type { RequestContext } from '../../core/runtime.js';
import { AwsError } from '../../aws/error.js';
import { accountScope } from '../../store/account-scope.js';
import { sweepDueKeys } from './keys.js';
import { dbOf, page } from './common.js';
import { kmsError, validation } from './errors.js';
import {
  findStore,
  metadataOf,
  proxyOf,
  storeEntry,
  storeInvalidState,
  storeNotFound,
  transportOf,
  wrapProxySecret,
  type StoreRow,
} from './custom-key-stores.js';
import { getHealthStatus, XksFailure, type XksProxy } from './xks-client.js';
import { connectionErrorCode, storeConfigurationError } from './xks-errors.js';

type H = Handlers<KMSOperations>;

const noCloudHsm = (): AwsError =>
  new AwsError(
    'NotImplemented',
    'Warden does not implement CloudHSM key stores (CustomKeyStoreType AWS_CLOUDHSM, the default): it has no ' +
      'CloudHSM clusters to back them. Create an external key store instead (CustomKeyStoreType EXTERNAL_KEY_STORE).',
    { status: 501, fault: 'Receiver' },
  );

const noVpcEndpointService = (): AwsError =>
  kmsError(
    'XksProxyVpcEndpointServiceNotFoundException',
    'Warden has no Amazon VPC endpoint services, so an external key store cannot use VPC_ENDPOINT_SERVICE ' +
      'connectivity. Use XksProxyConnectivity PUBLIC_ENDPOINT with the proxy reachable at XksProxyUriEndpoint.',
  );

const CLOUDHSM_MEMBERS = ['CloudHsmClusterId', 'TrustAnchorCertificate', 'KeyStorePassword'] as const;

interface XksMembers {
  CloudHsmClusterId?: string;
  TrustAnchorCertificate?: string;
  KeyStorePassword?: string;
  XksProxyConnectivity?: string;
  XksProxyVpcEndpointServiceName?: string;
  XksProxyVpcEndpointServiceOwner?: string;
}

/** Members an external key store cannot take, and connectivity Warden cannot provide. */
function checkXksMembers(input: XksMembers): void {
  for (const member of CLOUDHSM_MEMBERS) {
    if (input[member] !== undefined) {
      throw validation(`${member} is not valid for a custom key store of type EXTERNAL_KEY_STORE.`);
    }
  }
  if (
    input.XksProxyConnectivity === 'VPC_ENDPOINT_SERVICE' ||
    input.XksProxyVpcEndpointServiceName !== undefined ||
    input.XksProxyVpcEndpointServiceOwner !== undefined
  ) {
    throw noVpcEndpointService();
  }
}

/** GetHealthStatus of a proxy about to be configured: Create and Update fail as the specification maps it. */
async function checkProxy(ctx: RequestContext, proxy: XksProxy): Promise<void> {
  try {
    await getHealthStatus(proxy, transportOf(ctx), metadataOf(ctx));
  } catch (err) {
    if (err instanceof XksFailure) throw storeConfigurationError(err.kind);
    throw err;
  }
}

async function nameTaken(ctx: RequestContext, name: string, except?: string): Promise<boolean> {
  let q = accountScope(dbOf(ctx), ctx.identity.accountId)
    .selectFrom('kms_custom_key_stores')
    .select('custom_key_store_id')
    .where('region', '=', ctx.region)
    .where('name', '=', name);
  if (except !== undefined) q = q.where('custom_key_store_id', '!=', except);
  return (await q.executeTakeFirst()) !== undefined;
}

const nameInUse = () =>
  kmsError(
    'CustomKeyStoreNameInUseException',
    'The request was rejected because the specified custom key store name is already assigned to another custom ' +
      'key store in the account. Try again with a custom key store name that is unique in the account.',
  );

async function uriTaken(ctx: RequestContext, endpoint: string, path: string, except?: string): Promise<boolean> {
  let q = accountScope(dbOf(ctx), ctx.identity.accountId)
    .selectFrom('kms_custom_key_stores')
    .select('custom_key_store_id')
    .where('region', '=', ctx.region)
    .where('uri_endpoint', '=', endpoint)
    .where('uri_path', '=', path);
  if (except !== undefined) q = q.where('custom_key_store_id', '!=', except);
  return (await q.executeTakeFirst()) !== undefined;
}

const uriInUse = () =>
  kmsError(
    'XksProxyUriInUseException',
    'The request was rejected because the concatenation of the XksProxyUriEndpoint and XksProxyUriPath is already ' +
      'associated with another external key store in this AWS Region. Each external key store in a Region must use ' +
      'a unique external key store proxy API address.',
  );

const required = (member: string) =>
  validation(`${member} is required for a custom key store of type EXTERNAL_KEY_STORE.`);

export const createCustomKeyStore: NonNullable<H['CreateCustomKeyStore']> = async (ctx, input) => {
  if ((input.CustomKeyStoreType ?? 'AWS_CLOUDHSM') === 'AWS_CLOUDHSM') throw noCloudHsm();
  checkXksMembers(input);
  if (input.XksProxyConnectivity === undefined) throw required('XksProxyConnectivity');
  if (input.XksProxyUriEndpoint === undefined) throw required('XksProxyUriEndpoint');
  if (input.XksProxyUriPath === undefined) throw required('XksProxyUriPath');
  const credential = input.XksProxyAuthenticationCredential;
  if (credential === undefined) throw required('XksProxyAuthenticationCredential');
  if (await nameTaken(ctx, input.CustomKeyStoreName)) throw nameInUse();
  if (await uriTaken(ctx, input.XksProxyUriEndpoint, input.XksProxyUriPath)) throw uriInUse();
  // A public endpoint must answer before the store exists (the API reference: KMS connects while creating it).
  await checkProxy(ctx, {
    uriEndpoint: input.XksProxyUriEndpoint,
    uriPath: input.XksProxyUriPath,
    accessKeyId: credential.AccessKeyId,
    secretAccessKey: credential.RawSecretAccessKey,
    region: ctx.region,
  });
  const id = `cks-${randomBytes(9).toString('hex').slice(0, 17)}`;
  const where = { account_id: ctx.identity.accountId, region: ctx.region, custom_key_store_id: id };
  await accountScope(dbOf(ctx), ctx.identity.accountId)
    .insertInto('kms_custom_key_stores')
    .values({
      custom_key_store_id: id,
      region: ctx.region,
      name: input.CustomKeyStoreName,
      store_type: 'EXTERNAL_KEY_STORE',
      connectivity: 'PUBLIC_ENDPOINT',
      uri_endpoint: input.XksProxyUriEndpoint,
      uri_path: input.XksProxyUriPath,
      access_key_id: credential.AccessKeyId,
      secret_wrapped: wrapProxySecret(ctx.runtime.secrets, where, credential.RawSecretAccessKey),
      connection_state: 'DISCONNECTED',
      connection_error_code: null,
      created_at: Date.now(),
    })
    .execute();
  return { CustomKeyStoreId: id };
};

export const describeCustomKeyStores: NonNullable<H['DescribeCustomKeyStores']> = async (ctx, input) => {
  if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
    throw validation('Specify either CustomKeyStoreId or CustomKeyStoreName, but not both.');
  }
  let q = accountScope(dbOf(ctx), ctx.identity.accountId)
    .selectFrom('kms_custom_key_stores')
    .selectAll()
    .where('region', '=', ctx.region);
  if (input.CustomKeyStoreId !== undefined) q = q.where('custom_key_store_id', '=', input.CustomKeyStoreId);
  if (input.CustomKeyStoreName !== undefined) q = q.where('name', '=', input.CustomKeyStoreName);
  const rows = await q.orderBy('created_at').orderBy('custom_key_store_id').execute();
  // A store asked for by id or name must exist; the whole list may be empty.
  if (rows.length === 0 && (input.CustomKeyStoreId !== undefined || input.CustomKeyStoreName !== undefined)) {
    throw storeNotFound();
  }
  const { items, ...rest } = page(ctx, rows, input, 1000);
  return { CustomKeyStores: items.map(storeEntry), ...rest };
};

/** AWS's reason a store in this connection state refuses the operation (CustomKeyStoreInvalidStateException). */
function wrongState(row: StoreRow, operation: string, validIn: string): AwsError {
  return storeInvalidState(
    `Custom key store ${row.custom_key_store_id} has a ConnectionState of ${row.connection_state}. ` +
      `${operation} is valid only when the custom key store ConnectionState is ${validIn}.`,
  );
}

export const updateCustomKeyStore: NonNullable<H['UpdateCustomKeyStore']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const row = await findStore(db, ctx, input.CustomKeyStoreId);
  checkXksMembers(input);
  const credential: XksProxyAuthenticationCredentialType | undefined = input.XksProxyAuthenticationCredential;
  const proxyChange =
    input.XksProxyUriEndpoint !== undefined ||
    input.XksProxyUriPath !== undefined ||
    credential !== undefined ||
    input.XksProxyConnectivity !== undefined;
  // Only the name may change while connected; everything else needs the store disconnected.
  if (row.connection_state !== 'DISCONNECTED' && (proxyChange || row.connection_state !== 'CONNECTED')) {
    throw wrongState(
      row,
      'UpdateCustomKeyStore',
      proxyChange ? 'DISCONNECTED' : 'DISCONNECTED (or CONNECTED, to change only its name)',
    );
  }
  const name = input.NewCustomKeyStoreName;
  if (name !== undefined && (await nameTaken(ctx, name, row.custom_key_store_id))) throw nameInUse();
  const endpoint = input.XksProxyUriEndpoint ?? row.uri_endpoint;
  const path = input.XksProxyUriPath ?? row.uri_path;
  if (
    (input.XksProxyUriEndpoint !== undefined || input.XksProxyUriPath !== undefined) &&
    (await uriTaken(ctx, endpoint, path, row.custom_key_store_id))
  ) {
    throw uriInUse();
  }
  const changes: Partial<StoreRow> = {};
  if (name !== undefined) changes.name = name;
  if (proxyChange) {
    const current = proxyOf(ctx.runtime.secrets, row);
    await checkProxy(ctx, {
      uriEndpoint: endpoint,
      uriPath: path,
      accessKeyId: credential?.AccessKeyId ?? current.accessKeyId,
      secretAccessKey: credential?.RawSecretAccessKey ?? current.secretAccessKey,
      region: row.region,
    });
    changes.uri_endpoint = endpoint;
    changes.uri_path = path;
    if (credential !== undefined) {
      changes.access_key_id = credential.AccessKeyId;
      changes.secret_wrapped = wrapProxySecret(ctx.runtime.secrets, row, credential.RawSecretAccessKey);
    }
  }
  if (Object.keys(changes).length === 0) return {};
  await accountScope(db, ctx.identity.accountId)
    .updateTable('kms_custom_key_stores')
    .set(changes)
    .where('custom_key_store_id', '=', row.custom_key_store_id)
    .execute();
  return {};
};

async function setState(ctx: RequestContext, row: StoreRow, state: string, errorCode: string | null): Promise<void> {
  await accountScope(dbOf(ctx), ctx.identity.accountId)
    .updateTable('kms_custom_key_stores')
    .set({ connection_state: state, connection_error_code: errorCode })
    .where('custom_key_store_id', '=', row.custom_key_store_id)
    .execute();
}

/**
 * Connects an external key store: CONNECTING while KMS asks the proxy's GetHealthStatus, then CONNECTED, or FAILED
 * with the ConnectionErrorCode of the failure. AWS returns before the attempt ends; Warden's attempt is one proxy call
 * bounded by the proxy timeout, so it answers once the state is final (a concurrent Describe sees CONNECTING).
 */
export const connectCustomKeyStore: NonNullable<H['ConnectCustomKeyStore']> = async (ctx, input) => {
  const row = await findStore(dbOf(ctx), ctx, input.CustomKeyStoreId);
  if (row.connection_state === 'CONNECTED' || row.connection_state === 'CONNECTING') return {};
  if (row.connection_state !== 'DISCONNECTED') {
    throw storeInvalidState(
      `Custom key store ${row.custom_key_store_id} has a ConnectionState of ${row.connection_state}. To reconnect a ` +
        'custom key store in a FAILED state, disconnect it (DisconnectCustomKeyStore), then connect it ' +
        '(ConnectCustomKeyStore).',
    );
  }
  await setState(ctx, row, 'CONNECTING', null);
  try {
    await getHealthStatus(proxyOf(ctx.runtime.secrets, row), transportOf(ctx), metadataOf(ctx));
  } catch (err) {
    await setState(ctx, row, 'FAILED', err instanceof XksFailure ? connectionErrorCode(err.kind) : 'INTERNAL_ERROR');
    if (err instanceof XksFailure) return {};
    throw err;
  }
  await setState(ctx, row, 'CONNECTED', null);
  return {};
};

export const disconnectCustomKeyStore: NonNullable<H['DisconnectCustomKeyStore']> = async (ctx, input) => {
  const row = await findStore(dbOf(ctx), ctx, input.CustomKeyStoreId);
  if (row.connection_state === 'DISCONNECTED' || row.connection_state === 'DISCONNECTING') {
    throw storeInvalidState(
      `Custom key store ${row.custom_key_store_id} has a ConnectionState of ${row.connection_state}. ` +
        'DisconnectCustomKeyStore is valid for all other ConnectionState values.',
    );
  }
  await setState(ctx, row, 'DISCONNECTED', null);
  return {};
};

export const deleteCustomKeyStore: NonNullable<H['DeleteCustomKeyStore']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const row = await findStore(db, ctx, input.CustomKeyStoreId);
  if (row.connection_state !== 'DISCONNECTED') throw wrongState(row, 'DeleteCustomKeyStore', 'DISCONNECTED');
  // Keys whose deletion window has passed are gone first; a key pending deletion still counts.
  await sweepDueKeys(db, row.account_id, row.region, Date.now());
  const key = await accountScope(db, row.account_id)
    .selectFrom('kms_xks_keys')
    .innerJoin('kms_keys', 'kms_keys.key_id', 'kms_xks_keys.key_id')
    .select('kms_xks_keys.key_id')
    .where('kms_xks_keys.custom_key_store_id', '=', row.custom_key_store_id)
    .executeTakeFirst();
  if (key) {
    throw kmsError(
      'CustomKeyStoreHasCMKsException',
      'The request was rejected because the custom key store contains KMS keys. After verifying that you do not ' +
        'need to use the KMS keys, use the ScheduleKeyDeletion operation to delete the KMS keys. After they are ' +
        'deleted, you can delete the custom key store.',
    );
  }
  await ctx.runtime.store.transaction(async (trx) => {
    await accountScope(trx, row.account_id)
      .deleteFrom('kms_xks_keys')
      .where('custom_key_store_id', '=', row.custom_key_store_id)
      .execute();
    await accountScope(trx, row.account_id)
      .deleteFrom('kms_custom_key_stores')
      .where('custom_key_store_id', '=', row.custom_key_store_id)
      .execute();
  });
  return {};
};
