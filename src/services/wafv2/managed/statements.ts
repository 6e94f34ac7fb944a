// Builders for the AWS-format statements Warden's managed rules are written in (the model's Rule/Statement shapes).
import type {
  FieldToMatch,
  PositionalConstraint,
  Rule,
  RuleAction,
  Statement,
  TextTransformation,
  TextTransformationType,
} from '../../../aws/generated/wafv2.js';

/** Request components, each as AWS's FieldToMatch; oversize handling CONTINUE as the AWS rule tables say. */
export const field = {
  uriPath: (): FieldToMatch => ({ UriPath: {} }),
  queryString: (): FieldToMatch => ({ QueryString: {} }),
  allQueryArguments: (): FieldToMatch => ({ AllQueryArguments: {} }),
  method: (): FieldToMatch => ({ Method: {} }),
  body: (): FieldToMatch => ({ Body: { OversizeHandling: 'CONTINUE' } }),
  header: (name: string): FieldToMatch => ({ SingleHeader: { Name: name } }),
  /** Keys and values of every header (AWS: "the keys and values of HTTP request headers"). */
  headers: (): FieldToMatch => ({
    Headers: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'CONTINUE' },
  }),
  /** Cookie values ("the values of cookie headers"). */
  cookies: (): FieldToMatch => ({
    Cookies: { MatchPattern: { All: {} }, MatchScope: 'VALUE', OversizeHandling: 'CONTINUE' },
  }),
};

/** Text transformations in the order given (priorities 0, 1, 2 ...). */
export function transforms(...types: TextTransformationType[]): TextTransformation[] {
  if (types.length === 0) return [{ Priority: 0, Type: 'NONE' }];
  return types.map((Type, Priority) => ({ Priority, Type }));
}

/** One ByteMatch per search string, OR-ed when there are several (AWS rules may hold only one string each). */
export function anyBytes(
  strings: readonly string[],
  fieldToMatch: FieldToMatch,
  textTransformations: TextTransformation[],
  positionalConstraint: PositionalConstraint = 'CONTAINS',
): Statement {
  const statements: Statement[] = strings.map((s) => ({
    ByteMatchStatement: {
      SearchString: Buffer.from(s, 'utf8'),
      FieldToMatch: fieldToMatch,
      TextTransformations: textTransformations,
      PositionalConstraint: positionalConstraint,
    },
  }));
  return statements.length === 1 ? (statements[0] as Statement) : { OrStatement: { Statements: statements } };
}

export function regex(
  pattern: string,
  fieldToMatch: FieldToMatch,
  textTransformations: TextTransformation[],
): Statement {
  return {
    RegexMatchStatement: { RegexString: pattern, FieldToMatch: fieldToMatch, TextTransformations: textTransformations },
  };
}

/** The same statement built over several request components, OR-ed. */
export function anyOf(...statements: Statement[]): Statement {
  return statements.length === 1 ? (statements[0] as Statement) : { OrStatement: { Statements: statements } };
}

export const BLOCK: RuleAction = { Block: {} };
export const COUNT: RuleAction = { Count: {} };

/**
 * A managed rule: AWS names the rule NAME_COMPONENT and its label <namespace><labelSuffix> (the suffix is spelled
 * differently from the name, e.g. NoUserAgent_HEADER labels NoUserAgent_Header), so both are given.
 */
export function managedRule(
  namespace: string,
  priority: number,
  name: string,
  labelSuffix: string,
  statement: Statement,
  action: RuleAction = BLOCK,
): Rule {
  return {
    Name: name,
    Priority: priority,
    Statement: statement,
    Action: action,
    RuleLabels: [{ Name: `${namespace}${labelSuffix}` }],
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name },
  };
}
