// Organizations policies end to end: policy types, SCP CRUD and attachment rules, effective tag policies, guardrails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  EnablePolicyTypeCommand,
  DisablePolicyTypeCommand,
  CreatePolicyCommand,
  UpdatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  ListPoliciesCommand,
  AttachPolicyCommand,
  DetachPolicyCommand,
  ListPoliciesForTargetCommand,
  ListTargetsForPolicyCommand,
  DescribeEffectivePolicyCommand,
} from '@aws-sdk/client-organizations';
import { organizationWithMemberInOu, rejectsWith } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { loadGuardrails } from '../../src/services/organizations/guardrails.js';

const denyAll = (sid: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Deny', Action: 's3:*', Resource: '*' }] });

describe('organizations policies end to end', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let orgId = '';
  let rootId = '';
  let ouId = '';
  let memberId = '';
  before(async () => {
    w = await startWarden();
    ({ org, orgId, rootId, ouId, memberId } = await organizationWithMemberInOu(w, 'Workloads', 'w'));
  });
  after(async () => {
    await w.stop();
  });

  test('attaching before the type is enabled is PolicyTypeNotEnabledException', async () => {
    const p = (
      await org.send(
        new CreatePolicyCommand({
          Name: 'early',
          Description: 'd',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: denyAll('a'),
        }),
      )
    ).Policy!.PolicySummary!;
    await assert.rejects(
      org.send(new AttachPolicyCommand({ PolicyId: p.Id!, TargetId: ouId })),
      rejectsWith('PolicyTypeNotEnabledException', {
        message: 'This operation can be performed only for enabled policy types.',
      }),
    );
    await org.send(new DeletePolicyCommand({ PolicyId: p.Id! }));
    assert.equal((await loadGuardrails(w.warden.runtime.store.db, memberId))!.scps.length, 0);
  });

  test('EnablePolicyType attaches FullAWSAccess everywhere; enabling twice is refused', async () => {
    const root = (await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })))
      .Root!;
    assert.deepEqual(root.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    await assert.rejects(
      org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })),
      rejectsWith('PolicyTypeAlreadyEnabledException', { message: 'The specified policy type is already enabled.' }),
    );
    await assert.rejects(
      org.send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: 'SERVICE_CONTROL_POLICY' })),
      rejectsWith('RootNotFoundException', { message: "You specified a root that doesn't exist." }),
    );
    for (const target of [rootId, ouId, memberId, w.accountId]) {
      const attached = await org.send(
        new ListPoliciesForTargetCommand({ TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }),
      );
      assert.deepEqual(
        attached.Policies!.map((p) => [p.Id, p.AwsManaged, p.Arn]),
        [['p-FullAWSAccess', true, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess']],
      );
    }
    const full = (await org.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy!;
    assert.deepEqual(JSON.parse(full.Content!).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  });

  let denyId = '';
  test('SCP CRUD with grammar, size and name checks', async () => {
    const created = (
      await org.send(
        new CreatePolicyCommand({
          Name: 'DenyS3',
          Description: 'no s3',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: denyAll('one'),
          Tags: [{ Key: 'k', Value: 'v' }],
        }),
      )
    ).Policy!;
    denyId = created.PolicySummary!.Id!;
    assert.match(denyId, /^p-[a-z0-9]{8}$/);
    assert.equal(
      created.PolicySummary!.Arn,
      `arn:aws:organizations::${w.accountId}:policy/${orgId}/service_control_policy/${denyId}`,
    );
    assert.equal(created.PolicySummary!.AwsManaged, false);
    await assert.rejects(
      org.send(
        new CreatePolicyCommand({
          Name: 'DenyS3',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: denyAll('x'),
        }),
      ),
      rejectsWith('DuplicatePolicyException', { message: 'A policy with the same name already exists.' }),
    );
    await assert.rejects(
      org.send(
        new CreatePolicyCommand({
          Name: 'bad',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: '{"Version":',
        }),
      ),
      rejectsWith('MalformedPolicyDocumentException'),
    );
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `s3:Action${i}`), Resource: '*' }],
    });
    assert.ok(big.length > 5120);
    await assert.rejects(
      org.send(new CreatePolicyCommand({ Name: 'big', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: big })),
      rejectsWith('ConstraintViolationException', { reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' }),
    );
    const updated = (
      await org.send(new UpdatePolicyCommand({ PolicyId: denyId, Description: 'still no s3', Content: denyAll('two') }))
    ).Policy!;
    assert.equal(updated.PolicySummary!.Description, 'still no s3');
    assert.equal(JSON.parse(updated.Content!).Statement[0].Sid, 'two');
    await assert.rejects(
      org.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'mine' })),
      rejectsWith('InvalidInputException', { reason: 'IMMUTABLE_POLICY' }),
    );
    const listed = await org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(
      listed.Policies!.map((p) => p.Name),
      ['FullAWSAccess', 'DenyS3'],
    );
    await assert.rejects(
      org.send(new DescribePolicyCommand({ PolicyId: 'p-00000000' })),
      rejectsWith('PolicyNotFoundException', {
        message: "We can't find a policy with the PolicyId that you specified.",
      }),
    );
  });

  test('attach/detach: duplicates, the 5-per-target limit, the last-SCP rule, PolicyInUse', async () => {
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: ouId }));
    await assert.rejects(
      org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: ouId })),
      rejectsWith('DuplicatePolicyAttachmentException', {
        message: 'A policy with the specified name and type already exists.',
      }),
    );
    await assert.rejects(
      org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: 'ou-zzzz-zzzzzzzz' })),
      rejectsWith('TargetNotFoundException', { message: "You specified a target that doesn't exist." }),
    );
    const targets = await org.send(new ListTargetsForPolicyCommand({ PolicyId: denyId }));
    assert.deepEqual(targets.Targets, [
      {
        TargetId: ouId,
        Arn: `arn:aws:organizations::${w.accountId}:ou/${orgId}/${ouId}`,
        Name: 'Workloads',
        Type: 'ORGANIZATIONAL_UNIT',
      },
    ]);
    await assert.rejects(
      org.send(new DeletePolicyCommand({ PolicyId: denyId })),
      rejectsWith('PolicyInUseException', {
        message:
          'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
      }),
    );

    // The OU holds FullAWSAccess and DenyS3; three more reach AWS's limit of five, a sixth is refused.
    const extra: string[] = [];
    for (let i = 0; i < 4; i++) {
      extra.push(
        (
          await org.send(
            new CreatePolicyCommand({
              Name: `extra${i}`,
              Description: '',
              Type: 'SERVICE_CONTROL_POLICY',
              Content: denyAll(`e${i}`),
            }),
          )
        ).Policy!.PolicySummary!.Id!,
      );
    }
    for (const id of extra.slice(0, 3)) await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: ouId }));
    await assert.rejects(
      org.send(new AttachPolicyCommand({ PolicyId: extra[3]!, TargetId: ouId })),
      rejectsWith('ConstraintViolationException', {
        reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
        message: 'You have attached the maximum number of policies to the specified target.',
      }),
    );
    for (const id of extra.slice(0, 3)) await org.send(new DetachPolicyCommand({ PolicyId: id, TargetId: ouId }));

    // Guardrails for the member: root, OU and account levels, with the OU's deny.
    const g = (await loadGuardrails(w.warden.runtime.store.db, memberId))!;
    assert.equal(g.orgId, orgId);
    assert.equal(g.isManagementAccount, false);
    assert.equal(g.path, `${orgId}/${rootId}/${ouId}/`);
    assert.deepEqual(
      g.scps.map((l) => [l.id, l.policies.map((p) => p.id)]),
      [
        [rootId, ['p-FullAWSAccess']],
        [ouId, [denyId, 'p-FullAWSAccess'].sort()],
        [memberId, ['p-FullAWSAccess']],
      ],
    );
    assert.deepEqual(g.rcps, []);

    await org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));
    await assert.rejects(
      org.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: ouId })),
      rejectsWith('ConstraintViolationException', { reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED' }),
    );
    await assert.rejects(
      org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId })),
      rejectsWith('PolicyNotAttachedException'),
    );
    await org.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));
    await org.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: ouId }));
    await org.send(new DeletePolicyCommand({ PolicyId: denyId }));
  });

  test('RCPs: RCPFullAWSAccess attached on enable and not detachable', async () => {
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const attached = await org.send(
      new ListPoliciesForTargetCommand({ TargetId: memberId, Filter: 'RESOURCE_CONTROL_POLICY' }),
    );
    assert.deepEqual(
      attached.Policies!.map((p) => p.Id),
      ['p-RCPFullAWSAccess'],
    );
    await assert.rejects(
      org.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: memberId })),
      rejectsWith('InvalidInputException', { reason: 'NON_DETACHABLE_POLICY' }),
    );
    const g = (await loadGuardrails(w.warden.runtime.store.db, memberId))!;
    assert.equal(g.rcps.length, 3);
    const root = (
      await org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }))
    ).Root!;
    assert.deepEqual(root.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    await assert.rejects(
      org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' })),
      rejectsWith('PolicyTypeNotEnabledException', {
        message: 'This operation can be performed only for enabled policy types.',
      }),
    );
  });

  test('DescribeEffectivePolicy merges tag policies from the root down to the account', async () => {
    await assert.rejects(
      org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: memberId })),
      rejectsWith('EffectivePolicyNotFoundException'),
    );
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }));
    const tagPolicy = async (name: string, content: unknown) =>
      (
        await org.send(
          new CreatePolicyCommand({
            Name: name,
            Description: '',
            Type: 'TAG_POLICY',
            Content: JSON.stringify(content),
          }),
        )
      ).Policy!.PolicySummary!.Id!;
    const rootPolicy = await tagPolicy('root', {
      tags: {
        costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100', '200'] } },
        env: { tag_key: { '@@assign': 'Env' } },
      },
    });
    const ouPolicy = await tagPolicy('ou', { tags: { costcenter: { tag_value: { '@@append': ['300'] } } } });
    const accountPolicy = await tagPolicy('account', { tags: { costcenter: { tag_value: { '@@remove': ['100'] } } } });
    await org.send(new AttachPolicyCommand({ PolicyId: rootPolicy, TargetId: rootId }));
    await org.send(new AttachPolicyCommand({ PolicyId: ouPolicy, TargetId: ouId }));
    await org.send(new AttachPolicyCommand({ PolicyId: accountPolicy, TargetId: memberId }));
    const out = (await org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: memberId })))
      .EffectivePolicy!;
    assert.equal(out.TargetId, memberId);
    assert.equal(out.PolicyType, 'TAG_POLICY');
    assert.deepEqual(JSON.parse(out.PolicyContent!), {
      tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['200', '300'] }, env: { tag_key: 'Env' } },
    });
    await assert.rejects(
      org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: ouId })),
      rejectsWith('InvalidInputException', { reason: 'TARGET_NOT_SUPPORTED' }),
    );
    await assert.rejects(
      org.send(
        new CreatePolicyCommand({
          Name: 'badtag',
          Description: '',
          Type: 'TAG_POLICY',
          Content: '{"tags":{"x":{"@@bogus":1}}}',
        }),
      ),
      rejectsWith('MalformedPolicyDocumentException'),
    );
  });
});
