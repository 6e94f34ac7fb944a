// AWS's AccessDenied: its code per protocol, its exact message, and Warden's sealed explanation beside it.
import { AwsError } from '../aws/error.js';
import type { CallerIdentity } from '../aws/identity.js';
import { loadModel, type ModelName } from '../aws/model.js';
import { denialReasonText, type EvaluationResult, type MatchedStatement } from '../policy/index.js';
import type { SecretBox } from '../store/secrets.js';
import { encodeAuthorizationMessage, type AuthorizationMessage, type ConditionItem } from './authorization-message.js';
import type { ResolvedResource } from './resolve-resources.js';

/**
 * The response header carrying the encoded authorization message. AWS's IAM and JSON services put no such message
 * in their AccessDenied text, so Warden leaves the text exactly as AWS writes it and adds this header; STS
 * DecodeAuthorizationMessage opens it.
 */
export const AUTHORIZATION_MESSAGE_HEADER = 'x-warden-authorization-message';

/** Services whose messages leave out `on resource: *` for actions without a resource (CloudTrail's LookupEvents). */
const NO_WILDCARD_RESOURCE = new Set<ModelName>(['cloudtrail']);

/**
 * `AccessDenied` for the query and REST-XML protocols (IAM, STS, Route 53: HTTP 403), `AccessDeniedException` for the
 * JSON ones.
 */
export function accessDeniedCode(service: ModelName): string {
  const { protocol } = loadModel(service).metadata;
  return protocol === 'query' || protocol === 'rest-xml' ? 'AccessDenied' : 'AccessDeniedException';
}

/** `User: <arn> is not authorized to perform: <action> on resource: <resource> <reason>`, as AWS writes it. */
export function accessDeniedMessage(
  service: ModelName,
  callerArn: string,
  action: string,
  resource: ResolvedResource,
  result: EvaluationResult,
): string {
  const on = resource.arn === '*' && NO_WILDCARD_RESOURCE.has(service) ? '' : ` on resource: ${resource.display}`;
  return `User: ${callerArn} is not authorized to perform: ${action}${on} ${denialReasonText(result)}`;
}

const POLICY_TYPE_NAMES: Record<string, string> = {
  identity: 'IAM Policy',
  boundary: 'Permissions Boundary Policy',
  session: 'Session Policy',
  resource: 'Resource Policy',
  scp: 'Service Control Policy',
  rcp: 'Resource Control Policy',
  endpoint: 'VPC Endpoint Policy',
};

export function policyTypeName(type: string): string {
  return POLICY_TYPE_NAMES[type] ?? type;
}

function statementItem(m: MatchedStatement) {
  return {
    statementId: m.sid ?? String(m.statementIndex),
    effect: m.effect === 'Allow' ? ('ALLOW' as const) : ('DENY' as const),
    sourcePolicyId: m.policyId,
    sourcePolicyType: policyTypeName(m.policyType),
    statementIndex: m.statementIndex,
  };
}

function conditionItems(context: Readonly<Record<string, unknown>>): ConditionItem[] {
  return Object.entries(context)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({
      key,
      values: { items: (Array.isArray(v) ? v : [v]).map((x) => ({ value: String(x) })) },
    }));
}

/** The full decision as STS DecodeAuthorizationMessage shows it, from an explain-mode evaluation. */
export function authorizationMessage(
  identity: CallerIdentity,
  action: string,
  resource: string,
  context: Readonly<Record<string, unknown>>,
  explained: EvaluationResult,
): AuthorizationMessage {
  const failures = Object.entries(explained.layers ?? {})
    .filter(([, d]) => d !== 'Allowed')
    .map(([type, d]) => ({ policyType: policyTypeName(type), reason: d }));
  return {
    allowed: explained.decision === 'Allowed',
    explicitDeny: explained.decision === 'ExplicitlyDenied',
    matchedStatements: { items: explained.matched.map(statementItem) },
    failures: { items: failures },
    context: {
      principal: { id: identity.principalId, name: identity.userName, arn: identity.arn },
      action,
      resource,
      conditions: { items: conditionItems(context) },
    },
  };
}

export function accessDeniedError(
  service: ModelName,
  message: string,
  secrets: SecretBox,
  decoded: AuthorizationMessage,
): AwsError {
  return new AwsError(accessDeniedCode(service), message, {
    headers: { [AUTHORIZATION_MESSAGE_HEADER]: encodeAuthorizationMessage(secrets, decoded) },
  });
}
