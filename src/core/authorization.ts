// The vocabulary authorization shares with the services' hooks: operation plans, resolved resources, directories.
//
// src/authz decides and the services answer its questions (src/core/runtime.ts, ServiceAuthorization): both speak
// these shapes, so they live below both. Nothing here names a service.
import type { Kysely } from 'kysely';
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import type { OrgPolicyLevel, PolicySet } from '../policy/index.js';
import type { Database } from '../store/schema.js';

export type Tags = Readonly<Record<string, string>>;

// ---- Operation plans: prepared once per operation from IAM's action catalog (src/authz/operation-plan.ts).

export interface CatalogResourceType {
  /** The resource type's key, e.g. `user`, `key`, `trail`. */
  readonly name: string;
  readonly required: boolean;
  /** The ARN template, e.g. `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`. */
  readonly arn: string;
  /** Condition keys the resource type supports (aws:ResourceTag/${TagKey}, ...). */
  readonly conditionKeys: readonly string[];
}

/** IAM entities whose ARN embeds a path (`user/division/alice`): the path is the input's, or the stored one. */
export type PathEntity = 'user' | 'role' | 'group' | 'policy' | 'instance-profile' | 'server-certificate' | 'mfa';

/** Where one `${Variable}` of an ARN template gets its value. */
export type VariableSource =
  | { readonly kind: 'partition' | 'region' | 'account' }
  /** The first of these input members that holds a plain value (`alias/` style prefixes stripped). */
  | { readonly kind: 'member'; readonly members: readonly string[]; readonly stripPrefix?: string }
  /** An IAM name with its path: `member` names it, `pathMember` (Create* operations) gives the path. */
  | { readonly kind: 'entity'; readonly entity: PathEntity; readonly member: string; readonly pathMember?: string }
  /** No input member can fill it: the resource is matched as `*` in that position. */
  | { readonly kind: 'unknown'; readonly name: string };

export interface ResourcePlan {
  readonly type: CatalogResourceType;
  /** Recognizes an input value that is already a whole ARN of this resource type (linear in the value's length). */
  readonly pattern: { test(value: string): boolean };
  /** The template split into literal text and variables. */
  readonly parts: readonly (string | VariableSource)[];
  /**
   * The input members that may name a resource of this type by its whole ARN: the members that fill the template's
   * variables, and the ARN members named for this type (`RoleArn` for a role, `ResourceArn`). Never free text: an
   * ARN in a description, a password or a document names no resource.
   */
  readonly arnMembers: readonly string[];
}

/** One permission the operation needs: an action, on resources of these types. */
export interface CheckPlan {
  readonly action: string;
  /** Empty when the action has no resource types: it is authorized against `*`. */
  readonly resourceTypes: readonly ResourcePlan[];
  /** The check applies only when this input member is given (a role to pass, tags to set on a session). */
  readonly onlyWhen?: string;
  /** Condition keys this check adds to the request context (iam:PassedToService). */
  readonly context?: Readonly<Record<string, string>>;
}

export interface OperationPlan {
  readonly service: ModelName;
  /** The service's IAM prefix: its actions are `<servicePrefix>:<Operation>`, and its condition keys too. */
  readonly servicePrefix: string;
  readonly operation: string;
  readonly checks: readonly CheckPlan[];
  /**
   * Every input member that names the request's resources (identifiers, ARN members, paths, the members that make a
   * check apply). Resolution reads no other member, so no other member can change what is authorized.
   */
  readonly identifiers: readonly string[];
  /** The action changes nothing (Read/List access level). */
  readonly readOnly: boolean;
}

// ---- Resolved resources: what one request is decided on.

export interface EntityFacts {
  readonly kind: 'user' | 'role' | 'group' | 'policy';
  readonly tags?: Tags;
  /** The entity's current permissions boundary (users and roles). */
  readonly boundaryArn?: string | null;
  /** A role's trust policy (the resource policy of sts:AssumeRole*). */
  readonly trustPolicy?: string;
}

/** A resource-based policy that takes part in the decision on a resource (a KMS key's key policy). */
export interface AttachedResourcePolicy {
  readonly document: string;
  /** How a denial names it: never appended as a policy ARN (`key policy of arn:aws:kms:...`). */
  readonly id: string;
  /** The account owning the resource (the request is decided as cross-account when it is not the caller's). */
  readonly account: string;
}

/** A resource one permission is checked on. */
export interface ResolvedResource {
  /** The ARN evaluated against policies (`*` for actions without resource types). */
  readonly arn: string;
  /** How AWS's denial message names it (IAM says `user alice` where other services print the ARN). */
  readonly display: string;
  /** Facts of an IAM entity the request names: for aws:ResourceTag, iam:PermissionsBoundary and trust policies. */
  readonly entity?: EntityFacts;
  /**
   * The account the request is decided in when the ARN names another: Organizations' resources are the management
   * account's, yet a member's call (accepting an invitation, a delegated administrator's read) is decided by its own
   * account's policies, as AWS does, not as a cross-account request.
   */
  readonly account?: string;
  /** The resource's own policy, which must allow beside the caller's (see ServiceAuthorization.resolveResources). */
  readonly resourcePolicy?: AttachedResourcePolicy;
  /** Condition keys that depend on this resource (the kms:* keys of the key a request uses). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /**
   * False: decided by the caller's policies alone though the engine would want the resource's own policy (a KMS
   * key ReplicateKey is about to create has no key policy yet; AWS asks an IAM policy in the replica Region).
   */
  readonly resourcePolicyRequired?: false;
}

export interface ResolvedCheck {
  readonly action: string;
  readonly resources: readonly ResolvedResource[];
  /** Condition keys of this check alone (iam:PassedToService for iam:PassRole). */
  readonly context?: Readonly<Record<string, string>>;
}

// ---- The identity store's directory: what authorization reads of users, roles, groups and policies.

export interface UserFacts {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly boundaryArn: string | null;
  readonly tags: Tags;
}

export interface RoleFacts {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly boundaryArn: string | null;
  readonly tags: Tags;
  readonly trustPolicy: string;
  readonly serviceLinked: boolean;
}

export interface GroupFacts {
  readonly name: string;
  readonly path: string;
}

export interface PolicyFacts {
  readonly name: string;
  readonly path: string;
  readonly tags: Tags;
}

/** One account's entities as of one policy epoch; names are matched case-insensitively, as IAM does. */
export interface AccountDirectory {
  user(name: string): Promise<UserFacts | null>;
  role(name: string): Promise<RoleFacts | null>;
  group(name: string): Promise<GroupFacts | null>;
  policy(arn: string): Promise<PolicyFacts | null>;
  /** The user name owning an access key of this account (null for root keys and unknown keys). */
  accessKeyOwner(accessKeyId: string): Promise<string | null>;
}

/** Everything the engine needs about the caller, compiled. */
export interface PrincipalPolicies {
  /** Identity-based policies: inline and attached, the user's groups' too. */
  readonly identity: PolicySet;
  /** The permissions boundary, when one is attached. */
  readonly boundary: PolicySet | undefined;
  /** Session policies (role and federated sessions created with Policy/PolicyArns); undefined when none. */
  readonly session: PolicySet | undefined;
  /** aws:PrincipalTag values: the user's or role's tags, session tags over them. */
  readonly tags: Tags;
  /**
   * The user or role the caller's credentials belong to (by unique id) no longer exists: a session that outlived
   * its role or user. It holds no policy, and nothing granted to the principal's ARN (now perhaps another
   * principal's) reaches it: grants must not either.
   */
  readonly orphaned: boolean;
}

// ---- An organization's guardrails and directory.

/** The organization's guardrails over one account. */
export interface OrganizationPolicies {
  /** SCPs from the organization root down to the account; each level must allow. */
  readonly scps?: readonly OrgPolicyLevel[];
  /** RCPs over the account's resources, root to account. */
  readonly rcps?: readonly OrgPolicyLevel[];
  /** Principals of the management account are not restricted by SCPs. */
  readonly isManagementAccount: boolean;
  /** aws:PrincipalOrgID: the organization's id (`o-...`). */
  readonly orgId?: string;
  /** aws:PrincipalOrgPaths: `o-.../r-.../ou-.../`. */
  readonly orgPath?: string;
}

/** The organization a resource belongs to: its ARNs are `arn:<partition>:organizations::<management>:…/<org>/…`. */
export interface OrganizationScope {
  readonly orgId: string;
  readonly managementAccountId: string;
}

/** What naming an organization's resources reads: an account's organization, a policy's type, a handshake. */
export interface OrganizationDirectory {
  /** The organization an account belongs to (as its manager or a member), if any. */
  organizationOf(accountId: string): Promise<OrganizationScope | undefined>;
  /** A policy the organization can use: its type, and whether AWS manages it (`p-FullAWSAccess`). */
  policy(org: OrganizationScope, policyId: string): Promise<{ type: string; awsManaged: boolean } | undefined>;
  /** A handshake, with the organization that sent it (the invited account is in none yet). */
  handshake(handshakeId: string): Promise<{ action: string; org: OrganizationScope } | undefined>;
}

// ---- Resource resolution and its per-action overrides.

/** What resolution reads: the request, the identity store's directory of an account, the organization directory. */
export interface ResolveEnv {
  readonly identity: CallerIdentity;
  readonly partition: string;
  readonly region: string;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  directory(accountId: string): Promise<AccountDirectory>;
  /** Organizations' ids resolved to their organization (absent: no organization's resource can be named). */
  readonly organizations?: OrganizationDirectory;
  /** The store, for an override that reads a resource's stored ARN (absent: resolved from the input alone). */
  readonly db?: Kysely<Database>;
}

/** A special case for one action: returns its resources, or undefined to use the generic resolution. */
export type ResourceOverride = (
  env: ResolveEnv,
  check: CheckPlan,
  generic: () => Promise<ResolvedResource[]>,
) => Promise<ResolvedResource[] | undefined>;

/** The input members an override reads to name resources, besides the plan's own identifiers. */
export type OverrideMembers = readonly string[] | ((plan: OperationPlan) => readonly string[]);

export interface ResourceOverrideEntry {
  readonly resolve: ResourceOverride;
  /** Every input member the override reads to name resources: they count as identifiers; it reads no other. */
  readonly members?: OverrideMembers;
}

/**
 * Resolutions of actions that the generic rules cannot derive from the input alone (an IAM listing is on its path,
 * an Organizations id needs the organization's id, a trail's name its home Region), keyed by `service:Action` (any
 * case) or `service:*` for every action of a service.
 */
export type ResourceOverrides = Readonly<Record<string, ResourceOverrideEntry>>;
