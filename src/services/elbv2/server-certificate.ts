// Warden's stand-in for ACM on HTTPS listeners: an IAM server certificate, named by its ARN, read with its key unwrapped.
import { accountScope } from '../../store/account-scope.js';
import type { Runtime } from '../../core/runtime.js';
import { privateKeyContext } from '../iam/credentials/server-certificates.js';
import type { Db } from './lookup.js';

const SERVER_CERT_ARN = /^arn:[a-z-]+:iam::(\d{12}):server-certificate\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,128})$/;

/** The account and name an IAM server certificate ARN names, or undefined when it is not one. */
export function parseServerCertificateArn(arn: string): { accountId: string; name: string } | undefined {
  const m = SERVER_CERT_ARN.exec(arn);
  return m ? { accountId: m[1]!, name: m[2]! } : undefined;
}

/** Whether the account holds the certificate (a listener may use only its own account's certificates). */
export async function serverCertificateExists(db: Db, accountId: string, arn: string): Promise<boolean> {
  const ref = parseServerCertificateArn(arn);
  if (!ref || ref.accountId !== accountId) return false;
  const row = await accountScope(db, accountId)
    .selectFrom('iam_server_certificates')
    .select('name_lc')
    .where('name_lc', '=', ref.name.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** The PEM chain and private key for a listener, or undefined when the certificate is gone. */
export async function serverCertificatePem(
  runtime: Runtime,
  accountId: string,
  arn: string,
): Promise<{ certificatePem: string; privateKeyPem: string } | undefined> {
  const ref = parseServerCertificateArn(arn);
  if (!ref || ref.accountId !== accountId) return undefined;
  const row = await accountScope(runtime.store.db, accountId)
    .selectFrom('iam_server_certificates')
    .selectAll()
    .where('name_lc', '=', ref.name.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  const chain = row.certificate_chain ? `\n${row.certificate_chain}` : '';
  return {
    certificatePem: `${row.certificate_body}${chain}`,
    privateKeyPem: runtime.secrets.unwrapString(row.private_key_wrapped, privateKeyContext(row.server_certificate_id)),
  };
}
