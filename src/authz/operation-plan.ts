// Per operation, prepared once: the IAM action(s) it needs and how to build each resource ARN from its input.
import { RE2JS } from 're2js';
import { loadModel, type ModelName } from '../aws/model.js';
import type {
  CatalogResourceType,
  CheckPlan,
  OperationPlan,
  PathEntity,
  ResourcePlan,
  VariableSource,
} from '../core/authorization.js';
import type { ActionCatalog } from './action-catalog.js';

export type { CheckPlan, OperationPlan, PathEntity, ResourcePlan, VariableSource } from '../core/authorization.js';

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
  // WAF's guide: associating a web ACL with an Application Load Balancer also needs elasticloadbalancing:SetWebAcl.
  'wafv2:AssociateWebACL': [{ action: 'elasticloadbalancing:SetWebAcl', onlyWhen: 'ResourceArn' }],
  'wafv2:DisassociateWebACL': [{ action: 'elasticloadbalancing:SetWebAcl', onlyWhen: 'ResourceArn' }],
  // ReplicateKey creates a key in the replica Region: KMS's hooks decide these there (aws:RequestedRegion).
  'kms:ReplicateKey': [
    { action: 'kms:CreateKey', onlyWhen: 'ReplicaRegion' },
    { action: 'kms:TagResource', onlyWhen: 'Tags' },
  ],
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

/** `RoleArn`, `PolicySourceArn`, `MonitorArnList`: what precedes the ARN suffix names the resource type. */
const ARN_MEMBER = /^(.*?)(?:Arn|ARN)(?:s|List)?$/;
/** `ResourceArn`, `ResourceId`, `ResourceIdList` (`resourceArn` in rest-json): the resource a tagging or resource-policy call acts on. */
const RESOURCE_MEMBER = /^[Rr]esource(?:Id|Arn|ARN)(?:s|List)?$/;

/**
 * Where the model's member names cannot tell which members name the resource. By action: the members that name it,
 * replacing what is derived (SimulatePrincipalPolicy's `ResourceArns` are what it simulates on, not what it acts
 * on). By resource type: members named otherwise (an MFA device's ARN is its `SerialNumber`).
 */
const ARN_MEMBERS_BY_ACTION: Readonly<Record<string, readonly string[]>> = {
  'iam:SimulatePrincipalPolicy': ['PolicySourceArn'],
  'iam:GetContextKeysForPrincipalPolicy': ['PolicySourceArn'],
};
const ARN_MEMBERS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'iam:oidc-provider': ['OpenIDConnectProviderArn'],
  'iam:mfa': ['SerialNumber'],
  'iam:sms-mfa': ['SerialNumber'],
};

function normalized(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether an ARN-typed member's name says it holds a resource of this type (`CloudWatchLogsRoleArn` → role). */
function namesType(member: string, type: CatalogResourceType): boolean {
  if (RESOURCE_MEMBER.test(member)) return true;
  const m = ARN_MEMBER.exec(member);
  if (!m) return false;
  const named = normalized(m[1]!); // the group takes part in every match
  const typeName = normalized(type.name);
  return named === '' || named.endsWith(typeName) || typeName.endsWith(named);
}

/** The members a template variable reads. */
function sourceMembers(source: VariableSource): string[] {
  if (source.kind === 'member') return [...source.members];
  if (source.kind === 'entity') return source.pathMember ? [source.member, source.pathMember] : [source.member];
  return [];
}

function arnMembersOf(
  type: CatalogResourceType,
  action: string,
  members: ReadonlyMap<string, string>,
  parts: readonly (string | VariableSource)[],
): string[] {
  const isText = (m: string) => members.get(m) === 'string' || members.get(m) === 'stringList';
  const byAction = ARN_MEMBERS_BY_ACTION[action];
  if (byAction) return byAction.filter(isText);
  const found = new Set<string>();
  for (const part of parts) {
    // A path is not an ARN; the name (or id) member is, when given whole.
    if (typeof part !== 'string') for (const m of sourceMembers(part).filter((m) => m !== 'Path')) found.add(m);
  }
  const prefix = action.slice(0, action.indexOf(':'));
  for (const m of ARN_MEMBERS_BY_TYPE[`${prefix}:${type.name}`] ?? []) found.add(m);
  for (const m of members.keys()) if (namesType(m, type)) found.add(m);
  return [...found].filter(isText);
}

function resourcePlan(type: CatalogResourceType, action: string, members: ReadonlyMap<string, string>): ResourcePlan {
  const parts: (string | VariableSource)[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of type.arn.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) {
    const literal = type.arn.slice(last, m.index);
    if (literal) parts.push(literal);
    pattern += escapeRegExp(literal);
    const source = variableSource(m[1]!, action, members); // the group takes part in every match
    parts.push(source);
    pattern +=
      source.kind === 'partition' ? '[^:]+' : source.kind === 'region' || source.kind === 'account' ? '[^:]*' : '.+';
    last = m.index + m[0].length;
  }
  const tail = type.arn.slice(last);
  if (tail) parts.push(tail);
  pattern += `${escapeRegExp(tail)}$`;
  // RE2 (linear time): a template's `.+` runs backtrack polynomially in JavaScript (four of them, as in an ELBv2
  // listener-rule ARN, take seconds on a 400-character input value that almost matches).
  return { type, pattern: RE2JS.compile(pattern), parts, arnMembers: arnMembersOf(type, action, members, parts) };
}

/** The members that name the plan's resources: those its templates read, its ARN members, and `onlyWhen` ones. */
function identifiersOf(checks: readonly CheckPlan[], members: ReadonlyMap<string, string>): string[] {
  const found = new Set<string>();
  for (const check of checks) {
    if (check.onlyWhen !== undefined) found.add(check.onlyWhen);
    for (const rt of check.resourceTypes) {
      for (const m of rt.arnMembers) found.add(m);
      for (const part of rt.parts) if (typeof part !== 'string') for (const m of sourceMembers(part)) found.add(m);
    }
  }
  return [...found].filter((m) => members.has(m));
}

function buildPlan(catalog: ActionCatalog, service: ModelName, operation: string): OperationPlan {
  const prefix = catalog.prefixOf(service);
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
  return { service, servicePrefix: prefix, operation, checks, identifiers: identifiersOf(checks, members), readOnly };
}

const plans = new Map<string, OperationPlan>();

/** The plan of an operation, built on first use from the loaded catalog and the service model. */
export function operationPlan(catalog: ActionCatalog, service: ModelName, operation: string): OperationPlan {
  const key = `${service}:${operation}`;
  let plan = plans.get(key);
  if (plan === undefined) plans.set(key, (plan = buildPlan(catalog, service, operation)));
  return plan;
}
