// The organization's resource-based delegation policy as stored: one per organization, its id and ARN.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { ArnScope } from './ids.js';

type Db = Kysely<Database>;

export interface StoredResourcePolicy {
  id: string;
  content: string;
}

const ID_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `rp-` and eight lower-case letters and digits (the model's pattern: `rp-[0-9a-zA-Z_]{4,128}`). */
export function newResourcePolicyId(): string {
  let out = 'rp-';
  for (let i = 0; i < 8; i++) out += ID_CHARACTERS[randomInt(ID_CHARACTERS.length)];
  return out;
}

/** `arn:<partition>:organizations::<management>:resourcepolicy/<org>/<rp-id>` (the model's ResourcePolicyArn). */
export const resourcePolicyArn = (s: ArnScope, id: string) =>
  `arn:${s.partition}:organizations::${s.managementAccountId}:resourcepolicy/${s.orgId}/${id}`;

/** The organization's delegation policy, if it has one. */
export async function resourcePolicyOf(db: Db, orgId: string): Promise<StoredResourcePolicy | undefined> {
  return db
    .selectFrom('org_resource_policies')
    .select(['id', 'content'])
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}
