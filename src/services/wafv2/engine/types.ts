// The slice of the WAFv2 model's shapes the engine reads (structurally compatible with the generated types) and what it answers.

export interface TextTransformation {
  readonly Priority: number;
  readonly Type: string;
}
export interface FieldToMatch {
  readonly SingleHeader?: { readonly Name: string };
  readonly SingleQueryArgument?: { readonly Name: string };
  readonly AllQueryArguments?: object;
  readonly UriPath?: object;
  readonly QueryString?: object;
  readonly Method?: object;
  readonly Body?: { readonly OversizeHandling?: string };
  readonly JsonBody?: {
    readonly MatchPattern: { readonly All?: object; readonly IncludedPaths?: readonly string[] };
    readonly MatchScope: string;
    readonly InvalidFallbackBehavior?: string;
    readonly OversizeHandling?: string;
  };
  readonly Headers?: {
    readonly MatchPattern: {
      readonly All?: object;
      readonly IncludedHeaders?: readonly string[];
      readonly ExcludedHeaders?: readonly string[];
    };
    readonly MatchScope: string;
    readonly OversizeHandling: string;
  };
  readonly Cookies?: {
    readonly MatchPattern: {
      readonly All?: object;
      readonly IncludedCookies?: readonly string[];
      readonly ExcludedCookies?: readonly string[];
    };
    readonly MatchScope: string;
    readonly OversizeHandling: string;
  };
  readonly HeaderOrder?: { readonly OversizeHandling: string };
  readonly UriFragment?: { readonly FallbackBehavior?: string };
  readonly JA3Fingerprint?: { readonly FallbackBehavior: string };
  readonly JA4Fingerprint?: { readonly FallbackBehavior: string };
}
interface Inspects {
  readonly FieldToMatch: FieldToMatch;
  readonly TextTransformations: readonly TextTransformation[];
}
export interface ForwardedIPConfig {
  readonly HeaderName: string;
  readonly FallbackBehavior: string;
}
export interface RateLimitTransformed {
  readonly Name: string;
  readonly TextTransformations: readonly TextTransformation[];
}
export interface RateBasedStatementCustomKey {
  readonly Header?: RateLimitTransformed;
  readonly Cookie?: RateLimitTransformed;
  readonly QueryArgument?: RateLimitTransformed;
  readonly QueryString?: { readonly TextTransformations: readonly TextTransformation[] };
  readonly HTTPMethod?: object;
  readonly ForwardedIP?: object;
  readonly IP?: object;
  readonly LabelNamespace?: { readonly Namespace: string };
  readonly UriPath?: { readonly TextTransformations: readonly TextTransformation[] };
  readonly JA3Fingerprint?: { readonly FallbackBehavior: string };
  readonly JA4Fingerprint?: { readonly FallbackBehavior: string };
  readonly ASN?: object;
}
export interface ExcludedRule {
  readonly Name: string;
}
export interface RuleActionOverride {
  readonly Name: string;
  readonly ActionToUse: RuleAction;
}
export interface Statement {
  readonly ByteMatchStatement?: Inspects & {
    readonly SearchString: string | Uint8Array;
    readonly PositionalConstraint: string;
  };
  readonly RegexMatchStatement?: Inspects & { readonly RegexString: string };
  readonly RegexPatternSetReferenceStatement?: Inspects & { readonly ARN: string };
  readonly SqliMatchStatement?: Inspects & { readonly SensitivityLevel?: string };
  readonly XssMatchStatement?: Inspects;
  readonly SizeConstraintStatement?: Inspects & { readonly ComparisonOperator: string; readonly Size: number };
  readonly GeoMatchStatement?: {
    readonly CountryCodes?: readonly string[];
    readonly ForwardedIPConfig?: ForwardedIPConfig;
  };
  readonly AsnMatchStatement?: { readonly AsnList: readonly number[]; readonly ForwardedIPConfig?: ForwardedIPConfig };
  readonly IPSetReferenceStatement?: {
    readonly ARN: string;
    readonly IPSetForwardedIPConfig?: ForwardedIPConfig & { readonly Position: string };
  };
  readonly RateBasedStatement?: {
    readonly Limit: number;
    readonly EvaluationWindowSec?: number;
    readonly AggregateKeyType: string;
    readonly ScopeDownStatement?: Statement;
    readonly ForwardedIPConfig?: ForwardedIPConfig;
    readonly CustomKeys?: readonly RateBasedStatementCustomKey[];
  };
  readonly LabelMatchStatement?: { readonly Scope: string; readonly Key: string };
  readonly AndStatement?: { readonly Statements: readonly Statement[] };
  readonly OrStatement?: { readonly Statements: readonly Statement[] };
  readonly NotStatement?: { readonly Statement: Statement };
  readonly ManagedRuleGroupStatement?: {
    readonly VendorName: string;
    readonly Name: string;
    readonly Version?: string;
    readonly ExcludedRules?: readonly ExcludedRule[];
    readonly ScopeDownStatement?: Statement;
    readonly RuleActionOverrides?: readonly RuleActionOverride[];
  };
  readonly RuleGroupReferenceStatement?: {
    readonly ARN: string;
    readonly ExcludedRules?: readonly ExcludedRule[];
    readonly RuleActionOverrides?: readonly RuleActionOverride[];
  };
}
export interface CustomHTTPHeader {
  readonly Name: string;
  readonly Value: string;
}
export interface CustomRequestHandling {
  readonly InsertHeaders: readonly CustomHTTPHeader[];
}
export interface CustomResponse {
  readonly ResponseCode: number;
  readonly CustomResponseBodyKey?: string;
  readonly ResponseHeaders?: readonly CustomHTTPHeader[];
}
export interface RuleAction {
  readonly Block?: { readonly CustomResponse?: CustomResponse };
  readonly Allow?: { readonly CustomRequestHandling?: CustomRequestHandling };
  readonly Count?: { readonly CustomRequestHandling?: CustomRequestHandling };
  readonly Captcha?: { readonly CustomRequestHandling?: CustomRequestHandling };
  readonly Challenge?: { readonly CustomRequestHandling?: CustomRequestHandling };
}
export interface ImmunityConfig {
  readonly ImmunityTimeProperty?: { readonly ImmunityTime: number };
}
export interface Rule {
  readonly Name: string;
  readonly Priority: number;
  readonly Statement: Statement;
  readonly Action?: RuleAction;
  readonly OverrideAction?: { readonly Count?: object; readonly None?: object };
  readonly RuleLabels?: readonly { readonly Name: string }[];
  readonly CaptchaConfig?: ImmunityConfig;
  readonly ChallengeConfig?: ImmunityConfig;
}
export interface CustomResponseBody {
  readonly ContentType: string;
  readonly Content: string;
}
export interface WebAcl {
  readonly Name: string;
  readonly Id?: string;
  readonly ARN: string;
  readonly DefaultAction: {
    readonly Block?: { readonly CustomResponse?: CustomResponse };
    readonly Allow?: { readonly CustomRequestHandling?: CustomRequestHandling };
  };
  readonly Rules?: readonly Rule[];
  readonly LabelNamespace?: string;
  readonly CustomResponseBodies?: Readonly<Record<string, CustomResponseBody>>;
  readonly CaptchaConfig?: ImmunityConfig;
  readonly ChallengeConfig?: ImmunityConfig;
}
/** A rule group as the resolver hands it over: a customer's RuleGroup, or a managed group's rules for one version. */
export interface RuleGroupDefinition {
  readonly Name: string;
  readonly ARN?: string;
  readonly Rules?: readonly Rule[];
  /** e.g. `awswaf:111122223333:rulegroup:name:` or `awswaf:managed:aws:core-rule-set:`. */
  readonly LabelNamespace: string;
  readonly CustomResponseBodies?: Readonly<Record<string, CustomResponseBody>>;
}
export interface IpSetDefinition {
  readonly ARN: string;
  readonly IPAddressVersion: string;
  readonly Addresses: readonly string[];
}
export interface RegexPatternSetDefinition {
  readonly ARN: string;
  readonly RegularExpressionList?: readonly { readonly RegexString?: string }[];
}

/** What compileWebAcl needs looked up; each returns undefined when the referenced resource does not exist. */
export interface ReferenceResolver {
  ipSet(arn: string): IpSetDefinition | undefined;
  regexPatternSet(arn: string): RegexPatternSetDefinition | undefined;
  ruleGroup(arn: string): RuleGroupDefinition | undefined;
  managedRuleGroup(vendorName: string, name: string, version: string | undefined): RuleGroupDefinition | undefined;
}

export type WafAction = 'ALLOW' | 'BLOCK' | 'COUNT' | 'CAPTCHA' | 'CHALLENGE';
export type TerminatingRuleType = 'REGULAR' | 'RATE_BASED' | 'GROUP' | 'MANAGED_RULE_GROUP' | 'DEFAULT_ACTION';

export interface MatchedRule {
  readonly ruleId: string;
  readonly action: WafAction;
  /** The rule's own action when an override (RuleActionOverrides, ExcludedRules, OverrideAction Count) changed it. */
  readonly overriddenAction?: WafAction;
}
export interface RuleGroupTrace {
  readonly ruleGroupId: string;
  readonly terminatingRule: MatchedRule | null;
  readonly nonTerminatingMatchingRules: MatchedRule[];
  readonly excludedRules: { readonly exclusionType: 'EXCLUDED_AS_COUNT'; readonly ruleId: string }[] | null;
}
export interface ResolvedResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** Resolved from CustomResponseBodies (the rule group's for a rule in a group, else the web ACL's). */
  readonly body?: { readonly key: string; readonly contentType: string; readonly content: string };
}
export interface EvaluationResult {
  readonly action: WafAction;
  /** The rule's Name, or `Default_Action`. */
  readonly terminatingRuleId: string;
  readonly terminatingRuleType: TerminatingRuleType;
  readonly ruleGroupList: readonly RuleGroupTrace[];
  /** Fully qualified labels added while evaluating, in the order added. */
  readonly labels: readonly string[];
  readonly nonTerminatingMatchingRules: readonly MatchedRule[];
  /** Set for a Block with a CustomResponse. A plain Block is 403 with AWS's default page (the integrator's). */
  readonly customResponse?: ResolvedResponse;
  /** Headers to add upstream (already prefixed `x-amzn-waf-`) from Allow/Count/token-passing Captcha/Challenge. */
  readonly insertHeaders: readonly (readonly [string, string])[];
  /** The same headers in the log record's shape. */
  readonly requestHeadersInserted: readonly { readonly name: string; readonly value: string }[] | null;
  /** For CAPTCHA/CHALLENGE: the immunity time (seconds) of the token the interstitial issues. */
  readonly immunityTime?: number;
}
