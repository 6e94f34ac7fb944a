// GenerateCredentialReport / GetCredentialReport: every user's credential status as CSV, at most one new report
// every four hours, kept in iam_account_settings.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations } from '../../../aws/generated/iam.js';
import type { AccessKeysTable, Database } from '../../../store/schema.js';
import type { IamSigningCertificatesTable } from '../tables.js';
import type { RequestContext } from '../../../core/runtime.js';
import { epochToDate, iamArn } from '../common.js';
import { reportNotPresent } from '../errors.js';
import { ROOT_ACCOUNT_USER, credentialReportCsv, type ReportCredential, type ReportEntry } from './report-csv.js';
import { accountPasswordPolicy } from '../account/password-policy.js';
import { mutateIam } from '../mutate.js';
import { accountScope } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** IAM makes a new report at most this often; a request within the window gets the last one. */
export const REPORT_REFRESH_MS = 4 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const REPORTED_KEY_COLUMNS = [
  'access_key_id',
  'principal_id',
  'user_name',
  'status',
  'created_at',
  'last_used_at',
  'last_used_region',
  'last_used_service',
] as const;

function keyOf(row: Pick<AccessKeysTable, (typeof REPORTED_KEY_COLUMNS)[number]>): ReportCredential {
  return {
    active: row.status === 'Active',
    rotatedAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    lastUsedRegion: row.last_used_region,
    lastUsedService: row.last_used_service,
  };
}

function certificateOf(row: IamSigningCertificatesTable): ReportCredential {
  return { active: row.status === 'Active', rotatedAt: Number(row.uploaded_at) };
}

/** The items by key, each list in the items' order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The report's entries, read from the tables: the root user first, then every IAM user by name. */
export async function credentialReportEntries(ctx: RequestContext, db: Db): Promise<ReportEntry[]> {
  const accountId = ctx.identity.accountId;
  const [account, users, profiles, devices, keys, policy, certificates] = await Promise.all([
    db.selectFrom('accounts').select('created_at').where('id', '=', accountId).executeTakeFirst(),
    accountScope(db, accountId).selectFrom('iam_users').selectAll().orderBy('name_lc').execute(),
    accountScope(db, accountId).selectFrom('iam_login_profiles').selectAll().execute(),
    accountScope(db, accountId)
      .selectFrom('iam_mfa_devices')
      .select('user_lc')
      .where('enabled_at', 'is not', null)
      .execute(),
    // Not the wrapped secrets: 100,000 keys' worth is memory (and garbage) the report never reads.
    accountScope(db, accountId)
      .selectFrom('access_keys')
      .select(REPORTED_KEY_COLUMNS)
      .orderBy('created_at')
      .orderBy('access_key_id')
      .execute(),
    accountPasswordPolicy(db, accountId),
    accountScope(db, accountId)
      .selectFrom('iam_signing_certificates')
      .selectAll()
      .orderBy('uploaded_at')
      .orderBy('certificate_id')
      .execute(),
  ]);
  // Owned by a user's unique id, or by the account id for the root user's own. Grouped once (in their query's
  // order), so a report of 100,000 users reads each list once rather than once per user.
  const certificatesByOwner = groupBy(certificates, (c) => c.owner_id);
  const certificatesOf = (ownerId: string) => (certificatesByOwner.get(ownerId) ?? []).map(certificateOf);
  const profileOf = new Map(profiles.map((p) => [p.user_lc, p]));
  const mfaUsers = new Set(devices.map((d) => d.user_lc));
  const keysByOwner = groupBy(keys, (k) => `${k.user_name === null ? 'root' : 'user'}:${k.principal_id}`);
  const keysOf = (principalId: string, root: boolean) =>
    (keysByOwner.get(`${root ? 'root' : 'user'}:${principalId}`) ?? []).map(keyOf);
  const maxAgeDays = policy?.MaxPasswordAge;

  const root: ReportEntry = {
    user: ROOT_ACCOUNT_USER,
    arn: `arn:${ctx.partition}:iam::${accountId}:root`,
    createdAt: Number(account?.created_at ?? ctx.receivedAt.getTime()),
    // Warden records no root sign-ins, so there is no sign-in data to report (no_information).
    password: { root: true, lastUsedAt: null },
    // A device enabled with no user is the root user's.
    mfaActive: mfaUsers.has(null),
    accessKeys: keysOf(accountId, true),
    signingCertificates: certificatesOf(accountId),
  };
  const userEntries = users.map((u): ReportEntry => {
    const profile = profileOf.get(u.name_lc);
    const changedAt = profile ? Number(profile.password_changed_at) : null;
    return {
      user: u.user_name,
      arn: iamArn(ctx, 'user', u.path, u.user_name),
      createdAt: Number(u.created_at),
      password: {
        enabled: profile !== undefined,
        lastUsedAt: u.password_last_used === null ? null : Number(u.password_last_used),
        changedAt,
        nextRotationAt: changedAt !== null && maxAgeDays ? changedAt + maxAgeDays * DAY_MS : null,
      },
      mfaActive: mfaUsers.has(u.name_lc),
      accessKeys: keysOf(u.user_id, false),
      signingCertificates: certificatesOf(u.user_id),
    };
  });
  return [root, ...userEntries];
}

/**
 * Generation is quick, so it happens within the request: the first call answers STARTED (as IAM does when it
 * starts one), and calls within the next four hours answer COMPLETE without regenerating.
 */
export const generateCredentialReport: NonNullable<H['GenerateCredentialReport']> = async (ctx) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  // Report times are whole seconds, as IAM's GeneratedTime is.
  const now = Math.floor(ctx.receivedAt.getTime() / 1000) * 1000;
  const settings = await accountScope(db, accountId)
    .selectFrom('iam_account_settings')
    .select('credential_report_at')
    .executeTakeFirst();
  const last = settings?.credential_report_at ?? null;
  if (last !== null && now - Number(last) < REPORT_REFRESH_MS) return { State: 'COMPLETE' };
  const csv = credentialReportCsv(await credentialReportEntries(ctx, db));
  // Upsert only the report: the row's other columns (password policy, alias) belong to other operations.
  await mutateIam(ctx, (trx) =>
    trx
      .insertInto('iam_account_settings')
      .values({
        account_id: accountId,
        password_policy: null,
        alias: null,
        credential_report: csv,
        credential_report_at: now,
      })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ credential_report: csv, credential_report_at: now }))
      .execute(),
  );
  return last === null
    ? { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' }
    : { State: 'STARTED' };
};

export const getCredentialReport: NonNullable<H['GetCredentialReport']> = async (ctx) => {
  const row = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('iam_account_settings')
    .select(['credential_report', 'credential_report_at'])
    .executeTakeFirst();
  if (!row?.credential_report || row.credential_report_at === null) throw reportNotPresent();
  return {
    Content: new Uint8Array(Buffer.from(row.credential_report, 'utf8')),
    ReportFormat: 'text/csv',
    GeneratedTime: epochToDate(Number(row.credential_report_at)),
  };
};
