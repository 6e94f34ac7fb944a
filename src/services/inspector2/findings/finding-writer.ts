// Stores one resource's findings as just evaluated: new ones ACTIVE, gone ones CLOSED, the rest observed again (shared
// by the managed-instance evaluator and the load balancer listener evaluation).
import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import '../tables.js';
import type { FindingDraft } from './package-findings.js';

const RANK: Readonly<Record<string, number>> = {
  UNTRIAGED: -1,
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
  CRITICAL: 4,
};

/** The resource whose findings are written, as the findings' rows name it. */
export interface FindingTarget {
  accountId: string;
  region: string;
  partition: string;
  resourceId: string;
}

/** A draft with its stored content: everything but its identity, status and times, which are columns. */
export interface StoredDraft {
  draft: FindingDraft;
  body: string;
}

/** The stored content of a finding about `resources` (Inspector's Resource shapes). */
export function storedDraft(draft: FindingDraft, resources: readonly Record<string, unknown>[]): StoredDraft {
  return {
    draft,
    body: JSON.stringify({
      type: draft.type,
      title: draft.title,
      description: draft.description,
      severity: draft.severity,
      ...(draft.inspectorScore === undefined ? {} : { inspectorScore: draft.inspectorScore }),
      resources,
      ...draft.fields,
    }),
  };
}

function findingArn(t: FindingTarget): string {
  return `arn:${t.partition}:inspector2:${t.region}:${t.accountId}:finding/${randomBytes(16).toString('hex')}`;
}

/**
 * Writes the target's findings in `trx`: a draft whose key is new becomes an ACTIVE finding, one whose content or
 * status changed is updated (ACTIVE again), an unchanged one only observed again; an ACTIVE finding no draft names is
 * CLOSED. Batched, so a resource of thousands of findings is a few statements.
 */
export async function reconcileFindings(
  trx: Kysely<Database>,
  t: FindingTarget,
  drafts: readonly StoredDraft[],
  now: number,
): Promise<void> {
  const existing = await trx
    .selectFrom('inspector2_findings')
    .select(['finding_arn', 'finding_key', 'status', 'body'])
    .where('account_id', '=', t.accountId)
    .where('region', '=', t.region)
    .where('resource_id', '=', t.resourceId)
    .execute();
  const byKey = new Map(existing.map((e) => [e.finding_key, e]));
  const seen = new Set<string>();
  const inserts: Insertable<Database['inspector2_findings']>[] = [];
  const observed: string[] = [];
  for (const { draft: d, body } of drafts) {
    seen.add(d.key);
    const columns = {
      type: d.type,
      severity: d.severity,
      severity_rank: RANK[d.severity] ?? -1,
      inspector_score: d.inspectorScore ?? null,
      vulnerability_id: d.vulnerabilityId ?? null,
      body,
    };
    const prior = byKey.get(d.key);
    if (prior === undefined)
      inserts.push({
        finding_arn: findingArn(t),
        account_id: t.accountId,
        region: t.region,
        finding_key: d.key,
        resource_id: t.resourceId,
        status: 'ACTIVE',
        first_observed_at: now,
        last_observed_at: now,
        updated_at: now,
        ...columns,
      });
    else if (prior.status === 'ACTIVE' && prior.body === body) observed.push(prior.finding_arn);
    else
      await trx
        .updateTable('inspector2_findings')
        .set({ ...columns, status: 'ACTIVE', last_observed_at: now, updated_at: now })
        .where('finding_arn', '=', prior.finding_arn)
        .execute();
  }
  for (let k = 0; k < inserts.length; k += 100)
    await trx
      .insertInto('inspector2_findings')
      .values(inserts.slice(k, k + 100))
      .execute();
  for (let k = 0; k < observed.length; k += 500)
    await trx
      .updateTable('inspector2_findings')
      .set({ last_observed_at: now })
      .where('finding_arn', 'in', observed.slice(k, k + 500))
      .execute();
  const closed = existing.filter((e) => !seen.has(e.finding_key) && e.status === 'ACTIVE').map((e) => e.finding_arn);
  for (let k = 0; k < closed.length; k += 500)
    await trx
      .updateTable('inspector2_findings')
      .set({ status: 'CLOSED', updated_at: now })
      .where('finding_arn', 'in', closed.slice(k, k + 500))
      .execute();
}
