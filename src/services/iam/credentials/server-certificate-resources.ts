// How server-certificate actions name their resource: the stored certificate's ARN with its path (a policy scoped
// to server-certificate/cloudfront/* must match), and for a rename or move the ARN it will have as well.
import type { ResolveEnv, ResolvedResource, ResourceOverrides } from '../../../core/authorization.js';
import { accountScope } from '../../../store/account-scope.js';

function member(env: ResolveEnv, name: string): string | undefined {
  const v = env.input[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function arn(env: ResolveEnv, path: string, name: string): ResolvedResource {
  const value = `arn:${env.partition}:iam::${env.identity.accountId}:server-certificate${path}${name}`;
  return { arn: value, display: value };
}

async function stored(env: ResolveEnv, name: string): Promise<{ path: string; name: string } | undefined> {
  if (env.db === undefined) return undefined;
  const row = await accountScope(env.db, env.identity.accountId)
    .selectFrom('iam_server_certificates')
    .select(['path', 'server_certificate_name'])
    .where('name_lc', '=', name.toLowerCase())
    .executeTakeFirst();
  return row ? { path: row.path, name: row.server_certificate_name } : undefined;
}

async function resolve(env: ResolveEnv): Promise<ResolvedResource[] | undefined> {
  const name = member(env, 'ServerCertificateName');
  if (name === undefined) return undefined;
  const found = await stored(env, name);
  // Not stored: the handler answers NoSuchEntity for an allowed caller; authorize on the name at the root path.
  const current = arn(env, found?.path ?? '/', found?.name ?? name);
  const newName = member(env, 'NewServerCertificateName');
  const newPath = member(env, 'NewPath');
  if (newName === undefined && newPath === undefined) return [current];
  return [current, arn(env, newPath ?? found?.path ?? '/', newName ?? found?.name ?? name)];
}

const ACTIONS = [
  'GetServerCertificate',
  'DeleteServerCertificate',
  'TagServerCertificate',
  'UntagServerCertificate',
  'ListServerCertificateTags',
  'UpdateServerCertificate',
];

/** Merged into IAM's resource overrides by its descriptor. */
export const serverCertificateResourceOverrides: ResourceOverrides = Object.fromEntries(
  ACTIONS.map((action) => [
    `iam:${action}`,
    { resolve: resolve, members: ['ServerCertificateName', 'NewServerCertificateName', 'NewPath'] },
  ]),
);
