// Whether Inspector may encrypt a report with the destination's KMS key: the key exists in Warden's KMS in the
// report's Region, is an enabled symmetric encryption key, and its key policy allows Inspector's service principal
// kms:GenerateDataKey and kms:Decrypt (the statement AWS tells users to add). Read from the store through the key's
// row; nothing of KMS is imported.
import type { Kysely } from 'kysely';
import type { ReportingErrorCode } from '../../../aws/generated/inspector2.js';
import { wildcardMatch } from '../../../aws/wildcard.js';
import { otherAccountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import { parseKmsKeyArn } from './destination.js';

const SERVICE_PRINCIPAL = 'inspector2.amazonaws.com';

type Json = unknown;

const list = (v: Json): Json[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** An Allow statement naming Inspector's service principal (or everyone) for `action`. */
function allows(statement: Json, action: string): boolean {
  if (typeof statement !== 'object' || statement === null) return false;
  const s = statement as Record<string, Json>;
  if (s.Effect !== 'Allow') return false;
  const principal = s.Principal;
  const named =
    principal === '*' ||
    (typeof principal === 'object' &&
      principal !== null &&
      (list((principal as Record<string, Json>).Service).includes(SERVICE_PRINCIPAL) ||
        (principal as Record<string, Json>).AWS === '*'));
  if (!named) return false;
  return list(s.Action).some((a) => typeof a === 'string' && wildcardMatch(a, action, true));
}

/** Why the key cannot be used for a report, as the report's errorCode and errorMessage; undefined when it can. */
export async function keyProblem(
  db: Kysely<Database>,
  keyArn: string,
  region: string,
): Promise<{ code: ReportingErrorCode; message: string } | undefined> {
  const parsed = parseKmsKeyArn(keyArn);
  if (!parsed) return { code: 'MALFORMED_KMS_KEY', message: 'The KMS key ARN is not valid.' };
  // The key may be another account's: its key policy decides whether Inspector may use it.
  const key = await otherAccountScope(db, parsed.accountId)
    .selectFrom('kms_keys')
    .select(['key_state', 'key_usage', 'key_spec', 'policy'])
    .where('region', '=', parsed.region)
    .where('arn', '=', keyArn)
    .executeTakeFirst();
  if (!key) return { code: 'MALFORMED_KMS_KEY', message: 'The KMS key does not exist.' };
  if (parsed.region !== region)
    return { code: 'INCOMPATIBLE_BUCKET_REGION', message: 'The KMS key must be in the same Region as the report.' };
  if (key.key_state !== 'Enabled') return { code: 'MALFORMED_KMS_KEY', message: `The KMS key is ${key.key_state}.` };
  if (key.key_usage !== 'ENCRYPT_DECRYPT' || key.key_spec !== 'SYMMETRIC_DEFAULT')
    return { code: 'MALFORMED_KMS_KEY', message: 'The KMS key is not a symmetric encryption key.' };
  let policy: Json;
  try {
    policy = JSON.parse(key.policy);
  } catch {
    return { code: 'INVALID_PERMISSIONS', message: 'The KMS key policy cannot be read.' };
  }
  const statements = list((policy as Record<string, Json> | null)?.Statement);
  const ok = ['kms:GenerateDataKey', 'kms:Decrypt'].every((a) => statements.some((s) => allows(s, a)));
  return ok
    ? undefined
    : {
        code: 'INVALID_PERMISSIONS',
        message: 'The KMS key policy does not allow inspector2.amazonaws.com kms:GenerateDataKey* and kms:Decrypt.',
      };
}
