// Hybrid activations: CreateActivation, DescribeActivations, DeleteActivation.
import type { RequestContext } from '../../core/runtime.js';
import { pageOfQuery } from '../../store/pagination.js';
import { hashActivationCode, newActivationCode } from './activation-code.js';
import { activationArn, newActivationId, roleArnOf } from './arns.js';
import { invalidActivation, invalidFilter, invalidParameters, roleNotUsable, TOKEN_ERRORS } from './errors.js';
import { usableRole } from './instance-role.js';
import { authorizePassRole } from './pass-role.js';
import type { SsmActivationsTable } from './tables.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** AWS's bounds: an activation expires after 24 hours unless told otherwise, and lasts at most 30 days. */
const DEFAULT_EXPIRY_MS = DAY_MS;
const MAX_EXPIRY_MS = 30 * DAY_MS;
const FILTER_KEYS = new Set(['ActivationIds', 'DefaultInstanceName', 'IamRole']);

interface Tag {
  Key: string;
  Value: string;
}

interface CreateActivationInput {
  Description?: string;
  DefaultInstanceName?: string;
  IamRole: string;
  RegistrationLimit?: number;
  ExpirationDate?: Date;
  Tags?: Tag[];
  RegistrationMetadata?: { Key: string; Value: string }[];
}

function checkTags(tags: readonly Tag[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw invalidParameters('Tag keys beginning with aws: are reserved for AWS use.');
    }
    if (keys.has(tag.Key)) throw invalidParameters(`Duplicate tag key: ${tag.Key}`);
    keys.add(tag.Key);
  }
}

export async function createActivation(ctx: RequestContext, input: CreateActivationInput) {
  const now = ctx.receivedAt.getTime();
  const accountId = ctx.identity.accountId;
  const expiresAt = input.ExpirationDate?.getTime() ?? now + DEFAULT_EXPIRY_MS;
  if (expiresAt <= now || expiresAt > now + MAX_EXPIRY_MS) {
    throw invalidParameters('ExpirationDate must be in the future and no more than 30 days from now.');
  }
  checkTags(input.Tags ?? []);
  const db = ctx.runtime.store.db;
  const role = await usableRole(db, ctx.partition, ctx.region, accountId, input.IamRole, ctx.receivedAt);
  if (role === undefined) throw roleNotUsable(roleArnOf(ctx.partition, accountId, input.IamRole));
  await authorizePassRole(ctx, input as unknown as Record<string, unknown>, role);

  const activationId = newActivationId();
  const code = newActivationCode();
  const row: SsmActivationsTable = {
    activation_id: activationId,
    account_id: accountId,
    region: ctx.region,
    description: input.Description ?? null,
    default_instance_name: input.DefaultInstanceName ?? null,
    iam_role: input.IamRole,
    registration_limit: input.RegistrationLimit ?? 1,
    registrations_count: 0,
    expires_at: expiresAt,
    created_at: now,
    code_hash: await hashActivationCode(code),
    tags: JSON.stringify(input.Tags ?? []),
  };
  await db.insertInto('ssm_activations').values(row).execute();
  ctx.audit.resources = [
    { ARN: activationArn(ctx.partition, ctx.region, accountId, activationId), accountId, type: 'AWS::SSM::Activation' },
  ];
  return { ActivationId: activationId, ActivationCode: code };
}

interface DescribeActivationsInput {
  Filters?: { FilterKey?: string; FilterValues?: string[] }[];
  MaxResults?: number;
  NextToken?: string;
}

export async function describeActivations(ctx: RequestContext, input: DescribeActivationsInput) {
  const filters = input.Filters ?? [];
  for (const f of filters) {
    if (f.FilterKey === undefined || !FILTER_KEYS.has(f.FilterKey)) {
      throw invalidFilter(`The filter key ${String(f.FilterKey)} is not valid.`);
    }
  }
  const db = ctx.runtime.store.db;
  const column = { ActivationIds: 'activation_id', DefaultInstanceName: 'default_instance_name', IamRole: 'iam_role' };
  const page = await pageOfQuery<SsmActivationsTable, [number, string]>(ctx, {
    token: input.NextToken,
    limit: input.MaxResults ?? 50,
    filters: input,
    errors: TOKEN_ERRORS,
    isCursor: (v): v is [number, string] =>
      Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string',
    cursorOf: (r) => [Number(r.created_at), r.activation_id] as [number, string],
    fetch: async (after, count) => {
      let q = db
        .selectFrom('ssm_activations')
        .selectAll()
        .where('account_id', '=', ctx.identity.accountId)
        .where('region', '=', ctx.region);
      for (const f of filters) {
        const values = f.FilterValues ?? [];
        const col = column[f.FilterKey as keyof typeof column] as
          'activation_id' | 'default_instance_name' | 'iam_role';
        q = values.length === 0 ? q.where(col, 'is not', null) : q.where(col, 'in', values);
      }
      if (after !== undefined) {
        const [at, id] = after;
        q = q.where((eb) =>
          eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('activation_id', '>', id)])]),
        );
      }
      return q.orderBy('created_at').orderBy('activation_id').limit(count).execute();
    },
  });
  const now = ctx.receivedAt.getTime();
  return {
    ActivationList: page.items.map((r) => ({
      ActivationId: r.activation_id,
      ...(r.description !== null ? { Description: r.description } : {}),
      ...(r.default_instance_name !== null ? { DefaultInstanceName: r.default_instance_name } : {}),
      IamRole: r.iam_role,
      RegistrationLimit: r.registration_limit,
      RegistrationsCount: r.registrations_count,
      ExpirationDate: new Date(Number(r.expires_at)),
      Expired: Number(r.expires_at) <= now,
      CreatedDate: new Date(Number(r.created_at)),
      Tags: JSON.parse(r.tags) as Tag[],
    })),
    ...(page.next !== undefined ? { NextToken: page.next } : {}),
  };
}

export async function deleteActivation(ctx: RequestContext, input: { ActivationId: string }) {
  const result = await ctx.runtime.store.db
    .deleteFrom('ssm_activations')
    .where('account_id', '=', ctx.identity.accountId)
    .where('region', '=', ctx.region)
    .where('activation_id', '=', input.ActivationId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw invalidActivation(input.ActivationId);
  ctx.audit.resources = [
    {
      ARN: activationArn(ctx.partition, ctx.region, ctx.identity.accountId, input.ActivationId),
      accountId: ctx.identity.accountId,
      type: 'AWS::SSM::Activation',
    },
  ];
  return {};
}
