// IAM's and STS's irregular resources: path-prefix listings, renames, key owners, and how IAM's messages name them.
import type {
  EntityFacts,
  OverrideMembers,
  ResolveEnv,
  ResolvedResource,
  ResourceOverride,
  ResourceOverrideEntry,
  ResourceOverrides,
} from '../../../core/authorization.js';

const overrides: Record<string, ResourceOverrideEntry> = {};

/** Adds the resolution of one action (see ResourceOverrides); `members` are the input members it reads. */
function override(action: string, resolve: ResourceOverride, members: OverrideMembers = []): void {
  overrides[action] = { resolve, members };
}

function iamArn(env: ResolveEnv, resource: string): string {
  return `arn:${env.partition}:iam::${env.identity.accountId}:${resource}`;
}

function str(env: ResolveEnv, member: string): string | undefined {
  const v = env.input[member];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * IAM's listings are authorized on the path they list (`arn:aws:iam::123456789012:user/division/`), so a policy
 * scoped to `user/division/*` may list that division. ListPolicies' message names it `policy path /`.
 */
const LISTINGS: Readonly<Record<string, string>> = {
  'iam:ListUsers': 'user',
  'iam:ListRoles': 'role',
  'iam:ListGroups': 'group',
  'iam:ListPolicies': 'policy',
  'iam:ListInstanceProfiles': 'instance-profile',
  'iam:ListServerCertificates': 'server-certificate',
};

for (const [action, type] of Object.entries(LISTINGS)) {
  override(
    action,
    async (env) => {
      const prefix = str(env, 'PathPrefix') ?? '/';
      const arn = iamArn(env, `${type}${prefix}`);
      return [{ arn, display: type === 'policy' ? `policy path ${prefix}` : arn }];
    },
    ['PathPrefix'],
  );
}

/** Facts of an IAM policy named by ARN (its tags), for aws:ResourceTag on policy actions. */
async function withPolicyFacts(env: ResolveEnv, resources: ResolvedResource[]): Promise<ResolvedResource[]> {
  const out: ResolvedResource[] = [];
  for (const r of resources) {
    const m = /^arn:[^:]+:iam::(\d{12}):policy\//.exec(r.arn);
    if (!m) {
      out.push(r);
      continue;
    }
    const facts = await (await env.directory(m[1])).policy(r.arn);
    out.push({ arn: r.arn, display: `policy ${r.arn}`, entity: { kind: 'policy', tags: facts?.tags } });
  }
  return out;
}

/** Every IAM action on a managed policy named by ARN: IAM's messages say `policy <arn>`; its tags count. */
const POLICY_ACTIONS = [
  'CreatePolicyVersion',
  'DeletePolicy',
  'DeletePolicyVersion',
  'GetPolicy',
  'GetPolicyVersion',
  'ListEntitiesForPolicy',
  'ListPolicyTags',
  'ListPolicyVersions',
  'SetDefaultPolicyVersion',
  'TagPolicy',
  'UntagPolicy',
];
for (const name of POLICY_ACTIONS) {
  override(`iam:${name}`, async (env, _check, generic) => withPolicyFacts(env, await generic()));
}

override(
  'iam:CreatePolicy',
  async (env, _check, generic) => {
    const name = str(env, 'PolicyName');
    const resources = await generic();
    return name === undefined ? resources : resources.map((r) => ({ ...r, display: `policy ${name}` }));
  },
  ['PolicyName'],
);

/** The access key's owner is the resource (the caller when the key is a root key or unknown). */
override(
  'iam:GetAccessKeyLastUsed',
  async (env) => {
    const keyId = str(env, 'AccessKeyId');
    const owner = keyId ? await (await env.directory(env.identity.accountId)).accessKeyOwner(keyId) : null;
    if (owner === null) return undefined;
    const user = await (await env.directory(env.identity.accountId)).user(owner);
    const arn = iamArn(env, `user${user?.path ?? '/'}${user?.name ?? owner}`);
    const entity: EntityFacts | undefined = user
      ? { kind: 'user', tags: user.tags, boundaryArn: user.boundaryArn }
      : undefined;
    return [{ arn, display: `user ${owner}`, entity }];
  },
  ['AccessKeyId'],
);

/** Renaming or moving needs the permission on the entity as it is and as it will be. */
function renamed(kind: 'user' | 'group', nameMember: string, newNameMember: string): void {
  const action = kind === 'user' ? 'iam:UpdateUser' : 'iam:UpdateGroup';
  override(
    action,
    async (env, _check, generic) => {
      const current = await generic();
      const newName = str(env, newNameMember);
      const newPath = str(env, 'NewPath');
      const name = str(env, nameMember);
      if ((newName === undefined && newPath === undefined) || name === undefined || current.length !== 1)
        return current;
      const dir = await env.directory(env.identity.accountId);
      const stored = kind === 'user' ? await dir.user(name) : await dir.group(name);
      const path = newPath ?? stored?.path ?? '/';
      const target = newName ?? stored?.name ?? name;
      const arn = iamArn(env, `${kind}${path}${target}`);
      return [...current, { arn, display: `${kind} ${target}` }];
    },
    [nameMember, newNameMember, 'NewPath'],
  );
}
renamed('user', 'UserName', 'NewUserName');
renamed('group', 'GroupName', 'NewGroupName');

/** An OIDC provider's ARN is named by its URL without the scheme (also when it is tagged as it is created). */
for (const action of ['iam:CreateOpenIDConnectProvider', 'iam:TagOpenIDConnectProvider']) {
  override(
    action,
    async (env) => {
      const url = str(env, 'Url');
      if (url === undefined) return undefined;
      const arn = iamArn(env, `oidc-provider/${url.replace(/^https?:\/\//, '')}`);
      return [{ arn, display: arn }];
    },
    ['Url'],
  );
}

/** A service-linked role lives under `/aws-service-role/<service>/`; its name is the service's to choose. */
override(
  'iam:CreateServiceLinkedRole',
  async (env) => {
    const service = str(env, 'AWSServiceName');
    if (service === undefined) return undefined;
    const arn = iamArn(env, `role/aws-service-role/${service}/*`);
    return [{ arn, display: arn }];
  },
  ['AWSServiceName'],
);

const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** Roles named by ARN, with what authorization needs of them: tags, and the trust policy of AssumeRole*. */
async function withRoleFacts(env: ResolveEnv, resources: ResolvedResource[]): Promise<ResolvedResource[]> {
  const out: ResolvedResource[] = [];
  for (const r of resources) {
    const m = ROLE_ARN.exec(r.arn);
    const role = m ? await (await env.directory(m[1])).role(m[2]) : null;
    if (!role) {
      out.push(r);
      continue;
    }
    const entity: EntityFacts = {
      kind: 'role',
      tags: role.tags,
      boundaryArn: role.boundaryArn,
      trustPolicy: role.trustPolicy,
    };
    out.push({ ...r, entity });
  }
  return out;
}

for (const action of [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'iam:PassRole',
]) {
  override(action, async (env, _check, generic) => withRoleFacts(env, await generic()));
}

/** IAM's resource overrides, on its descriptor: its entities' irregular ARNs, and roles as STS's resources. */
export const iamResourceOverrides: ResourceOverrides = overrides;
