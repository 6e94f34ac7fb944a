// Organizations' management policy types end to end: every modelled type enabled, content checked per type, and
// effective policies merged from the root through an OU to an account with the inheritance operators.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  EnablePolicyTypeCommand,
  DisablePolicyTypeCommand,
  CreatePolicyCommand,
  UpdatePolicyCommand,
  AttachPolicyCommand,
  ListPoliciesForTargetCommand,
  DescribeEffectivePolicyCommand,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { loadModel } from '../../src/aws/model.js';
import { organizationWithMemberInOu, rejectsWith } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

describe('organizations management policies end to end', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  let orgId = '';
  let rootId = '';
  let ouId = '';
  let memberId = '';
  const create = async (type: PolicyType, name: string, content: unknown) =>
    (
      await org.send(
        new CreatePolicyCommand({
          Name: name,
          Description: '',
          Type: type,
          Content: typeof content === 'string' ? content : JSON.stringify(content),
        }),
      )
    ).Policy!.PolicySummary!;
  before(async () => {
    w = await startWarden();
    ({ org, orgId, rootId, ouId, memberId } = await organizationWithMemberInOu(w, 'Apps', 'mp'));
  });
  after(async () => {
    await w.stop();
  });

  test('every policy type of the model can be enabled on the root, and disabled again', async () => {
    const types = loadModel('organizations').shapes.PolicyType!.enum as PolicyType[];
    assert.ok(types.length >= 14);
    for (const type of types) {
      const root = (await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type }))).Root!;
      assert.ok(
        root.PolicyTypes!.some((p) => p.Type === type && p.Status === 'ENABLED'),
        type,
      );
    }
    for (const type of types) {
      if (type === 'AISERVICES_OPT_OUT_POLICY' || type === 'BACKUP_POLICY') continue;
      await org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: type }));
    }
  });

  test('content is checked per type: JSON, top-level key, operators, size; ARNs name the type', async () => {
    const ai = await create('AISERVICES_OPT_OUT_POLICY', 'ai-ok', {
      services: { default: { opt_out_policy: { '@@assign': 'optOut' } } },
    });
    assert.equal(ai.Arn, `arn:aws:organizations::${w.accountId}:policy/${orgId}/aiservices_opt_out_policy/${ai.Id}`);
    await assert.rejects(
      create('AISERVICES_OPT_OUT_POLICY', 'ai-key', { plans: {} }),
      rejectsWith('MalformedPolicyDocumentException'),
    );
    await assert.rejects(
      create('BACKUP_POLICY', 'b-json', '{"plans":'),
      rejectsWith('MalformedPolicyDocumentException'),
    );
    await assert.rejects(
      create('BACKUP_POLICY', 'b-op', { plans: { p: { regions: { '@@append': 'us-east-1' } } } }),
      rejectsWith('MalformedPolicyDocumentException'),
    );
    const big = {
      services: { default: { opt_out_policy: { '@@assign': 'optOut' } }, pad: { x: { '@@assign': 'y'.repeat(2600) } } },
    };
    await assert.rejects(
      create('AISERVICES_OPT_OUT_POLICY', 'ai-big', big),
      rejectsWith('ConstraintViolationException', { reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' }),
    );
    // The same content fits a backup policy's 10,000 characters (but not its top-level key).
    await assert.rejects(
      org.send(new UpdatePolicyCommand({ PolicyId: ai.Id!, Content: JSON.stringify({ tags: {} }) })),
      rejectsWith('MalformedPolicyDocumentException'),
    );
  });

  test('DescribeEffectivePolicy merges AI opt-out policies root → OU → account with child control', async () => {
    const root = await create('AISERVICES_OPT_OUT_POLICY', 'ai-root', {
      services: {
        default: { opt_out_policy: { '@@assign': 'optOut' } },
        rekognition: {
          opt_out_policy: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'optOut' },
        },
      },
    });
    const ou = await create('AISERVICES_OPT_OUT_POLICY', 'ai-ou', {
      services: {
        lex: { opt_out_policy: { '@@assign': 'optIn' } },
        rekognition: { opt_out_policy: { '@@assign': 'optIn' } },
      },
    });
    await org.send(new AttachPolicyCommand({ PolicyId: root.Id!, TargetId: rootId }));
    await org.send(new AttachPolicyCommand({ PolicyId: ou.Id!, TargetId: ouId }));
    const out = (
      await org.send(
        new DescribeEffectivePolicyCommand({ PolicyType: 'AISERVICES_OPT_OUT_POLICY', TargetId: memberId }),
      )
    ).EffectivePolicy!;
    assert.equal(out.PolicyType, 'AISERVICES_OPT_OUT_POLICY');
    assert.equal(out.TargetId, memberId);
    assert.ok(out.LastUpdatedTimestamp instanceof Date);
    assert.deepEqual(JSON.parse(out.PolicyContent!), {
      services: {
        default: { opt_out_policy: 'optOut' },
        rekognition: { opt_out_policy: 'optOut' },
        lex: { opt_out_policy: 'optIn' },
      },
    });
    // The management account sits under the root only.
    const own = (await org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'AISERVICES_OPT_OUT_POLICY' })))
      .EffectivePolicy!;
    assert.equal(own.TargetId, w.accountId);
    assert.deepEqual(JSON.parse(own.PolicyContent!).services.lex, undefined);
    assert.deepEqual(
      (
        await org.send(new ListPoliciesForTargetCommand({ TargetId: ouId, Filter: 'AISERVICES_OPT_OUT_POLICY' }))
      ).Policies!.map((p) => p.Name),
      ['ai-ou'],
    );
  });

  test('a type not enabled, or enabled with nothing attached, has no effective policy; SCPs are not management', async () => {
    await assert.rejects(
      org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'CHATBOT_POLICY', TargetId: memberId })),
      rejectsWith('EffectivePolicyNotFoundException', {
        message: "We can't find an effective policy of the PolicyType that you specified.",
      }),
    );
    await assert.rejects(
      org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BACKUP_POLICY', TargetId: memberId })),
      rejectsWith('EffectivePolicyNotFoundException'),
    );
    await assert.rejects(
      org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'SERVICE_CONTROL_POLICY' as any, TargetId: memberId })),
      rejectsWith('InvalidInputException', { reason: 'INVALID_ENUM_POLICY_TYPE' }),
    );
    await assert.rejects(
      org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'AISERVICES_OPT_OUT_POLICY', TargetId: ouId })),
      rejectsWith('InvalidInputException', { reason: 'TARGET_NOT_SUPPORTED' }),
    );
    // Disabling the type detaches its policies: nothing is effective any more.
    await org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'AISERVICES_OPT_OUT_POLICY' }));
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'AISERVICES_OPT_OUT_POLICY' }));
    await assert.rejects(
      org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'AISERVICES_OPT_OUT_POLICY', TargetId: memberId })),
      rejectsWith('EffectivePolicyNotFoundException'),
    );
  });
});
