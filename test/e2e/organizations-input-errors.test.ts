// Organizations' input errors end to end: model violations answer InvalidInputException with AWS's Reason and
// wording (not ValidationException), PolicyNotFoundException's words, and trusted access for AWS's documented services.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribePolicyCommand,
  ListPoliciesCommand,
  ListAccountsCommand,
  EnableAWSServiceAccessCommand,
  DisableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { createMemberAccount, rejectsWith } from '../helpers/organizations.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

describe('organizations input errors end to end', () => {
  let w: TestWarden;
  let org: OrganizationsClient;
  before(async () => {
    w = await startWarden();
    org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({}));
  });
  after(async () => {
    await w.stop();
  });

  test('a PolicyId breaking its pattern is InvalidInputException INVALID_PATTERN in AWS words', async () => {
    await assert.rejects(
      org.send(new DescribePolicyCommand({ PolicyId: 'not-a-policy' })),
      rejectsWith('InvalidInputException', {
        reason: 'INVALID_PATTERN',
        message: 'You provided a value that does not match the required pattern.',
      }),
    );
  });

  test('an unknown policy type is INVALID_ENUM_POLICY_TYPE; another enum is INVALID_ENUM', async () => {
    await assert.rejects(
      org.send(new ListPoliciesCommand({ Filter: 'NOT_A_TYPE' as any })),
      rejectsWith('InvalidInputException', {
        reason: 'INVALID_ENUM_POLICY_TYPE',
        message: 'You specified an invalid policy type string.',
      }),
    );
    await assert.rejects(
      org.send(new CreateOrganizationCommand({ FeatureSet: 'SOME' as any })),
      rejectsWith('InvalidInputException', { reason: 'INVALID_ENUM', message: 'You specified an invalid value.' }),
    );
  });

  test('lengths, values and required members have their own reasons', async () => {
    await assert.rejects(
      org.send(
        new CreatePolicyCommand({
          Name: 'n'.repeat(129),
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: '{}',
        }),
      ),
      rejectsWith('InvalidInputException', {
        reason: 'MAX_LENGTH_EXCEEDED',
        message: 'You provided a string parameter that is longer than allowed.',
      }),
    );
    await assert.rejects(
      org.send(new ListAccountsCommand({ MaxResults: 0 })),
      rejectsWith('InvalidInputException', {
        reason: 'MIN_VALUE_EXCEEDED',
        message: 'You provided a numeric parameter that has a smaller value than allowed.',
      }),
    );
    await assert.rejects(
      org.send(new ListAccountsCommand({ MaxResults: 21 })),
      rejectsWith('InvalidInputException', { reason: 'MAX_VALUE_EXCEEDED' }),
    );
    await assert.rejects(
      org.send(new DescribePolicyCommand({} as any)),
      rejectsWith('InvalidInputException', {
        reason: 'INPUT_REQUIRED',
        message: 'You must include a value for all required parameters.',
      }),
    );
  });

  test('PolicyNotFoundException reads as AWS words it', async () => {
    await assert.rejects(
      org.send(new DescribePolicyCommand({ PolicyId: 'p-abcdefgh' })),
      rejectsWith('PolicyNotFoundException', {
        message: "We can't find a policy with the PolicyId that you specified.",
      }),
    );
  });

  test('trusted access accepts the services AWS documents (AWS Config among them), and refuses others', async () => {
    for (const principal of ['config.amazonaws.com', 'sso.amazonaws.com', 'securityhub.amazonaws.com']) {
      await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
    }
    const enabled = (await org.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!;
    assert.deepEqual(
      enabled.map((e) => e.ServicePrincipal),
      ['config.amazonaws.com', 'securityhub.amazonaws.com', 'sso.amazonaws.com'],
    );
    await org.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' }));
    await assert.rejects(
      org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'nothing.amazonaws.com' })),
      rejectsWith('InvalidInputException', { reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL' }),
    );
    // Delegated administrators stay limited to the services Warden implements.
    const member = await createMemberAccount(org, 'delegate');
    await assert.rejects(
      org.send(
        new RegisterDelegatedAdministratorCommand({ AccountId: member, ServicePrincipal: 'config.amazonaws.com' }),
      ),
      rejectsWith('InvalidInputException', { reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL' }),
    );
  });
});
