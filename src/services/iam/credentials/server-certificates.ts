// Server certificates: Upload (certificate, optional chain, private key that must match; the key stored only
// wrapped and never returned), Get, List by path, Update (rename, move), Delete, and their tags.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type { IAMOperations, ServerCertificateMetadata, Tag } from '../../../aws/generated/iam.js';
import { newUniqueId } from '../../../aws/ids.js';
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import type { Database } from '../../../store/schema.js';
import {
  assertTags,
  epochToDate,
  iamArn,
  loadTags,
  matchesPathPrefix,
  nameKey,
  pageOf,
  paginate,
  putTags,
  removeTags,
  transactUnique,
} from '../common.js';
import { quotaExceeded, serverCertificateNotFound, serverCertificateTaken } from '../errors.js';
import { mutateIam } from '../mutate.js';
import type { IamServerCertificatesTable } from '../tables.js';
import { checkChain, checkPrivateKey, expiresAt, parseCertificate } from './x509.js';

type H = Handlers<IAMOperations>;
type Db = Kysely<Database>;

/** IAM's default quota of server certificates per account. */
export const SERVER_CERTIFICATES_PER_ACCOUNT = 20;
/** iam_tags resource type of server certificates; the resource key is the lower-cased name. */
export const SERVER_CERTIFICATE_TAGS = 'server-certificate';

/** The private key is sealed to its certificate's id, so a wrapped key copied to another row does not open. */
export function privateKeyContext(serverCertificateId: string): string {
  return `server-certificate:${serverCertificateId}`;
}

function findCertificate(db: Db, accountId: string, name: string) {
  return accountScope(db, accountId)
    .selectFrom('iam_server_certificates')
    .selectAll()
    .where('name_lc', '=', nameKey(name))
    .executeTakeFirst();
}

async function requireCertificate(db: Db, accountId: string, name: string): Promise<IamServerCertificatesTable> {
  const row = await findCertificate(db, accountId, name);
  if (!row) throw serverCertificateNotFound(name);
  return row;
}

export async function countServerCertificates(db: Db, accountId: string): Promise<number> {
  const row = await accountScope(db, accountId)
    .selectFrom('iam_server_certificates')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function metadata(ctx: RequestContext, row: IamServerCertificatesTable): ServerCertificateMetadata {
  return {
    Path: row.path,
    ServerCertificateName: row.server_certificate_name,
    ServerCertificateId: row.server_certificate_id,
    Arn: iamArn(ctx, 'server-certificate', row.path, row.server_certificate_name),
    UploadDate: epochToDate(Number(row.uploaded_at)),
    Expiration: epochToDate(Number(row.expires_at)),
  };
}

export const uploadServerCertificate: NonNullable<H['UploadServerCertificate']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const tags: Tag[] = input.Tags ?? [];
  assertTags(tags);
  const certificate = parseCertificate(input.CertificateBody);
  if (input.CertificateChain !== undefined) checkChain(certificate, input.CertificateChain);
  checkPrivateKey(certificate, input.PrivateKey);
  const id = newUniqueId('ASCA');
  const row: IamServerCertificatesTable = {
    account_id: accountId,
    name_lc: nameKey(input.ServerCertificateName),
    server_certificate_name: input.ServerCertificateName,
    server_certificate_id: id,
    path: input.Path ?? '/',
    certificate_body: input.CertificateBody,
    certificate_chain: input.CertificateChain ?? null,
    private_key_wrapped: ctx.runtime.secrets.wrap(input.PrivateKey, privateKeyContext(id)),
    expires_at: expiresAt(certificate),
    uploaded_at: ctx.receivedAt.getTime(),
  };
  const taken = () => serverCertificateTaken(input.ServerCertificateName);
  await transactUnique(ctx, taken, async (trx) => {
    if (await findCertificate(trx, accountId, input.ServerCertificateName)) throw taken();
    if ((await countServerCertificates(trx, accountId)) >= SERVER_CERTIFICATES_PER_ACCOUNT) {
      throw quotaExceeded('ServerCertificatesPerAccount', SERVER_CERTIFICATES_PER_ACCOUNT);
    }
    await trx.insertInto('iam_server_certificates').values(row).execute();
    await putTags(trx, accountId, SERVER_CERTIFICATE_TAGS, row.name_lc, tags);
  });
  return { ServerCertificateMetadata: metadata(ctx, row), ...(tags.length > 0 ? { Tags: tags } : {}) };
};

export const getServerCertificate: NonNullable<H['GetServerCertificate']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const row = await requireCertificate(db, accountId, input.ServerCertificateName);
  const tags = await loadTags(db, accountId, SERVER_CERTIFICATE_TAGS, row.name_lc);
  return {
    ServerCertificate: {
      ServerCertificateMetadata: metadata(ctx, row),
      CertificateBody: row.certificate_body,
      ...(row.certificate_chain !== null ? { CertificateChain: row.certificate_chain } : {}),
      ...(tags.length > 0 ? { Tags: tags } : {}),
    },
  };
};

export const listServerCertificates: NonNullable<H['ListServerCertificates']> = async (ctx, input) => {
  const rows = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('iam_server_certificates')
    .selectAll()
    .orderBy('name_lc')
    .execute();
  const items = rows.filter((r) => matchesPathPrefix(r.path, input.PathPrefix)).map((r) => metadata(ctx, r));
  return pageOf(ctx, 'ServerCertificateMetadataList', items, input);
};

export const updateServerCertificate: NonNullable<H['UpdateServerCertificate']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  const newName = input.NewServerCertificateName;
  const taken = () => serverCertificateTaken(newName ?? input.ServerCertificateName);
  await transactUnique(ctx, taken, async (trx) => {
    const row = await requireCertificate(trx, accountId, input.ServerCertificateName);
    const name = newName ?? row.server_certificate_name;
    const key = nameKey(name);
    if (key !== row.name_lc && (await findCertificate(trx, accountId, name))) throw taken();
    await accountScope(trx, accountId)
      .updateTable('iam_server_certificates')
      .set({ name_lc: key, server_certificate_name: name, path: input.NewPath ?? row.path })
      .where('name_lc', '=', row.name_lc)
      .execute();
    if (key !== row.name_lc) {
      await accountScope(trx, accountId)
        .updateTable('iam_tags')
        .set({ resource_key: key })
        .where('resource_type', '=', SERVER_CERTIFICATE_TAGS)
        .where('resource_key', '=', row.name_lc)
        .execute();
    }
  });
};

export const deleteServerCertificate: NonNullable<H['DeleteServerCertificate']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireCertificate(trx, accountId, input.ServerCertificateName);
    await removeTags(trx, accountId, SERVER_CERTIFICATE_TAGS, row.name_lc);
    await accountScope(trx, accountId)
      .deleteFrom('iam_server_certificates')
      .where('name_lc', '=', row.name_lc)
      .execute();
  });
};

export const tagServerCertificate: NonNullable<H['TagServerCertificate']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireCertificate(trx, accountId, input.ServerCertificateName);
    await putTags(trx, accountId, SERVER_CERTIFICATE_TAGS, row.name_lc, input.Tags);
  });
};

export const untagServerCertificate: NonNullable<H['UntagServerCertificate']> = async (ctx, input) => {
  const accountId = ctx.identity.accountId;
  await mutateIam(ctx, async (trx) => {
    const row = await requireCertificate(trx, accountId, input.ServerCertificateName);
    // Tag keys match regardless of case, as IAM's other Untag* calls do.
    const wanted = new Set(input.TagKeys.map((k) => k.toLowerCase()));
    const stored = await loadTags(trx, accountId, SERVER_CERTIFICATE_TAGS, row.name_lc);
    const matching = stored.filter((t) => wanted.has(t.Key.toLowerCase())).map((t) => t.Key);
    await removeTags(trx, accountId, SERVER_CERTIFICATE_TAGS, row.name_lc, matching);
  });
};

export const listServerCertificateTags: NonNullable<H['ListServerCertificateTags']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const row = await requireCertificate(db, accountId, input.ServerCertificateName);
  const page = paginate(ctx, await loadTags(db, accountId, SERVER_CERTIFICATE_TAGS, row.name_lc), input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, ...(page.Marker ? { Marker: page.Marker } : {}) };
};
