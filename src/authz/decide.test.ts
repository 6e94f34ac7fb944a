// Which account's RCPs bind a decision: the resource owner's, for the services RCPs govern only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from '../policy/index.js';
import { decide, type DecisionRequest } from './decide.js';
import type { OrganizationPolicies } from './organization-policies.js';

const denyAll = (id: string): OrganizationPolicies => ({
  isManagementAccount: false,
  orgId: 'o-example1',
  rcps: [
    {
      id: 'r-root',
      policies: [
        compilePolicy(
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }],
          }),
          id,
        ),
      ],
    },
  ],
});

const base = (action: string, account: string): DecisionRequest => ({
  principal: { type: 'Root', arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111' },
  action,
  resource: { arn: `arn:aws:kms:us-east-1:${account}:key/k1`, display: 'k1' } as DecisionRequest['resource'],
  context: {},
  resourcePolicy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: '*', Resource: '*' }],
  }),
});

test("the caller's RCPs bind its own account's resources only", () => {
  const own = decide({ ...base('kms:Decrypt', '111111111111'), organization: denyAll('rcp-caller') });
  assert.equal(own.decision, 'ExplicitlyDenied');
  const other = decide({ ...base('kms:Decrypt', '222222222222'), organization: denyAll('rcp-caller') });
  assert.notEqual(other.decision, 'ExplicitlyDenied');
});

test("the resource owner's RCPs bind a caller outside any organization", () => {
  const r = decide({ ...base('kms:Decrypt', '222222222222'), resourceOrganization: denyAll('rcp-owner') });
  assert.equal(r.decision, 'ExplicitlyDenied');
  const none = decide({ ...base('kms:Decrypt', '222222222222'), resourceOrganization: null });
  assert.notEqual(none.decision, 'ExplicitlyDenied');
});

test("RCPs say nothing of a service they do not govern, nor of the management account's resources", () => {
  const iam = decide({ ...base('iam:ListRoles', '111111111111'), organization: denyAll('rcp-caller') });
  assert.notEqual(iam.decision, 'ExplicitlyDenied');
  const mgmt = decide({
    ...base('kms:Decrypt', '111111111111'),
    organization: { ...denyAll('rcp-caller'), isManagementAccount: true },
  });
  assert.notEqual(mgmt.decision, 'ExplicitlyDenied');
});
