// Trust policy principals that must exist: a user or role ARN names an IAM entity IAM resolves when it stores the policy.
//
// IAM turns each user and role ARN of a trust policy into that entity's unique ID when it saves the policy, so an ARN
// naming no entity is refused as `Invalid principal in policy: "AWS":"<arn>"` (MalformedPolicyDocument), at
// CreateRole and UpdateAssumeRolePolicy alike. That holds in any account: the entity is looked up in the account the
// ARN names, and an account this deployment does not hold has no users or roles, so its ARNs are refused too (as AWS
// refuses `arn:aws:iam::123456789012:role/example-role` to anyone but that account's owner of such a role).
// Account principals (`123456789012`, `arn:aws:iam::123456789012:root`) name no entity and are taken as written;
// so are session ARNs and unique IDs, which IAM does not resolve.
import type { Kysely } from 'kysely';
import { malformedPolicyDocument } from '../errors.js';
import { parsePolicyGrammar } from '../../../policy/validation/grammar.js';
import type { PrincipalElement } from '../../../policy/validation/grammar.js';
import type { Database } from '../../../store/schema.js';
import { findRow } from './entities.js';

const ENTITY_ARN = /^arn:([^:]+):iam::(\d{12}):(user|role)(\/.+)$/;

/** The AWS principal values of a statement's Principal or NotPrincipal, in document order. */
function awsValues(element: PrincipalElement | undefined): string[] {
  return element === undefined || element === '*' ? [] : (element.AWS ?? []);
}

/** Whether the user or role the ARN names exists, with the ARN's path, in the request's partition. */
async function entityExists(db: Kysely<Database>, partition: string, arn: string): Promise<boolean> {
  const m = ENTITY_ARN.exec(arn);
  if (!m) return true; // not a user or role ARN: nothing to resolve
  const [, arnPartition, accountId, kind, pathAndName] = m as unknown as [
    string,
    string,
    string,
    'user' | 'role',
    string,
  ];
  if (arnPartition !== partition) return false;
  const slash = pathAndName.lastIndexOf('/');
  const path = pathAndName.slice(0, slash + 1);
  const name = pathAndName.slice(slash + 1);
  const row = await findRow(db, accountId, kind, name);
  return row !== undefined && row.path === path;
}

/**
 * Throws MalformedPolicyDocument for the first user or role ARN (in document order) that names no entity. The
 * document has already passed validation, so it parses.
 */
export async function assertTrustPrincipalsExist(
  db: Kysely<Database>,
  partition: string,
  document: string,
): Promise<void> {
  const policy = parsePolicyGrammar(JSON.parse(document));
  if (!policy) return;
  for (const statement of policy.statements) {
    for (const value of [...awsValues(statement.principal), ...awsValues(statement.notPrincipal)]) {
      if (!(await entityExists(db, partition, value))) {
        throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${value}"`);
      }
    }
  }
}
