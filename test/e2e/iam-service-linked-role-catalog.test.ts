// Service-linked roles from the catalogue's newer entries, created through SDK v3: name, path, trust and policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateServiceLinkedRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const ACCOUNT = '123456789012';

describe('IAM service-linked role catalogue through the SDK', () => {
  let w: TestWarden;
  let iam: IAMClient;

  before(async () => {
    w = await startWarden();
    iam = new IAMClient(w.clientConfig);
  });
  after(async () => {
    await w.stop();
  });

  // One of each evidence kind: a package-named role, roles from service pages, a principal taken from iam:AWSServiceName.
  const samples: [service: string, roleName: string, policy: string][] = [
    ['lambda.amazonaws.com', 'AWSServiceRoleForLambda', 'AWSLambdaServiceRolePolicy'],
    [
      'continuousexport.discovery.amazonaws.com',
      'AWSServiceRoleForApplicationDiscoveryServiceContinuousExport',
      'ApplicationDiscoveryServiceContinuousExportServiceRolePolicy',
    ],
    [
      'maintenance.elasticbeanstalk.amazonaws.com',
      'AWSServiceRoleForElasticBeanstalkMaintenance',
      'AWSElasticBeanstalkMaintenance',
    ],
    ['replication.lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Replication', 'AmazonLexReplicationPolicy'],
    ['fsx.amazonaws.com', 'AWSServiceRoleForAmazonFSx', 'AmazonFSxServiceRolePolicy'],
    [
      'license-manager.master-account.amazonaws.com',
      'AWSServiceRoleForAWSLicenseManagerMasterAccountRole',
      'AWSLicenseManagerMasterAccountRolePolicy',
    ],
    ['dsql.amazonaws.com', 'AWSServiceRoleForAuroraDsql', 'AuroraDsqlServiceLinkedRolePolicy'],
    ['storagegateway.amazonaws.com', 'AWSServiceRoleForStorageGateway', 'AWSStorageGatewayServiceRolePolicy'],
    [
      'selfservicereporting.managedservices.amazonaws.com',
      'AWSServiceRoleForManagedServices_SelfServiceReporting',
      'AWSManagedServices_SelfServiceReporting_ServiceRolePolicy',
    ],
    // A page naming its policy by another name than the package's (AmazonInspector2AmiServiceRolePolicy).
    [
      'ami.inspector2.amazonaws.com',
      'AWSServiceRoleForAmazonInspector2Ami',
      'AmazonInspector2AmiScanServiceRolePolicy',
    ],
  ];
  for (const [service, roleName, policy] of samples) {
    test(`CreateServiceLinkedRole ${service} makes ${roleName} with ${policy}`, async () => {
      const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }))).Role!;
      assert.equal(role.RoleName, roleName);
      assert.equal(role.Path, `/aws-service-role/${service}/`);
      assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${service}/${roleName}`);
      assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
      });
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
      assert.deepEqual(attached.AttachedPolicies, [
        { PolicyName: policy, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${policy}` },
      ]);
    });
  }

  test('roles a service names per resource take a custom suffix; the others refuse one', async () => {
    const profile = (
      await iam.send(
        new CreateServiceLinkedRoleCommand({ AWSServiceName: 'profile.amazonaws.com', CustomSuffix: 'd1' }),
      )
    ).Role!;
    assert.equal(profile.RoleName, 'AWSServiceRoleForProfile_d1');
    const scraper = (
      await iam.send(
        new CreateServiceLinkedRoleCommand({ AWSServiceName: 'scraper.aps.amazonaws.com', CustomSuffix: 's-1' }),
      )
    ).Role!;
    assert.equal(scraper.Path, '/aws-service-role/scraper.aps.amazonaws.com/');
    assert.equal(scraper.RoleName, 'AWSServiceRoleForAmazonPrometheusScraper_s-1');
    const monitron = (
      await iam.send(
        new CreateServiceLinkedRoleCommand({ AWSServiceName: 'monitron.amazonaws.com', CustomSuffix: 'site-a' }),
      )
    ).Role!;
    assert.equal(monitron.RoleName, 'AWSServiceRoleForMonitron_site-a');
    const sync = (
      await iam.send(
        new CreateServiceLinkedRoleCommand({
          AWSServiceName: 'synchronization.connect.amazonaws.com',
          CustomSuffix: 'replica1',
        }),
      )
    ).Role!;
    assert.equal(sync.RoleName, 'AWSServiceRoleForAmazonConnectSynchronization_replica1');
    assert.equal(sync.Path, '/aws-service-role/synchronization.connect.amazonaws.com/');
    await assert.rejects(
      iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'dax.amazonaws.com', CustomSuffix: 'x' })),
      (err: any) => {
        assert.equal(err.name, 'InvalidInputException');
        assert.equal(err.message, 'Custom suffix is not allowed for dax.amazonaws.com');
        return true;
      },
    );
  });
});
