// Grant operations: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant.
import { randomBytes } from 'node:crypto';
import type { Handlers } from '../../aws/generated/handlers.js';
import type { KMSOperations } from '../../aws/generated/kms.js';
import { requireNotPendingDeletion, resolveKey } from './keys.js';
import { grantEntry, granteeMatches } from './grants.js';
import { dbOf, page, whereOf } from './common.js';
import { dryRun, kmsError, notFound, validation } from './errors.js';
import { accountScope } from '../../store/account-scope.js';

type H = Handlers<KMSOperations>;

const PRINCIPAL = /^(arn:[^:]+:(iam|sts)::\d{12}:.+|[a-z0-9.-]+\.amazonaws\.com)$/;

function checkPrincipal(name: string, value: string): void {
  if (!PRINCIPAL.test(value)) throw validation(`Invalid ${name}: ${value}`);
}

export const createGrant: NonNullable<H['CreateGrant']> = async (ctx, input) => {
  const grantee = input.GranteePrincipal ?? input.GranteeServicePrincipal;
  if (grantee === undefined) throw validation('GranteePrincipal is required.');
  checkPrincipal('GranteePrincipal', grantee);
  const retiring = input.RetiringPrincipal ?? input.RetiringServicePrincipal ?? null;
  if (retiring !== null) checkPrincipal('RetiringPrincipal', retiring);
  if (input.Operations.length === 0) throw validation('Operations must contain at least one operation.');
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId, { allowCrossAccount: true });
  requireNotPendingDeletion(key);
  if (input.DryRun) throw dryRun();
  const operations = JSON.stringify([...new Set(input.Operations)]);
  const constraints =
    input.Constraints && Object.keys(input.Constraints).length > 0 ? JSON.stringify(input.Constraints) : null;
  // A named grant repeated with the same details is the same grant, as AWS makes CreateGrant idempotent by Name.
  if (input.Name !== undefined) {
    const same = await db
      .selectFrom('kms_grants')
      .selectAll()
      .where('key_arn', '=', key.arn)
      .where('name', '=', input.Name)
      .where('grantee_principal', '=', grantee)
      .execute();
    const match = same.find(
      (g) => g.operations === operations && g.constraints === constraints && g.retiring_principal === retiring,
    );
    if (match) return { GrantId: match.grant_id, GrantToken: match.grant_token };
  }
  const grantId = randomBytes(32).toString('hex');
  const grantToken = randomBytes(96).toString('base64url');
  await db
    .insertInto('kms_grants')
    .values({
      grant_id: grantId,
      key_id: key.key_id,
      key_arn: key.arn,
      name: input.Name ?? null,
      grantee_principal: grantee,
      retiring_principal: retiring,
      issuing_account: ctx.identity.accountId,
      operations,
      constraints,
      grant_token: grantToken,
      created_at: Date.now(),
    })
    .execute();
  return { GrantToken: grantToken, GrantId: grantId };
};

export const listGrants: NonNullable<H['ListGrants']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId, { allowCrossAccount: true });
  // By ARN: a multi-Region key's replicas share its id, but each has grants of its own.
  let query = db.selectFrom('kms_grants').selectAll().where('key_arn', '=', key.arn);
  if (input.GrantId !== undefined) query = query.where('grant_id', '=', input.GrantId);
  const grantee = input.GranteePrincipal ?? input.GranteeServicePrincipal;
  if (grantee !== undefined) query = query.where('grantee_principal', '=', grantee);
  const rows = await query.orderBy('created_at').orderBy('grant_id').execute();
  const { items, ...rest } = page(ctx, rows, input, 50);
  return { Grants: items.map((g) => grantEntry(g, ctx.partition)), ...rest };
};

export const listRetirableGrants: NonNullable<H['ListRetirableGrants']> = async (ctx, input) => {
  const retiring = input.RetiringPrincipal ?? input.RetiringServicePrincipal;
  if (retiring === undefined) throw validation('RetiringPrincipal is required.');
  const where = whereOf(ctx);
  // The account's keys (grants carry no account of their own), then their grants.
  const rows = await accountScope(dbOf(ctx), where.accountId)
    .selectFrom('kms_keys')
    .innerJoin('kms_grants', 'kms_grants.key_arn', 'kms_keys.arn')
    .selectAll('kms_grants')
    .where('kms_grants.retiring_principal', '=', retiring)
    .where('kms_keys.region', '=', where.region)
    .orderBy('kms_grants.created_at')
    .orderBy('kms_grants.grant_id')
    .execute();
  const { items, ...rest } = page(ctx, rows, input, 50);
  return { Grants: items.map((g) => grantEntry(g, ctx.partition)), ...rest };
};

export const retireGrant: NonNullable<H['RetireGrant']> = async (ctx, input) => {
  const db = dbOf(ctx);
  let grant;
  if (input.GrantToken !== undefined) {
    grant = await db
      .selectFrom('kms_grants')
      .selectAll()
      .where('grant_token', '=', input.GrantToken)
      .executeTakeFirst();
    if (!grant) throw kmsError('InvalidGrantTokenException', 'Invalid grant token.');
  } else {
    if (input.KeyId === undefined || input.GrantId === undefined) {
      throw validation('Either GrantToken, or both KeyId and GrantId, must be specified.');
    }
    const key = await resolveKey(db, whereOf(ctx), input.KeyId, { allowCrossAccount: true });
    grant = await db
      .selectFrom('kms_grants')
      .selectAll()
      .where('key_arn', '=', key.arn)
      .where('grant_id', '=', input.GrantId)
      .executeTakeFirst();
    if (!grant) throw notFound(`Grant ID ${input.GrantId} not found`);
  }
  // Who may retire a grant is part of the grant itself: its retiring principal, its grantee when the grant
  // includes RetireGrant, or the account that issued it.
  const caller = ctx.identity;
  const mayRetire =
    (grant.retiring_principal !== null && granteeMatches(grant.retiring_principal, caller.arn)) ||
    (granteeMatches(grant.grantee_principal, caller.arn) &&
      (JSON.parse(grant.operations) as string[]).includes('RetireGrant')) ||
    (caller.type === 'Root' && caller.accountId === grant.issuing_account);
  if (!mayRetire) {
    throw kmsError(
      'AccessDeniedException',
      `User: ${caller.arn} is not authorized to perform: kms:RetireGrant on resource: ${grant.key_arn}`,
    );
  }
  if (input.DryRun) throw dryRun();
  await db.deleteFrom('kms_grants').where('grant_id', '=', grant.grant_id).execute();
};

export const revokeGrant: NonNullable<H['RevokeGrant']> = async (ctx, input) => {
  const db = dbOf(ctx);
  const key = await resolveKey(db, whereOf(ctx), input.KeyId, { allowCrossAccount: true });
  if (input.DryRun) throw dryRun();
  const result = await db
    .deleteFrom('kms_grants')
    .where('key_arn', '=', key.arn)
    .where('grant_id', '=', input.GrantId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(`Grant ID ${input.GrantId} not found`);
};
