// IAM policy document validation with AWS's own MalformedPolicyDocument messages, as a pure function.
//
// AWS runs its checks in a fixed order and reports only the first failure, so the order below is part of the
// behaviour (each step is pinned by the conformance corpus in validate.test.ts):
//   1. JSON, then the policy grammar                        "Syntax errors in policy."
//   2. the policy language version                          "Policy document must be version 2012-10-17 ..."
//   3. elements the policy kind forbids                     "Policy document should not specify a principal."
//   4. IAM's legacy parser: exact-case Effect, Date* condition values, ARN component layout
//                                                           "The policy failed legacy parsing"
//   5. statement IDs alphanumeric (IAM's own policies)      "Statement IDs (SID) must be alpha-numeric. ..."
//      statement IDs unique                                 "Statement IDs (SID) in a single policy must be unique."
//   6. every statement has Action or NotAction              "Policy statement must contain actions."
//   7. Resource/NotResource formats, first bad one reported "Resource x must be in ARN format or "*"." etc.
//   8. Action/NotAction formats                             "Actions/Conditions must be prefaced by a vendor ..."
//   9. per kind: resources present (identity-like kinds), or the trust policy's actions and principals.

import { AwsError } from '../../aws/error.js';
import { actionFormatError, isTrustPolicyAction } from './actions.js';
import { isValidPolicyDate } from './dates.js';
import { parsePolicyGrammar } from './grammar.js';
import type { PolicyDocument, PolicyStatement } from './grammar.js';
import { namesNoPrincipal, trustPrincipalError } from './principals.js';
import { failsLegacyArnParse, resourceFormatError } from './resources.js';

/**
 * Which policy the document is: an identity policy (managed or inline), a role trust policy
 * (AssumeRolePolicyDocument), a resource-based policy, a service control policy, or an STS session policy.
 */
export type PolicyKind = 'identity' | 'trust' | 'resource' | 'scp' | 'session';

const MESSAGES = {
  invalidJson: 'This policy contains invalid Json',
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  principalNotAllowed: 'Policy document should not specify a principal.',
  legacyParsing: 'The policy failed legacy parsing',
  sidCharacters:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  noActions: 'Policy statement must contain actions.',
  noResources: 'Policy statement must contain resources.',
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  trustNoPrincipal:
    'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
} as const;

/** Kinds whose documents AWS holds to the 2012-10-17 language; trust and resource policies still take 2008-10-17. */
const NEEDS_CURRENT_VERSION: ReadonlySet<PolicyKind> = new Set(['identity', 'session', 'scp']);
/** Kinds that apply to the identity holding them, so a Principal has no place in them. */
const PRINCIPAL_FORBIDDEN: ReadonlySet<PolicyKind> = new Set(['identity', 'session', 'scp']);

type Check = (policy: PolicyDocument) => string | undefined;

const resourcesOf = (s: PolicyStatement): string[] => [...(s.resource ?? []), ...(s.notResource ?? [])];
const actionsOf = (s: PolicyStatement): string[] => [...(s.action ?? []), ...(s.notAction ?? [])];

/** The first message `find` returns over the statements, in document order. */
function firstOf(policy: PolicyDocument, find: (statement: PolicyStatement) => string | undefined): string | undefined {
  for (const statement of policy.statements) {
    const message = find(statement);
    if (message !== undefined) return message;
  }
  return undefined;
}

function forbiddenElementError(kind: PolicyKind): Check {
  return (policy) =>
    firstOf(policy, (s) => {
      if (PRINCIPAL_FORBIDDEN.has(kind) && (s.principal !== undefined || s.notPrincipal !== undefined)) {
        return MESSAGES.principalNotAllowed;
      }
      if (kind === 'trust' && s.resource !== undefined) return 'Has prohibited field Resource';
      if (kind === 'trust' && s.notResource !== undefined) return 'Has prohibited field NotResource';
      return undefined;
    });
}

function failsLegacyParsing(s: PolicyStatement): boolean {
  if (s.effect !== 'Allow' && s.effect !== 'Deny') return true;
  const badDate = s.conditions.some(
    (block) =>
      block.baseOperator.startsWith('Date') &&
      block.entries.some(([, values]) => values.some((value) => !isValidPolicyDate(String(value)))),
  );
  if (badDate) return true;
  // A resource the format check rejects gets that check's own message later; only accepted ones reach this.
  return resourcesOf(s).some(
    (resource) => resourceFormatError(resource) === undefined && failsLegacyArnParse(resource),
  );
}

const legacyParsingError: Check = (policy) =>
  policy.statements.some(failsLegacyParsing) ? MESSAGES.legacyParsing : undefined;

/**
 * Kinds IAM itself stores, whose Sids IAM holds to [0-9A-Za-z]* (IAM User Guide, "IAM JSON policy elements: Sid").
 * Role trust policies are among them: CreateRole rejects a trust policy Sid such as `trusted_role_arns` (reported
 * by users of terraform-aws-modules/iam, whose examples now use CamelCase Sids for that reason). Other services'
 * resource policies (KMS key policies, S3 bucket policies) take Sids with spaces, and SCPs and session policies are
 * validated by their own services, so those kinds are left alone.
 */
const ALPHANUMERIC_SIDS: ReadonlySet<PolicyKind> = new Set(['identity', 'trust']);
const ALPHANUMERIC = /^[0-9A-Za-z]*$/;

const sidCharactersError: Check = (policy) =>
  policy.statements.some((s) => s.sid !== undefined && !ALPHANUMERIC.test(s.sid)) ? MESSAGES.sidCharacters : undefined;

const duplicateSidError: Check = (policy) => {
  const sids = policy.statements.map((s) => s.sid).filter((sid) => sid !== undefined && sid !== '');
  return new Set(sids).size === sids.length ? undefined : MESSAGES.duplicateSid;
};

const missingActionsError: Check = (policy) =>
  firstOf(policy, (s) => ((s.action ?? s.notAction)?.length ? undefined : MESSAGES.noActions));

const resourceFormatsError: Check = (policy) =>
  firstOf(policy, (s) =>
    resourcesOf(s)
      .map(resourceFormatError)
      .find((message) => message !== undefined),
  );

const actionFormatsError: Check = (policy) =>
  firstOf(policy, (s) =>
    actionsOf(s)
      .map(actionFormatError)
      .find((message) => message !== undefined),
  );

const missingResourcesError: Check = (policy) =>
  firstOf(policy, (s) => ((s.resource ?? s.notResource)?.length ? undefined : MESSAGES.noResources));

const trustActionsError: Check = (policy) =>
  firstOf(policy, (s) => ((s.action ?? []).every(isTrustPolicyAction) ? undefined : MESSAGES.trustActions));

// Principals are resolved last: IAM reports them through its principal resolver (hence the wrapped exception
// text), after the document itself has been accepted.
const trustPrincipalsError: Check = (policy) =>
  firstOf(policy, (s) =>
    s.principal === undefined || namesNoPrincipal(s.principal)
      ? MESSAGES.trustNoPrincipal
      : trustPrincipalError(s.principal),
  );

function checksFor(kind: PolicyKind): Check[] {
  const versionError: Check = (policy) =>
    NEEDS_CURRENT_VERSION.has(kind) && policy.version !== '2012-10-17' ? MESSAGES.version : undefined;
  const common = [
    versionError,
    forbiddenElementError(kind),
    legacyParsingError,
    ...(ALPHANUMERIC_SIDS.has(kind) ? [sidCharactersError] : []),
    duplicateSidError,
    missingActionsError,
    resourceFormatsError,
    actionFormatsError,
  ];
  return kind === 'trust' ? [...common, trustActionsError, trustPrincipalsError] : [...common, missingResourcesError];
}

/** Returns undefined when valid, else the exact AWS MalformedPolicyDocument message. */
export function policyDocumentError(document: string, kind: PolicyKind = 'identity'): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    // Role trust policies go through a different front end, which words a JSON failure differently.
    return kind === 'trust' ? MESSAGES.invalidJson : MESSAGES.syntax;
  }
  const policy = parsePolicyGrammar(json);
  if (!policy) return MESSAGES.syntax;
  for (const check of checksFor(kind)) {
    const message = check(policy);
    if (message !== undefined) return message;
  }
  return undefined;
}

/** Throws AwsError('MalformedPolicyDocument', message) (HTTP 400) when invalid. */
export function assertValidPolicyDocument(document: string, kind: PolicyKind = 'identity'): void {
  const message = policyDocumentError(document, kind);
  if (message !== undefined) throw new AwsError('MalformedPolicyDocument', message, { status: 400 });
}
