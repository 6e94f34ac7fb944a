// The policy engine's request and result types.
import type { CompiledPolicy, Effect } from './compile.js';
import type { ConditionContext, ContextInput } from './context.js';
import type { TextPosition } from './positions.js';
import type { EvalPrincipal } from './principal.js';
import type { PolicySet } from './compile.js';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/**
 * The policy types IAM evaluates: identity-based, service control (SCP), resource control (RCP), permissions
 * boundary, session, resource-based, and VPC endpoint policies.
 */
export type PolicyType = 'identity' | 'scp' | 'rcp' | 'boundary' | 'session' | 'resource' | 'endpoint';

/** A compiled policy, or a document to compile (text is cached; objects are compiled on every call). */
export type PolicyInput = CompiledPolicy | string | Readonly<Record<string, unknown>>;

/** Several policies of one type: a prebuilt {@link PolicySet} (fastest), or a list. */
export type PolicyGroupInput = PolicySet | readonly PolicyInput[];

/** The SCPs or RCPs attached at one level of the organization (root, an OU, or the account). */
export interface OrgPolicyLevel {
  /** The root, OU or account id, reported when this level is what denied the request. */
  readonly id?: string;
  readonly policies: PolicyGroupInput;
}

export interface EvaluationRequest {
  /** `service:Action`, any case. */
  readonly action: string;
  /**
   * The resource ARN, or `*` for actions that have no resource type (`s3:ListAllMyBuckets`, `kms:ListKeys`). It is
   * a literal string unless {@link resourceIsPattern} is set.
   */
  readonly resource: string;
  /**
   * Simulation only: read wildcards in {@link resource} as "some resource matching this pattern". An Allow then
   * applies when it grants part of that set, a Deny only when it covers all of it (IAM's simulator for `*`).
   */
  readonly resourceIsPattern?: boolean;
  /** The account owning the resource; defaults to the ARN's account, else the principal's account. */
  readonly resourceAccount?: string;
  readonly principal: EvalPrincipal;
  /**
   * Condition keys and values (the engine is pure: request facts such as aws:CurrentTime, aws:SourceIp or
   * aws:SecureTransport come from here). Keys the principal implies are derived when absent: aws:PrincipalArn,
   * aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:userid, aws:PrincipalIsAWSService,
   * aws:PrincipalServiceName.
   */
  readonly context?: ContextInput | ConditionContext;
  /** The principal's identity-based policies (user, group and role policies; never set for root). */
  readonly identityPolicies?: PolicyGroupInput;
  /** The permissions boundary of the user or role, if one is attached. */
  readonly permissionsBoundaries?: PolicyGroupInput;
  /**
   * Session policies passed when the session was created (inline and managed). A role session without any is
   * not restricted; a federated-user session without any has no permissions (except resource grants to it).
   */
  readonly sessionPolicies?: PolicyGroupInput;
  /** The resource's own policy (bucket policy, key policy, role trust policy, ...). */
  readonly resourcePolicy?: PolicyInput;
  /** SCPs of the principal's account, from the organization root down to the account; each level must allow. */
  readonly scps?: readonly OrgPolicyLevel[];
  /**
   * RCPs of the resource's account, root to account. Every level implicitly holds RCPFullAWSAccess, so RCPs only
   * ever deny explicitly.
   */
  readonly rcps?: readonly OrgPolicyLevel[];
  /** RCPs do not apply to resources of the organization's management account. */
  readonly resourceInManagementAccount?: boolean;
  /** VPC endpoint policies the request passed through; each must allow. */
  readonly endpointPolicies?: readonly PolicyInput[];
  /**
   * Whether the resource policy must itself allow (KMS key policies, role trust policies). Defaults to the
   * built-in service rule (src/policy/service-rules.ts).
   */
  readonly resourcePolicyRequired?: boolean;
  /** Collect every matching statement, per-layer verdicts, and the context keys conditions missed. */
  readonly explain?: boolean;
}

/** A statement that applied to the request. */
export interface MatchedStatement {
  readonly policyType: PolicyType;
  readonly policyId: string;
  /** 0-based position in the policy's Statement list. */
  readonly statementIndex: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** For SCPs and RCPs: the id of the organization level the policy is attached to. */
  readonly levelId?: string;
  /** Explain mode, policies compiled from text: where the statement starts and ends. */
  readonly start?: TextPosition;
  readonly end?: TextPosition;
}

/** Why a request was allowed or denied: the deciding policy type, and the statement when one decided. */
export interface DecisionReason {
  /**
   * For denials the policy type that denied (explicit) or failed to allow (implicit). For Allowed: `identity` or
   * `resource` (which policy granted), `root` (the account's root user), or `alwaysAllowed` (no authorization
   * needed, as sts:GetCallerIdentity).
   */
  readonly kind: PolicyType | 'root' | 'alwaysAllowed';
  readonly explicit: boolean;
  readonly policyId?: string;
  readonly statementIndex?: number;
  readonly sid?: string;
  /** For SCP/RCP reasons: the organization level. */
  readonly levelId?: string;
  /** The resource is AWS managed (an AWS managed policy, reserved role, AWS managed alias) and cannot be changed. */
  readonly awsManagedResource?: boolean;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /** The request's action as given, for messages. */
  readonly action: string;
  readonly reason: DecisionReason;
  /**
   * The deciding statements: the granting Allow, or the explicit Deny of each denying policy type. In explain mode
   * every statement that applied, Allow and Deny, of every policy type.
   */
  readonly matched: readonly MatchedStatement[];
  /**
   * For denials: guardrail policy types (scp, rcp, endpoint, boundary, session) that did not allow, and grant
   * policy types (identity, resource) that explicitly denied. Empty when allowed.
   */
  readonly blockedBy: readonly PolicyType[];
  /** Explain mode: the verdict of every policy type that took part. */
  readonly layers?: Readonly<Partial<Record<PolicyType, Decision>>>;
  /** Explain mode: condition keys referenced by applicable statements but absent from the context. */
  readonly missingContextValues?: readonly string[];
}
