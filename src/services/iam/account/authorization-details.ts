// GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with their relationships.
import type { Kysely } from 'kysely';
import type { Handlers } from '../../../aws/generated/handlers.js';
import type {
  AttachedPermissionsBoundary,
  AttachedPolicy,
  EntityType,
  GroupDetail,
  IAMOperations,
  ManagedPolicyDetail,
  PolicyDetail,
  RoleDetail,
  Tag,
  UserDetail,
} from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import type { RequestContext } from '../../../core/runtime.js';
import { epochToDate, iamArn, paginate } from '../common.js';
import { instanceProfileView } from '../identities/views.js';
import { membersOf } from '../identities/entities.js';
import { AWS_MANAGED_ACCOUNT, inPartition } from '../policies/arns.js';
import { encodeDocument, policyUsage } from '../policies/records.js';
import type { IamEntityType, IamPoliciesTable } from '../tables.js';
import { accountScope, onSameAccount } from '../../../store/account-scope.js';

type H = Handlers<IAMOperations>;

type Db = Kysely<Database>;

/** Everything each detail list needs, read once per request with a handful of queries. */
interface AccountFacts {
  inline: Map<string, PolicyDetail[]>;
  attached: Map<string, AttachedPolicy[]>;
  tags: Map<string, Tag[]>;
}

/** Map key for per-entity facts: `<type>:<lower-cased name>`. */
function key(type: string, nameLc: string): string {
  return `${type}:${nameLc}`;
}

function push<T>(map: Map<string, T[]>, k: string, value: T): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}

async function loadFacts(ctx: RequestContext, db: Db, accountId: string): Promise<AccountFacts> {
  const inline = new Map<string, PolicyDetail[]>();
  const inlineRows = await accountScope(db, accountId)
    .selectFrom('iam_inline_policies')
    .selectAll()
    .orderBy('policy_name')
    .execute();
  for (const r of inlineRows) {
    push(inline, key(r.entity_type, r.entity_lc), {
      PolicyName: r.policy_name,
      PolicyDocument: encodeDocument(r.document),
    });
  }
  const attached = new Map<string, AttachedPolicy[]>();
  const attachedRows = await accountScope(db, accountId)
    .selectFrom('iam_attachments as a')
    .innerJoin('iam_policies as p', 'p.arn', 'a.policy_arn')
    .select(['a.entity_type', 'a.entity_lc', 'a.policy_arn', 'p.policy_name'])
    .orderBy('p.name_lc')
    .execute();
  for (const r of attachedRows) {
    push(attached, key(r.entity_type, r.entity_lc), {
      PolicyName: r.policy_name,
      PolicyArn: inPartition(r.policy_arn, ctx.partition),
    });
  }
  const tags = new Map<string, Tag[]>();
  const tagRows = await accountScope(db, accountId)
    .selectFrom('iam_tags')
    .selectAll()
    .where('resource_type', 'in', ['user', 'role'])
    .orderBy('tag_key')
    .execute();
  for (const r of tagRows) push(tags, key(r.resource_type, r.resource_key), { Key: r.tag_key, Value: r.tag_value });
  return { inline, attached, tags };
}

function boundary(ctx: RequestContext, arn: string | null): { PermissionsBoundary?: AttachedPermissionsBoundary } {
  return arn === null
    ? {}
    : {
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: inPartition(arn, ctx.partition),
        },
      };
}

function policiesOf(facts: AccountFacts, type: IamEntityType, nameLc: string) {
  return {
    inline: facts.inline.get(key(type, nameLc)) ?? [],
    attached: facts.attached.get(key(type, nameLc)) ?? [],
  };
}

async function userDetails(ctx: RequestContext, db: Db, accountId: string, facts: AccountFacts): Promise<UserDetail[]> {
  const users = await accountScope(db, accountId).selectFrom('iam_users').selectAll().orderBy('name_lc').execute();
  const memberships = await accountScope(db, accountId)
    .selectFrom('iam_group_members as m')
    .innerJoin('iam_groups as g', (j) => onSameAccount(j, 'g', 'm').onRef('g.name_lc', '=', 'm.group_lc'))
    .select(['m.user_lc', 'g.group_name'])
    .orderBy('g.name_lc')
    .execute();
  const groupsOf = new Map<string, string[]>();
  for (const m of memberships) push(groupsOf, m.user_lc, m.group_name);
  return users.map((u) => {
    const { inline, attached } = policiesOf(facts, 'user', u.name_lc);
    return {
      Path: u.path,
      UserName: u.user_name,
      UserId: u.user_id,
      Arn: iamArn(ctx, 'user', u.path, u.user_name),
      CreateDate: epochToDate(Number(u.created_at)),
      UserPolicyList: inline,
      GroupList: groupsOf.get(u.name_lc) ?? [],
      AttachedManagedPolicies: attached,
      ...boundary(ctx, u.permissions_boundary_arn),
      Tags: facts.tags.get(key('user', u.name_lc)) ?? [],
    };
  });
}

async function groupDetails(
  ctx: RequestContext,
  db: Db,
  accountId: string,
  facts: AccountFacts,
): Promise<GroupDetail[]> {
  const groups = await accountScope(db, accountId).selectFrom('iam_groups').selectAll().orderBy('name_lc').execute();
  return groups.map((g) => {
    const { inline, attached } = policiesOf(facts, 'group', g.name_lc);
    return {
      Path: g.path,
      GroupName: g.group_name,
      GroupId: g.group_id,
      Arn: iamArn(ctx, 'group', g.path, g.group_name),
      CreateDate: epochToDate(Number(g.created_at)),
      GroupPolicyList: inline,
      AttachedManagedPolicies: attached,
    };
  });
}

async function roleDetails(ctx: RequestContext, db: Db, accountId: string, facts: AccountFacts): Promise<RoleDetail[]> {
  const roles = await accountScope(db, accountId).selectFrom('iam_roles').selectAll().orderBy('name_lc').execute();
  const profiles = await accountScope(db, accountId)
    .selectFrom('iam_instance_profiles as p')
    .innerJoin('iam_instance_profile_roles as m', (j) =>
      onSameAccount(j, 'm', 'p').onRef('m.profile_lc', '=', 'p.name_lc'),
    )
    .selectAll('p')
    .select('m.role_lc')
    .orderBy('p.name_lc')
    .execute();
  const rolesIn = await membersOf(db, accountId, 'profileRoles', [...new Set(profiles.map((p) => p.name_lc))]);
  const profilesOf = new Map<string, ReturnType<typeof instanceProfileView>[]>();
  for (const { role_lc, ...profile } of profiles) {
    push(profilesOf, role_lc, instanceProfileView(ctx, profile, rolesIn.get(profile.name_lc) ?? []));
  }
  return roles.map((r) => {
    const { inline, attached } = policiesOf(facts, 'role', r.name_lc);
    return {
      Path: r.path,
      RoleName: r.role_name,
      RoleId: r.role_id,
      Arn: iamArn(ctx, 'role', r.path, r.role_name),
      CreateDate: epochToDate(Number(r.created_at)),
      AssumeRolePolicyDocument: encodeDocument(r.assume_role_policy_document),
      InstanceProfileList: profilesOf.get(r.name_lc) ?? [],
      RolePolicyList: inline,
      AttachedManagedPolicies: attached,
      ...boundary(ctx, r.permissions_boundary_arn),
      Tags: facts.tags.get(key('role', r.name_lc)) ?? [],
      RoleLastUsed:
        r.last_used_at === null
          ? {}
          : {
              LastUsedDate: epochToDate(Number(r.last_used_at)),
              ...(r.last_used_region ? { Region: r.last_used_region } : {}),
            },
    };
  });
}

/**
 * The account's customer managed policies (LocalManagedPolicy) and the AWS-managed policies it uses
 * (AWSManagedPolicy: attached to one of its entities or set as a boundary), each with every version.
 */
async function policyDetails(
  ctx: RequestContext,
  db: Db,
  accountId: string,
  local: boolean,
  awsManaged: boolean,
): Promise<ManagedPolicyDetail[]> {
  if (!local && !awsManaged) return [];
  const usage = await policyUsage(db, accountId);
  const rows: IamPoliciesTable[] = [];
  if (local) {
    rows.push(...(await accountScope(db, accountId).selectFrom('iam_policies').selectAll().execute()));
  }
  const usedAwsArns = [...usage.keys()].filter((arn) => arn.includes(`:iam::${AWS_MANAGED_ACCOUNT}:`));
  if (awsManaged && usedAwsArns.length > 0) {
    rows.push(...(await db.selectFrom('iam_policies').selectAll().where('arn', 'in', usedAwsArns).execute()));
  }
  rows.sort((a, b) => (a.name_lc < b.name_lc ? -1 : a.name_lc > b.name_lc ? 1 : a.arn < b.arn ? -1 : 1));
  const versions = rows.length
    ? await db
        .selectFrom('iam_policy_versions')
        .selectAll()
        .where(
          'policy_arn',
          'in',
          rows.map((r) => r.arn),
        )
        .execute()
    : [];
  return rows.map((p) => {
    const u = usage.get(p.arn);
    const own = versions
      .filter((v) => v.policy_arn === p.arn)
      .sort((a, b) => Number.parseInt(b.version_id.slice(1), 10) - Number.parseInt(a.version_id.slice(1), 10));
    return {
      PolicyName: p.policy_name,
      PolicyId: p.policy_id,
      Arn: inPartition(p.arn, ctx.partition),
      Path: p.path,
      DefaultVersionId: p.default_version_id,
      AttachmentCount: u?.attachments ?? 0,
      PermissionsBoundaryUsageCount: u?.boundaries ?? 0,
      IsAttachable: true,
      ...(p.description !== null ? { Description: p.description } : {}),
      CreateDate: epochToDate(Number(p.created_at)),
      UpdateDate: epochToDate(Number(p.updated_at)),
      PolicyVersionList: own.map((v) => ({
        Document: encodeDocument(v.document),
        VersionId: v.version_id,
        IsDefaultVersion: v.version_id === p.default_version_id,
        CreateDate: epochToDate(Number(v.created_at)),
      })),
    };
  });
}

type Entry =
  | { list: 'UserDetailList'; item: UserDetail }
  | { list: 'GroupDetailList'; item: GroupDetail }
  | { list: 'RoleDetailList'; item: RoleDetail }
  | { list: 'Policies'; item: ManagedPolicyDetail };

/**
 * Filter picks the entity types (all when absent or empty). MaxItems/Marker page over users, then groups, then
 * roles, then policies, counted together as IAM counts them.
 */
export const getAccountAuthorizationDetails: NonNullable<H['GetAccountAuthorizationDetails']> = async (ctx, input) => {
  const { db } = ctx.runtime.store;
  const accountId = ctx.identity.accountId;
  const filter = new Set<EntityType>(
    input.Filter && input.Filter.length > 0
      ? input.Filter
      : ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'],
  );
  const facts = await loadFacts(ctx, db, accountId);
  const entries: Entry[] = [
    ...(filter.has('User') ? await userDetails(ctx, db, accountId, facts) : []).map((item): Entry => ({
      list: 'UserDetailList',
      item,
    })),
    ...(filter.has('Group') ? await groupDetails(ctx, db, accountId, facts) : []).map((item): Entry => ({
      list: 'GroupDetailList',
      item,
    })),
    ...(filter.has('Role') ? await roleDetails(ctx, db, accountId, facts) : []).map((item): Entry => ({
      list: 'RoleDetailList',
      item,
    })),
    ...(await policyDetails(ctx, db, accountId, filter.has('LocalManagedPolicy'), filter.has('AWSManagedPolicy'))).map(
      (item): Entry => ({ list: 'Policies', item }),
    ),
  ];
  const page = paginate(ctx, entries, input);
  const pick = <L extends Entry['list']>(list: L) =>
    page.items.filter((e) => e.list === list).map((e) => e.item) as Extract<Entry, { list: L }>['item'][];
  return {
    UserDetailList: pick('UserDetailList'),
    GroupDetailList: pick('GroupDetailList'),
    RoleDetailList: pick('RoleDetailList'),
    Policies: pick('Policies'),
    IsTruncated: page.IsTruncated,
    ...(page.Marker ? { Marker: page.Marker } : {}),
  };
};
