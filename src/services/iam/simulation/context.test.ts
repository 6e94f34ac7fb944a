import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contextFromEntries, contextKeysOf } from './context.js';

describe('simulation context', () => {
  test('list types keep every value; other types take their one value', () => {
    assert.deepEqual(
      contextFromEntries([
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1'], ContextKeyType: 'ip' },
        { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['a', 'b'], ContextKeyType: 'stringList' },
        { ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
      ]),
      { 'aws:SourceIp': '10.0.0.1', 'aws:TagKeys': ['a', 'b'], 'aws:MultiFactorAuthPresent': 'true' },
    );
    assert.deepEqual(contextFromEntries(undefined), {});
  });

  test('policies reference keys in conditions and as variables, each listed once', () => {
    const keys = new Map<string, string>();
    contextKeysOf(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::home/${aws:username}/*',
            Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { 'AWS:SourceIp': 'x' } },
          },
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalTag/team': '${aws:RequestTag/team}' } },
          },
        ],
      },
      keys,
    );
    assert.deepEqual(
      [...keys.values()],
      ['aws:username', 'aws:SourceIp', 'aws:PrincipalTag/team', 'aws:RequestTag/team'],
    );
  });
});
