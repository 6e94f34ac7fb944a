// Managed instances: DescribeInstanceInformation and DeregisterManagedInstance.
import type { InstanceInformation, PingStatus, PlatformType } from '../../aws/generated/ssm.js';
import type { RequestContext } from '../../core/runtime.js';
import { pageOfList } from '../../store/pagination.js';
import type { Selectable } from 'kysely';
import type { SsmManagedInstancesTable } from './tables.js';
import { managedInstanceArn } from './arns.js';
import { INSTANCE_CREDENTIAL_SECONDS } from './instance-role.js';
import { parseTagList } from './instance-tags.js';
import { invalidFilterKey, invalidFilterValue, invalidInstanceId, TOKEN_ERRORS, unknownInstance } from './errors.js';

/**
 * An instance is Online while it has been heard from (a registration, a credential renewal or its own PutInventory)
 * within this window; `warden agent` reports every five minutes by default (docs/ssm.md).
 */
export const ONLINE_WINDOW_MS = 15 * 60 * 1000;
const PLATFORM_TYPES = new Set(['Windows', 'Linux', 'MacOS']);
const FILTER_KEYS = new Set([
  'InstanceIds',
  'AgentVersion',
  'PingStatus',
  'PlatformTypes',
  'ActivationIds',
  'IamRole',
  'ResourceType',
  'AssociationStatus',
]);

type InstanceRow = Selectable<SsmManagedInstancesTable>;

function pingStatus(row: InstanceRow, now: number): PingStatus {
  return now - Number(row.last_ping_at) <= ONLINE_WINDOW_MS ? 'Online' : 'ConnectionLost';
}

/** The values an instance has for a filter key: `tag-key` its tag keys, `tag:<key>` that tag's value. */
function valuesFor(key: string, row: InstanceRow, now: number): (string | null)[] {
  if (key === 'tag-key') return parseTagList(row.tags).map((t) => t.Key);
  if (key.startsWith('tag:')) return parseTagList(row.tags).flatMap((t) => (t.Key === key.slice(4) ? [t.Value] : []));
  switch (key) {
    case 'InstanceIds':
      return [row.instance_id];
    case 'AgentVersion':
      return [row.agent_version];
    case 'PingStatus':
      return [pingStatus(row, now)];
    case 'PlatformTypes':
      return [row.platform_type];
    case 'ActivationIds':
      return [row.activation_id];
    case 'IamRole':
      return [row.iam_role];
    case 'ResourceType':
      return ['ManagedInstance'];
    default:
      return [];
  }
}

/** `tag-key` and `tag:<key>` (a key of 1–128 characters); the deprecated list's keys are an enum without them. */
const isTagFilter = (key: string) =>
  key === 'tag-key' || (key.startsWith('tag:') && key.length > 4 && key.length <= 132);

interface DescribeInstanceInformationInput {
  InstanceInformationFilterList?: { key: string; valueSet: string[] }[];
  Filters?: { Key: string; Values: string[] }[];
  MaxResults?: number;
  NextToken?: string;
}

export async function describeInstanceInformation(ctx: RequestContext, input: DescribeInstanceInformationInput) {
  const filters = [
    ...(input.InstanceInformationFilterList ?? []).map((f) => ({ key: f.key, values: f.valueSet })),
    ...(input.Filters ?? []).map((f) => ({ key: f.Key, values: f.Values })),
  ];
  for (const f of filters) {
    if (!FILTER_KEYS.has(f.key) && !isTagFilter(f.key)) throw invalidFilterKey(`The filter key ${f.key} is not valid.`);
    if (f.values.length === 0) throw invalidFilterValue(`The filter ${f.key} has no values.`);
  }
  const now = ctx.receivedAt.getTime();
  const rows = await ctx.runtime.store.db
    .selectFrom('ssm_managed_instances')
    .selectAll()
    .where('account_id', '=', ctx.identity.accountId)
    .where('region', '=', ctx.region)
    .orderBy('instance_id')
    .execute();
  const matching = rows.filter((row) =>
    filters.every((f) => valuesFor(f.key, row, now).some((v) => v !== null && f.values.includes(v))),
  );
  const page = pageOfList(ctx, matching, {
    token: input.NextToken,
    limit: input.MaxResults ?? 50,
    filters: input,
    errors: TOKEN_ERRORS,
  });
  return {
    InstanceInformationList: page.items.map((r): InstanceInformation => ({
      InstanceId: r.instance_id,
      PingStatus: pingStatus(r, now),
      LastPingDateTime: new Date(Number(r.last_ping_at)),
      ...(r.agent_version !== null ? { AgentVersion: r.agent_version } : {}),
      IsLatestVersion: false,
      ...(r.platform_type !== null && PLATFORM_TYPES.has(r.platform_type)
        ? { PlatformType: r.platform_type as PlatformType }
        : {}),
      ...(r.platform_name !== null ? { PlatformName: r.platform_name } : {}),
      ...(r.platform_version !== null ? { PlatformVersion: r.platform_version } : {}),
      ActivationId: r.activation_id,
      IamRole: r.iam_role,
      RegistrationDate: new Date(Number(r.registered_at)),
      ResourceType: 'ManagedInstance',
      ...(r.name !== null ? { Name: r.name } : {}),
      ...(r.ip_address !== null ? { IPAddress: r.ip_address } : {}),
      ...(r.computer_name !== null ? { ComputerName: r.computer_name } : {}),
    })),
    ...(page.next !== undefined ? { NextToken: page.next } : {}),
  };
}

/**
 * Removes the instance and its inventory, and revokes its sessions: credentials it holds are refused from the next
 * request on (src/auth/session-authenticate.ts), and it can renew none.
 */
export async function deregisterManagedInstance(ctx: RequestContext, input: { InstanceId: string }) {
  if (!input.InstanceId.startsWith('mi-')) throw invalidInstanceId();
  const accountId = ctx.identity.accountId;
  const arn = managedInstanceArn(ctx.partition, ctx.region, accountId, input.InstanceId);
  await ctx.runtime.store.db.transaction().execute(async (tx) => {
    const removed = await tx
      .deleteFrom('ssm_managed_instances')
      .where('instance_id', '=', input.InstanceId)
      .where('account_id', '=', accountId)
      .where('region', '=', ctx.region)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw unknownInstance(input.InstanceId);
    await tx.deleteFrom('ssm_inventory_entries').where('instance_id', '=', input.InstanceId).execute();
    await tx.deleteFrom('ssm_inventory_items').where('instance_id', '=', input.InstanceId).execute();
    await tx
      .insertInto('session_revocations')
      .values({ revocation_key: arn, account_id: accountId, revoked_at: ctx.receivedAt.getTime() })
      .execute();
    // A revocation outlives every session it stops by an hour at most (instance credentials last an hour, and a
    // deregistered instance can renew none): the account's older ones have done their work.
    await tx
      .deleteFrom('session_revocations')
      .where('account_id', '=', accountId)
      .where('revocation_key', 'like', 'arn:%:ssm:%:managed-instance/%')
      .where('revoked_at', '<', ctx.receivedAt.getTime() - INSTANCE_CREDENTIAL_SECONDS * 1000)
      .execute();
  });
  ctx.audit.resources = [{ ARN: arn, accountId, type: 'AWS::SSM::ManagedInstance' }];
  return {};
}
