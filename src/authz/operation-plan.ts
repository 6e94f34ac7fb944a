// Per operation, prepared once: the IAM action(s) it needs and how to build each resource ARN from its input.
import { loadModel, type ModelName } from '../aws/model.js';
import type { ActionCatalog, CatalogResourceType } from './action-catalog.js';
import { SERVICE_PREFIX } from './action-catalog.js';

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
  /** Recognizes an input value that is already a whole ARN of this resource type. */
  readonly pattern: RegExp;
  /** The template split into literal text and variables. */
  readonly parts: readonly (string | VariableSource)[];
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
  readonly operation: string;
  readonly checks: readonly CheckPlan[];
  /** Top-level input members of string or string-list type: where whole ARNs may be given. */
  readonly arnMembers: readonly string[];
  /** The action changes nothing (Read/List access level). */
  readonly readOnly: boolean;
}

/** `XNameWithPath` template variables: the entity, and the input member that names it. */
const PATH_VARIABLES: Readonly<Record<string, { entity: PathEntity; member: string }>> = {
  UserNameWithPath: { entity: 'user', member: 'UserName' },
  RoleNameWithPath: { entity: 'role', member: 'RoleName' },
  GroupNameWithPath: { entity: 'group', member: 'GroupName' },
  PolicyNameWithPath: { entity: 'policy', member: 'PolicyName' },
  InstanceProfileNameWithPath: { entity: 'instance-profile', member: 'InstanceProfileName' },
  CertificateNameWithPath: { entity: 'server-certificate', member: 'ServerCertificateName' },
  MfaTokenIdWithPath: { entity: 'mfa', member: 'VirtualMFADeviceName' },
};

/**
 * Operations whose action is not `<prefix>:<Operation>`: KMS ReEncrypt needs both ReEncryptFrom (source key) and
 * ReEncryptTo (destination key); CloudTrail's ListInsightsMetricData is authorized as ListInsightsData.
 */
const ACTION_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  'kms:ReEncrypt': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
  'cloudtrail:ListInsightsMetricData': ['cloudtrail:ListInsightsData'],
};

/**
 * Permissions an operation needs besides its own action, when the input asks for them: passing a role to a service
 * (iam:PassRole, with iam:PassedToService), tagging what it creates (IAM authorizes tag-on-create as the Tag*
 * action too), tagging a session or setting its source identity.
 */
const EXTRA_CHECKS: Readonly<Record<string, readonly ExtraCheck[]>> = {
  'iam:CreateUser': [{ action: 'iam:TagUser', onlyWhen: 'Tags' }],
  'iam:CreateRole': [{ action: 'iam:TagRole', onlyWhen: 'Tags' }],
  'iam:CreatePolicy': [{ action: 'iam:TagPolicy', onlyWhen: 'Tags' }],
  'iam:CreateInstanceProfile': [{ action: 'iam:TagInstanceProfile', onlyWhen: 'Tags' }],
  'iam:CreateOpenIDConnectProvider': [{ action: 'iam:TagOpenIDConnectProvider', onlyWhen: 'Tags' }],
  'iam:CreateSAMLProvider': [{ action: 'iam:TagSAMLProvider', onlyWhen: 'Tags' }],
  'iam:UploadServerCertificate': [{ action: 'iam:TagServerCertificate', onlyWhen: 'Tags' }],
  'iam:CreateVirtualMFADevice': [{ action: 'iam:TagMFADevice', onlyWhen: 'Tags' }],
  'cloudtrail:CreateTrail': [passRole('CloudWatchLogsRoleArn', 'cloudtrail.amazonaws.com')],
  'cloudtrail:UpdateTrail': [passRole('CloudWatchLogsRoleArn', 'cloudtrail.amazonaws.com')],
  // AssumeRole* authorize themselves in the STS handler (session tags and source identity included).
  'sts:GetFederationToken': [{ action: 'sts:TagSession', onlyWhen: 'Tags' }],
};

interface ExtraCheck {
  readonly action: string;
  readonly onlyWhen: string;
  readonly context?: Readonly<Record<string, string>>;
}

function passRole(member: string, service: string): ExtraCheck {
  return { action: 'iam:PassRole', onlyWhen: member, context: { 'iam:PassedToService': service } };
}

/** Input members that name a KMS key for one half of ReEncrypt. */
const MEMBER_OVERRIDES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'kms:ReEncryptFrom': { KeyId: ['SourceKeyId'] },
  'kms:ReEncryptTo': { KeyId: ['DestinationKeyId'] },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function inputMembers(service: ModelName, operation: string): Map<string, string> {
  const model = loadModel(service);
  const ref = model.operations[operation]?.input;
  const members = new Map<string, string>();
  if (!ref) return members;
  for (const [name, m] of Object.entries(model.shapes[ref.shape]?.members ?? {})) {
    const shape = model.shapes[m.shape];
    let kind: string = shape?.type ?? 'string';
    if (kind === 'list' && shape?.member && model.shapes[shape.member.shape]?.type === 'string') kind = 'stringList';
    members.set(name, kind);
  }
  return members;
}

function variableSource(name: string, action: string, members: ReadonlyMap<string, string>): VariableSource {
  if (name === 'Partition') return { kind: 'partition' };
  if (name === 'Region') return { kind: 'region' };
  if (name === 'Account') return { kind: 'account' };
  const path = PATH_VARIABLES[name];
  if (path) {
    const pathMember = members.get('Path') === 'string' ? 'Path' : undefined;
    return { kind: 'entity', entity: path.entity, member: path.member, pathMember };
  }
  const override = MEMBER_OVERRIDES[action]?.[name];
  const candidates = override ? [...override] : [name];
  if (!override) {
    if (name.endsWith('Name')) candidates.push('Name');
    if (name.endsWith('Id') && name.length > 2) candidates.push(name.slice(0, -2), 'Id');
    candidates.push(`Target${name}`);
  }
  const present = candidates.filter((m) => members.get(m) === 'string');
  if (name === 'Alias' && members.get('AliasName') === 'string') {
    return { kind: 'member', members: ['AliasName'], stripPrefix: 'alias/' };
  }
  return present.length > 0 ? { kind: 'member', members: present } : { kind: 'unknown', name };
}

function resourcePlan(type: CatalogResourceType, action: string, members: ReadonlyMap<string, string>): ResourcePlan {
  const parts: (string | VariableSource)[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of type.arn.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) {
    const literal = type.arn.slice(last, m.index);
    if (literal) parts.push(literal);
    pattern += escapeRegExp(literal);
    const source = variableSource(m[1], action, members);
    parts.push(source);
    pattern +=
      source.kind === 'partition' ? '[^:]+' : source.kind === 'region' || source.kind === 'account' ? '[^:]*' : '.+';
    last = m.index + m[0].length;
  }
  const tail = type.arn.slice(last);
  if (tail) parts.push(tail);
  pattern += `${escapeRegExp(tail)}$`;
  return { type, pattern: new RegExp(pattern), parts };
}

function buildPlan(catalog: ActionCatalog, service: ModelName, operation: string): OperationPlan {
  const prefix = SERVICE_PREFIX[service];
  const members = inputMembers(service, operation);
  const actions = ACTION_OVERRIDES[`${prefix}:${operation}`] ?? [`${prefix}:${operation}`];
  let readOnly = true;
  const checks = actions.map((name): CheckPlan => {
    const known = catalog.get(name);
    if (!known) {
      // An operation newer than the catalog: authorized as `<prefix>:<Operation>` on `*`, and treated as a write.
      readOnly = false;
      return { action: name, resourceTypes: [] };
    }
    if (!/^(Read|List)$/.test(known.accessLevel)) readOnly = false;
    const action = `${known.service}:${known.name}`;
    return { action, resourceTypes: known.resourceTypes.map((t) => resourcePlan(t, action, members)) };
  });
  for (const extra of EXTRA_CHECKS[`${prefix}:${operation}`] ?? []) {
    const known = catalog.get(extra.action);
    if (!known) continue;
    const action = `${known.service}:${known.name}`;
    const resourceTypes = known.resourceTypes.map((t) => resourcePlan(t, action, members));
    checks.push({ action, resourceTypes, onlyWhen: extra.onlyWhen, context: extra.context });
  }
  const arnMembers = [...members].filter(([, kind]) => kind === 'string' || kind === 'stringList').map(([n]) => n);
  return { service, operation, checks, arnMembers, readOnly };
}

const plans = new Map<string, OperationPlan>();

/** The plan of an operation, built on first use from the loaded catalog and the service model. */
export function operationPlan(catalog: ActionCatalog, service: ModelName, operation: string): OperationPlan {
  const key = `${service}:${operation}`;
  let plan = plans.get(key);
  if (plan === undefined) plans.set(key, (plan = buildPlan(catalog, service, operation)));
  return plan;
}
