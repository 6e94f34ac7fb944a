// AssumeRole end to end: trust policies, identity policies, conditions, durations, session policies and tags.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetRoleCommand,
  IAMClient,
  ListGroupsCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import {
  allow,
  clients,
  enabledMfa,
  policy,
  rejects,
  role,
  sessionKeys,
  trust,
  userWithKey,
  type Keys,
} from './sts-fixtures.js';

describe('STS AssumeRole', () => {
  let w: TestWarden;
  let root: IAMClient;
  let account: string;
  const rootArn = () => `arn:aws:iam::${account}:root`;

  before(async () => {
    w = await startWarden();
    root = new IAMClient(w.clientConfig);
    account = w.accountId;
  });
  after(async () => {
    await w.stop();
  });

  async function assume(keys: Keys, input: ConstructorParameters<typeof AssumeRoleCommand>[0]) {
    return clients(w, keys).sts.send(new AssumeRoleCommand(input));
  }

  test('a user allowed only sts:AssumeRole gains the role permissions and leaves its own behind', async () => {
    const reader = await role(root, 'UserReader', trust({ AWS: rootArn() }), policy(allow('iam:ListUsers')));
    const alice = await userWithKey(
      root,
      'alice',
      policy(allow('sts:AssumeRole', reader.arn), allow('iam:ListGroups')),
    );
    const asAlice = clients(w, alice).iam;
    await asAlice.send(new ListGroupsCommand({}));
    await rejects(
      asAlice.send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      /not authorized to perform: iam:ListUsers/,
    );

    const out = await assume(alice, { RoleArn: reader.arn, RoleSessionName: 'alice-session' });
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${account}:assumed-role/UserReader/alice-session`);
    assert.equal(out.AssumedRoleUser!.AssumedRoleId, `${reader.roleId}:alice-session`);
    assert.equal(out.PackedPolicySize, undefined, 'no session policy or tags, no PackedPolicySize');
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(expiresIn > 3590_000 && expiresIn <= 3600_000, `one hour by default, got ${expiresIn}`);

    const session = clients(w, sessionKeys(out.Credentials));
    const who = await session.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, out.AssumedRoleUser!.Arn);
    assert.equal(who.UserId, `${reader.roleId}:alice-session`);
    assert.equal(who.Account, account);
    await session.iam.send(new ListUsersCommand({}));
    await rejects(
      session.iam.send(new ListGroupsCommand({})),
      'AccessDenied',
      403,
      new RegExp(
        `^User: arn:aws:sts::${account}:assumed-role/UserReader/alice-session is not authorized to perform: iam:ListGroups`,
      ),
    );

    const used = await root.send(new GetRoleCommand({ RoleName: 'UserReader' }));
    assert.equal(used.Role!.RoleLastUsed?.Region, 'us-east-1');
    assert.ok(used.Role!.RoleLastUsed?.LastUsedDate);
  });

  test('the trust policy decides: a role that trusts someone else is AccessDenied with AWS message', async () => {
    const other = await userWithKey(root, 'other-user');
    const closed = await role(root, 'OnlyOther', trust({ AWS: other.arn }));
    const bob = await userWithKey(root, 'bob', policy(allow('sts:AssumeRole')));
    const denied = `User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${closed.arn}`;
    await rejects(assume(bob, { RoleArn: closed.arn, RoleSessionName: 'sn' }), 'AccessDenied', 403, denied);

    // A role that does not exist, or an ARN that names no role, is refused the same way.
    const missing = `arn:aws:iam::${account}:role/NoSuchRole`;
    await rejects(
      assume(bob, { RoleArn: missing, RoleSessionName: 'sn' }),
      'AccessDenied',
      403,
      `User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    );
    // The trusted user itself needs no identity policy: a trust policy naming it is enough within the account.
    await assume(other, { RoleArn: closed.arn, RoleSessionName: 'trusted' });
  });

  test('trusting the account delegates to the identity policies', async () => {
    const delegated = await role(root, 'Delegated', trust({ AWS: account }));
    const carol = await userWithKey(root, 'carol');
    await rejects(
      assume(carol, { RoleArn: delegated.arn, RoleSessionName: 'sn' }),
      'AccessDenied',
      403,
      `User: ${carol.arn} is not authorized to perform: sts:AssumeRole on resource: ${delegated.arn}`,
    );
    const dave = await userWithKey(
      root,
      'dave',
      policy(allow('sts:AssumeRole', `arn:aws:iam::${account}:role/Delegated`)),
    );
    await assume(dave, { RoleArn: delegated.arn, RoleSessionName: 'sn' });
    // The root user may not assume roles at all, even one trusting its own account.
    await rejects(
      new STSClient(w.clientConfig).send(new AssumeRoleCommand({ RoleArn: delegated.arn, RoleSessionName: 'root' })),
      'AccessDenied',
      403,
      'Roles may not be assumed by root accounts.',
    );
  });

  test('malformed role ARNs and session names are validation errors, worded as AWS words them', async () => {
    const erin = await userWithKey(root, 'erin', policy(allow('sts:AssumeRole')));
    for (const arn of [
      'nothing-valid-in-here',
      'arn::b:::something/test-role',
      'arn:a::::something/test-role',
      'arn:a:a::aaaaaaaaaa:',
    ]) {
      await rejects(
        assume(erin, { RoleArn: arn, RoleSessionName: 'session' }),
        'ValidationError',
        400,
        `${arn} is invalid`,
      );
    }
    await rejects(
      assume(erin, { RoleArn: `arn:aws:iam::${account}:role/UserReader`, RoleSessionName: 'Session1:2' }),
      'ValidationError',
      400,
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  test('sts:ExternalId in the trust policy must match', async () => {
    const vendor = await role(
      root,
      'VendorAccess',
      trust({ AWS: rootArn() }, 'sts:AssumeRole', { Condition: { StringEquals: { 'sts:ExternalId': 'unicorn-42' } } }),
    );
    const frank = await userWithKey(root, 'frank', policy(allow('sts:AssumeRole')));
    await rejects(
      assume(frank, { RoleArn: vendor.arn, RoleSessionName: 'sn' }),
      'AccessDenied',
      403,
      'User: arn:aws:iam::123456789012:user/frank is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/VendorAccess',
    );
    await rejects(
      assume(frank, { RoleArn: vendor.arn, RoleSessionName: 'sn', ExternalId: 'unicorn-41' }),
      'AccessDenied',
      403,
      'User: arn:aws:iam::123456789012:user/frank is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/VendorAccess',
    );
    await assume(frank, { RoleArn: vendor.arn, RoleSessionName: 'sn', ExternalId: 'unicorn-42' });
  });

  test('aws:MultiFactorAuthPresent: a verified MFA code, or an MFA session, satisfies it', async () => {
    const guarded = await role(
      root,
      'NeedsMfa',
      trust({ AWS: rootArn() }, 'sts:AssumeRole', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      policy(allow('iam:ListRoles')),
    );
    const gina = await userWithKey(root, 'gina', policy(allow('sts:AssumeRole')));
    const mfa = await enabledMfa(root, 'gina');
    const denied = `User: ${gina.arn} is not authorized to perform: sts:AssumeRole on resource: ${guarded.arn}`;
    await rejects(assume(gina, { RoleArn: guarded.arn, RoleSessionName: 'sn' }), 'AccessDenied', 403, denied);
    await rejects(
      assume(gina, { RoleArn: guarded.arn, RoleSessionName: 'sn', SerialNumber: mfa.serial, TokenCode: mfa.code(-1) }),
      'AccessDenied',
      403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
    await rejects(
      assume(gina, {
        RoleArn: guarded.arn,
        RoleSessionName: 'sn',
        SerialNumber: `arn:aws:iam::${account}:mfa/nobody`,
        TokenCode: mfa.code(0),
      }),
      'AccessDenied',
      403,
      /^MultiFactorAuthentication failed, unable to validate MFA code/,
    );
    const out = await assume(gina, {
      RoleArn: guarded.arn,
      RoleSessionName: 'mfa',
      SerialNumber: mfa.serial,
      TokenCode: mfa.code(0),
    });
    await clients(w, sessionKeys(out.Credentials)).iam.send(new ListRolesCommand({}));

    // GetSessionToken with MFA gives an MFA session, whose AssumeRole calls satisfy the condition too.
    const mfaSession = await clients(w, gina).sts.send(
      new GetSessionTokenCommand({ SerialNumber: mfa.serial, TokenCode: mfa.code(1), DurationSeconds: 900 }),
    );
    await assume(sessionKeys(mfaSession.Credentials), { RoleArn: guarded.arn, RoleSessionName: 'via-session' });
  });

  test('DurationSeconds is bounded by MaxSessionDuration, and by one hour for role chaining', async () => {
    const short = await role(root, 'ShortRole', trust({ AWS: rootArn() }), policy(allow('sts:AssumeRole')), {
      MaxSessionDuration: 3600,
    });
    const long = await role(root, 'LongRole', trust({ AWS: rootArn() }), policy(allow('sts:AssumeRole')), {
      MaxSessionDuration: 7200,
    });
    const hal = await userWithKey(root, 'hal', policy(allow('sts:AssumeRole')));
    await rejects(
      assume(hal, { RoleArn: short.arn, RoleSessionName: 'sn', DurationSeconds: 3601 }),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const first = await assume(hal, { RoleArn: long.arn, RoleSessionName: 'sn', DurationSeconds: 7200 });
    const expiresIn = first.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(expiresIn > 7190_000 && expiresIn <= 7200_000);

    // Role chaining: the role session assumes another role, for at most an hour.
    const chained = sessionKeys(first.Credentials);
    await rejects(
      assume(chained, { RoleArn: short.arn, RoleSessionName: 'chain', DurationSeconds: 3700 }),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    const second = await assume(chained, { RoleArn: short.arn, RoleSessionName: 'chain' });
    assert.equal(second.AssumedRoleUser!.Arn, `arn:aws:sts::${account}:assumed-role/ShortRole/chain`);
  });

  test('session policies narrow the session: inline Policy and PolicyArns', async () => {
    const wide = await role(
      root,
      'WideRole',
      trust({ AWS: rootArn() }),
      policy(allow(['iam:ListUsers', 'iam:ListRoles'])),
    );
    const ivy = await userWithKey(root, 'ivy', policy(allow('sts:AssumeRole')));
    const out = await assume(ivy, {
      RoleArn: wide.arn,
      RoleSessionName: 'narrow',
      Policy: policy(allow('iam:ListRoles')),
    });
    assert.ok(out.PackedPolicySize! > 0 && out.PackedPolicySize! < 100, `PackedPolicySize ${out.PackedPolicySize}`);
    const narrow = clients(w, sessionKeys(out.Credentials)).iam;
    await narrow.send(new ListRolesCommand({}));
    await rejects(
      narrow.send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      /is not authorized to perform: iam:ListUsers .*because no session policy allows the iam:ListUsers action$/,
    );

    // An AWS managed policy as session policy: ReadOnlyAccess keeps reads, and the role still caps them.
    const managed = await assume(ivy, {
      RoleArn: wide.arn,
      RoleSessionName: 'managed',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }],
    });
    await clients(w, sessionKeys(managed.Credentials)).iam.send(new ListUsersCommand({}));

    await rejects(
      assume(ivy, { RoleArn: wide.arn, RoleSessionName: 'bad', Policy: '{"Version":"2012-10-17","Statement":[' }),
      'MalformedPolicyDocumentException',
      400,
      'Syntax errors in policy.',
    );
    await rejects(
      assume(ivy, {
        RoleArn: wide.arn,
        RoleSessionName: 'bad',
        Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }),
      }),
      'MalformedPolicyDocumentException',
      400,
      'Policy document should not specify a principal.',
    );
    await rejects(
      assume(ivy, {
        RoleArn: wide.arn,
        RoleSessionName: 'bad',
        PolicyArns: [{ arn: `arn:aws:iam::${account}:policy/DoesNotExist` }],
      }),
      'ValidationError',
      400,
      'Policy arn:aws:iam::123456789012:policy/DoesNotExist does not exist or is not attachable.',
    );
    const actions = Array.from({ length: 60 }, (_, i) => `iam:GetServiceLastAccessedDetailsWithEntities${i}`);
    await rejects(
      assume(ivy, { RoleArn: wide.arn, RoleSessionName: 'big', Policy: policy(allow(actions)) }),
      'PackedPolicyTooLargeException',
      400,
      /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/,
    );
  });

  test('session tags need sts:TagSession, label the session (aws:PrincipalTag) and follow role chains when transitive', async () => {
    const tagged = await role(
      root,
      'TaggedRole',
      trust({ AWS: rootArn() }, ['sts:AssumeRole', 'sts:TagSession']),
      policy(
        allow('iam:ListUsers', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } }),
        allow('sts:AssumeRole'),
      ),
    );
    const untaggable = await role(root, 'NoTagRole', trust({ AWS: rootArn() }));
    const jack = await userWithKey(root, 'jack', policy(allow(['sts:AssumeRole', 'sts:TagSession'])));
    await rejects(
      assume(jack, { RoleArn: untaggable.arn, RoleSessionName: 'sn', Tags: [{ Key: 'team', Value: 'ops' }] }),
      'AccessDenied',
      403,
      `User: ${jack.arn} is not authorized to perform: sts:TagSession on resource: ${untaggable.arn}`,
    );
    await rejects(
      assume(jack, {
        RoleArn: tagged.arn,
        RoleSessionName: 'sn',
        Tags: [
          { Key: 'team', Value: 'ops' },
          { Key: 'Team', Value: 'dev' },
        ],
      }),
      'InvalidParameterValue',
      400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    await rejects(
      assume(jack, {
        RoleArn: tagged.arn,
        RoleSessionName: 'sn',
        Tags: [{ Key: 'team', Value: 'ops' }],
        TransitiveTagKeys: ['cost'],
      }),
      'InvalidParameterValue',
      400,
      'The specified transitive tag key must be included in the requested tags.',
    );

    const ops = await assume(jack, {
      RoleArn: tagged.arn,
      RoleSessionName: 'ops',
      Tags: [{ Key: 'team', Value: 'ops' }],
      TransitiveTagKeys: ['team'],
    });
    assert.ok(ops.PackedPolicySize! >= 1);
    const opsKeys = sessionKeys(ops.Credentials);
    await clients(w, opsKeys).iam.send(new ListUsersCommand({}));
    const dev = await assume(jack, {
      RoleArn: tagged.arn,
      RoleSessionName: 'dev',
      Tags: [{ Key: 'team', Value: 'dev' }],
    });
    await rejects(
      clients(w, sessionKeys(dev.Credentials)).iam.send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      'User: arn:aws:sts::123456789012:assumed-role/TaggedRole/dev is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action',
    );

    // Chained from the ops session, the transitive tag comes along and cannot be replaced.
    const chained = await assume(opsKeys, { RoleArn: tagged.arn, RoleSessionName: 'ops-chain' });
    await clients(w, sessionKeys(chained.Credentials)).iam.send(new ListUsersCommand({}));
    await rejects(
      assume(opsKeys, { RoleArn: tagged.arn, RoleSessionName: 'override', Tags: [{ Key: 'TEAM', Value: 'dev' }] }),
      'InvalidParameterValue',
      400,
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    );
  });

  test('SourceIdentity needs sts:SetSourceIdentity and stays the same along a role chain', async () => {
    const traced = await role(
      root,
      'TracedRole',
      trust({ AWS: rootArn() }, ['sts:AssumeRole', 'sts:SetSourceIdentity']),
      // Carrying the source identity into the next role of a chain is setting it there: both sides must allow.
      policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'])),
    );
    const plain = await role(root, 'PlainRole', trust({ AWS: rootArn() }));
    const kim = await userWithKey(root, 'kim', policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'])));
    await rejects(
      assume(kim, { RoleArn: plain.arn, RoleSessionName: 'sn', SourceIdentity: 'kim@example.com' }),
      'AccessDenied',
      403,
      `User: ${kim.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${plain.arn}`,
    );
    const out = await assume(kim, { RoleArn: traced.arn, RoleSessionName: 'sn', SourceIdentity: 'kim@example.com' });
    assert.equal(out.SourceIdentity, 'kim@example.com');
    const chained = await assume(sessionKeys(out.Credentials), { RoleArn: traced.arn, RoleSessionName: 'next' });
    assert.equal(chained.SourceIdentity, 'kim@example.com');
    await rejects(
      assume(sessionKeys(out.Credentials), {
        RoleArn: traced.arn,
        RoleSessionName: 'next',
        SourceIdentity: 'someone-else',
      }),
      'InvalidParameterValue',
      400,
    );
  });

  test('a role policy denying tokens issued before a cut-off revokes live sessions at once', async () => {
    const revocable = await role(root, 'Revocable', trust({ AWS: rootArn() }), policy(allow('iam:ListRoles')));
    const lee = await userWithKey(root, 'lee', policy(allow('sts:AssumeRole')));
    const out = await assume(lee, { RoleArn: revocable.arn, RoleSessionName: 'sn' });
    const session = clients(w, sessionKeys(out.Credentials)).iam;
    await session.send(new ListRolesCommand({}));
    const cutoff = new Date(Date.now() + 1000).toISOString();
    await root.send(
      new PutRolePolicyCommand({
        RoleName: 'Revocable',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: policy({
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } },
        }),
      }),
    );
    await rejects(session.send(new ListRolesCommand({})), 'AccessDenied', 403, /with an explicit deny/);
  });

  test('a tampered, missing or foreign session token is InvalidClientTokenId', async () => {
    const target = await role(root, 'TokenRole', trust({ AWS: rootArn() }), policy(allow('iam:ListRoles')));
    const tina = clients(w, await userWithKey(root, 'tina', policy(allow('sts:AssumeRole')))).sts;
    const out = await tina.send(new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'tt' }));
    const keys = sessionKeys(out.Credentials);
    const token = Buffer.from(keys.sessionToken!, 'base64');
    token[token.length - 5] ^= 0x20;
    const invalid = 'The security token included in the request is invalid.';
    await rejects(
      clients(w, { ...keys, sessionToken: token.toString('base64') }).sts.send(new GetCallerIdentityCommand({})),
      'InvalidClientTokenId',
      403,
      invalid,
    );
    await rejects(
      clients(w, { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }).sts.send(
        new GetCallerIdentityCommand({}),
      ),
      'InvalidClientTokenId',
      403,
      invalid,
    );
    const other = await tina.send(new AssumeRoleCommand({ RoleArn: target.arn, RoleSessionName: 'uu' }));
    await rejects(
      clients(w, { ...keys, sessionToken: other.Credentials!.SessionToken }).sts.send(new GetCallerIdentityCommand({})),
      'InvalidClientTokenId',
      403,
      invalid,
    );
    await rejects(
      clients(w, { ...keys, secretAccessKey: 'x'.repeat(40) }).sts.send(new GetCallerIdentityCommand({})),
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });
});
