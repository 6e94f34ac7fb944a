// Rule conditions: validated as ELBv2 does (fields, value counts and lengths), stored as it describes them.
import type { RuleCondition } from '../../aws/generated/elbv2.js';
import type { ConditionConfig } from './data-plane/config.js';
import { unsupported, validation } from './errors.js';

/** AWS's quota: condition values per rule. */
const MAX_VALUES = 5;
const MAX_VALUE_CHARS = 128;

function checkValues(field: string, values: readonly string[]): string[] {
  if (values.length === 0) throw validation(`A condition value must be specified for '${field}'`);
  for (const v of values) {
    if (v.length > MAX_VALUE_CHARS)
      throw validation(`Condition value '${v.slice(0, 40)}…' exceeds ${MAX_VALUE_CHARS} characters`);
  }
  return [...values];
}

/** Validates conditions and returns them as ELBv2 describes them (Field, Values and the field's config). */
export function normalizeConditions(conditions: readonly RuleCondition[]): RuleCondition[] {
  let total = 0;
  const fields = new Set<string>();
  const out = conditions.map((c): RuleCondition => {
    const field = c.Field ?? '';
    if (
      c.RegexValues ||
      c.HttpHeaderConfig?.RegexValues ||
      c.HostHeaderConfig?.RegexValues ||
      c.PathPatternConfig?.RegexValues
    ) {
      throw unsupported('wildcard conditions; regular-expression condition values are not available');
    }
    if (field !== 'http-header' && fields.has(field))
      throw validation(`A condition field '${field}' can only be specified once`);
    fields.add(field);
    let n: RuleCondition;
    switch (field) {
      case 'path-pattern': {
        const values = checkValues(field, c.PathPatternConfig?.Values ?? c.Values ?? []);
        n = { Field: field, Values: values, PathPatternConfig: { Values: values } };
        total += values.length;
        break;
      }
      case 'host-header': {
        const values = checkValues(field, c.HostHeaderConfig?.Values ?? c.Values ?? []);
        n = { Field: field, Values: values, HostHeaderConfig: { Values: values } };
        total += values.length;
        break;
      }
      case 'http-header': {
        const name = c.HttpHeaderConfig?.HttpHeaderName;
        if (!name || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(name))
          throw validation('A valid HTTP header name must be specified');
        const values = checkValues(field, c.HttpHeaderConfig?.Values ?? []);
        n = { Field: field, HttpHeaderConfig: { HttpHeaderName: name, Values: values } };
        total += values.length;
        break;
      }
      case 'http-request-method': {
        const values = checkValues(field, c.HttpRequestMethodConfig?.Values ?? []);
        for (const v of values)
          if (!/^[A-Z_-]{1,40}$/.test(v)) throw validation(`HTTP request method '${v}' is not valid`);
        n = { Field: field, HttpRequestMethodConfig: { Values: values } };
        total += values.length;
        break;
      }
      case 'query-string': {
        const values = c.QueryStringConfig?.Values ?? [];
        if (values.length === 0) throw validation(`A condition value must be specified for '${field}'`);
        for (const v of values) {
          if (!v.Value) throw validation('A query string condition value must be specified');
          // ELBv2's documented cap on each query-string key and value, as for every other condition value.
          checkValues(field, v.Key === undefined ? [v.Value] : [v.Key, v.Value]);
        }
        n = { Field: field, QueryStringConfig: { Values: values.map((v) => ({ ...v })) } };
        total += values.length;
        break;
      }
      case 'source-ip': {
        const values = checkValues(field, c.SourceIpConfig?.Values ?? []);
        for (const v of values)
          if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(v)) throw validation(`'${v}' is not a valid CIDR block`);
        n = { Field: field, SourceIpConfig: { Values: values } };
        total += values.length;
        break;
      }
      default:
        throw validation(`Condition field '${field}' is not valid`);
    }
    return n;
  });
  if (total > MAX_VALUES) throw validation(`A rule can only have '${MAX_VALUES}' condition values`);
  return out;
}

export function conditionConfigs(conditions: readonly RuleCondition[]): ConditionConfig[] {
  return conditions.map((c): ConditionConfig => {
    switch (c.Field) {
      case 'path-pattern':
        return { field: 'path-pattern', values: c.PathPatternConfig!.Values! };
      case 'host-header':
        return { field: 'host-header', values: c.HostHeaderConfig!.Values! };
      case 'http-header':
        return {
          field: 'http-header',
          headerName: c.HttpHeaderConfig!.HttpHeaderName!,
          values: c.HttpHeaderConfig!.Values!,
        };
      case 'http-request-method':
        return { field: 'http-request-method', values: c.HttpRequestMethodConfig!.Values! };
      case 'query-string':
        return {
          field: 'query-string',
          values: c.QueryStringConfig!.Values!.map((v) => ({
            ...(v.Key !== undefined ? { key: v.Key } : {}),
            value: v.Value!,
          })),
        };
      default:
        return { field: 'source-ip', values: c.SourceIpConfig!.Values! };
    }
  });
}
