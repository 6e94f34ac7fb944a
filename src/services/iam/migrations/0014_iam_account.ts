// IAM account settings and federation beyond 0010: SAML provider names are unique per account regardless of case.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  // Like every IAM name, a SAML provider's is unique in its account whatever its case ("Okta" and "OKTA" clash), so
  // racing CreateSAMLProvider calls resolve to one winner. OIDC providers are keyed by their URL (the ARN) as given.
  await db.schema
    .createIndex('iam_providers_saml_name_lc')
    .on('iam_providers')
    .unique()
    .expression(sql`account_id, lower(name)`)
    .where(sql.ref('kind'), '=', 'saml')
    .execute();
}

export const iamAccountMigration: Migration = { id: '0014_iam_account', up };
