// Whether GuardDuty may encrypt exports with a destination's KMS key: the key exists in Warden's KMS, is an enabled
// symmetric encryption key, and its key policy allows GuardDuty's service principal kms:GenerateDataKey (the
// permission AWS tells users to grant). Read from the store through the key's row; nothing of KMS is imported.
import type { Kysely } from 'kysely';
import { wildcardMatch } from '../../aws/wildcard.js';
import { otherAccountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { parseKmsKeyArn } from './publishing-location.js';

const SERVICE_PRINCIPAL = 'guardduty.amazonaws.com';

type Json = unknown;

const list = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** An Allow statement naming GuardDuty's service principal (or everyone) for kms:GenerateDataKey. */
function allowsGuardDuty(statement: Json): boolean {
  if (typeof statement !== 'object' || statement === null) return false;
  const s = statement as Record<string, Json>;
  if (s.Effect !== 'Allow') return false;
  const principal = s.Principal;
  const named =
    principal === '*' ||
    (typeof principal === 'object' &&
      principal !== null &&
      list((principal as Record<string, Json>).Service).includes(SERVICE_PRINCIPAL));
  if (!named) return false;
  return list(s.Action).some((a) => typeof a === 'string' && wildcardMatch(a, 'kms:GenerateDataKey', true));
}

/** Why the key cannot be used for exports, or undefined when it can. */
export async function keyProblem(db: Kysely<Database>, keyArn: string): Promise<string | undefined> {
  const parsed = parseKmsKeyArn(keyArn);
  if (!parsed) return 'not a KMS key ARN';
  // GuardDuty uses a key the destination names, in whichever account holds it.
  const key = await otherAccountScope(db, parsed.accountId)
    .selectFrom('kms_keys')
    .select(['key_state', 'key_usage', 'key_spec', 'policy'])
    .where('region', '=', parsed.region)
    .where('arn', '=', keyArn)
    .executeTakeFirst();
  if (!key) return 'the KMS key does not exist';
  if (key.key_state !== 'Enabled') return `the KMS key is ${key.key_state}`;
  if (key.key_usage !== 'ENCRYPT_DECRYPT' || key.key_spec !== 'SYMMETRIC_DEFAULT')
    return 'the KMS key is not a symmetric encryption key';
  let policy: Json;
  try {
    policy = JSON.parse(key.policy);
  } catch {
    return 'the key policy cannot be read';
  }
  const statements = list((policy as Record<string, Json> | null)?.Statement);
  return statements.some(allowsGuardDuty)
    ? undefined
    : 'the key policy does not allow guardduty.amazonaws.com kms:GenerateDataKey';
}
