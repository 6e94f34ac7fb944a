// Reads what an account's effective management policy is made of: the policies of a type attached from the root
// down to it, each level in attachment order, merged by effective-policy.ts.
import { AwsError } from '../../aws/error.js';
import type { Db, OrgRecord } from './org-context.js';
import { ancestry, isPolicyTypeEnabled } from './org-context.js';
import { effectivePolicy } from './effective-policy.js';
import { findPolicy } from './policy-store.js';

export const effectivePolicyNotFound = () =>
  new AwsError(
    'EffectivePolicyNotFoundException',
    "We can't find an effective policy of the PolicyType that you specified.",
  );

export interface Effective {
  document: Record<string, unknown>;
  /** The latest attachment or policy creation among those merged (epoch ms). */
  lastUpdated: number;
}

/** The account's effective policy of a management type; undefined when the type is off or nothing applies. */
export async function effectiveFor(
  db: Db,
  org: OrgRecord,
  accountId: string,
  type: string,
): Promise<Effective | undefined> {
  if (!(await isPolicyTypeEnabled(db, org, type))) return undefined;
  const levels: string[][] = [];
  let lastUpdated = 0;
  for (const id of await ancestry(db, org, accountId)) {
    const rows = await db
      .selectFrom('org_policy_attachments as a')
      .innerJoin('org_policies as p', 'p.id', 'a.policy_id')
      .select(['p.id', 'p.created_at', 'a.attached_at'])
      .where('a.org_id', '=', org.id)
      .where('a.target_id', '=', id)
      .where('a.policy_type', '=', type)
      .orderBy('a.attached_at')
      .orderBy('a.policy_id')
      .execute();
    const documents = [];
    for (const row of rows) {
      documents.push((await findPolicy(db, org, row.id)).content);
      lastUpdated = Math.max(lastUpdated, Number(row.attached_at), Number(row.created_at));
    }
    levels.push(documents);
  }
  const document = effectivePolicy(levels);
  return document ? { document, lastUpdated } : undefined;
}
