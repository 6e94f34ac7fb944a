// An ARN in a member that names no resource (a password, a description, a key prefix) does not redirect authorization.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  PutUserPolicyCommand,
  UpdateLoginProfileCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { CloudTrailClient, CreateTrailCommand, GetTrailCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { startWarden, type TestWarden } from '../helpers/warden.js';

let w: TestWarden;
let account: string;
let root: IAMClient;

before(async () => {
  w = await startWarden();
  account = w.accountId;
  root = new IAMClient(w.clientConfig);
});
after(async () => {
  await w.stop();
});

type Statement = Record<string, unknown>;

function doc(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const TRUST_EC2 = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

interface Attacker {
  arn: string;
  config: TestWarden['clientConfig'];
}

async function attacker(name: string, ...statements: Statement[]): Promise<Attacker> {
  const created = await root.send(new CreateUserCommand({ UserName: name }));
  const key = (await root.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  await root.send(
    new PutUserPolicyCommand({ UserName: name, PolicyName: 'granted', PolicyDocument: doc(...statements) }),
  );
  const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  return { arn: created.User!.Arn!, config: { ...w.clientConfig, credentials } };
}

/** Asserts AccessDenied (any service's spelling) naming the resource really acted on. */
async function deniedOn(p: Promise<unknown>, resource: string): Promise<void> {
  const err = (await p.then(
    () => assert.fail(`expected AccessDenied on ${resource}`),
    (e: { name: string; message: string }) => e,
  )) as { name: string; message: string };
  assert.match(err.name, /^AccessDenied(Exception)?$/, `${err.name}: ${err.message}`);
  assert.ok(err.message.includes(` on resource: ${resource} `), err.message);
}

describe('an ARN in free text does not redirect authorization', () => {
  test("a user allowed only its own login profile cannot set another user's password with its ARN as the password", async () => {
    const self = `arn:aws:iam::${account}:user/mallory-login`;
    const mallory = await attacker('mallory-login', {
      Effect: 'Allow',
      Action: ['iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
      Resource: self,
    });
    await root.send(new CreateUserCommand({ UserName: 'victim-login' }));
    await root.send(new CreateLoginProfileCommand({ UserName: 'victim-login', Password: 'Victim-Passw0rd!' }));
    await root.send(new CreateUserCommand({ UserName: 'victim-new' }));
    const iam = new IAMClient(mallory.config);

    await deniedOn(
      iam.send(new UpdateLoginProfileCommand({ UserName: 'victim-login', Password: mallory.arn })),
      'user victim-login',
    );
    await deniedOn(
      iam.send(new CreateLoginProfileCommand({ UserName: 'victim-new', Password: mallory.arn })),
      'user victim-new',
    );
    // Its own login profile, with the same password, is what it is allowed.
    await iam.send(new CreateLoginProfileCommand({ UserName: 'mallory-login', Password: mallory.arn }));
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'mallory-login', Password: `${mallory.arn}-2` }));
  });

  test('a user limited to role/app-* cannot create or modify other roles with an app-* ARN in Description', async () => {
    const app = `arn:aws:iam::${account}:role/app-x`;
    const mallory = await attacker('mallory-roles', {
      Effect: 'Allow',
      Action: ['iam:CreateRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription'],
      Resource: `arn:aws:iam::${account}:role/app-*`,
    });
    await root.send(
      new CreateRoleCommand({ RoleName: 'prod-admin', AssumeRolePolicyDocument: TRUST_EC2, Description: 'prod' }),
    );
    const iam = new IAMClient(mallory.config);

    await deniedOn(
      iam.send(new CreateRoleCommand({ RoleName: 'escalated', AssumeRolePolicyDocument: TRUST_EC2, Description: app })),
      `arn:aws:iam::${account}:role/escalated`,
    );
    await deniedOn(iam.send(new UpdateRoleCommand({ RoleName: 'prod-admin', Description: app })), 'role prod-admin');
    await deniedOn(
      iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'prod-admin', Description: app })),
      'role prod-admin',
    );
    assert.equal((await root.send(new GetRoleCommand({ RoleName: 'prod-admin' }))).Role!.Description, 'prod');
    // Its own roles, with the same description, are what it is allowed.
    await iam.send(new CreateRoleCommand({ RoleName: 'app-y', AssumeRolePolicyDocument: TRUST_EC2, Description: app }));
    await iam.send(new UpdateRoleCommand({ RoleName: 'app-y', Description: app }));
  });

  test("a user limited to trail/sandbox cannot redirect another trail's delivery via S3KeyPrefix", async () => {
    const ct = new CloudTrailClient(w.clientConfig);
    await ct.send(new CreateTrailCommand({ Name: 'prod-audit', S3BucketName: 'audit-bucket' }));
    const sandbox = (await ct.send(new CreateTrailCommand({ Name: 'sandbox', S3BucketName: 'sandbox-bucket' })))
      .TrailARN!;
    const mallory = await attacker('mallory-trail', {
      Effect: 'Allow',
      Action: 'cloudtrail:UpdateTrail',
      Resource: sandbox,
    });
    const trail = new CloudTrailClient(mallory.config);

    await deniedOn(
      trail.send(new UpdateTrailCommand({ Name: 'prod-audit', S3BucketName: 'mallory-bucket', S3KeyPrefix: sandbox })),
      `arn:aws:cloudtrail:us-east-1:${account}:trail/prod-audit`,
    );
    assert.equal((await ct.send(new GetTrailCommand({ Name: 'prod-audit' }))).Trail!.S3BucketName, 'audit-bucket');
    // Its own trail, with the same prefix, is what it is allowed.
    await trail.send(new UpdateTrailCommand({ Name: 'sandbox', S3KeyPrefix: sandbox }));
  });

  test("a Deny on a multi-Region trail's ARN binds where its shadow is read by name", async () => {
    const ct = new CloudTrailClient(w.clientConfig);
    const created = await ct.send(
      new CreateTrailCommand({ Name: 'org-audit', S3BucketName: 'audit-bucket', IsMultiRegionTrail: true }),
    );
    const arn = created.TrailARN!;
    assert.equal(arn, `arn:aws:cloudtrail:us-east-1:${account}:trail/org-audit`);
    const mallory = await attacker(
      'mallory-shadow',
      { Effect: 'Allow', Action: 'cloudtrail:GetTrail', Resource: '*' },
      { Effect: 'Deny', Action: 'cloudtrail:GetTrail', Resource: arn },
    );
    const home = new CloudTrailClient(mallory.config);
    const elsewhere = new CloudTrailClient({ ...mallory.config, region: 'eu-west-1' });
    await deniedOn(home.send(new GetTrailCommand({ Name: 'org-audit' })), arn);
    await deniedOn(elsewhere.send(new GetTrailCommand({ Name: 'org-audit' })), arn);
    // The shadow is there to read in eu-west-1: the Deny is what stops it.
    const rootElsewhere = new CloudTrailClient({ ...w.clientConfig, region: 'eu-west-1' });
    assert.equal((await rootElsewhere.send(new GetTrailCommand({ Name: 'org-audit' }))).Trail!.TrailARN, arn);
  });

  test("a user limited to one SCP cannot rewrite another SCP with that SCP's ARN in Description", async () => {
    const org = new OrganizationsClient(w.clientConfig);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const scp = async (name: string, effect: string) =>
      (
        await org.send(
          new CreatePolicyCommand({
            Name: name,
            Description: name,
            Type: 'SERVICE_CONTROL_POLICY',
            Content: doc({ Effect: effect, Action: 'iam:DeleteUser', Resource: '*' }),
          }),
        )
      ).Policy!.PolicySummary!;
    const guard = await scp('guard', 'Deny');
    const mine = await scp('mine', 'Deny');
    const mallory = await attacker('mallory-scp', {
      Effect: 'Allow',
      Action: 'organizations:UpdatePolicy',
      Resource: mine.Arn,
    });
    const orgs = new OrganizationsClient(mallory.config);

    await deniedOn(
      orgs.send(
        new UpdatePolicyCommand({
          PolicyId: guard.Id,
          Description: mine.Arn,
          Content: doc({ Effect: 'Allow', Action: 'iam:DeleteUser', Resource: '*' }),
        }),
      ),
      guard.Arn!,
    );
    const kept = (await org.send(new DescribePolicyCommand({ PolicyId: guard.Id }))).Policy!;
    assert.equal(JSON.parse(kept.Content!).Statement[0].Effect, 'Deny');
    // Its own SCP, with the same description, is what it is allowed.
    await orgs.send(new UpdatePolicyCommand({ PolicyId: mine.Id, Description: mine.Arn }));
  });
});
