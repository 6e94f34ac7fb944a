// X.509 signing certificates of IAM users and of the root user (UserName omitted by a root caller):
// UploadSigningCertificate, ListSigningCertificates, UpdateSigningCertificate and DeleteSigningCertificate.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, SigningCertificate, statusType } from '../../../aws/generated/iam.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import { isUniqueViolation } from '../../../store/errors.js';
import type { Database } from '../../../store/schema.js';
import { epochToDate, pageOf } from '../common.js';
import { duplicateCertificate, quotaExceeded, signingCertificateNotFound } from '../errors.js';
import { mutateIam } from '../mutate.js';
import type { IamSigningCertificatesTable } from '../tables.js';
import { newSigningCertificateId } from './credential-ids.js';
import { lockOwner, resolveOwner, type CredentialOwner } from './owner.js';
import { assertSettableStatus } from './status.js';
import { certificateFingerprint, parseCertificate } from './x509.js';

type H = Handlers<IAMOperations>;
type Db = Kysely<Database>;

/** IAM's quota: two signing certificates per user, the root user included. */
export const SIGNING_CERTIFICATES_PER_USER = 2;

/** The owner column's value: the user's unique id, or the account id for the root user. */
export function ownerId(accountId: string, owner: CredentialOwner): string {
  return owner.kind === 'user' ? owner.user.user_id : accountId;
}

function certificatesOf(db: Db, accountId: string, owner: CredentialOwner) {
  return accountScope(db, accountId)
    .selectFrom('iam_signing_certificates')
    .selectAll()
    .where('owner_id', '=', ownerId(accountId, owner))
    .orderBy('uploaded_at')
    .orderBy('certificate_id')
    .execute();
}

/** The certificate when it is the owner's: another user's (or another account's) answers the same NoSuchEntity. */
async function requireOwned(ctx: RequestContext, db: Db, certificateId: string, userName: string | undefined) {
  const accountId = ctx.identity.accountId;
  const owner = await resolveOwner(ctx, db, userName, true);
  const row = await accountScope(db, accountId)
    .selectFrom('iam_signing_certificates')
    .selectAll()
    .where('certificate_id', '=', certificateId)
    .where('owner_id', '=', ownerId(accountId, owner))
    .executeTakeFirst();
  if (!row) throw signingCertificateNotFound(certificateId);
  return row;
}

function view(owner: CredentialOwner, row: IamSigningCertificatesTable): SigningCertificate {
  // The root user is no IAM user: like its access keys, its certificates carry no user name.
  return {
    ...(owner.kind === 'user' ? { UserName: owner.user.user_name } : {}),
    CertificateId: row.certificate_id,
    CertificateBody: row.certificate_body,
    Status: row.status as statusType,
    UploadDate: epochToDate(Number(row.uploaded_at)),
  } as SigningCertificate;
}

export const uploadSigningCertificate: NonNullable<H['UploadSigningCertificate']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const fingerprint = certificateFingerprint(parseCertificate(input.CertificateBody));
  const upload = async (trx: Db) => {
    const owner = await resolveOwner(ctx, trx, input.UserName, true);
    await lockOwner(trx, accountId, owner);
    const taken = await accountScope(trx, accountId)
      .selectFrom('iam_signing_certificates')
      .select('certificate_id')
      .where('fingerprint', '=', fingerprint)
      .executeTakeFirst();
    if (taken) throw duplicateCertificate();
    if ((await certificatesOf(trx, accountId, owner)).length >= SIGNING_CERTIFICATES_PER_USER) {
      throw quotaExceeded('CertificatesPerUser', SIGNING_CERTIFICATES_PER_USER);
    }
    const row: IamSigningCertificatesTable = {
      account_id: accountId,
      certificate_id: newSigningCertificateId(),
      owner_id: ownerId(accountId, owner),
      certificate_body: input.CertificateBody,
      fingerprint,
      status: 'Active',
      uploaded_at: ctx.receivedAt.getTime(),
    };
    await trx.insertInto('iam_signing_certificates').values(row).execute();
    return view(owner, row);
  };
  try {
    return { Certificate: await mutateIam(ctx, upload) };
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCertificate();
    throw err;
  }
};

export const listSigningCertificates: NonNullable<H['ListSigningCertificates']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const owner = await resolveOwner(ctx, db, input.UserName, true);
  const rows = await certificatesOf(db, ctx.identity.accountId, owner);
  return pageOf(
    ctx,
    'Certificates',
    rows.map((r) => view(owner, r)),
    input,
  );
};

export const updateSigningCertificate: NonNullable<H['UpdateSigningCertificate']> = async (ctx, input) => {
  assertSettableStatus(input.Status);
  const status = input.Status;
  await mutateIam(ctx, async (trx) => {
    const row = await requireOwned(ctx, trx, input.CertificateId, input.UserName);
    await trx
      .updateTable('iam_signing_certificates')
      .set({ status })
      .where('certificate_id', '=', row.certificate_id)
      .execute();
  });
};

export const deleteSigningCertificate: NonNullable<H['DeleteSigningCertificate']> = async (ctx, input) => {
  await mutateIam(ctx, async (trx) => {
    const row = await requireOwned(ctx, trx, input.CertificateId, input.UserName);
    await trx.deleteFrom('iam_signing_certificates').where('certificate_id', '=', row.certificate_id).execute();
  });
};
