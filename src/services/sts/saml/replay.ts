// Replay refusal: a SAML assertion redeemed once for a role cannot be redeemed for it again while it could still be valid.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { isUniqueViolation } from '../../../store/errors.js';
import { accountScope } from '../../../store/account-scope.js';
import '../tables.js';
import { invalidSaml } from './errors.js';

/** Warden's wording: AWS documents no message for a reused assertion. */
export const ASSERTION_REUSED = 'The SAML assertion has already been used.';

export interface Redemption {
  /** The provider's account, which owns the record. */
  accountId: string;
  providerArn: string;
  assertionId: string;
  roleArn: string;
  /** Until when the assertion stays acceptable (its NotOnOrAfter plus the clock skew allowed). */
  keepUntil: Date;
}

function keyOf(r: Redemption): string {
  return createHash('sha256').update(`${r.providerArn}\0${r.assertionId}\0${r.roleArn}`).digest('hex');
}

/**
 * Records the redemption in the store, in one insert whose primary key makes a second redemption of the same
 * assertion for the same role fail on whichever node tries it, even across restarts; that failure is refused as
 * InvalidIdentityToken. The same assertion may still be redeemed once for each other role its Role attribute lists.
 * Rows whose time has passed are removed as the account redeems new assertions.
 */
export async function redeemOnce(db: Kysely<Database>, redemption: Redemption, now: Date): Promise<void> {
  const scope = accountScope(db, redemption.accountId);
  await scope.deleteFrom('sts_saml_assertions').where('expires_at', '<', now.getTime()).execute();
  try {
    await scope
      .insertInto('sts_saml_assertions')
      .values({ assertion_key: keyOf(redemption), expires_at: redemption.keepUntil.getTime() })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidSaml(ASSERTION_REUSED);
    throw err;
  }
}
