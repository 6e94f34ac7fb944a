// Log records: redaction of the fields AWS redacts, capped header values, and the LoggingFilter's first-match decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoggingConfiguration, WebACL } from '../../aws/generated/wafv2.js';
import { evaluationResult, request } from './engine/test-support.js';
import { keeps, logRecord, MAX_HEADER_VALUE } from './log-record.js';

const acl = { ARN: 'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/a/1', Rules: [] } as unknown as WebACL;
const result = evaluationResult;
const config = (over: Partial<LoggingConfiguration> = {}): LoggingConfiguration => ({
  ResourceArn: acl.ARN,
  LogDestinationConfigs: ['arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-x'],
  ...over,
});

test('redacts UriPath, QueryString, Method and a header (by any case); caps header values', () => {
  const req = request({
    uri: '/secret',
    query: 'token=abc',
    headers: [
      ['Authorization', 'Bearer x'],
      ['X-Big', 'v'.repeat(MAX_HEADER_VALUE + 10)],
    ],
  });
  const lbArn = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/lb/0123456789abcdef';
  const input = { acl, resourceArn: lbArn, request: req, result: result(), responseCodeSent: null, at: 1 };
  const redacted = logRecord(
    input,
    config({
      RedactedFields: [
        { UriPath: {} },
        { QueryString: {} },
        { Method: {} },
        { SingleHeader: { Name: 'authorization' } },
      ],
    }),
  ) as { httpSourceId: string; httpRequest: Record<string, unknown> & { headers: { name: string; value: string }[] } };
  assert.equal(redacted.httpSourceId, '111122223333-app/lb/0123456789abcdef');
  assert.equal(redacted.httpRequest['uri'], 'REDACTED');
  assert.equal(redacted.httpRequest['args'], 'REDACTED');
  assert.equal(redacted.httpRequest['httpMethod'], 'REDACTED');
  assert.deepEqual(redacted.httpRequest.headers[0], { name: 'Authorization', value: 'REDACTED' });
  assert.equal(redacted.httpRequest.headers[1]!.value.length, MAX_HEADER_VALUE);
  const plain = logRecord(input, config()) as { httpRequest: Record<string, unknown> };
  assert.equal(plain.httpRequest['uri'], '/secret');
  assert.equal(plain.httpRequest['args'], 'token=abc');
});

test('the first matching filter decides; none matching: DefaultBehavior', () => {
  const c = config({
    LoggingFilter: {
      DefaultBehavior: 'DROP',
      Filters: [
        {
          Behavior: 'KEEP',
          Requirement: 'MEETS_ALL',
          Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { LabelNameCondition: { LabelName: 'l:a' } }],
        },
        { Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'COUNT' } }] },
      ],
    },
  });
  assert.equal(keeps(c, result({ action: 'BLOCK', labels: ['l:a'] })), true);
  assert.equal(keeps(c, result({ action: 'BLOCK' })), false);
  assert.equal(keeps(c, result({ nonTerminatingMatchingRules: [{ ruleId: 'r', action: 'COUNT' }] })), true);
  assert.equal(keeps(config(), result()), true);
});
