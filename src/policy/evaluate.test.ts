// Decisions and their details: reasons, matched statements, blockedBy, explain mode, messages, principals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallerIdentity } from '../aws/identity.js';
import {
  compilePolicy,
  createContext,
  denialReasonText,
  evaluate,
  PolicySet,
  principalFromArn,
  principalFromIdentity,
} from './index.js';
import type { CompiledPolicy, EvaluationRequest } from './index.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const alice = principalFromArn(`arn:aws:iam::${ACCOUNT}:user/alice`);

function policy(statements: object[], id = 'test-policy'): CompiledPolicy {
  return compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2), id);
}

function request(overrides: Partial<EvaluationRequest>): EvaluationRequest {
  return {
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    resourceAccount: ACCOUNT,
    principal: alice,
    ...overrides,
  };
}

const allowGet = { Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('decision details', () => {
  test('an identity allow names its statement', () => {
    const r = evaluate(
      request({
        identityPolicies: [
          policy(
            [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, allowGet],
            'arn:aws:iam::111122223333:policy/read',
          ),
        ],
      }),
    );
    assert.equal(r.decision, 'Allowed');
    assert.deepEqual(r.reason, {
      kind: 'identity',
      explicit: false,
      policyId: 'arn:aws:iam::111122223333:policy/read',
      statementIndex: 1,
      sid: 'ReadBucket',
    });
    assert.deepEqual(r.matched, [
      {
        policyType: 'identity',
        policyId: 'arn:aws:iam::111122223333:policy/read',
        statementIndex: 1,
        sid: 'ReadBucket',
        effect: 'Allow',
      },
    ]);
    assert.deepEqual(r.blockedBy, []);
    assert.equal(denialReasonText(r), '');
  });

  test('no identity policy allows', () => {
    const r = evaluate(request({}));
    assert.equal(r.decision, 'ImplicitlyDenied');
    assert.deepEqual(r.reason, { kind: 'identity', explicit: false });
    assert.equal(denialReasonText(r), 'because no identity-based policy allows the s3:GetObject action');
  });

  test('an explicit deny in an SCP, with the policy ARN and organization level', () => {
    const scpArn = 'arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-deny';
    const r = evaluate(
      request({
        identityPolicies: [policy([allowGet])],
        scps: [
          { id: 'r-root', policies: [policy([{ Effect: 'Allow', Action: '*', Resource: '*' }], 'p-FullAWSAccess')] },
          { id: 'ou-1', policies: [policy([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }], scpArn)] },
        ],
      }),
    );
    assert.equal(r.decision, 'ExplicitlyDenied');
    assert.equal(r.reason.kind, 'scp');
    assert.equal(r.reason.levelId, 'ou-1');
    assert.deepEqual(r.blockedBy, ['scp']);
    assert.equal(denialReasonText(r), `with an explicit deny in a service control policy: ${scpArn}`);
  });

  test('an SCP level without an allow', () => {
    const r = evaluate(
      request({
        identityPolicies: [policy([allowGet])],
        scps: [
          { id: 'r-root', policies: [policy([{ Effect: 'Allow', Action: '*', Resource: '*' }])] },
          { id: 'ou-ec2-only', policies: [policy([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }])] },
        ],
      }),
    );
    assert.equal(r.decision, 'ImplicitlyDenied');
    assert.deepEqual(r.reason, { kind: 'scp', explicit: false, levelId: 'ou-ec2-only' });
    assert.equal(denialReasonText(r), 'because no service control policy allows the s3:GetObject action');
  });

  test('SCPs and RCPs do not restrict service-linked roles', () => {
    const slr = principalFromArn(
      `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ops.amazonaws.com/AWSServiceRoleForOps`,
    );
    assert.equal(slr.isServiceLinkedRole, true);
    const denyAll = [
      { id: 'r-root', policies: [policy([{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }])] },
    ];
    const r = evaluate(
      request({ principal: slr, identityPolicies: [policy([allowGet])], scps: denyAll, rcps: denyAll }),
    );
    assert.equal(r.decision, 'Allowed');
  });

  test('SCPs do not restrict the management account', () => {
    const r = evaluate(
      request({
        principal: { ...alice, isManagementAccount: true },
        identityPolicies: [policy([allowGet])],
        scps: [{ id: 'r-root', policies: [policy([{ Effect: 'Deny', Action: '*', Resource: '*' }])] }],
      }),
    );
    assert.equal(r.decision, 'Allowed');
  });

  test('each explicit deny is reported, the first by preference', () => {
    const deny = { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' };
    const r = evaluate(
      request({
        identityPolicies: [policy([allowGet, deny], 'identity')],
        permissionsBoundaries: [policy([deny], 'boundary')],
      }),
    );
    assert.equal(r.decision, 'ExplicitlyDenied');
    assert.equal(r.reason.kind, 'boundary');
    assert.deepEqual(
      r.matched.map((m) => [m.policyType, m.policyId, m.statementIndex, m.effect]),
      [
        ['boundary', 'boundary', 0, 'Deny'],
        ['identity', 'identity', 1, 'Deny'],
      ],
    );
    assert.equal(denialReasonText(r), 'with an explicit deny in a permissions boundary');
  });

  test('implicit denies by boundary, session, endpoint and resource policies', () => {
    const boundary = evaluate(
      request({
        identityPolicies: [policy([allowGet])],
        permissionsBoundaries: [policy([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }])],
      }),
    );
    assert.equal(denialReasonText(boundary), 'because no permissions boundary allows the s3:GetObject action');
    assert.deepEqual(boundary.blockedBy, ['boundary']);

    const session = evaluate(
      request({
        principal: principalFromArn(`arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`),
        identityPolicies: [policy([allowGet])],
        sessionPolicies: [policy([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }])],
      }),
    );
    assert.equal(denialReasonText(session), 'because no session policy allows the s3:GetObject action');

    const endpoint = evaluate(
      request({
        identityPolicies: [policy([allowGet])],
        endpointPolicies: [policy([{ Effect: 'Allow', Principal: '*', Action: 'ec2:*', Resource: '*' }])],
      }),
    );
    assert.equal(denialReasonText(endpoint), 'because no VPC endpoint policy allows the s3:GetObject action');
    assert.deepEqual(endpoint.blockedBy, ['endpoint']);

    const crossAccount = evaluate(request({ resourceAccount: OTHER, identityPolicies: [policy([allowGet])] }));
    assert.equal(denialReasonText(crossAccount), 'because no resource-based policy allows the s3:GetObject action');
  });

  test('a resource policy grant to the user is final within the account', () => {
    const bucketPolicy = policy(
      [
        {
          Sid: 'AliceReads',
          Effect: 'Allow',
          Principal: { AWS: alice.arn },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::bucket/*',
        },
      ],
      'bucket-policy',
    );
    const r = evaluate(
      request({
        resourcePolicy: bucketPolicy,
        permissionsBoundaries: [policy([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }])],
      }),
    );
    assert.equal(r.decision, 'Allowed');
    assert.deepEqual(r.reason, {
      kind: 'resource',
      explicit: false,
      policyId: 'bucket-policy',
      statementIndex: 0,
      sid: 'AliceReads',
    });
    const denied = evaluate(
      request({
        resourcePolicy: policy([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }]),
        identityPolicies: [policy([allowGet])],
      }),
    );
    assert.equal(denialReasonText(denied), 'with an explicit deny in a resource-based policy');
    assert.deepEqual(denied.blockedBy, ['resource']);
  });
});

describe('explain mode', () => {
  test('reports every applicable statement with positions, per-type verdicts and missing keys', () => {
    const identity = policy(
      [
        allowGet,
        { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/${aws:username}/*' },
        {
          Effect: 'Deny',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
        },
      ],
      'inline:reader',
    );
    const r = evaluate(
      request({ identityPolicies: [identity], explain: true, resource: 'arn:aws:s3:::bucket/alice/x' }),
    );
    assert.equal(r.decision, 'Allowed');
    assert.deepEqual(
      r.matched.map((m) => [m.policyType, m.statementIndex, m.effect]),
      [
        ['identity', 0, 'Allow'],
        ['identity', 1, 'Allow'],
      ],
    );
    assert.deepEqual(r.matched[0]?.start, { line: 4, column: 5 });
    assert.deepEqual(r.matched[0]?.end, { line: 9, column: 6 });
    assert.deepEqual(r.layers, { identity: 'Allowed' });
    assert.deepEqual(r.missingContextValues, ['aws:SourceVpc']);
  });

  test('a policy variable without a value is a missing context value', () => {
    const r = evaluate(
      request({
        principal: principalFromArn(`arn:aws:iam::${ACCOUNT}:role/app`),
        identityPolicies: [
          policy([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/${aws:username}/*' }]),
        ],
        explain: true,
      }),
    );
    assert.equal(r.decision, 'ImplicitlyDenied');
    assert.deepEqual(r.missingContextValues, ['aws:username']);
  });
});

describe('policy variables in Resource', () => {
  const home = policy([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' }]);
  test('substitutes the requesting user', () => {
    assert.equal(
      evaluate(request({ identityPolicies: [home], resource: 'arn:aws:s3:::home/alice/a' })).decision,
      'Allowed',
    );
    assert.equal(
      evaluate(request({ identityPolicies: [home], resource: 'arn:aws:s3:::home/bob/a' })).decision,
      'ImplicitlyDenied',
    );
  });
  test('uses the context value when given, and a default when absent', () => {
    const team = policy([
      { Effect: 'Allow', Action: 's3:*', Resource: "arn:aws:s3:::teams/${aws:PrincipalTag/team, 'shared'}/*" },
    ]);
    assert.equal(
      evaluate(
        request({
          identityPolicies: [team],
          resource: 'arn:aws:s3:::teams/red/x',
          context: { 'aws:PrincipalTag/team': 'red' },
        }),
      ).decision,
      'Allowed',
    );
    assert.equal(
      evaluate(request({ identityPolicies: [team], resource: 'arn:aws:s3:::teams/shared/x' })).decision,
      'Allowed',
    );
    assert.equal(
      evaluate(request({ identityPolicies: [team], resource: 'arn:aws:s3:::teams/red/x' })).decision,
      'ImplicitlyDenied',
    );
  });
  test('a variable without a value matches nothing, so a NotResource exclusion does not apply', () => {
    const role = principalFromArn(`arn:aws:iam::${ACCOUNT}:role/app`);
    assert.equal(
      evaluate(request({ principal: role, identityPolicies: [home], resource: 'arn:aws:s3:::home//a' })).decision,
      'ImplicitlyDenied',
    );
  });
  test('escapes and version 2008-10-17 are literal', () => {
    const literal = compilePolicy(
      JSON.stringify({
        Version: '2008-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::x/${aws:username}' }],
      }),
    );
    assert.equal(
      evaluate(request({ identityPolicies: [literal], resource: 'arn:aws:s3:::x/${aws:username}' })).decision,
      'Allowed',
    );
    const star = policy([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::x/${*}' }]);
    assert.equal(evaluate(request({ identityPolicies: [star], resource: 'arn:aws:s3:::x/*' })).decision, 'Allowed');
    assert.equal(
      evaluate(request({ identityPolicies: [star], resource: 'arn:aws:s3:::x/y' })).decision,
      'ImplicitlyDenied',
    );
  });
});

describe('principals', () => {
  test('the root user needs no identity policy in its account but is bound by SCPs', () => {
    const root = principalFromArn(`arn:aws:iam::${ACCOUNT}:root`);
    const r = evaluate(request({ principal: root }));
    assert.equal(r.decision, 'Allowed');
    assert.equal(r.reason.kind, 'root');
    const scp = evaluate(
      request({
        principal: root,
        scps: [{ id: 'r', policies: [policy([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }])] }],
      }),
    );
    assert.equal(scp.decision, 'ExplicitlyDenied');
    assert.equal(evaluate(request({ principal: root, resourceAccount: OTHER })).decision, 'ImplicitlyDenied');
  });

  test('a federated user session without a session policy has no permissions, except grants naming it', () => {
    const fed = principalFromArn(`arn:aws:sts::${ACCOUNT}:federated-user/bob`);
    const r = evaluate(request({ principal: fed, identityPolicies: [policy([allowGet])] }));
    assert.equal(r.decision, 'ImplicitlyDenied');
    assert.equal(r.reason.kind, 'session');
    const withPolicy = evaluate(
      request({ principal: fed, identityPolicies: [policy([allowGet])], sessionPolicies: [policy([allowGet])] }),
    );
    assert.equal(withPolicy.decision, 'Allowed');
    const granted = evaluate(
      request({
        principal: fed,
        resourcePolicy: policy([
          { Effect: 'Allow', Principal: { AWS: fed.arn }, Action: 's3:GetObject', Resource: '*' },
        ]),
      }),
    );
    assert.equal(granted.decision, 'Allowed');
  });

  test('role grants match sessions by role name whatever the path', () => {
    const identity: CallerIdentity = {
      type: 'AssumedRole',
      accountId: ACCOUNT,
      partition: 'aws',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
      principalId: 'AROAEXAMPLE:ci',
      session: {
        issuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: `arn:aws:iam::${ACCOUNT}:role/team/deployer`,
          accountId: ACCOUNT,
        },
        creationDate: new Date(),
        expiration: new Date(),
        mfaAuthenticated: false,
        kind: 'AssumeRole',
      },
    };
    const session = principalFromIdentity(identity);
    const bucket = policy([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/team/deployer` },
        Action: 's3:GetObject',
        Resource: '*',
      },
    ]);
    assert.equal(evaluate(request({ principal: session, resourcePolicy: bucket })).decision, 'Allowed');
    const byPrincipalArn = policy([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/team/deployer` } },
      },
    ]);
    assert.equal(evaluate(request({ principal: session, identityPolicies: [byPrincipalArn] })).decision, 'Allowed');
    const byUserId = policy([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } },
      },
    ]);
    assert.equal(evaluate(request({ principal: session, identityPolicies: [byUserId] })).decision, 'Allowed');
  });

  test('anonymous and service principals rely on the resource policy alone', () => {
    const open = policy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]);
    assert.equal(evaluate(request({ principal: { type: 'Anonymous' }, resourcePolicy: open })).decision, 'Allowed');
    const svc = principalFromArn('cloudtrail.amazonaws.com');
    assert.equal(svc.type, 'AWSService');
    const forService = policy([
      { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' },
    ]);
    assert.equal(
      evaluate(request({ principal: svc, action: 's3:PutObject', resourcePolicy: forService })).decision,
      'Allowed',
    );
    assert.equal(evaluate(request({ principal: svc, action: 's3:PutObject' })).reason.kind, 'resource');
  });

  test('a Deny with NotPrincipal applies to principals with a permissions boundary', () => {
    const role = principalFromArn(`arn:aws:iam::${ACCOUNT}:role/app`);
    const bucket = policy([{ Effect: 'Deny', NotPrincipal: { AWS: role.arn }, Action: 's3:*', Resource: '*' }]);
    const base = request({ principal: role, identityPolicies: [policy([allowGet])], resourcePolicy: bucket });
    assert.equal(evaluate(base).decision, 'Allowed');
    assert.equal(
      evaluate({ ...base, permissionsBoundaries: [policy([{ Effect: 'Allow', Action: '*', Resource: '*' }])] })
        .decision,
      'ExplicitlyDenied',
    );
  });
});

describe('service rules', () => {
  test('sts:GetCallerIdentity needs no permission', () => {
    const r = evaluate(
      request({
        action: 'sts:GetCallerIdentity',
        resource: '*',
        identityPolicies: [policy([{ Effect: 'Deny', Action: '*', Resource: '*' }])],
      }),
    );
    assert.equal(r.decision, 'Allowed');
    assert.equal(r.reason.kind, 'alwaysAllowed');
  });

  test('a KMS key policy must allow, directly or by delegating to the account', () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`;
    const identityAllow = policy([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }]);
    const base = request({ action: 'kms:Decrypt', resource: key, identityPolicies: [identityAllow] });
    const noKeyPolicy = evaluate(base);
    assert.equal(noKeyPolicy.decision, 'ImplicitlyDenied');
    assert.equal(denialReasonText(noKeyPolicy), 'because no resource-based policy allows the kms:Decrypt action');
    const delegating = policy([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ]);
    assert.equal(evaluate({ ...base, resourcePolicy: delegating }).decision, 'Allowed');
    assert.equal(evaluate({ ...base, identityPolicies: [], resourcePolicy: delegating }).decision, 'ImplicitlyDenied');
    assert.equal(evaluate({ ...base, resourcePolicyRequired: false }).decision, 'Allowed');
  });

  test('a role trust policy must allow AssumeRole', () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/target`;
    const identityAllow = policy([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }]);
    assert.equal(
      evaluate(request({ action: 'sts:AssumeRole', resource: role, identityPolicies: [identityAllow] })).decision,
      'ImplicitlyDenied',
    );
    const trust = policy([{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }]);
    assert.equal(
      evaluate(request({ action: 'sts:AssumeRole', resource: role, resourcePolicy: trust })).decision,
      'Allowed',
    );
  });

  test('AWS managed resources can be read but not changed', () => {
    const admin = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const managed = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    const change = evaluate(
      request({ action: 'iam:CreatePolicyVersion', resource: managed, identityPolicies: [admin] }),
    );
    assert.equal(change.decision, 'ImplicitlyDenied');
    assert.equal(change.reason.awsManagedResource, true);
    assert.equal(
      evaluate(request({ action: 'iam:GetPolicy', resource: managed, identityPolicies: [admin] })).decision,
      'Allowed',
    );
    const alias = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ebs`;
    assert.equal(
      evaluate(request({ action: 'kms:DeleteAlias', resource: alias, identityPolicies: [admin] })).decision,
      'ImplicitlyDenied',
    );
  });
});

describe('resources without a resource type and simulated wildcards', () => {
  const bucketOnly = policy([{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::bucket' }]);
  test('the literal * of an action without resource types only matches Resource "*"', () => {
    assert.equal(
      evaluate(request({ action: 's3:ListAllMyBuckets', resource: '*', identityPolicies: [bucketOnly] })).decision,
      'ImplicitlyDenied',
    );
    const star = policy([{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }]);
    assert.equal(
      evaluate(request({ action: 's3:ListAllMyBuckets', resource: '*', identityPolicies: [star] })).decision,
      'Allowed',
    );
  });
  test('a simulated * is granted by any allow and denied only by a covering deny', () => {
    const sim = { action: 's3:ListAllMyBuckets', resource: '*', resourceIsPattern: true } as const;
    assert.equal(evaluate(request({ ...sim, identityPolicies: [bucketOnly] })).decision, 'Allowed');
    const partialDeny = policy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::bucket' },
    ]);
    assert.equal(evaluate(request({ ...sim, identityPolicies: [partialDeny] })).decision, 'Allowed');
  });
});

describe('compilation and reuse', () => {
  test('compiled text is cached by id and text', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [allowGet] });
    assert.equal(compilePolicy(text, 'a'), compilePolicy(text, 'a'));
    assert.notEqual(compilePolicy(text, 'a'), compilePolicy(text, 'b'));
    assert.throws(() => compilePolicy('{not json'));
    assert.throws(() => compilePolicy('[]'));
  });

  test('a PolicySet decides like the list it was built from, and is reusable', () => {
    const list = [
      policy([{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }], 'p1'),
      policy([allowGet, { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/secret/*' }], 'p2'),
      policy([{ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:sqs:*:*:*' }], 'p3'),
    ];
    const set = new PolicySet(list);
    const cases: [string, string][] = [
      ['s3:GetObject', 'arn:aws:s3:::bucket/a'],
      ['s3:GetObject', 'arn:aws:s3:::bucket/secret/a'],
      ['ec2:DescribeInstances', '*'],
      ['sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q'],
      ['iam:ListUsers', 'arn:aws:sqs:us-east-1:111122223333:q'],
      ['S3:GETOBJECT', 'arn:aws:s3:::bucket/a'],
    ];
    for (const [action, resource] of cases) {
      const a = evaluate(request({ action, resource, identityPolicies: list }));
      const b = evaluate(request({ action, resource, identityPolicies: set }));
      assert.equal(b.decision, a.decision, `${action} ${resource}`);
      assert.deepEqual(b.reason, a.reason);
    }
  });

  test('a prepared context is accepted and keys are case-insensitive', () => {
    const p = policy([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
    ]);
    const ctx = createContext({ 'AWS:SOURCEIP': '10.1.1.1' });
    assert.equal(evaluate(request({ identityPolicies: [p], context: ctx })).decision, 'Allowed');
    assert.equal(
      evaluate(request({ identityPolicies: [p], context: { 'aws:SourceIp': '192.168.0.1' } })).decision,
      'ImplicitlyDenied',
    );
  });
});
