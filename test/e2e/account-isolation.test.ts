// Tenant isolation end to end: a second account's root calls every served read and list operation and sees nothing of
// the first account's resources, and a served read operation the sweep neither covers nor skips fails the test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  CreateServiceSpecificCredentialCommand,
  CreateVirtualMFADeviceCommand,
  DeleteServiceLinkedRoleCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagInstanceProfileCommand,
  TagMFADeviceCommand,
  TagOpenIDConnectProviderCommand,
  TagPolicyCommand,
  TagSAMLProviderCommand,
  UpdateAccountPasswordPolicyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateCustomKeyStoreCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
  RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  AddTagsCommand as AddElbTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AssociateWebACLCommand,
  CreateIPSetCommand,
  CreateRegexPatternSetCommand,
  CreateRuleGroupCommand,
  CreateWebACLCommand,
  PutLoggingConfigurationCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import {
  AssociateProactiveEngagementDetailsCommand,
  CreateProtectionCommand,
  CreateProtectionGroupCommand,
  CreateSubscriptionCommand,
  ShieldClient,
} from '@aws-sdk/client-shield';
import { createServer } from 'node:net';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  ListCreateAccountStatusCommand,
  ListRootsCommand,
  InviteOrganizationToTransferResponsibilityCommand,
  OrganizationsClient,
  PutResourcePolicyCommand,
  RegisterDelegatedAdministratorCommand,
  TagResourceCommand as TagOrgResourceCommand,
} from '@aws-sdk/client-organizations';
import { Secret, TOTP } from 'otpauth';
import { loadModel, type ServiceModel, type ShapeRef } from '../../src/aws/model.js';
import { iamPrefixes, loadActionCatalog } from '../../src/authz/action-catalog.js';
import { createStandaloneAccount } from '../../src/cli-accounts.js';
import { createTestSamlIdp } from '../helpers/saml-idp.js';
import { SERVICES } from '../helpers/registry.js';
import { createMemberAccount } from '../helpers/organizations.js';
import { FORM, send, signRequest } from '../helpers/raw.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';
import { startXksProxy, type TestXksProxy } from '../helpers/xks-proxy.js';
import { rsaBlob } from '../../src/services/iam/credentials/ssh-key-format.js';
import { CreateActivationCommand, PutInventoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { generateKeyPairSync } from 'node:crypto';
import { register as registerManagedInstance } from '../../src/agent/client.js';

const SECOND = '210987654321';
const INVITEE = '345678901234';
/** The management account of an organization the first account offers to pay for (a responsibility transfer). */
const BILL_SOURCE = '456789012345';

// ---- Which operations are reads, and which the sweep leaves out.

/** A served operation is a read when iam-data files its action under Read or List, or its name says it reads. */
const READ_NAME = /^(Get|List|Describe|Lookup|Simulate)/;

/** Served reads the sweep does not call, each with why: none may hide a first-account resource. */
/** call() speaks query and JSON only; GuardDuty's rest-json reads are swept by their own test instead. */
const ARTIFACT_SWEPT =
  "rest-json, which call() does not build: test/e2e/artifact-isolation.test.ts has a second account call it on the first account's reports, settings, term tokens, agreements and compliance inquiries";
const INSPECTOR2_SWEPT =
  "rest-json, which call() does not build: test/e2e/inspector2-findings.test.ts has a second account call it after the first account's findings exist";
const ROUTE53_SWEPT =
  "rest-xml, which call() does not build: test/e2e/route53-isolation.test.ts has a second account call it on the first account's health check";
const INSPECTOR2_FILTERS_SWEPT =
  "rest-json, which call() does not build: test/e2e/inspector2-filters.test.ts has a second account call it on the first account's filters and findings";
const INSPECTOR2_REPORTS_SWEPT =
  "rest-json, which call() does not build: test/e2e/inspector2-reports.test.ts has a second account call it on the first account's report ids";
const INSPECTOR2_MEMBERS_SWEPT =
  "rest-json, which call() does not build: test/e2e/inspector2-members.test.ts has an account outside the organization, the management account and the member call it while the administrator's member has findings";
const INSPECTOR2_TAGS_CONFIG_SWEPT =
  "rest-json, which call() does not build: test/e2e/inspector2-tags-config.test.ts has a second account call it on the first account's filter and configuration";
const INSPECTOR2_CIS_SWEPT =
  "rest-json, which call() does not build: test/e2e/inspector2-cis.test.ts has a second account call it on the first account's scan configurations, scans, results and reports";
const GUARDDUTY_SWEPT =
  "rest-json, which call() does not build: test/e2e/guardduty-isolation.test.ts has a second account call it on the first account's resources";

const SKIPPED: Readonly<Record<string, string>> = {
  'sts:GetCallerIdentity': 'answers only the caller itself; it takes no input that could name another account',
  'sts:GetSessionToken': "mints credentials of the caller itself; it takes no input naming another account's resource",
  'guardduty:ListDetectors': GUARDDUTY_SWEPT,
  'guardduty:GetDetector': GUARDDUTY_SWEPT,
  'guardduty:ListFindings': GUARDDUTY_SWEPT,
  'guardduty:GetFindings': GUARDDUTY_SWEPT,
  'guardduty:GetFindingsStatistics': GUARDDUTY_SWEPT,
  'guardduty:GetFilter': GUARDDUTY_SWEPT,
  'guardduty:ListFilters': GUARDDUTY_SWEPT,
  'guardduty:GetIPSet': GUARDDUTY_SWEPT,
  'guardduty:ListIPSets': GUARDDUTY_SWEPT,
  'guardduty:GetThreatIntelSet': GUARDDUTY_SWEPT,
  'guardduty:ListThreatIntelSets': GUARDDUTY_SWEPT,
  'guardduty:ListTagsForResource': GUARDDUTY_SWEPT,
  'route53:GetHealthCheck': ROUTE53_SWEPT,
  'route53:GetHealthCheckCount': ROUTE53_SWEPT,
  'route53:GetHealthCheckStatus': ROUTE53_SWEPT,
  'route53:ListHealthChecks': ROUTE53_SWEPT,
  'route53:ListTagsForResource': ROUTE53_SWEPT,
  'inspector2:BatchGetAccountStatus': INSPECTOR2_SWEPT,
  'inspector2:GetConfiguration': INSPECTOR2_TAGS_CONFIG_SWEPT,
  'inspector2:ListTagsForResource': INSPECTOR2_TAGS_CONFIG_SWEPT,
  'inspector2:ListFindings': INSPECTOR2_SWEPT,
  'inspector2:BatchGetFindingDetails': INSPECTOR2_SWEPT,
  'inspector2:ListCoverage': INSPECTOR2_SWEPT,
  'inspector2:ListCoverageStatistics': INSPECTOR2_SWEPT,
  'inspector2:ListFilters': INSPECTOR2_FILTERS_SWEPT,
  'inspector2:ListFindingAggregations': INSPECTOR2_FILTERS_SWEPT,
  'inspector2:ListCisScanConfigurations': INSPECTOR2_CIS_SWEPT,
  'inspector2:ListCisScans': INSPECTOR2_CIS_SWEPT,
  'inspector2:ListCisScanResultsAggregatedByChecks': INSPECTOR2_CIS_SWEPT,
  'inspector2:ListCisScanResultsAggregatedByTargetResource': INSPECTOR2_CIS_SWEPT,
  'inspector2:GetCisScanResultDetails': INSPECTOR2_CIS_SWEPT,
  'inspector2:GetCisScanReport': INSPECTOR2_CIS_SWEPT,
  'inspector2:GetFindingsReportStatus': INSPECTOR2_REPORTS_SWEPT,
  'inspector2:GetSbomExport': INSPECTOR2_REPORTS_SWEPT,
  'inspector2:GetDelegatedAdminAccount': INSPECTOR2_MEMBERS_SWEPT,
  'inspector2:ListDelegatedAdminAccounts': INSPECTOR2_MEMBERS_SWEPT,
  'inspector2:GetMember': INSPECTOR2_MEMBERS_SWEPT,
  'inspector2:ListMembers': INSPECTOR2_MEMBERS_SWEPT,
  'inspector2:DescribeOrganizationConfiguration': INSPECTOR2_MEMBERS_SWEPT,
  'inspector2:SearchVulnerabilities':
    'reads only the advisories every account shares (imported by the operator); it names no resource of any account',
  'inspector-scan:ScanSbom':
    'reads only the document it is sent and the advisories every account shares (imported by the operator); it names no resource of any account',
  'artifact:ListReports': ARTIFACT_SWEPT,
  'artifact:GetComplianceInquiryMetadata': ARTIFACT_SWEPT,
  'artifact:ListComplianceInquiries': ARTIFACT_SWEPT,
  'artifact:ListComplianceInquiryQueries': ARTIFACT_SWEPT,
  'artifact:ExportComplianceInquiry': ARTIFACT_SWEPT,
  'artifact:ListTagsForResource': ARTIFACT_SWEPT,
  'artifact:ListReportVersions': ARTIFACT_SWEPT,
  'artifact:GetReportMetadata': ARTIFACT_SWEPT,
  'artifact:GetTermForReport': ARTIFACT_SWEPT,
  'artifact:GetReport': ARTIFACT_SWEPT,
  'artifact:GetAccountSettings': ARTIFACT_SWEPT,
  'artifact:ListCustomerAgreements': ARTIFACT_SWEPT,
  'guardduty:ListMembers': GUARDDUTY_SWEPT,
  'guardduty:GetMembers': GUARDDUTY_SWEPT,
  'guardduty:GetMemberDetectors': GUARDDUTY_SWEPT,
  'guardduty:ListInvitations': GUARDDUTY_SWEPT,
  'guardduty:GetInvitationsCount': GUARDDUTY_SWEPT,
  'guardduty:GetAdministratorAccount': GUARDDUTY_SWEPT,
  'guardduty:GetMasterAccount': GUARDDUTY_SWEPT,
  'guardduty:ListOrganizationAdminAccounts': GUARDDUTY_SWEPT,
  'guardduty:DescribeOrganizationConfiguration': GUARDDUTY_SWEPT,
  'guardduty:ListPublishingDestinations': GUARDDUTY_SWEPT,
  'guardduty:DescribePublishingDestination': GUARDDUTY_SWEPT,
};

// ---- Raw signed calls, serialized from the models so every operation is called the same way.

interface Reply {
  status: number;
  body: string;
  /** The AWS error code, or undefined on success. */
  code: string | undefined;
  /** What was sent: a reply may echo it back, and may echo nothing else of the first account. */
  sent: string;
}

type Keys = { accessKeyId: string; secretAccessKey: string };

/** Query-protocol parameters (IAM, STS) of a value of the model's shape: lists as `.member.N`, maps as `.entry.N`. */
function queryParams(model: ServiceModel, ref: ShapeRef, value: unknown, prefix: string, out: Record<string, string>) {
  const shape = model.shapes[ref.shape]!;
  if (shape.type === 'structure') {
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const v = (value as Record<string, unknown>)[name];
      if (v !== undefined) queryParams(model, member, v, prefix ? `${prefix}.${name}` : name, out);
    }
  } else if (shape.type === 'list') {
    (value as unknown[]).forEach((v, i) => queryParams(model, shape.member!, v, `${prefix}.member.${i + 1}`, out));
  } else if (shape.type === 'map') {
    Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
      out[`${prefix}.entry.${i + 1}.key`] = k;
      queryParams(model, shape.value!, v, `${prefix}.entry.${i + 1}.value`, out);
    });
  } else {
    out[prefix] = String(value);
  }
}

async function call(w: TestWarden, keys: Keys, service: string, operation: string, input: object): Promise<Reply> {
  const model = loadModel(service);
  const op = model.operations[operation];
  assert.ok(op, `${service} has no operation ${operation}`);
  let body: string;
  let headers: Record<string, string>;
  if (model.metadata.protocol === 'query') {
    const params: Record<string, string> = { Action: operation, Version: model.metadata.apiVersion };
    if (op.input) queryParams(model, op.input, input, '', params);
    body = new URLSearchParams(params).toString();
    headers = FORM;
  } else {
    assert.equal(model.metadata.protocol, 'json', `${service}: the sweep speaks query and json only`);
    body = JSON.stringify(input);
    headers = {
      'content-type': `application/x-amz-json-${model.metadata.jsonVersion ?? '1.1'}`,
      'x-amz-target': `${model.metadata.targetPrefix}.${operation}`,
    };
  }
  // Requests are signed for the model's signing name (ELBv2's is `elasticloadbalancing`).
  const signingName = model.metadata.signingName ?? model.metadata.endpointPrefix;
  const reply = await send(await signRequest(w.endpoint, { body, headers }, { service: signingName, ...keys }));
  const code =
    reply.status < 300
      ? undefined
      : (/<Code>([^<]+)<\/Code>/.exec(reply.body)?.[1] ??
        String((JSON.parse(reply.body) as { __type?: string }).__type ?? '')
          .split('#')
          .pop()!
          .split(':')[0]);
  return { status: reply.status, body: reply.body, code, sent: decodeURIComponent(body) + JSON.stringify(input) };
}

/** The reply's text with every base64 run decoded beside it (a credential report travels base64-encoded). */
function readable(body: string): string {
  const decoded = [...body.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString());
  return [body, ...decoded].join('\n').toLowerCase();
}

// ---- The first account's resources: one of every kind, each name unique enough that finding it means a leak.

interface First {
  accountId: string;
  user: string;
  userArn: string;
  accessKeyId: string;
  mfaSerial: string;
  sshKeyId: string;
  serverCertificate: string;
  group: string;
  role: string;
  roleArn: string;
  instanceProfile: string;
  policyArn: string;
  oidcArn: string;
  samlArn: string;
  deletionTaskId: string;
  keyId: string;
  keyArn: string;
  alias: string;
  asymmetricKeyId: string;
  grantId: string;
  customKeyStoreId: string;
  trail: string;
  trailArn: string;
  orgId: string;
  rootId: string;
  ouId: string;
  scpId: string;
  memberId: string;
  createRequestId: string;
  handshakeId: string;
  transferId: string;
  loadBalancerArn: string;
  targetGroupArn: string;
  listenerArn: string;
  ruleArn: string;
  ipSet: { Name: string; Id: string; ARN: string };
  regexSet: { Name: string; Id: string; ARN: string };
  ruleGroup: { Name: string; Id: string; ARN: string };
  webAcl: { Name: string; Id: string; ARN: string };
  /** Shield: the protection of loadBalancerArn (its group is isoshieldgroup-first). */
  protectionId: string;
  /** Systems Manager: a hybrid activation and the managed instance registered through it, with inventory. */
  activationId: string;
  instanceId: string;
  /** When the set-up ended: the second account makes no call before. */
  setupEnd: number;
  /** Every identifier above and the ones only a leak could reveal (ids, tags, inline policy names). */
  identifiers: string[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

async function populateFirstAccount(w: TestWarden, proxy: TestXksProxy): Promise<First> {
  const iam = new IAMClient(w.clientConfig);
  const kms = new KMSClient(w.clientConfig);
  const cloudtrail = new CloudTrailClient(w.clientConfig);
  const org = new OrganizationsClient(w.clientConfig);
  const accountId = w.accountId;
  const doc = (action: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  const tag = (what: string) => [{ Key: `isotag-${what}`, Value: `isoval-${what}` }];

  // IAM: a user with a key, password and MFA device; a group, a role and its instance profile; a customer managed
  // policy in its second version attached to all three; inline policies; identity providers; alias, password policy.
  const user = (
    await iam.send(new CreateUserCommand({ UserName: 'isouser-first', Path: '/isopath/', Tags: tag('user') }))
  ).User!;
  const accessKeyId = (await iam.send(new CreateAccessKeyCommand({ UserName: user.UserName })))!.AccessKey!
    .AccessKeyId!;
  await iam.send(new CreateLoginProfileCommand({ UserName: user.UserName, Password: 'Isolation-Pass-1!' }));
  const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'isomfa-first' })))
    .VirtualMFADevice!;
  const seed = Buffer.from(device.Base32StringSeed!).toString();
  const step = Math.floor(Date.now() / 30_000);
  const code = (s: number) => TOTP.generate({ secret: Secret.fromBase32(seed), timestamp: s * 30_000 });
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: user.UserName,
      SerialNumber: device.SerialNumber,
      AuthenticationCode1: code(step - 1),
      AuthenticationCode2: code(step),
    }),
  );
  await iam.send(new TagMFADeviceCommand({ SerialNumber: device.SerialNumber, Tags: tag('mfa') }));
  // The user's other credentials: an SSH key, a signing certificate, a service-specific credential; and a server
  // certificate of the account.
  const sshKey = (await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })).publicKey;
  const sshKeyId = (
    await iam.send(
      new UploadSSHPublicKeyCommand({
        UserName: user.UserName,
        SSHPublicKeyBody: `ssh-rsa ${rsaBlob(sshKey).toString('base64')}`,
      }),
    )
  ).SSHPublicKey!.SSHPublicKeyId!;
  const fixture = (name: string) => readFile(new URL(`../fixtures/iam/${name}`, import.meta.url), 'utf8');
  const signingCertificateId = (
    await iam.send(
      new UploadSigningCertificateCommand({ UserName: user.UserName, CertificateBody: await fixture('signing-1.pem') }),
    )
  ).Certificate!.CertificateId!;
  const serverCertificate = (
    await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'isocert-first',
        Path: '/isopath/',
        CertificateBody: await fixture('server.pem'),
        PrivateKey: await fixture('server.key'),
        Tags: tag('cert'),
      }),
    )
  ).ServerCertificateMetadata!;
  const serviceCredential = (
    await iam.send(
      new CreateServiceSpecificCredentialCommand({ UserName: user.UserName, ServiceName: 'codecommit.amazonaws.com' }),
    )
  ).ServiceSpecificCredential!;
  const group = (await iam.send(new CreateGroupCommand({ GroupName: 'isogroup-first' }))).Group!;
  await iam.send(new AddUserToGroupCommand({ GroupName: group.GroupName, UserName: user.UserName }));
  const role = (
    await iam.send(
      new CreateRoleCommand({ RoleName: 'isorole-first', AssumeRolePolicyDocument: trust, Tags: tag('role') }),
    )
  ).Role!;
  const profile = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'isoprofile-first' })))
    .InstanceProfile!;
  await iam.send(
    new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'isoprofile-first', RoleName: role.RoleName }),
  );
  await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'isoprofile-first', Tags: tag('profile') }));
  const policy = (
    await iam.send(new CreatePolicyCommand({ PolicyName: 'isopolicy-first', PolicyDocument: doc('s3:GetObject') }))
  ).Policy!;
  await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: doc('s3:ListBucket'), SetAsDefault: true }),
  );
  await iam.send(new TagPolicyCommand({ PolicyArn: policy.Arn, Tags: tag('policy') }));
  await iam.send(new AttachUserPolicyCommand({ UserName: user.UserName, PolicyArn: policy.Arn }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: group.GroupName, PolicyArn: policy.Arn }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: policy.Arn }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: user.UserName, PolicyName: 'isoinline-user', PolicyDocument: doc('sqs:*') }),
  );
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: group.GroupName,
      PolicyName: 'isoinline-group',
      PolicyDocument: doc('sns:*'),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: 'isoinline-role', PolicyDocument: doc('ec2:*') }),
  );
  const oidcArn = (
    await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://isooidc-first.example.com',
        ClientIDList: ['isoclient-first'],
        ThumbprintList: ['0123456789abcdef0123456789abcdef01234567'],
      }),
    )
  ).OpenIDConnectProviderArn!;
  await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn, Tags: tag('oidc') }));
  const samlArn = (
    await iam.send(
      new CreateSAMLProviderCommand({
        Name: 'isosaml-first',
        SAMLMetadataDocument: createTestSamlIdp('https://isosaml-idp.example.com/saml').metadata(),
      }),
    )
  ).SAMLProviderArn!;
  await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: samlArn, Tags: tag('saml') }));
  await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'isoalias-first' }));
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 23, RequireSymbols: true }));
  await iam.send(new GenerateCredentialReportCommand({}));
  // A service-linked role's deletion task, then the role again (so the account also holds one).
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' }));
  const deletionTaskId = (
    await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAmazonGuardDuty' }))
  ).DeletionTaskId!;

  // KMS: a symmetric key with an alias, tags, a grant and rotations; an asymmetric key for GetPublicKey.
  const key = (
    await kms.send(
      new CreateKeyCommand({
        Description: 'isokey-description',
        Tags: [{ TagKey: 'isotag-key', TagValue: 'isoval-key' }],
      }),
    )
  ).KeyMetadata!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/isokey-first', TargetKeyId: key.KeyId }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
  const grantId = (
    await kms.send(
      new CreateGrantCommand({
        KeyId: key.KeyId,
        GranteePrincipal: role.Arn,
        RetiringPrincipal: role.Arn,
        Operations: ['Decrypt'],
        Name: 'isogrant-first',
      }),
    )
  ).GrantId!;
  const asymmetric = (await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })))
    .KeyMetadata!;
  // An external key store, backed by a test XKS proxy.
  const customKeyStoreId = (
    await kms.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: 'isoxks-first',
        CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
        XksProxyConnectivity: 'PUBLIC_ENDPOINT',
        XksProxyUriEndpoint: proxy.uriEndpoint,
        XksProxyUriPath: proxy.uriPath,
        XksProxyAuthenticationCredential: proxy.credential,
      }),
    )
  ).CustomKeyStoreId!;

  // CloudTrail: a logging trail with tags.
  const trail = (
    await cloudtrail.send(
      new CreateTrailCommand({
        Name: 'isotrail-first',
        S3BucketName: 'isobucket-first',
        TagsList: [{ Key: 'isotag-trail', Value: 'isoval-trail' }],
      }),
    )
  ).TrailARN!;
  await cloudtrail.send(new StartLoggingCommand({ Name: 'isotrail-first' }));

  // Organizations: the first account manages an organization with an OU, an SCP, a member account, a delegated
  // administrator and an invitation to a third account.
  const organization = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  const ouId = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'isoou-first' })))
    .OrganizationalUnit!.Id!;
  const scpId = (
    await org.send(
      new CreateOrgPolicyCommand({
        Name: 'isoscp-first',
        Description: 'isoscp-description',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc('*'),
      }),
    )
  ).Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: ouId }));
  await org.send(new TagOrgResourceCommand({ ResourceId: ouId, Tags: tag('ou') }));
  const memberId = await createMemberAccount(org, 'isomember-first');
  const createRequestId = (await org.send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses![0]!.Id!;
  assert.equal(
    (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: createRequestId })))
      .CreateAccountStatus!.AccountId,
    memberId,
  );
  await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
  await org.send(
    new RegisterDelegatedAdministratorCommand({ AccountId: memberId, ServicePrincipal: 'guardduty.amazonaws.com' }),
  );
  await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'isoinvitee@example.com',
    accountId: INVITEE,
  });
  const handshakeId = (
    await org.send(
      new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: INVITEE }, Notes: 'isonotes-first' }),
    )
  ).Handshake!.Id!;
  // A billing responsibility transfer: the first account offers to pay for another organization's bills.
  const source = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
    email: 'isosource@example.com',
    accountId: BILL_SOURCE,
  });
  await new OrganizationsClient({
    ...w.clientConfig,
    credentials: { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey },
  }).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const now = new Date();
  const transfer = (
    await org.send(
      new InviteOrganizationToTransferResponsibilityCommand({
        Type: 'BILLING',
        Target: { Type: 'ACCOUNT', Id: BILL_SOURCE },
        StartTimestamp: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)),
        SourceName: 'isotransfer-first',
      }),
    )
  ).Handshake!;
  const transferId = transfer.Resources!.find((r) => r.Type === 'RESPONSIBILITY_TRANSFER')!.Value!;
  // ELBv2: a load balancer with a target group, a listener on a free port and a rule, all tagged.
  const elb = new ElasticLoadBalancingV2Client(w.clientConfig);
  const loadBalancerArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'isolb-first', Type: 'application' })))
    .LoadBalancers![0]!.LoadBalancerArn!;
  const targetGroupArn = (
    await elb.send(new CreateTargetGroupCommand({ Name: 'isotg-first', Protocol: 'HTTP', Port: 80, TargetType: 'ip' }))
  ).TargetGroups![0]!.TargetGroupArn!;
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: '127.0.0.9' }] }));
  const listenerArn = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancerArn,
        Protocol: 'HTTP',
        Port: await freePort(),
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    )
  ).Listeners![0]!.ListenerArn!;
  const ruleArn = (
    await elb.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 5,
        Conditions: [{ Field: 'path-pattern', Values: ['/isopath-first*'] }],
        Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      }),
    )
  ).Rules![0]!.RuleArn!;
  await elb.send(
    new AddElbTagsCommand({
      ResourceArns: [loadBalancerArn, targetGroupArn, listenerArn, ruleArn],
      Tags: tag('elb'),
    }),
  );

  // WAFv2: an IP set, a regex pattern set, a rule group and a web ACL using them, associated with the load balancer.
  const waf = new WAFV2Client(w.clientConfig);
  const visibility = (name: string) => ({
    SampledRequestsEnabled: true,
    CloudWatchMetricsEnabled: true,
    MetricName: name,
  });
  const ipSet = (
    await waf.send(
      new CreateIPSetCommand({
        Name: 'isoipset-first',
        Scope: 'REGIONAL',
        IPAddressVersion: 'IPV4',
        Addresses: ['192.0.2.0/24'],
        Tags: tag('ipset'),
      }),
    )
  ).Summary!;
  const regexSet = (
    await waf.send(
      new CreateRegexPatternSetCommand({
        Name: 'isoregex-first',
        Scope: 'REGIONAL',
        RegularExpressionList: [{ RegexString: '^isoregex' }],
      }),
    )
  ).Summary!;
  const ruleGroup = (
    await waf.send(
      new CreateRuleGroupCommand({
        Name: 'isorulegroup-first',
        Scope: 'REGIONAL',
        Capacity: 50,
        VisibilityConfig: visibility('isorulegroup'),
        Rules: [
          {
            Name: 'isorule-first',
            Priority: 0,
            Action: { Block: {} },
            Statement: { IPSetReferenceStatement: { ARN: ipSet.ARN } },
            VisibilityConfig: visibility('isorule'),
          },
        ],
      }),
    )
  ).Summary!;
  const webAcl = (
    await waf.send(
      new CreateWebACLCommand({
        Name: 'isoacl-first',
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        VisibilityConfig: visibility('isoacl'),
        Rules: [
          {
            Name: 'isogroup-rule',
            Priority: 0,
            OverrideAction: { None: {} },
            Statement: { RuleGroupReferenceStatement: { ARN: ruleGroup.ARN } },
            VisibilityConfig: visibility('isogroup'),
          },
          {
            Name: 'isoregex-rule',
            Priority: 1,
            Action: { Count: {} },
            Statement: {
              RegexPatternSetReferenceStatement: {
                ARN: regexSet.ARN,
                FieldToMatch: { UriPath: {} },
                TextTransformations: [{ Priority: 0, Type: 'NONE' }],
              },
            },
            VisibilityConfig: visibility('isoregex'),
          },
        ],
      }),
    )
  ).Summary!;
  await waf.send(new AssociateWebACLCommand({ WebACLArn: webAcl.ARN, ResourceArn: loadBalancerArn }));
  await waf.send(
    new PutLoggingConfigurationCommand({
      LoggingConfiguration: {
        ResourceArn: webAcl.ARN,
        LogDestinationConfigs: [`arn:aws:logs:us-east-1:${accountId}:log-group:aws-waf-logs-isolog-first`],
      },
    }),
  );
  const wafRef = (x: { Name?: string; Id?: string; ARN?: string }) => ({ Name: x.Name!, Id: x.Id!, ARN: x.ARN! });

  // Shield Advanced: a subscription, a protection of the load balancer, a group and proactive-engagement contacts.
  const shield = new ShieldClient(w.clientConfig);
  await shield.send(new CreateSubscriptionCommand({}));
  const protectionId = (
    await shield.send(
      new CreateProtectionCommand({
        Name: 'isoprotection-first',
        ResourceArn: loadBalancerArn,
        Tags: tag('protection'),
      }),
    )
  ).ProtectionId!;
  await shield.send(
    new CreateProtectionGroupCommand({
      ProtectionGroupId: 'isoshieldgroup-first',
      Aggregation: 'SUM',
      Pattern: 'ARBITRARY',
      Members: [loadBalancerArn],
      Tags: tag('shieldgroup'),
    }),
  );
  await shield.send(
    new AssociateProactiveEngagementDetailsCommand({
      EmergencyContactList: [{ EmailAddress: 'isocontact-first@example.com', PhoneNumber: '+15555550199' }],
    }),
  );

  // Systems Manager: a hybrid activation, a host registered through it (as `warden agent` registers) and its inventory.
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'isossmrole-first',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(
    new AttachRolePolicyCommand({
      RoleName: 'isossmrole-first',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    }),
  );
  const activation = await new SSMClient(w.clientConfig).send(
    new CreateActivationCommand({
      IamRole: 'isossmrole-first',
      DefaultInstanceName: 'isoinstance-first',
      Description: 'isoactivation-first',
      Tags: tag('activation'),
    }),
  );
  // Ed25519 key generation is fast and this runs once, in set-up (not on any request path).
  const instanceKey = generateKeyPairSync('ed25519');
  const registered = await registerManagedInstance(w.endpoint, {
    activationId: activation.ActivationId!,
    activationCode: activation.ActivationCode!,
    region: 'us-east-1',
    publicKeyDer: instanceKey.publicKey.export({ type: 'spki', format: 'der' }),
    computerName: 'isohost-first',
  });
  const instanceCredentials = {
    accessKeyId: registered.credentials.accessKeyId,
    secretAccessKey: registered.credentials.secretAccessKey,
    sessionToken: registered.credentials.sessionToken,
  };
  await new SSMClient({ ...w.clientConfig, credentials: instanceCredentials }).send(
    new PutInventoryCommand({
      InstanceId: registered.instanceId,
      Items: [
        {
          TypeName: 'AWS:Application',
          SchemaVersion: '1.1',
          CaptureTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          Content: [{ Name: 'isopackage-first', Version: '1.2.3', PackageId: 'pkg:npm/isopackage-first@1.2.3' }],
        },
      ],
    }),
  );

  // A delegation policy (the organization's resource policy) naming the member account.
  const resourcePolicyId = (
    await org.send(
      new PutResourcePolicyCommand({
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'isodelegation',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${memberId}:root` },
              Action: 'organizations:ListAccounts',
              Resource: '*',
            },
          ],
        }),
        Tags: tag('delegation'),
      }),
    )
  ).ResourcePolicy!.ResourcePolicySummary!.Id!;

  const identifiers = [
    accountId,
    user.UserName!,
    user.UserId!,
    'isopath',
    accessKeyId,
    'isomfa-first',
    sshKeyId,
    signingCertificateId,
    serverCertificate.ServerCertificateId!,
    'isocert-first',
    serviceCredential.ServiceSpecificCredentialId!,
    serviceCredential.ServiceUserName!,
    group.GroupName!,
    group.GroupId!,
    role.RoleName!,
    role.RoleId!,
    profile.InstanceProfileName!,
    profile.InstanceProfileId!,
    policy.PolicyName!,
    policy.PolicyId!,
    'isoinline-user',
    'isoinline-group',
    'isoinline-role',
    'isooidc-first',
    'isoclient-first',
    'isosaml-first',
    'isoalias-first',
    deletionTaskId,
    key.KeyId!,
    asymmetric.KeyId!,
    'isokey-description',
    'isokey-first',
    grantId,
    'isogrant-first',
    customKeyStoreId,
    'isoxks-first',
    'isotrail-first',
    'isobucket-first',
    organization.Id!,
    rootId,
    ouId,
    'isoou-first',
    scpId,
    'isoscp-first',
    'isoscp-description',
    memberId,
    'isomember-first',
    createRequestId,
    handshakeId,
    'isonotes-first',
    resourcePolicyId,
    'isodelegation',
    transfer.Id!,
    transferId,
    'isotransfer-first',
    'isolb-first',
    'isotg-first',
    loadBalancerArn.split('/').pop()!,
    targetGroupArn.split('/').pop()!,
    listenerArn.split('/').pop()!,
    ruleArn.split('/').pop()!,
    '127.0.0.9',
    'isopath-first',
    'isoipset-first',
    'isoregex',
    'isorulegroup-first',
    'isorule-first',
    'isoacl-first',
    'isogroup-rule',
    'isolog-first',
    ipSet.Id!,
    regexSet.Id!,
    ruleGroup.Id!,
    webAcl.Id!,
    protectionId,
    'isoprotection-first',
    'isoshieldgroup-first',
    activation.ActivationId!,
    'isossmrole-first',
    'isoinstance-first',
    'isoactivation-first',
    registered.instanceId,
    'isohost-first',
    'isopackage-first',
    'isocontact-first',
    '+15555550199',
    '192.0.2.0',
    'isotag-',
    'isoval-',
  ];
  return {
    accountId,
    user: user.UserName!,
    userArn: user.Arn!,
    accessKeyId,
    mfaSerial: device.SerialNumber!,
    sshKeyId,
    serverCertificate: 'isocert-first',
    group: group.GroupName!,
    role: role.RoleName!,
    roleArn: role.Arn!,
    instanceProfile: profile.InstanceProfileName!,
    policyArn: policy.Arn!,
    oidcArn,
    samlArn,
    deletionTaskId,
    keyId: key.KeyId!,
    keyArn: key.Arn!,
    alias: 'alias/isokey-first',
    asymmetricKeyId: asymmetric.KeyId!,
    grantId,
    customKeyStoreId,
    trail: 'isotrail-first',
    trailArn: trail,
    orgId: organization.Id!,
    rootId,
    ouId,
    scpId,
    memberId,
    createRequestId,
    handshakeId,
    transferId,
    loadBalancerArn,
    targetGroupArn,
    listenerArn,
    ruleArn,
    ipSet: wafRef(ipSet),
    regexSet: wafRef(regexSet),
    ruleGroup: wafRef(ruleGroup),
    webAcl: wafRef(webAcl),
    protectionId,
    activationId: activation.ActivationId!,
    instanceId: registered.instanceId,
    setupEnd: Date.now(),
    identifiers,
  };
}

// ---- What the second account asks, operation by operation, and what it may be told.

/** Which of the second account's situations a probe runs in: alone, or managing an organization of its own. */
type Phase = 'alone' | 'own organization';

interface Probe {
  input: object;
  /** 'ok', or the error codes AWS answers (one list, or one per phase). */
  expect: 'ok' | readonly string[] | Readonly<Record<Phase, 'ok' | readonly string[]>>;
  /** First-account identifiers AWS itself reveals to this call, with why (GetAccessKeyInfo names a key's account). */
  reveals?: readonly string[];
  /**
   * The reply is the caller's own trail, which records its earlier probes and so names the first account's resources:
   * instead of looking for them, every event must be one the second account made and received.
   */
  ownTrail?: true;
  /** What AWS answers once the second account holds a namesake without this sub-resource (status unchecked otherwise then). */
  namesake?: readonly string[];
}

const NOT_IN_USE = 'AWSOrganizationsNotInUseException';
/** Organizations: a stand-alone caller is in no organization; inside its own, the first's resources do not exist. */
const orgs = (...codes: string[]) => ({ alone: [NOT_IN_USE], 'own organization': codes });
const orgList = { alone: [NOT_IN_USE], 'own organization': 'ok' } as const;

function probes(f: First): Record<string, readonly Probe[]> {
  const noEntity = ['NoSuchEntity'];
  const wafMissing = ['WAFNonexistentItemException'];
  const wafId = (x: { Name: string; Id: string }) => ({ Name: x.Name, Id: x.Id });
  const kmsMissing = ['NotFoundException'];
  /** A key named by its ARN in another account: AWS answers AccessDenied (the default key policy names only its own account). */
  const kmsForeign = ['AccessDeniedException'];
  const aliasArn = `arn:aws:kms:us-east-1:${f.accountId}:${f.alias}`;
  const keyRefs: Probe[] = [
    { input: { KeyId: f.keyId }, expect: kmsMissing },
    { input: { KeyId: f.keyArn }, expect: kmsForeign },
    { input: { KeyId: f.alias }, expect: kmsMissing },
    // KMS resolves an alias ARN to its key before authorizing, and its AccessDenied names the key's ARN as the resource.
    { input: { KeyId: aliasArn }, expect: kmsForeign, reveals: [f.keyId] },
  ];
  const withKey = (extra: object): Probe[] => keyRefs.map((p) => ({ ...p, input: { ...p.input, ...extra } }));
  const period = (days: number) => {
    const day = 86_400_000;
    const start = new Date(Date.now() - (Date.now() % day) + days * day).toISOString().slice(0, 10);
    const end = new Date(Date.now() - (Date.now() % day) + (days + 2) * day).toISOString().slice(0, 10);
    return { Start: start, End: end };
  };
  return {
    // IAM
    'iam:GenerateCredentialReport': [{ input: {}, expect: 'ok' }],
    // The report the sweep's GenerateCredentialReport made: the second account's own users only.
    'iam:GetCredentialReport': [{ input: {}, expect: 'ok' }],
    'iam:GetAccessKeyLastUsed': [{ input: { AccessKeyId: f.accessKeyId }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:GetAccountAuthorizationDetails': [{ input: {}, expect: 'ok' }],
    'iam:GetAccountPasswordPolicy': [{ input: {}, expect: noEntity }],
    'iam:GetAccountSummary': [{ input: {}, expect: 'ok' }],
    'iam:GetContextKeysForCustomPolicy': [
      {
        input: {
          PolicyInputList: [
            JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
          ],
        },
        expect: 'ok',
      },
    ],
    'iam:GetContextKeysForPrincipalPolicy': [
      { input: { PolicySourceArn: f.userArn }, expect: ['AccessDenied'] },
      { input: { PolicySourceArn: f.roleArn }, expect: ['AccessDenied'] },
    ],
    'iam:GetGroup': [{ input: { GroupName: f.group }, expect: noEntity }],
    'iam:GetGroupPolicy': [
      { input: { GroupName: f.group, PolicyName: 'isoinline-group' }, expect: noEntity, namesake: noEntity },
    ],
    'iam:GetInstanceProfile': [{ input: { InstanceProfileName: f.instanceProfile }, expect: noEntity }],
    'iam:GetLoginProfile': [{ input: { UserName: f.user }, expect: noEntity, namesake: noEntity }],
    'iam:GetMFADevice': [{ input: { SerialNumber: f.mfaSerial }, expect: noEntity }],
    'iam:GetOpenIDConnectProvider': [
      { input: { OpenIDConnectProviderArn: f.oidcArn }, expect: ['AccessDenied', 'NoSuchEntity'] },
    ],
    'iam:GetPolicy': [{ input: { PolicyArn: f.policyArn }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:GetPolicyVersion': [
      { input: { PolicyArn: f.policyArn, VersionId: 'v2' }, expect: ['AccessDenied', 'NoSuchEntity'] },
    ],
    'iam:GetRole': [{ input: { RoleName: f.role }, expect: noEntity }],
    'iam:GetRolePolicy': [
      { input: { RoleName: f.role, PolicyName: 'isoinline-role' }, expect: noEntity, namesake: noEntity },
    ],
    'iam:GetSAMLProvider': [{ input: { SAMLProviderArn: f.samlArn }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:GetServiceLinkedRoleDeletionStatus': [
      { input: { DeletionTaskId: f.deletionTaskId }, expect: ['AccessDenied', 'NoSuchEntity', 'InvalidInput'] },
    ],
    'iam:GetUser': [{ input: { UserName: f.user }, expect: noEntity }],
    'iam:GetUserPolicy': [
      { input: { UserName: f.user, PolicyName: 'isoinline-user' }, expect: noEntity, namesake: noEntity },
    ],
    'iam:ListAccessKeys': [
      { input: {}, expect: 'ok' },
      { input: { UserName: f.user }, expect: noEntity },
    ],
    'iam:ListAccountAliases': [{ input: {}, expect: 'ok' }],
    'iam:ListAttachedGroupPolicies': [{ input: { GroupName: f.group }, expect: noEntity }],
    'iam:ListAttachedRolePolicies': [{ input: { RoleName: f.role }, expect: noEntity }],
    'iam:ListAttachedUserPolicies': [{ input: { UserName: f.user }, expect: noEntity }],
    'iam:ListEntitiesForPolicy': [{ input: { PolicyArn: f.policyArn }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:ListGroupPolicies': [{ input: { GroupName: f.group }, expect: noEntity }],
    'iam:ListGroups': [
      { input: {}, expect: 'ok' },
      { input: { PathPrefix: '/isopath/' }, expect: 'ok' },
    ],
    'iam:ListGroupsForUser': [{ input: { UserName: f.user }, expect: noEntity }],
    'iam:ListInstanceProfileTags': [{ input: { InstanceProfileName: f.instanceProfile }, expect: noEntity }],
    'iam:ListInstanceProfiles': [{ input: {}, expect: 'ok' }],
    'iam:ListInstanceProfilesForRole': [{ input: { RoleName: f.role }, expect: noEntity }],
    'iam:ListMFADeviceTags': [{ input: { SerialNumber: f.mfaSerial }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:ListMFADevices': [
      { input: {}, expect: 'ok' },
      { input: { UserName: f.user }, expect: noEntity },
    ],
    'iam:ListOpenIDConnectProviderTags': [
      { input: { OpenIDConnectProviderArn: f.oidcArn }, expect: ['AccessDenied', 'NoSuchEntity'] },
    ],
    'iam:ListOpenIDConnectProviders': [{ input: {}, expect: 'ok' }],
    'iam:ListPolicies': [
      { input: {}, expect: 'ok' },
      { input: { Scope: 'Local' }, expect: 'ok' },
    ],
    'iam:ListPolicyTags': [{ input: { PolicyArn: f.policyArn }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:ListPolicyVersions': [{ input: { PolicyArn: f.policyArn }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:ListRolePolicies': [{ input: { RoleName: f.role }, expect: noEntity }],
    'iam:ListRoleTags': [{ input: { RoleName: f.role }, expect: noEntity }],
    'iam:ListRoles': [{ input: {}, expect: 'ok' }],
    'iam:ListSAMLProviderTags': [{ input: { SAMLProviderArn: f.samlArn }, expect: ['AccessDenied', 'NoSuchEntity'] }],
    'iam:ListSAMLProviders': [{ input: {}, expect: 'ok' }],
    'iam:GetSSHPublicKey': [
      {
        input: { UserName: f.user, SSHPublicKeyId: f.sshKeyId, Encoding: 'SSH' },
        expect: noEntity,
        namesake: noEntity,
      },
    ],
    // The sweep calls as a root user, which holds no SSH keys or service credentials of its own: AWS wants a UserName.
    'iam:ListSSHPublicKeys': [
      { input: {}, expect: ['ValidationError'] },
      { input: { UserName: f.user }, expect: noEntity },
    ],
    'iam:GetServerCertificate': [{ input: { ServerCertificateName: f.serverCertificate }, expect: noEntity }],
    'iam:ListServerCertificateTags': [{ input: { ServerCertificateName: f.serverCertificate }, expect: noEntity }],
    'iam:ListServerCertificates': [
      { input: {}, expect: 'ok' },
      { input: { PathPrefix: '/isopath/' }, expect: 'ok' },
    ],
    'iam:ListSigningCertificates': [
      { input: {}, expect: 'ok' },
      { input: { UserName: f.user }, expect: noEntity },
    ],
    'iam:ListServiceSpecificCredentials': [
      { input: {}, expect: ['ValidationError'] },
      { input: { AllUsers: true }, expect: 'ok' },
      { input: { UserName: f.user }, expect: noEntity },
    ],
    'iam:ListUserPolicies': [{ input: { UserName: f.user }, expect: noEntity }],
    'iam:ListUserTags': [{ input: { UserName: f.user }, expect: noEntity }],
    'iam:ListUsers': [
      { input: {}, expect: 'ok' },
      { input: { PathPrefix: '/isopath/' }, expect: 'ok' },
    ],
    'iam:ListVirtualMFADevices': [{ input: {}, expect: 'ok' }],
    'iam:SimulateCustomPolicy': [
      {
        input: {
          PolicyInputList: [
            JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
          ],
          ActionNames: ['kms:Decrypt'],
          ResourceArns: [f.keyArn],
        },
        expect: 'ok',
      },
    ],
    'iam:SimulatePrincipalPolicy': [
      { input: { PolicySourceArn: f.userArn, ActionNames: ['s3:GetObject'] }, expect: ['AccessDenied'] },
      { input: { PolicySourceArn: f.roleArn, ActionNames: ['s3:GetObject'] }, expect: ['AccessDenied'] },
    ],
    // STS
    'sts:GetAccessKeyInfo': [
      // AWS documents it: GetAccessKeyInfo tells any caller which account an access key belongs to, nothing more.
      { input: { AccessKeyId: f.accessKeyId }, expect: 'ok', reveals: [f.accountId] },
    ],
    'sts:GetFederationToken': [{ input: { Name: 'isofed' }, expect: 'ok' }],
    // KMS
    'kms:DescribeKey': withKey({}),
    'kms:DescribeCustomKeyStores': [
      { input: {}, expect: 'ok' },
      { input: { CustomKeyStoreId: f.customKeyStoreId }, expect: ['CustomKeyStoreNotFoundException'] },
      { input: { CustomKeyStoreName: 'isoxks-first' }, expect: ['CustomKeyStoreNotFoundException'] },
    ],
    // GetKeyLastUsage is not cross-account: a key ARN of another account is not found in the caller's.
    'kms:GetKeyLastUsage': [
      { input: { KeyId: f.keyId }, expect: kmsMissing },
      { input: { KeyId: f.keyArn }, expect: [...kmsMissing, ...kmsForeign] },
      { input: { KeyId: f.alias }, expect: kmsMissing },
    ],
    'kms:GetKeyPolicy': withKey({ PolicyName: 'default' }),
    'kms:GetKeyRotationStatus': withKey({}),
    'kms:GetParametersForImport': withKey({ WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
    'kms:GetPublicKey': [
      { input: { KeyId: f.asymmetricKeyId }, expect: kmsMissing },
      { input: { KeyId: f.keyArn.replace(f.keyId, f.asymmetricKeyId) }, expect: kmsForeign },
    ],
    // ListAliases is not cross-account: a key ARN or alias ARN of another account is looked up in the caller's.
    'kms:ListAliases': [
      { input: {}, expect: 'ok' },
      { input: { KeyId: f.keyId }, expect: kmsMissing },
      { input: { KeyId: f.keyArn }, expect: kmsMissing },
    ],
    'kms:ListGrants': withKey({}),
    'kms:ListKeyPolicies': withKey({}),
    'kms:ListKeyRotations': withKey({}),
    'kms:ListKeys': [{ input: {}, expect: 'ok' }],
    'kms:ListResourceTags': withKey({}),
    'kms:ListRetirableGrants': [{ input: { RetiringPrincipal: f.roleArn }, expect: 'ok' }],
    // CloudTrail
    'cloudtrail:DescribeTrails': [
      { input: {}, expect: 'ok' },
      { input: { trailNameList: [f.trail] }, expect: 'ok' },
      { input: { trailNameList: [f.trailArn] }, expect: 'ok' },
    ],
    'cloudtrail:GetTrail': [
      { input: { Name: f.trail }, expect: ['TrailNotFoundException'] },
      { input: { Name: f.trailArn }, expect: ['TrailNotFoundException'] },
    ],
    'cloudtrail:GetTrailStatus': [
      { input: { Name: f.trail }, expect: ['TrailNotFoundException'] },
      { input: { Name: f.trailArn }, expect: ['TrailNotFoundException'] },
    ],
    'cloudtrail:ListTags': [
      {
        input: { ResourceIdList: [f.trailArn] },
        expect: ['TrailNotFoundException', 'ResourceNotFoundException', 'CloudTrailARNInvalidException'],
      },
    ],
    'cloudtrail:ListTrails': [{ input: {}, expect: 'ok' }],
    'cloudtrail:LookupEvents': [
      { input: {}, expect: 'ok', ownTrail: true },
      // Before the second account's first call, and calls it never makes: only the first account's events match.
      { input: { EndTime: Math.floor(f.setupEnd / 1000) - 1 }, expect: 'ok' },
      { input: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }, expect: 'ok' },
      { input: { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: f.keyArn }] }, expect: 'ok' },
    ],
    // Organizations
    'organizations:DescribeAccount': [{ input: { AccountId: f.memberId }, expect: orgs('AccountNotFoundException') }],
    'organizations:DescribeCreateAccountStatus': [
      { input: { CreateAccountRequestId: f.createRequestId }, expect: orgs('CreateAccountStatusNotFoundException') },
    ],
    'organizations:DescribeEffectivePolicy': [
      { input: { PolicyType: 'TAG_POLICY', TargetId: f.memberId }, expect: orgs('TargetNotFoundException') },
    ],
    'organizations:DescribeHandshake': [
      { input: { HandshakeId: f.handshakeId }, expect: ['HandshakeNotFoundException'] },
    ],
    'organizations:DescribeOrganization': [{ input: {}, expect: orgList }],
    'organizations:DescribeOrganizationalUnit': [
      { input: { OrganizationalUnitId: f.ouId }, expect: orgs('OrganizationalUnitNotFoundException') },
    ],
    'organizations:DescribeResponsibilityTransfer': [
      { input: { Id: f.transferId }, expect: orgs('ResponsibilityTransferNotFoundException') },
    ],
    'organizations:ListInboundResponsibilityTransfers': [
      { input: { Type: 'BILLING' }, expect: orgList },
      { input: { Type: 'BILLING', Id: f.transferId }, expect: orgs('ResponsibilityTransferNotFoundException') },
    ],
    'organizations:ListOutboundResponsibilityTransfers': [{ input: { Type: 'BILLING' }, expect: orgList }],
    'organizations:DescribeResourcePolicy': [{ input: {}, expect: orgs('ResourcePolicyNotFoundException') }],
    'organizations:DescribePolicy': [{ input: { PolicyId: f.scpId }, expect: orgs('PolicyNotFoundException') }],
    'organizations:ListAWSServiceAccessForOrganization': [{ input: {}, expect: orgList }],
    'organizations:ListAccounts': [{ input: {}, expect: orgList }],
    'organizations:ListAccountsForParent': [
      { input: { ParentId: f.rootId }, expect: orgs('ParentNotFoundException') },
      { input: { ParentId: f.ouId }, expect: orgs('ParentNotFoundException') },
    ],
    'organizations:ListChildren': [
      { input: { ParentId: f.rootId, ChildType: 'ORGANIZATIONAL_UNIT' }, expect: orgs('ParentNotFoundException') },
    ],
    'organizations:ListCreateAccountStatus': [{ input: {}, expect: orgList }],
    'organizations:ListDelegatedAdministrators': [{ input: {}, expect: orgList }],
    'organizations:ListDelegatedServicesForAccount': [
      { input: { AccountId: f.memberId }, expect: orgs('AccountNotFoundException') },
    ],
    'organizations:ListHandshakesForAccount': [{ input: {}, expect: 'ok' }],
    'organizations:ListHandshakesForOrganization': [{ input: {}, expect: orgList }],
    'organizations:ListOrganizationalUnitsForParent': [
      { input: { ParentId: f.rootId }, expect: orgs('ParentNotFoundException') },
    ],
    'organizations:ListParents': [
      { input: { ChildId: f.memberId }, expect: orgs('ChildNotFoundException') },
      { input: { ChildId: f.ouId }, expect: orgs('ChildNotFoundException') },
    ],
    'organizations:ListPolicies': [{ input: { Filter: 'SERVICE_CONTROL_POLICY' }, expect: orgList }],
    'organizations:ListPoliciesForTarget': [
      { input: { TargetId: f.ouId, Filter: 'SERVICE_CONTROL_POLICY' }, expect: orgs('TargetNotFoundException') },
    ],
    'organizations:ListRoots': [{ input: {}, expect: orgList }],
    'organizations:ListTagsForResource': [
      { input: { ResourceId: f.ouId }, expect: orgs('TargetNotFoundException') },
      { input: { ResourceId: f.memberId }, expect: orgs('TargetNotFoundException') },
      { input: { ResourceId: f.transferId }, expect: orgs('TargetNotFoundException') },
    ],
    'organizations:ListTargetsForPolicy': [{ input: { PolicyId: f.scpId }, expect: orgs('PolicyNotFoundException') }],
    // ELBv2: every read names the first account's resources and finds none of them.
    'elbv2:DescribeLoadBalancers': [
      { input: {}, expect: 'ok' },
      { input: { Names: ['isolb-first'] }, expect: ['LoadBalancerNotFound'] },
      { input: { LoadBalancerArns: [f.loadBalancerArn] }, expect: ['LoadBalancerNotFound'] },
    ],
    'elbv2:DescribeLoadBalancerAttributes': [
      { input: { LoadBalancerArn: f.loadBalancerArn }, expect: ['LoadBalancerNotFound'] },
    ],
    'elbv2:DescribeTargetGroups': [
      { input: {}, expect: 'ok' },
      { input: { Names: ['isotg-first'] }, expect: ['TargetGroupNotFound'] },
      { input: { TargetGroupArns: [f.targetGroupArn] }, expect: ['TargetGroupNotFound'] },
      { input: { LoadBalancerArn: f.loadBalancerArn }, expect: ['LoadBalancerNotFound'] },
    ],
    'elbv2:DescribeTargetGroupAttributes': [
      { input: { TargetGroupArn: f.targetGroupArn }, expect: ['TargetGroupNotFound'] },
    ],
    'elbv2:DescribeTargetHealth': [{ input: { TargetGroupArn: f.targetGroupArn }, expect: ['TargetGroupNotFound'] }],
    'elbv2:DescribeListeners': [
      { input: { LoadBalancerArn: f.loadBalancerArn }, expect: ['LoadBalancerNotFound'] },
      { input: { ListenerArns: [f.listenerArn] }, expect: ['ListenerNotFound'] },
    ],
    'elbv2:DescribeRules': [
      { input: { ListenerArn: f.listenerArn }, expect: ['ListenerNotFound'] },
      { input: { RuleArns: [f.ruleArn] }, expect: ['RuleNotFound'] },
    ],
    'elbv2:DescribeTags': [
      { input: { ResourceArns: [f.loadBalancerArn] }, expect: ['LoadBalancerNotFound'] },
      { input: { ResourceArns: [f.targetGroupArn] }, expect: ['TargetGroupNotFound'] },
      { input: { ResourceArns: [f.listenerArn] }, expect: ['ListenerNotFound'] },
      { input: { ResourceArns: [f.ruleArn] }, expect: ['RuleNotFound'] },
    ],
    // WAFv2
    'wafv2:GetIPSet': [{ input: { ...wafId(f.ipSet), Scope: 'REGIONAL' }, expect: wafMissing }],
    'wafv2:GetRegexPatternSet': [{ input: { ...wafId(f.regexSet), Scope: 'REGIONAL' }, expect: wafMissing }],
    'wafv2:GetRuleGroup': [
      { input: { ...wafId(f.ruleGroup), Scope: 'REGIONAL' }, expect: wafMissing },
      { input: { ARN: f.ruleGroup.ARN }, expect: wafMissing },
    ],
    'wafv2:GetWebACL': [
      { input: { ...wafId(f.webAcl), Scope: 'REGIONAL' }, expect: wafMissing },
      { input: { ARN: f.webAcl.ARN }, expect: wafMissing },
    ],
    'wafv2:ListIPSets': [{ input: { Scope: 'REGIONAL' }, expect: 'ok' }],
    'wafv2:ListRegexPatternSets': [{ input: { Scope: 'REGIONAL' }, expect: 'ok' }],
    'wafv2:ListRuleGroups': [{ input: { Scope: 'REGIONAL' }, expect: 'ok' }],
    'wafv2:ListWebACLs': [{ input: { Scope: 'REGIONAL' }, expect: 'ok' }],
    'wafv2:CheckCapacity': [
      {
        input: {
          Scope: 'REGIONAL',
          Rules: [
            {
              Name: 'probe',
              Priority: 0,
              OverrideAction: { None: {} },
              Statement: { RuleGroupReferenceStatement: { ARN: f.ruleGroup.ARN } },
              VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'p' },
            },
          ],
        },
        expect: wafMissing,
      },
    ],
    'wafv2:ListTagsForResource': [
      { input: { ResourceARN: f.webAcl.ARN }, expect: wafMissing },
      { input: { ResourceARN: f.ipSet.ARN }, expect: wafMissing },
    ],
    'wafv2:GetWebACLForResource': [{ input: { ResourceArn: f.loadBalancerArn }, expect: wafMissing }],
    'wafv2:ListResourcesForWebACL': [{ input: { WebACLArn: f.webAcl.ARN }, expect: wafMissing }],
    'wafv2:GetSampledRequests': [
      {
        input: {
          WebAclArn: f.webAcl.ARN,
          RuleMetricName: 'isoacl',
          Scope: 'REGIONAL',
          TimeWindow: { StartTime: Math.floor(Date.now() / 1000) - 3600, EndTime: Math.floor(Date.now() / 1000) },
          MaxItems: 100,
        },
        expect: wafMissing,
      },
    ],
    'wafv2:GetLoggingConfiguration': [{ input: { ResourceArn: f.webAcl.ARN }, expect: wafMissing }],
    'wafv2:ListLoggingConfigurations': [{ input: { Scope: 'REGIONAL' }, expect: 'ok' }],
    // The managed rule group catalogue is AWS's, the same for every account.
    'wafv2:ListAvailableManagedRuleGroups': [{ input: { Scope: 'REGIONAL' }, expect: 'ok' }],
    'wafv2:DescribeManagedRuleGroup': [
      { input: { Scope: 'REGIONAL', VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }, expect: 'ok' },
    ],
    'wafv2:ListAvailableManagedRuleGroupVersions': [
      { input: { Scope: 'REGIONAL', VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }, expect: 'ok' },
    ],
    // Shield (the second account subscribes before the sweeps: without a subscription every read is refused alike)
    'shield:GetSubscriptionState': [{ input: {}, expect: 'ok' }],
    'shield:DescribeSubscription': [{ input: {}, expect: 'ok' }],
    'shield:DescribeEmergencyContactSettings': [{ input: {}, expect: 'ok' }],
    'shield:DescribeProtection': [
      { input: { ProtectionId: f.protectionId }, expect: ['ResourceNotFoundException'] },
      { input: { ResourceArn: f.loadBalancerArn }, expect: ['ResourceNotFoundException'] },
    ],
    'shield:ListProtections': [
      { input: {}, expect: 'ok' },
      { input: { InclusionFilters: { ResourceArns: [f.loadBalancerArn] } }, expect: 'ok' },
    ],
    'shield:DescribeProtectionGroup': [
      { input: { ProtectionGroupId: 'isoshieldgroup-first' }, expect: ['ResourceNotFoundException'] },
    ],
    'shield:ListProtectionGroups': [{ input: {}, expect: 'ok' }],
    'shield:ListResourcesInProtectionGroup': [
      { input: { ProtectionGroupId: 'isoshieldgroup-first' }, expect: ['ResourceNotFoundException'] },
    ],
    'shield:ListAttacks': [{ input: { ResourceArns: [f.loadBalancerArn] }, expect: 'ok' }],
    // No attack of the first account's exists to name; an id the caller does not own is refused alike.
    'shield:DescribeAttack': [
      { input: { AttackId: '00000000-0000-4000-8000-000000000000' }, expect: ['AccessDeniedException'] },
    ],
    'shield:DescribeAttackStatistics': [{ input: {}, expect: 'ok' }],
    'shield:ListTagsForResource': [
      {
        input: { ResourceARN: `arn:aws:shield::${f.accountId}:protection/${f.protectionId}` },
        expect: ['ResourceNotFoundException'],
      },
      {
        input: { ResourceARN: `arn:aws:shield::${f.accountId}:protection-group/isoshieldgroup-first` },
        expect: ['ResourceNotFoundException'],
      },
    ],
    // Systems Manager
    'ssm:DescribeActivations': [
      { input: {}, expect: 'ok' },
      { input: { Filters: [{ FilterKey: 'ActivationIds', FilterValues: [f.activationId] }] }, expect: 'ok' },
    ],
    'ssm:DescribeInstanceInformation': [
      { input: {}, expect: 'ok' },
      { input: { Filters: [{ Key: 'InstanceIds', Values: [f.instanceId] }] }, expect: 'ok' },
    ],
    'ssm:GetInventory': [
      { input: {}, expect: 'ok' },
      {
        input: { Filters: [{ Key: 'AWS:InstanceInformation.InstanceId', Values: [f.instanceId], Type: 'Equal' }] },
        expect: 'ok',
      },
    ],
    'ssm:ListInventoryEntries': [
      { input: { InstanceId: f.instanceId, TypeName: 'AWS:Application' }, expect: ['InvalidInstanceId'] },
    ],
    'ssm:ListTagsForResource': [
      { input: { ResourceType: 'ManagedInstance', ResourceId: f.instanceId }, expect: ['InvalidResourceId'] },
    ],
    // Cost Explorer
    'ce:GetCostAndUsage': [
      {
        input: {
          TimePeriod: period(-1),
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost', 'UsageQuantity'],
          GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
        },
        expect: 'ok',
      },
      {
        input: {
          TimePeriod: period(-1),
          Granularity: 'DAILY',
          Metrics: ['UsageQuantity'],
          GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
        },
        expect: 'ok',
      },
    ],
    'ce:GetCostForecast': [
      {
        input: { TimePeriod: period(1), Metric: 'UNBLENDED_COST', Granularity: 'DAILY' },
        expect: ['DataUnavailableException'],
      },
    ],
    'ce:GetDimensionValues': [{ input: { TimePeriod: period(-1), Dimension: 'LINKED_ACCOUNT' }, expect: 'ok' }],
  };
}

describe('a second account sees nothing of the first', () => {
  let w: TestWarden;
  let proxy: TestXksProxy;
  let first: First;
  let second: Keys;
  let served: string[];

  before(async () => {
    proxy = await startXksProxy();
    w = await startWarden(proxy.wardenConfig);
    first = await populateFirstAccount(w, proxy);
    const account = await createStandaloneAccount(w.warden.runtime.store, w.warden.runtime.secrets, {
      email: 'isolation-second@example.com',
      accountId: SECOND,
    });
    second = { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
    await new ShieldClient({ ...w.clientConfig, credentials: second }).send(new CreateSubscriptionCommand({}));
    const catalog = await loadActionCatalog(iamPrefixes(SERVICES));
    served = SERVICES.flatMap((s) =>
      Object.keys(s.provider?.handlers ?? {})
        .filter((op) => {
          const level = catalog.get(`${s.iamPrefix}:${op}`)?.accessLevel;
          return level === 'Read' || level === 'List' || READ_NAME.test(op);
        })
        .map((op) => `${s.model}:${op}`),
    ).sort();
  });
  after(async () => {
    await w?.stop();
    await proxy?.stop();
  });

  test('every served read or list operation is swept or skipped with a reason', () => {
    const table = probes(first);
    const forgotten = served.filter((op) => !(op in table) && !(op in SKIPPED));
    assert.deepEqual(forgotten, [], 'served reads neither swept nor skipped: add them to probes() or SKIPPED');
    const stale = [...Object.keys(table), ...Object.keys(SKIPPED)].filter((op) => !served.includes(op));
    assert.deepEqual(stale, [], 'swept or skipped operations that are not served reads');
    for (const known of ['iam:ListUsers', 'kms:DescribeKey', 'organizations:ListAccounts', 'ce:GetCostAndUsage']) {
      assert.ok(served.includes(known), `the enumeration of served reads misses ${known}`);
    }
  });

  /**
   * One sweep. With `sameNames`, the second account holds resources named as the first's: their names are no longer
   * the first's alone, and reads of them answer the second's own, so only the leak check applies.
   */
  async function sweep(phase: Phase, sameNames: readonly string[] = []) {
    const failures: string[] = [];
    const identifiers = first.identifiers.filter((id) => !sameNames.includes(id));
    for (const [name, list] of Object.entries(probes(first))) {
      const [service, operation] = name.split(':') as [string, string];
      for (const probe of list) {
        const reply = await call(w, second, service, operation, probe.input);
        const where = `${name} ${JSON.stringify(probe.input)} (${phase})`;
        const expect =
          Array.isArray(probe.expect) || typeof probe.expect === 'string'
            ? probe.expect
            : (probe.expect as Record<Phase, 'ok' | readonly string[]>)[phase];
        if (sameNames.length > 0 && probe.namesake && !probe.namesake.includes(reply.code ?? 'success')) {
          failures.push(
            `${where}: expected ${String(probe.namesake)} of the namesake, got ${reply.status} ${reply.code ?? 'success'}`,
          );
        }
        if (
          sameNames.length === 0 &&
          (expect === 'ok' ? reply.code !== undefined : !expect.includes(reply.code ?? 'success'))
        ) {
          failures.push(
            `${where}: expected ${String(expect)}, got ${reply.status} ${reply.code ?? 'success'}: ${reply.body.slice(0, 300)}`,
          );
        }
        if (probe.ownTrail) {
          const events = reply.code ? [] : (JSON.parse(reply.body) as { Events: { CloudTrailEvent: string }[] }).Events;
          if (events.length === 0) failures.push(`${where}: the second account's own trail is empty`);
          for (const event of events) {
            const record = JSON.parse(event.CloudTrailEvent) as {
              recipientAccountId: string;
              userIdentity: { accountId: string };
            };
            if (record.recipientAccountId !== SECOND || record.userIdentity.accountId !== SECOND) {
              failures.push(`${where}: an event of another account: ${event.CloudTrailEvent.slice(0, 300)}`);
            }
          }
          continue;
        }
        const sent = reply.sent.toLowerCase();
        const text = readable(reply.body);
        for (const id of identifiers) {
          const lower = id.toLowerCase();
          if (sent.includes(lower) || probe.reveals?.includes(id)) continue;
          if (text.includes(lower)) failures.push(`${where}: the reply reveals ${id}: ${reply.body.slice(0, 500)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  }

  test('as a stand-alone account', async () => {
    await sweep('alone');
  });

  test('as the management account of an organization of its own', async () => {
    const org = new OrganizationsClient({ ...w.clientConfig, credentials: second });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    await sweep('own organization');
  });

  test('holding resources named as the first account’s', async () => {
    // Tags, inline policies, attachments, group members and grants hang off a name: the second account's namesakes
    // carry none, so anything of the sort in a reply is the first account's.
    const config = { ...w.clientConfig, credentials: second };
    const iam = new IAMClient(config);
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new CreateUserCommand({ UserName: first.user, Path: '/isopath/' }));
    await iam.send(new CreateGroupCommand({ GroupName: first.group }));
    await iam.send(new CreateRoleCommand({ RoleName: first.role, AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: first.instanceProfile }));
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'isopolicy-first',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
        }),
      }),
    );
    await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'isomfa-first' }));
    const kms = new KMSClient(config);
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new CreateAliasCommand({ AliasName: first.alias, TargetKeyId: key.KeyId }));
    await new CloudTrailClient(config).send(
      new CreateTrailCommand({ Name: first.trail, S3BucketName: 'isobucket-second' }),
    );
    await new OrganizationsClient(config).send(
      new CreateOrganizationalUnitCommand({
        ParentId: (await new OrganizationsClient(config).send(new ListRootsCommand({}))).Roots![0]!.Id!,
        Name: 'isoou-first',
      }),
    );
    await sweep('own organization', [
      first.user,
      'isopath',
      first.group,
      first.role,
      first.instanceProfile,
      'isopolicy-first',
      'isomfa-first',
      'isokey-first',
      first.trail,
      'isoou-first',
    ]);
  });
});
