// Response shapes AWS fixes: CreatePolicy leaves out the Description that GetPolicy returns (Tags in both), and
// DeleteOpenIDConnectProvider succeeds for a provider that does not exist.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  DeleteOpenIDConnectProviderCommand,
  GetPolicyCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
} from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});

describe('IAM response shapes', () => {
  let w: TestWarden;
  let iam: IAMClient;

  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  test('CreatePolicy answers without Description, with Tags; GetPolicy answers both', async () => {
    const tags = [
      { Key: 'owner', Value: 'alice' },
      { Key: 'cost-centre', Value: '42' },
    ];
    const created = (
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'Described',
          PolicyDocument: DOCUMENT,
          Description: 'reads',
          Tags: tags,
        }),
      )
    ).Policy!;
    assert.equal(created.Description, undefined);
    assert.deepEqual(created.Tags, tags);
    const got = (await iam.send(new GetPolicyCommand({ PolicyArn: created.Arn }))).Policy!;
    assert.equal(got.Description, 'reads');
    const byKey = (a: { Key?: string }, b: { Key?: string }) => (a.Key! < b.Key! ? -1 : 1);
    assert.deepEqual([...got.Tags!].sort(byKey), [...tags].sort(byKey));

    const bare = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Bare', PolicyDocument: DOCUMENT }))).Policy!;
    assert.equal(bare.Tags, undefined, 'no Tags member when the policy has none');
    const gotBare = (await iam.send(new GetPolicyCommand({ PolicyArn: bare.Arn }))).Policy!;
    assert.equal(gotBare.Description, undefined);
    assert.equal(gotBare.Tags, undefined);
  });

  test('DeleteOpenIDConnectProvider is idempotent: a provider that does not exist is no error', async () => {
    const { OpenIDConnectProviderArn: arn } = await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example.com', ClientIDList: ['app'] }),
    );
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await iam.send(
      new DeleteOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: `arn:aws:iam::${w.accountId}:oidc-provider/never.example.com`,
      }),
    );
    const left = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    assert.deepEqual(left.OpenIDConnectProviderList, []);
  });
});
