// Managed policy versions: v1, v2, ... never reused, at most five kept, exactly one the default.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, PolicyVersion } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import { deleteConflict, noSuchEntity, policyNotFound } from '../errors.js';
import { paginate } from '../common.js';
import { assertManagedPolicySize, assertVersionQuota } from './quotas.js';
import { encodeDocument, lockPolicy, requireOwnPolicy, requirePolicy } from './records.js';
import { assertValidPolicyDocument } from '../../../policy/validation/validate.js';
import { mutateIam } from '../mutate.js';

type H = Handlers<IAMOperations>;

function versionNotFound(arn: string, versionId: string) {
  return noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
}

/** The number in a version id (v12 → 12), for newest-first ordering. */
function versionNumber(versionId: string): number {
  return Number.parseInt(versionId.slice(1), 10);
}

async function findVersion(db: Kysely<Database>, storedArn: string, versionId: string) {
  return db
    .selectFrom('iam_policy_versions')
    .selectAll()
    .where('policy_arn', '=', storedArn)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
}

export const createPolicyVersion: NonNullable<H['CreatePolicyVersion']> = async (ctx, input) => {
  const { ref } = await requireOwnPolicy(ctx.runtime.store.db, ctx, input.PolicyArn);
  assertValidPolicyDocument(input.PolicyDocument, 'identity');
  assertManagedPolicySize(input.PolicyDocument);
  const setAsDefault = input.SetAsDefault ?? false;
  const now = Date.now();
  const versionId = await mutateIam(ctx, async (trx) => {
    const row = await lockPolicy(trx, ref.stored);
    if (!row) throw policyNotFound(input.PolicyArn);
    const count = await trx
      .selectFrom('iam_policy_versions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('policy_arn', '=', ref.stored)
      .executeTakeFirstOrThrow();
    assertVersionQuota(Number(count.n));
    const id = `v${row.next_version}`;
    await trx
      .insertInto('iam_policy_versions')
      .values({ policy_arn: ref.stored, version_id: id, document: input.PolicyDocument, created_at: now })
      .execute();
    await trx
      .updateTable('iam_policies')
      .set(
        setAsDefault
          ? { next_version: row.next_version + 1, default_version_id: id, updated_at: now }
          : { next_version: row.next_version + 1 },
      )
      .where('arn', '=', ref.stored)
      .execute();
    return id;
  });
  return { PolicyVersion: { VersionId: versionId, IsDefaultVersion: setAsDefault, CreateDate: new Date(now) } };
};

export const getPolicyVersion: NonNullable<H['GetPolicyVersion']> = async (ctx, input) => {
  const db = ctx.runtime.store.db;
  const { row } = await requirePolicy(db, ctx, input.PolicyArn);
  const version = await findVersion(db, row.arn, input.VersionId);
  if (!version) throw versionNotFound(input.PolicyArn, input.VersionId);
  return {
    PolicyVersion: {
      Document: encodeDocument(version.document),
      VersionId: version.version_id,
      IsDefaultVersion: version.version_id === row.default_version_id,
      CreateDate: new Date(Number(version.created_at)),
    },
  };
};

export const listPolicyVersions: NonNullable<H['ListPolicyVersions']> = async (ctx, input) => {
  const db = ctx.runtime.store.db;
  const { row } = await requirePolicy(db, ctx, input.PolicyArn);
  const versions = await db
    .selectFrom('iam_policy_versions')
    .select(['version_id', 'created_at'])
    .where('policy_arn', '=', row.arn)
    .execute();
  const listed: PolicyVersion[] = versions
    .sort((a, b) => versionNumber(b.version_id) - versionNumber(a.version_id))
    .map((v) => ({
      VersionId: v.version_id,
      IsDefaultVersion: v.version_id === row.default_version_id,
      CreateDate: new Date(Number(v.created_at)),
    }));
  const page = paginate(ctx, listed, input);
  return { Versions: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
};

export const setDefaultPolicyVersion: NonNullable<H['SetDefaultPolicyVersion']> = async (ctx, input) => {
  const { ref } = await requireOwnPolicy(ctx.runtime.store.db, ctx, input.PolicyArn);
  await mutateIam(ctx, async (trx) => {
    const row = await lockPolicy(trx, ref.stored);
    if (!row) throw policyNotFound(input.PolicyArn);
    if (!(await findVersion(trx, ref.stored, input.VersionId))) {
      throw versionNotFound(input.PolicyArn, input.VersionId);
    }
    if (row.default_version_id === input.VersionId) return;
    await trx
      .updateTable('iam_policies')
      .set({ default_version_id: input.VersionId, updated_at: Date.now() })
      .where('arn', '=', ref.stored)
      .execute();
  });
};

export const deletePolicyVersion: NonNullable<H['DeletePolicyVersion']> = async (ctx, input) => {
  const { ref } = await requireOwnPolicy(ctx.runtime.store.db, ctx, input.PolicyArn);
  await mutateIam(ctx, async (trx) => {
    const row = await lockPolicy(trx, ref.stored);
    if (!row) throw policyNotFound(input.PolicyArn);
    if (!(await findVersion(trx, ref.stored, input.VersionId))) {
      throw versionNotFound(input.PolicyArn, input.VersionId);
    }
    if (row.default_version_id === input.VersionId) {
      throw deleteConflict('Cannot delete the default version of a policy.');
    }
    await trx
      .deleteFrom('iam_policy_versions')
      .where('policy_arn', '=', ref.stored)
      .where('version_id', '=', input.VersionId)
      .execute();
  });
};
