// IAM's policy simulator through the real server: its decisions are the ones enforcement makes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  TagUserCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let root: IAMClient;
let account: string;

before(async () => {
  w = await startWarden();
  root = new IAMClient(w.clientConfig);
  account = w.accountId;
});
after(async () => {
  await w.stop();
});

function doc(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const LISTERS = doc({ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListRoles'], Resource: '*' });

describe('simulation matches enforcement', () => {
  let analyst: IAMClient;
  let analystArn: string;
  let denyArn: string;

  before(async () => {
    const user = await root.send(new CreateUserCommand({ UserName: 'analyst' }));
    analystArn = user.User!.Arn!;
    const key = await root.send(new CreateAccessKeyCommand({ UserName: 'analyst' }));
    analyst = new IAMClient({
      ...w.clientConfig,
      credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! },
    });
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'analyst',
        PolicyName: 'work',
        PolicyDocument: doc(
          { Effect: 'Allow', Action: ['iam:GetUser', 'iam:TagUser'], Resource: `arn:aws:iam::${account}:user/*` },
          { Effect: 'Allow', Action: 'iam:CreateUser', Resource: `arn:aws:iam::${account}:user/lab-*` },
          { Effect: 'Allow', Action: 'iam:DeleteUser', Resource: '*' },
        ),
      }),
    );
    const deny = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'ProtectAdmins',
        PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:*', Resource: `arn:aws:iam::${account}:user/admin-*` }),
      }),
    );
    denyArn = deny.Policy!.Arn!;
    await root.send(new AttachUserPolicyCommand({ UserName: 'analyst', PolicyArn: denyArn }));
    await root.send(new CreateGroupCommand({ GroupName: 'listers' }));
    await root.send(
      new PutGroupPolicyCommand({
        GroupName: 'listers',
        PolicyName: 'list',
        PolicyDocument: LISTERS,
      }),
    );
    await root.send(new AddUserToGroupCommand({ GroupName: 'listers', UserName: 'analyst' }));
    const boundary = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'AnalystBoundary',
        PolicyDocument: doc({
          Effect: 'Allow',
          Action: ['iam:Get*', 'iam:List*', 'iam:CreateUser', 'iam:TagUser'],
          Resource: '*',
        }),
      }),
    );
    await root.send(
      new PutUserPermissionsBoundaryCommand({ UserName: 'analyst', PermissionsBoundary: boundary.Policy!.Arn }),
    );
    for (const name of ['admin-root', 'lab-existing', 'plain'])
      await root.send(new CreateUserCommand({ UserName: name }));
  });

  /** What enforcement answers: allowed, or the kind of denial AWS's message names. */
  async function enforced(call: () => Promise<unknown>): Promise<string> {
    return call().then(
      () => 'allowed',
      (e: { name: string; message: string }) => {
        if (e.name !== 'AccessDenied') return `error:${e.name}`;
        return e.message.includes('with an explicit deny') ? 'explicitDeny' : 'implicitDeny';
      },
    );
  }

  async function simulated(action: string, resource: string): Promise<EvaluationResult> {
    const out = await root.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: analystArn,
        ActionNames: [action],
        ResourceArns: [resource],
      }),
    );
    return out.EvaluationResults![0];
  }

  const user = (name: string) => `arn:aws:iam::${account}:user/${name}`;
  const cases: [string, string, () => Promise<unknown>][] = [
    ['iam:GetUser', 'plain', () => analyst.send(new GetUserCommand({ UserName: 'plain' }))],
    ['iam:GetUser', 'admin-root', () => analyst.send(new GetUserCommand({ UserName: 'admin-root' }))],
    ['iam:CreateUser', 'lab-new', () => analyst.send(new CreateUserCommand({ UserName: 'lab-new' }))],
    ['iam:CreateUser', 'prod-new', () => analyst.send(new CreateUserCommand({ UserName: 'prod-new' }))],
    ['iam:CreateUser', 'admin-new', () => analyst.send(new CreateUserCommand({ UserName: 'admin-new' }))],
    ['iam:DeleteUser', 'lab-existing', () => analyst.send(new DeleteUserCommand({ UserName: 'lab-existing' }))],
    [
      'iam:TagUser',
      'plain',
      () => analyst.send(new TagUserCommand({ UserName: 'plain', Tags: [{ Key: 'k', Value: 'v' }] })),
    ],
  ];

  for (const [action, name, call] of cases) {
    test(`${action} on user/${name}`, async () => {
      const sim = await simulated(action, user(name));
      assert.equal(await enforced(call), sim.EvalDecision);
      assert.equal(sim.EvalResourceName, user(name));
      assert.equal(sim.ResourceSpecificResults?.[0].EvalResourceDecision, sim.EvalDecision);
      assert.ok(sim.PermissionsBoundaryDecisionDetail, 'a boundary took part');
    });
  }

  test('listings, granted through the group', async () => {
    const sim = await root.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: analystArn,
        ActionNames: ['iam:ListUsers', 'iam:ListRoles', 'iam:ListPolicies'],
      }),
    );
    const decisions = sim.EvaluationResults!.map((r) => r.EvalDecision);
    assert.deepEqual(decisions, ['allowed', 'allowed', 'implicitDeny']);
    assert.equal(await enforced(() => analyst.send(new ListUsersCommand({}))), decisions[0]);
    assert.equal(await enforced(() => analyst.send(new ListRolesCommand({}))), decisions[1]);
    const [list] = sim.EvaluationResults!;
    assert.equal(list.EvalResourceName, '*');
    assert.equal(list.ResourceSpecificResults, undefined);
    // The one statement: from its opening brace (1-based column) to just past its closing one.
    const start = LISTERS.indexOf('[{') + 2;
    const end = LISTERS.lastIndexOf('}]') + 2;
    assert.deepEqual(list.MatchedStatements, [
      {
        SourcePolicyId: 'group_listers_list',
        SourcePolicyType: 'IAM Policy',
        StartPosition: { Line: 1, Column: start },
        EndPosition: { Line: 1, Column: end },
      },
    ]);
  });

  test('an explicit deny lists only the denying statement', async () => {
    const sim = await simulated('iam:GetUser', user('admin-root'));
    assert.equal(sim.EvalDecision, 'explicitDeny');
    assert.deepEqual(
      sim.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
      [['ProtectAdmins', 'IAM Policy']],
    );
    assert.deepEqual(sim.EvalDecisionDetails, {});
    assert.equal(sim.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, true);
  });

  test('PolicyExclusionList leaves policies out, and a boundary can be swapped in', async () => {
    const sim = await root.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: analystArn,
        ActionNames: ['iam:GetUser', 'iam:DeleteUser'],
        ResourceArns: [user('admin-root')],
        PolicyExclusionList: [{ PolicyArn: denyArn }],
        PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' })],
      }),
    );
    assert.deepEqual(
      sim.EvaluationResults!.map((r) => [
        r.EvalDecision,
        r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
      ]),
      [
        ['allowed', true],
        ['implicitDeny', false],
      ],
    );
  });
});

describe('SimulateCustomPolicy', () => {
  const pretty = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Reads', Effect: 'Allow', Action: 'iam:Get*', Resource: '*' },
        {
          Sid: 'Office',
          Effect: 'Allow',
          Action: 'iam:CreateUser',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
      ],
    },
    null,
    2,
  );

  test('MatchedStatements give where each statement starts and ends', async () => {
    const out = await root.send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [pretty], ActionNames: ['iam:GetRole'] }),
    );
    const [result] = out.EvaluationResults!;
    assert.equal(result.EvalDecision, 'allowed');
    assert.deepEqual(result.MatchedStatements, [
      {
        SourcePolicyId: 'PolicyInputList.1',
        SourcePolicyType: 'IAM Policy',
        StartPosition: { Line: 4, Column: 5 },
        EndPosition: { Line: 9, Column: 6 },
      },
    ]);
  });

  test('MissingContextValues name the keys a condition needed; ContextEntries supply them', async () => {
    const missing = await root.send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [pretty], ActionNames: ['iam:CreateUser'] }),
    );
    assert.equal(missing.EvaluationResults![0].EvalDecision, 'implicitDeny');
    assert.deepEqual(missing.EvaluationResults![0].MissingContextValues, ['aws:SourceIp']);

    const office = await root.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [pretty],
        ActionNames: ['iam:CreateUser'],
        ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' }],
      }),
    );
    assert.equal(office.EvaluationResults![0].EvalDecision, 'allowed');
    assert.deepEqual(office.EvaluationResults![0].MissingContextValues, []);

    const elsewhere = await root.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [pretty],
        ActionNames: ['iam:CreateUser'],
        ResourceArns: [`arn:aws:iam::${account}:user/x`],
        ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['192.0.2.1'], ContextKeyType: 'ip' }],
      }),
    );
    assert.equal(elsewhere.EvaluationResults![0].EvalDecision, 'implicitDeny');
  });

  test('a resource policy grants a caller it names', async () => {
    const out = await root.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc({ Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' })],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::reports/q1.csv'],
        ResourcePolicy: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:user/reader` },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::reports/*',
        }),
        CallerArn: `arn:aws:iam::${account}:user/reader`,
        ResourceOwner: `arn:aws:iam::${account}:root`,
      }),
    );
    const [result] = out.EvaluationResults!;
    assert.equal(result.EvalDecision, 'allowed');
    assert.deepEqual(
      result.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
      [['ResourcePolicy', 'Resource Policy']],
    );
  });

  test('results are paginated with MaxItems and Marker', async () => {
    const input = {
      PolicyInputList: [doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })],
      ActionNames: ['iam:GetUser', 'iam:ListUsers', 'iam:CreateUser'],
      MaxItems: 2,
    };
    const first = await root.send(new SimulateCustomPolicyCommand(input));
    assert.equal(first.IsTruncated, true);
    assert.equal(first.EvaluationResults!.length, 2);
    const second = await root.send(new SimulateCustomPolicyCommand({ ...input, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    assert.deepEqual(
      second.EvaluationResults!.map((r) => r.EvalActionName),
      ['iam:CreateUser'],
    );
  });

  test('a role is simulated with its own policies', async () => {
    await root.send(
      new CreateRoleCommand({
        RoleName: 'sim-role',
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      }),
    );
    await root.send(
      new PutRolePolicyCommand({
        RoleName: 'sim-role',
        PolicyName: 'r',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }),
      }),
    );
    const out = await root.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${account}:role/sim-role`,
        ActionNames: ['iam:ListRoles', 'iam:ListUsers'],
      }),
    );
    assert.deepEqual(
      out.EvaluationResults!.map((r) => r.EvalDecision),
      ['allowed', 'implicitDeny'],
    );
    assert.equal(out.EvaluationResults![0].MatchedStatements![0].SourcePolicyId, 'role_sim-role_r');
  });

  test('an unknown principal is NoSuchEntity', async () => {
    const err = await root
      .send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${account}:user/nobody-here`,
          ActionNames: ['iam:GetUser'],
        }),
      )
      .then(
        () => assert.fail('expected NoSuchEntity'),
        (e: { name: string; message: string; $metadata: { httpStatusCode: number } }) => e,
      );
    assert.equal(err.name, 'NoSuchEntityException');
    assert.equal(err.message, 'The user with name nobody-here cannot be found.');
    assert.equal(err.$metadata.httpStatusCode, 404);
  });
});

describe('context keys', () => {
  const conditioned = doc(
    { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
    {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    },
  );

  test('GetContextKeysForCustomPolicy lists every key the policies reference', async () => {
    const out = await root.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [conditioned] }));
    assert.deepEqual(out.ContextKeyNames, ['aws:username', 'aws:MultiFactorAuthPresent', 'aws:SourceIp']);
  });

  test("GetContextKeysForPrincipalPolicy includes the principal's policies", async () => {
    const user = await root.send(new CreateUserCommand({ UserName: 'keyed' }));
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'keyed',
        PolicyName: 'tagged',
        PolicyDocument: doc({
          Effect: 'Allow',
          Action: 'iam:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestTag/team': 'x' } },
        }),
      }),
    );
    const out = await root.send(
      new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: user.User!.Arn, PolicyInputList: [conditioned] }),
    );
    assert.deepEqual(out.ContextKeyNames, [
      'aws:RequestTag/team',
      'aws:username',
      'aws:MultiFactorAuthPresent',
      'aws:SourceIp',
    ]);
  });
});
