// IAM credentials beyond 0013: SSH public keys, server and signing certificates, service-specific credentials.
import type { Kysely } from 'kysely';
import type { Migration } from '../../../store/store.js';

async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('iam_ssh_public_keys')
    .addColumn('ssh_public_key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('ssh_blob', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
    // The same key twice for one user is DuplicateSSHPublicKey; the index makes racing uploads lose cleanly.
    .addUniqueConstraint('iam_ssh_public_keys_user_key', ['account_id', 'user_id', 'fingerprint'])
    .execute();
  await s
    .createTable('iam_server_certificates')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('server_certificate_name', 'text', (c) => c.notNull())
    .addColumn('server_certificate_id', 'text', (c) => c.notNull().unique())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('certificate_body', 'text', (c) => c.notNull())
    .addColumn('certificate_chain', 'text')
    .addColumn('private_key_wrapped', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_server_certificates_pk', ['account_id', 'name_lc'])
    .execute();
  await s
    .createTable('iam_signing_certificates')
    .addColumn('certificate_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('certificate_body', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
    // A certificate belongs to one user of the account at most (DuplicateCertificate).
    .addUniqueConstraint('iam_signing_certificates_cert', ['account_id', 'fingerprint'])
    .execute();
  await s
    .createIndex('iam_signing_certificates_owner')
    .on('iam_signing_certificates')
    .columns(['account_id', 'owner_id'])
    .execute();
  await s
    .createTable('iam_service_credentials')
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('service_user_name', 'text')
    .addColumn('service_credential_alias', 'text')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .execute();
  await s
    .createIndex('iam_service_credentials_user')
    .on('iam_service_credentials')
    .columns(['account_id', 'user_id', 'service_name'])
    .execute();
}

export const iamCertificatesKeysMigration: Migration = { id: '0015_iam_certificates_keys', up };
