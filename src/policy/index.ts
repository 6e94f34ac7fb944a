// Warden's IAM policy evaluation engine: compile policies once, then decide requests without I/O.
export { compilePolicy, clearPolicyCache, CompiledPolicy } from './compile.js';
export type { CompiledStatement, Effect } from './compile.js';
export { PolicySet } from './compile.js';
export { ConditionContext, createContext } from './context.js';
export type { ContextInput, ContextValue } from './context.js';
export { principalFromArn, principalFromIdentity } from './principal.js';
export type { EvalPrincipal, EvalPrincipalType } from './principal.js';
export { evaluate } from './evaluate.js';
export { denialReasonText } from './messages.js';
export { isKnownOperator } from './conditions.js';
export type { StatementSpan, TextPosition } from './positions.js';
export type {
  Decision,
  DecisionReason,
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  OrgPolicyLevel,
  PolicyGroupInput,
  PolicyInput,
  PolicyType,
} from './types.js';
