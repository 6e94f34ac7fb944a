// IPSets (trusted IP lists) and ThreatIntelSets: Create, Get, Update, Delete, List; activation loads the list.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CreateIPSetRequest,
  CreateIPSetResponse,
  CreateThreatIntelSetRequest,
  CreateThreatIntelSetResponse,
  DeleteIPSetRequest,
  DeleteIPSetResponse,
  DeleteThreatIntelSetRequest,
  DeleteThreatIntelSetResponse,
  GetIPSetRequest,
  GetIPSetResponse,
  GetThreatIntelSetRequest,
  GetThreatIntelSetResponse,
  ListIPSetsRequest,
  ListIPSetsResponse,
  ListThreatIntelSetsRequest,
  ListThreatIntelSetsResponse,
  UpdateIPSetRequest,
  UpdateIPSetResponse,
  UpdateThreatIntelSetRequest,
  UpdateThreatIntelSetResponse,
} from '../../aws/generated/guardduty.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { detectorArn } from './arns.js';
import { requireDetector } from './detectors.js';
import { badRequest, resourceNotFound } from './errors.js';
import { forgetList, scheduleLoad, type ListKind } from './ip-lists.js';
import { pageOf } from './paging.js';
import type { GuardDutyIpListsTable } from './tables.js';
import { deleteTags, readTags, writeTags } from './tags.js';

/** Lists per detector: one trusted IP list, six threat lists (GuardDuty's quotas). */
const MAX_LISTS: Readonly<Record<ListKind, number>> = { IPSET: 1, THREAT_INTEL_SET: 6 };
const NOUN: Readonly<Record<ListKind, string>> = { IPSET: 'IPSet', THREAT_INTEL_SET: 'ThreatIntelSet' };
const ARN_WORD: Readonly<Record<ListKind, string>> = { IPSET: 'ipset', THREAT_INTEL_SET: 'threatintelset' };

function listArn(ctx: RequestContext, detectorId: string, kind: ListKind, id: string): string {
  return `${detectorArn(ctx, detectorId)}/${ARN_WORD[kind]}/${id}`;
}

async function requireList(
  db: Kysely<Database>,
  accountId: string,
  detectorId: string,
  kind: ListKind,
  id: string,
): Promise<GuardDutyIpListsTable> {
  const row = await accountScope(db, accountId)
    .selectFrom('guardduty_ip_lists')
    .selectAll()
    .where('detector_id', '=', detectorId)
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw resourceNotFound();
  return row;
}

interface CreateInput {
  DetectorId: string;
  Name: string;
  Format: string;
  Location: string;
  Activate: boolean;
  Tags?: Record<string, string>;
  ExpectedBucketOwner?: string;
}

async function createList(ctx: RequestContext, kind: ListKind, input: CreateInput): Promise<string> {
  const account = ctx.identity.accountId;
  const id = randomBytes(16).toString('hex');
  const now = Date.now();
  const row = await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, input.DetectorId);
    const scope = accountScope(trx, account);
    const existing = await scope
      .selectFrom('guardduty_ip_lists')
      .select('id')
      .where('detector_id', '=', detector.id)
      .where('kind', '=', kind)
      .execute();
    if (existing.length >= MAX_LISTS[kind])
      throw badRequest(
        `The request is rejected because the number of ${NOUN[kind]}s would exceed the limit of ${MAX_LISTS[kind]} per detector.`,
      );
    const values = {
      detector_id: detector.id,
      id,
      kind,
      name: input.Name,
      format: input.Format,
      location: input.Location,
      status: input.Activate ? 'ACTIVATING' : 'INACTIVE',
      expected_bucket_owner: input.ExpectedBucketOwner ?? null,
      generation: 1,
      created_at: now,
      updated_at: now,
    };
    await scope.insertInto('guardduty_ip_lists').values(values).execute();
    await writeTags(trx, account, listArn(ctx, detector.id, kind, id), input.Tags);
    return { ...values, account_id: account };
  });
  if (row.status === 'ACTIVATING') scheduleLoad(ctx.runtime, row);
  return id;
}

async function getList(ctx: RequestContext, kind: ListKind, detectorId: string, id: string) {
  const db = ctx.runtime.store.db;
  const detector = await requireDetector(db, ctx, detectorId);
  const row = await requireList(db, ctx.identity.accountId, detector.id, kind, id);
  return {
    Name: row.name,
    Format: row.format as GetIPSetResponse['Format'],
    Location: row.location,
    Status: row.status as GetIPSetResponse['Status'],
    Tags: await readTags(db, ctx.identity.accountId, listArn(ctx, detector.id, kind, row.id)),
    ...(row.expected_bucket_owner !== null && { ExpectedBucketOwner: row.expected_bucket_owner }),
  };
}

interface UpdateInput {
  DetectorId: string;
  Name?: string;
  Location?: string;
  Activate?: boolean;
  ExpectedBucketOwner?: string;
}

/** A changed Location or an activation reloads the list; a deactivation takes it out of detection at once. */
async function updateList(ctx: RequestContext, kind: ListKind, id: string, input: UpdateInput): Promise<void> {
  const account = ctx.identity.accountId;
  const row = await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, input.DetectorId);
    const was = await requireList(trx, account, detector.id, kind, id);
    const wasActive = was.status !== 'INACTIVE';
    const active = input.Activate ?? wasActive;
    const reload = active && (!wasActive || (input.Location !== undefined && input.Location !== was.location));
    const next = {
      name: input.Name ?? was.name,
      location: input.Location ?? was.location,
      expected_bucket_owner: input.ExpectedBucketOwner ?? was.expected_bucket_owner,
      status: !active ? 'INACTIVE' : reload ? 'ACTIVATING' : was.status,
      generation: Number(was.generation) + 1,
      updated_at: Date.now(),
    };
    await accountScope(trx, account)
      .updateTable('guardduty_ip_lists')
      .set(next)
      .where('detector_id', '=', detector.id)
      .where('id', '=', id)
      .execute();
    return { ...was, ...next };
  });
  forgetList(ctx.runtime, account, row.detector_id, id);
  if (row.status === 'ACTIVATING') scheduleLoad(ctx.runtime, row);
}

async function deleteList(ctx: RequestContext, kind: ListKind, detectorId: string, id: string): Promise<void> {
  const account = ctx.identity.accountId;
  await ctx.runtime.store.transaction(async (trx) => {
    const detector = await requireDetector(trx, ctx, detectorId);
    await requireList(trx, account, detector.id, kind, id);
    await accountScope(trx, account)
      .deleteFrom('guardduty_ip_lists')
      .where('detector_id', '=', detector.id)
      .where('id', '=', id)
      .execute();
    await deleteTags(trx, account, listArn(ctx, detector.id, kind, id));
  });
  forgetList(ctx.runtime, account, detectorId, id);
}

async function listIds(
  ctx: RequestContext,
  kind: ListKind,
  input: { DetectorId: string; MaxResults?: number; NextToken?: string },
): Promise<{ items: string[]; NextToken?: string }> {
  const db = ctx.runtime.store.db;
  const detector = await requireDetector(db, ctx, input.DetectorId);
  const rows = await accountScope(db, ctx.identity.accountId)
    .selectFrom('guardduty_ip_lists')
    .select('id')
    .where('detector_id', '=', detector.id)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return pageOf(
    ctx,
    rows.map((r) => r.id),
    input,
  );
}

export async function createIPSet(ctx: RequestContext, input: CreateIPSetRequest): Promise<CreateIPSetResponse> {
  return { IpSetId: await createList(ctx, 'IPSET', input) };
}

export async function getIPSet(ctx: RequestContext, input: GetIPSetRequest): Promise<GetIPSetResponse> {
  return getList(ctx, 'IPSET', input.DetectorId, input.IpSetId);
}

export async function updateIPSet(ctx: RequestContext, input: UpdateIPSetRequest): Promise<UpdateIPSetResponse> {
  await updateList(ctx, 'IPSET', input.IpSetId, input);
  return {};
}

export async function deleteIPSet(ctx: RequestContext, input: DeleteIPSetRequest): Promise<DeleteIPSetResponse> {
  await deleteList(ctx, 'IPSET', input.DetectorId, input.IpSetId);
  return {};
}

export async function listIPSets(ctx: RequestContext, input: ListIPSetsRequest): Promise<ListIPSetsResponse> {
  const page = await listIds(ctx, 'IPSET', input);
  return { IpSetIds: page.items, ...(page.NextToken && { NextToken: page.NextToken }) };
}

export async function createThreatIntelSet(
  ctx: RequestContext,
  input: CreateThreatIntelSetRequest,
): Promise<CreateThreatIntelSetResponse> {
  return { ThreatIntelSetId: await createList(ctx, 'THREAT_INTEL_SET', input) };
}

export async function getThreatIntelSet(
  ctx: RequestContext,
  input: GetThreatIntelSetRequest,
): Promise<GetThreatIntelSetResponse> {
  return getList(ctx, 'THREAT_INTEL_SET', input.DetectorId, input.ThreatIntelSetId);
}

export async function updateThreatIntelSet(
  ctx: RequestContext,
  input: UpdateThreatIntelSetRequest,
): Promise<UpdateThreatIntelSetResponse> {
  await updateList(ctx, 'THREAT_INTEL_SET', input.ThreatIntelSetId, input);
  return {};
}

export async function deleteThreatIntelSet(
  ctx: RequestContext,
  input: DeleteThreatIntelSetRequest,
): Promise<DeleteThreatIntelSetResponse> {
  await deleteList(ctx, 'THREAT_INTEL_SET', input.DetectorId, input.ThreatIntelSetId);
  return {};
}

export async function listThreatIntelSets(
  ctx: RequestContext,
  input: ListThreatIntelSetsRequest,
): Promise<ListThreatIntelSetsResponse> {
  const page = await listIds(ctx, 'THREAT_INTEL_SET', input);
  return { ThreatIntelSetIds: page.items, ...(page.NextToken && { NextToken: page.NextToken }) };
}
