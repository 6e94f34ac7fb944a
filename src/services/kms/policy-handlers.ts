// Key policies: GetKeyPolicy, PutKeyPolicy (with the lockout safety check) and ListKeyPolicies.
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import { requireNotPendingDeletion, resolveKey } from './keys.js';
import { checkKeyPolicy } from './policy.js';
import { dbOf, whereOf } from './common.js';
import { notFound } from './errors.js';

type H = Handlers<KMSOperations>;

/** Every KMS key has exactly one key policy, named "default". */
function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') throw notFound(`No such policy exists: ${name}`);
}

export const getKeyPolicy: NonNullable<H['GetKeyPolicy']> = async (ctx, input) => {
  const key = await resolveKey(dbOf(ctx), whereOf(ctx), input.KeyId);
  checkPolicyName(input.PolicyName);
  return { Policy: key.policy, PolicyName: 'default' };
};

export const putKeyPolicy: NonNullable<H['PutKeyPolicy']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId);
  checkPolicyName(input.PolicyName);
  requireNotPendingDeletion(key);
  checkKeyPolicy(input.Policy, ctx.identity, input.BypassPolicyLockoutSafetyCheck);
  await db
    .updateTable('kms_keys')
    .set({ policy: input.Policy })
    .where('key_id', '=', key.key_id)
    .where('region', '=', key.region)
    .execute();
};

export const listKeyPolicies: NonNullable<H['ListKeyPolicies']> = async (ctx, input) => {
  await resolveKey(dbOf(ctx), whereOf(ctx), input.KeyId);
  return { PolicyNames: ['default'], Truncated: false };
};
