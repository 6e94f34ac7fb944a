// AWS-managed policies Warden ships whose documents are transcribed from AWS's published text (input to the generator).
//
// Provenance: each document is AWS's own policy text as AWS publishes it — the AWS Managed Policy Reference Guide
// (docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html) and the GetPolicyVersion output mirrored by
// the public policy-history trackers zoph-io/MAMIP and zoph-io/IAMTrail — at the version named in `versionId`.
// `versionDate` is that version's CreateDate. `createDate` is the policy's creation time where the reference guide
// states it (minute precision there), otherwise the version's date. Descriptions are given only where known.
// Where AWS has since published a newer default version than the one transcribed, `note` says so.

export type PolicyJson = { Version: string; Statement: Record<string, unknown>[] };

export interface TranscribedPolicy {
  name: string;
  path: string;
  description?: string;
  versionId: string;
  versionDate: string;
  createDate: string;
  note?: string;
  document: PolicyJson;
}

/** One Allow statement, its members in the order AWS writes them: Sid, Effect, Action, Resource, Condition. */
function allow(
  action: string | string[],
  resource: string | string[] = '*',
  extra: { Sid?: string; Condition?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    ...(extra.Sid === undefined ? {} : { Sid: extra.Sid }),
    Effect: 'Allow',
    Action: action,
    Resource: resource,
    ...(extra.Condition === undefined ? {} : { Condition: extra.Condition }),
  };
}

const SERVICE_LINKED = '/aws-service-role/';

export const TRANSCRIBED: TranscribedPolicy[] = [
  {
    name: 'AdministratorAccess',
    path: '/',
    description: 'Provides full access to AWS services and resources.',
    versionId: 'v1',
    versionDate: '2015-02-06T18:39:46Z',
    createDate: '2015-02-06T18:39:46Z',
    document: { Version: '2012-10-17', Statement: [allow('*')] },
  },
  {
    name: 'PowerUserAccess',
    path: '/',
    description:
      'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    versionId: 'v12',
    versionDate: '2026-02-12T17:59:00Z',
    createDate: '2015-02-06T18:39:00Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        allow([
          'account:GetAccountInformation',
          'account:GetGovCloudAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeEffectivePolicy',
          'organizations:DescribeOrganization',
        ]),
      ],
    },
  },
  {
    name: 'IAMFullAccess',
    path: '/',
    description: 'Provides full access to IAM via the AWS Management Console.',
    versionId: 'v2',
    versionDate: '2019-06-21T19:40:00Z',
    createDate: '2015-02-06T18:40:00Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow([
          'iam:*',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribePolicy',
          'organizations:ListChildren',
          'organizations:ListParents',
          'organizations:ListPoliciesForTarget',
          'organizations:ListRoots',
          'organizations:ListPolicies',
          'organizations:ListTargetsForPolicy',
        ]),
      ],
    },
  },
  {
    name: 'IAMReadOnlyAccess',
    path: '/',
    description: 'Provides read only access to IAM via the AWS Management Console.',
    versionId: 'v4',
    versionDate: '2018-01-25T19:11:00Z',
    createDate: '2015-02-06T18:40:00Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow([
          'iam:GenerateCredentialReport',
          'iam:GenerateServiceLastAccessedDetails',
          'iam:Get*',
          'iam:List*',
          'iam:SimulateCustomPolicy',
          'iam:SimulatePrincipalPolicy',
        ]),
      ],
    },
  },
  {
    name: 'AWSKeyManagementServicePowerUser',
    path: '/',
    versionId: 'v2',
    versionDate: '2017-03-07T00:55:11Z',
    createDate: '2017-03-07T00:55:11Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow([
          'kms:CreateAlias',
          'kms:CreateKey',
          'kms:DeleteAlias',
          'kms:Describe*',
          'kms:GenerateRandom',
          'kms:Get*',
          'kms:List*',
          'kms:TagResource',
          'kms:UntagResource',
          'iam:ListGroups',
          'iam:ListRoles',
          'iam:ListUsers',
        ]),
      ],
    },
  },
  {
    name: 'AWSOrganizationsFullAccess',
    path: '/',
    versionId: 'v9',
    versionDate: '2026-02-12T17:59:07Z',
    createDate: '2026-02-12T17:59:07Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow('organizations:*', '*', { Sid: 'AWSOrganizationsFullAccess' }),
        allow(
          [
            'account:PutAlternateContact',
            'account:DeleteAlternateContact',
            'account:GetAlternateContact',
            'account:GetContactInformation',
            'account:PutContactInformation',
            'account:ListRegions',
            'account:EnableRegion',
            'account:DisableRegion',
            'account:PutAccountName',
            'account:GetAccountInformation',
          ],
          '*',
          { Sid: 'AWSOrganizationsFullAccessAccount' },
        ),
        allow('iam:CreateServiceLinkedRole', '*', {
          Sid: 'AWSOrganizationsFullAccessCreateSLR',
          Condition: { StringEquals: { 'iam:AWSServiceName': 'organizations.amazonaws.com' } },
        }),
      ],
    },
  },
  {
    name: 'AWSOrganizationsReadOnlyAccess',
    path: '/',
    description: 'Provides read-only access to AWS Organizations.',
    versionId: 'v6',
    versionDate: '2024-06-07T21:32:16Z',
    createDate: '2018-11-06T20:32:00Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(['organizations:Describe*', 'organizations:List*'], '*', { Sid: 'AWSOrganizationsReadOnly' }),
        allow(
          [
            'account:GetAlternateContact',
            'account:GetContactInformation',
            'account:ListRegions',
            'account:GetRegionOptStatus',
            'account:GetPrimaryEmail',
          ],
          '*',
          { Sid: 'AWSOrganizationsReadOnlyAccount' },
        ),
      ],
    },
  },
  {
    name: 'AWSCloudTrail_FullAccess',
    path: '/',
    versionId: 'v3',
    versionDate: '2021-02-22T19:01:00Z',
    createDate: '2021-02-22T19:01:00Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          ['sns:AddPermission', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:GetTopicAttributes'],
          ['arn:aws:sns:*:*:aws-cloudtrail-logs*'],
        ),
        allow(['sns:ListTopics']),
        allow(
          ['s3:CreateBucket', 's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock'],
          ['arn:aws:s3:::aws-cloudtrail-logs*'],
        ),
        allow(['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketPolicy']),
        allow('cloudtrail:*'),
        allow(['logs:CreateLogGroup'], ['arn:aws:logs:*:*:log-group:aws-cloudtrail-logs*']),
        allow(['iam:ListRoles', 'iam:GetRolePolicy', 'iam:GetUser']),
        allow(['iam:PassRole'], '*', {
          Condition: { StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } },
        }),
        allow(['kms:CreateKey', 'kms:CreateAlias', 'kms:ListKeys', 'kms:ListAliases']),
        allow(['lambda:ListFunctions']),
        allow(['dynamodb:ListGlobalTables', 'dynamodb:ListTables']),
      ],
    },
  },
  {
    name: 'AWSCloudTrail_ReadOnlyAccess',
    path: '/',
    versionId: 'v1',
    versionDate: '2022-06-14T17:19:05Z',
    createDate: '2022-06-14T17:19:05Z',
    document: {
      Version: '2012-10-17',
      Statement: [allow(['cloudtrail:Get*', 'cloudtrail:Describe*', 'cloudtrail:List*', 'cloudtrail:LookupEvents'])],
    },
  },
  {
    name: 'AmazonGuardDutyFullAccess',
    path: '/',
    versionId: 'v9',
    versionDate: '2026-02-12T17:57:42Z',
    createDate: '2026-02-12T17:57:42Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow('guardduty:*', '*', { Sid: 'AmazonGuardDutyFullAccessSid1' }),
        allow('iam:CreateServiceLinkedRole', '*', {
          Sid: 'CreateServiceLinkedRoleSid1',
          Condition: {
            StringLike: {
              'iam:AWSServiceName': ['guardduty.amazonaws.com', 'malware-protection.guardduty.amazonaws.com'],
            },
          },
        }),
        allow(
          [
            'organizations:EnableAWSServiceAccess',
            'organizations:RegisterDelegatedAdministrator',
            'organizations:ListDelegatedAdministrators',
            'organizations:ListAWSServiceAccessForOrganization',
            'organizations:DescribeOrganizationalUnit',
            'organizations:DescribeAccount',
            'organizations:DescribeOrganization',
            'organizations:ListAccounts',
          ],
          '*',
          { Sid: 'ActionsForOrganizationsSid1' },
        ),
        allow('iam:GetRole', 'arn:aws:iam::*:role/*AWSServiceRoleForAmazonGuardDutyMalwareProtection', {
          Sid: 'IamGetRoleSid1',
        }),
        allow(['iam:PassRole'], 'arn:aws:iam::*:role/*', {
          Sid: 'AllowPassRoleToMalwareProtection',
          Condition: {
            StringEquals: {
              'iam:PassedToService': [
                'malware-protection-plan.guardduty.amazonaws.com',
                'malware-protection.guardduty.amazonaws.com',
              ],
            },
          },
        }),
      ],
    },
  },
  {
    name: 'AmazonGuardDutyReadOnlyAccess',
    path: '/',
    versionId: 'v4',
    versionDate: '2023-11-16T23:07:06Z',
    createDate: '2023-11-16T23:07:06Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(['guardduty:Describe*', 'guardduty:Get*', 'guardduty:List*']),
        allow([
          'organizations:ListDelegatedAdministrators',
          'organizations:ListAWSServiceAccessForOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:ListAccounts',
        ]),
      ],
    },
  },
  {
    name: 'AmazonInspector2FullAccess',
    path: '/',
    versionId: 'v4',
    versionDate: '2024-04-25T13:21:03Z',
    createDate: '2024-04-25T13:21:03Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow('inspector2:*', '*', { Sid: 'AllowFullAccessToInspectorApis' }),
        allow(['codeguru-security:BatchGetFindings', 'codeguru-security:GetAccountConfiguration'], '*', {
          Sid: 'AllowAccessToCodeGuruApis',
        }),
        allow('iam:CreateServiceLinkedRole', '*', {
          Sid: 'AllowAccessToCreateSlr',
          Condition: {
            StringEquals: {
              'iam:AWSServiceName': ['agentless.inspector2.amazonaws.com', 'inspector2.amazonaws.com'],
            },
          },
        }),
        allow(
          [
            'organizations:EnableAWSServiceAccess',
            'organizations:RegisterDelegatedAdministrator',
            'organizations:ListDelegatedAdministrators',
            'organizations:ListAWSServiceAccessForOrganization',
            'organizations:DescribeOrganizationalUnit',
            'organizations:DescribeAccount',
            'organizations:DescribeOrganization',
          ],
          '*',
          { Sid: 'AllowAccessToOrganizationApis' },
        ),
      ],
    },
  },
  {
    name: 'AmazonInspector2ReadOnlyAccess',
    path: '/',
    versionId: 'v8',
    versionDate: '2026-02-12T17:58:22Z',
    createDate: '2026-02-12T17:58:22Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow([
          'organizations:ListDelegatedAdministrators',
          'organizations:ListAWSServiceAccessForOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'inspector2:BatchGet*',
          'inspector2:List*',
          'inspector2:Describe*',
          'inspector2:Get*',
          'inspector2:Search*',
          'codeguru-security:BatchGetFindings',
          'codeguru-security:GetAccountConfiguration',
        ]),
        allow('organizations:ListPolicies', '*', {
          Sid: 'AllowListPoliciesForInspectorPolicyType',
          Condition: { StringEquals: { 'organizations:PolicyType': ['INSPECTOR_POLICY'] } },
        }),
        allow('organizations:DescribeResourcePolicy', '*', { Sid: 'AllowDescribeResourcePolicyForDelegation' }),
        allow('organizations:DescribeEffectivePolicy', '*', {
          Sid: 'AllowDescribeEffectivePolicyForInspector',
          Condition: { StringEquals: { 'organizations:PolicyType': ['INSPECTOR_POLICY'] } },
        }),
      ],
    },
  },
  {
    name: 'AWSWAFFullAccess',
    path: '/',
    versionId: 'v11',
    versionDate: '2023-06-05T20:55:25Z',
    createDate: '2023-06-05T20:55:25Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          [
            'waf:*',
            'waf-regional:*',
            'wafv2:*',
            'elasticloadbalancing:SetWebACL',
            'apigateway:SetWebACL',
            'appsync:SetWebACL',
            'logs:DescribeResourcePolicies',
            'logs:DescribeLogGroups',
            'cognito-idp:AssociateWebACL',
            'cognito-idp:DisassociateWebACL',
            'cognito-idp:ListResourcesForWebACL',
            'cognito-idp:GetWebACLForResource',
            'apprunner:AssociateWebAcl',
            'apprunner:DisassociateWebAcl',
            'apprunner:DescribeWebAclForService',
            'apprunner:ListServices',
            'apprunner:ListAssociatedServicesForWebAcl',
            'ec2:AssociateVerifiedAccessInstanceWebAcl',
            'ec2:DisassociateVerifiedAccessInstanceWebAcl',
            'ec2:DescribeVerifiedAccessInstanceWebAclAssociations',
            'ec2:GetVerifiedAccessInstanceWebAcl',
          ],
          '*',
          { Sid: 'AllowUseOfAWSWAF' },
        ),
        allow(['logs:CreateLogDelivery', 'logs:DeleteLogDelivery'], '*', { Sid: 'AllowLogDeliverySubscription' }),
        allow(['s3:PutBucketPolicy', 's3:GetBucketPolicy'], ['arn:aws:s3:::aws-waf-logs-*'], {
          Sid: 'GrantLogDeliveryPermissionForS3Bucket',
        }),
        allow(['logs:PutResourcePolicy'], '*', {
          Sid: 'GrantLogDeliveryPermissionForCloudWatchLogGroup',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['wafv2.amazonaws.com'] } },
        }),
      ],
    },
  },
  {
    name: 'AWSWAFReadOnlyAccess',
    path: '/',
    versionId: 'v11',
    versionDate: '2026-02-12T18:01:13Z',
    createDate: '2026-02-12T18:01:13Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          ['waf:Get*', 'waf:List*', 'waf-regional:Get*', 'waf-regional:List*'],
          [
            ...[
              'bytematchset',
              'ipset',
              'ratebasedrule',
              'rule',
              'sizeconstraintset',
              'sqlinjectionset',
              'webacl',
              'xssmatchset',
              'regexmatch',
              'regexpatternset',
              'geomatchset',
              'rulegroup',
              'changetoken',
            ].map((t) => `arn:aws:waf::*:${t}/*`),
            ...[
              'bytematchset',
              'ipset',
              'ratebasedrule',
              'rule',
              'sizeconstraintset',
              'sqlinjectionset',
              'webacl',
              'xssmatchset',
              'regexmatch',
              'regexpatternset',
              'geomatchset',
              'rulegroup',
              'changetoken',
            ].map((t) => `arn:aws:waf-regional:*:*:${t}/*`),
          ],
          { Sid: 'AllowReadOnlyOfAWSWAFClassic' },
        ),
        allow(['waf-regional:GetWebACLForResource'], 'arn:aws:waf-regional:*:*:*/*', {
          Sid: 'AllowWAFClassicGetWebACLForResource',
        }),
        allow(
          ['wafv2:Get*', 'wafv2:List*', 'wafv2:Describe*', 'wafv2:CheckCapacity'],
          ['webacl', 'ipset', 'managedruleset', 'rulegroup', 'regexpatternset'].map(
            (t) => `arn:aws:wafv2:*:*:*/${t}/*/*`,
          ),
          { Sid: 'AllowReadOnlyOfAWSWAF' },
        ),
        allow(['cognito-idp:GetWebACLForResource'], 'arn:aws:cognito-idp:*:*:userpool/*', {
          Sid: 'AllowGetActionForCognito',
        }),
        allow(['cognito-idp:ListResourcesForWebACL'], '*', { Sid: 'AllowListActionsForCognito' }),
        allow(['apprunner:DescribeWebAclForService'], 'arn:aws:apprunner:*:*:service/*/*', {
          Sid: 'AllowGetActionForAppRunner',
        }),
        allow(['apprunner:ListServices', 'apprunner:ListAssociatedServicesForWebAcl'], '*', {
          Sid: 'AllowListActionsForAppRunner',
        }),
        allow(['ec2:GetVerifiedAccessInstanceWebAcl'], 'arn:aws:ec2:*:*:verified-access-instance/*', {
          Sid: 'AllowGetActionForAVA',
        }),
        allow(['ec2:DescribeVerifiedAccessInstanceWebAclAssociations'], '*', { Sid: 'AllowListActionsForAVA' }),
        allow(['amplify:GetWebACLForResource'], 'arn:aws:amplify:*:*:apps/*', { Sid: 'AllowGetActionForAmplify' }),
        allow(['amplify:ListResourcesForWebACL'], '*', { Sid: 'AllowListActionsForAmplify' }),
      ],
    },
  },
  {
    name: 'AWSShieldDRTAccessPolicy',
    path: '/service-role/',
    versionId: 'v6',
    versionDate: '2020-12-15T17:28:15Z',
    createDate: '2020-12-15T17:28:15Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          [
            'cloudfront:List*',
            'route53:List*',
            'elasticloadbalancing:Describe*',
            'cloudwatch:Describe*',
            'cloudwatch:Get*',
            'cloudwatch:List*',
            'cloudfront:GetDistribution*',
            'globalaccelerator:ListAccelerators',
            'globalaccelerator:DescribeAccelerator',
            'ec2:DescribeRegions',
            'ec2:DescribeAddresses',
          ],
          '*',
          { Sid: 'SRTAccessProtectedResources' },
        ),
        allow(
          [
            'shield:*',
            'waf:*',
            'wafv2:*',
            'waf-regional:*',
            'elasticloadbalancing:SetWebACL',
            'cloudfront:UpdateDistribution',
            'apigateway:SetWebACL',
          ],
          '*',
          { Sid: 'SRTManageProtections' },
        ),
      ],
    },
  },
  {
    name: 'AWSArtifactReportsReadOnlyAccess',
    path: '/',
    versionId: 'v1',
    versionDate: '2024-01-02T22:42:58Z',
    createDate: '2024-01-02T22:42:58Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          [
            'artifact:Get',
            'artifact:GetReport',
            'artifact:GetReportMetadata',
            'artifact:GetTermForReport',
            'artifact:ListReports',
          ],
          '*',
          { Sid: 'ArtifactReportActions' },
        ),
      ],
    },
  },
  {
    name: 'AWSOrganizationsServiceTrustPolicy',
    path: SERVICE_LINKED,
    versionId: 'v2',
    versionDate: '2017-11-01T06:01:18Z',
    createDate: '2017-11-01T06:01:18Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(['iam:DeleteRole'], ['arn:aws:iam::*:role/aws-service-role/organizations.amazonaws.com/*'], {
          Sid: 'AllowDeletionOfServiceLinkedRoleForOrganizations',
        }),
        allow(['iam:CreateServiceLinkedRole'], '*', { Sid: 'AllowCreationOfServiceLinkedRoles' }),
      ],
    },
  },
  {
    name: 'CloudTrailServiceRolePolicy',
    path: SERVICE_LINKED,
    description: 'Permission policy for CloudTrail ServiceLinkedRole',
    versionId: 'v1',
    versionDate: '2018-10-24T21:21:44Z',
    createDate: '2018-10-24T21:21:00Z',
    note: 'Version v1 transcribed; AWS has since published v3 (adds delegated-administrator and Glue permissions).',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(['cloudtrail:*'], '*', { Sid: 'CloudTrailFullAccess' }),
        allow(
          [
            'organizations:DescribeAccount',
            'organizations:DescribeOrganization',
            'organizations:ListAccounts',
            'organizations:ListAWSServiceAccessForOrganization',
          ],
          ['*'],
          { Sid: 'AwsOrgsAccess' },
        ),
      ],
    },
  },
  {
    name: 'AWSShieldServiceRolePolicy',
    path: SERVICE_LINKED,
    versionId: 'v1',
    versionDate: '2021-11-17T19:17:46Z',
    createDate: '2021-11-17T19:17:46Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          [
            'wafv2:GetWebACL',
            'wafv2:UpdateWebACL',
            'wafv2:GetWebACLForResource',
            'wafv2:ListResourcesForWebACL',
            'cloudfront:ListDistributions',
            'cloudfront:GetDistribution',
          ],
          '*',
          { Sid: 'AWSShield' },
        ),
      ],
    },
  },
  {
    name: 'WAFV2LoggingServiceRolePolicy',
    path: SERVICE_LINKED,
    versionId: 'v2',
    versionDate: '2020-07-23T17:04:25Z',
    createDate: '2020-07-23T17:04:25Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          ['arn:aws:firehose:*:*:deliverystream/aws-waf-logs-*'],
        ),
        allow('organizations:DescribeOrganization'),
      ],
    },
  },
  {
    name: 'WAFLoggingServiceRolePolicy',
    path: SERVICE_LINKED,
    versionId: 'v1',
    versionDate: '2018-08-24T21:05:47Z',
    createDate: '2018-08-24T21:05:47Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          ['arn:aws:firehose:*:*:deliverystream/aws-waf-logs-*'],
        ),
      ],
    },
  },
  {
    name: 'AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy',
    path: SERVICE_LINKED,
    versionId: 'v2',
    versionDate: '2023-11-10T19:03:34Z',
    createDate: '2023-11-10T19:03:34Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow([
          'cloudhsm:Describe*',
          'ec2:CreateNetworkInterface',
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:CreateSecurityGroup',
          'ec2:DescribeSecurityGroups',
          'ec2:RevokeSecurityGroupEgress',
          'ec2:DeleteSecurityGroup',
          'ec2:DescribeVpcs',
          'ec2:DescribeNetworkAcls',
          'ec2:DescribeNetworkInterfaces',
        ]),
      ],
    },
  },
  {
    name: 'AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy',
    path: SERVICE_LINKED,
    versionId: 'v1',
    versionDate: '2021-06-16T15:37:37Z',
    createDate: '2021-06-16T15:37:37Z',
    document: { Version: '2012-10-17', Statement: [allow(['kms:SynchronizeMultiRegionKey'])] },
  },
  {
    name: 'AmazonGuardDutyServiceRolePolicy',
    path: SERVICE_LINKED,
    versionId: 'v10',
    versionDate: '2024-08-12T20:01:11Z',
    createDate: '2024-08-12T20:01:11Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          [
            'ec2:DescribeInstances',
            'ec2:DescribeImages',
            'ec2:DescribeVpcEndpoints',
            'ec2:DescribeSubnets',
            'ec2:DescribeVpcPeeringConnections',
            'ec2:DescribeTransitGatewayAttachments',
            'organizations:ListAccounts',
            'organizations:DescribeAccount',
            'organizations:DescribeOrganization',
            's3:GetBucketPublicAccessBlock',
            's3:GetEncryptionConfiguration',
            's3:GetBucketTagging',
            's3:GetAccountPublicAccessBlock',
            's3:ListAllMyBuckets',
            's3:GetBucketAcl',
            's3:GetBucketPolicy',
            's3:GetBucketPolicyStatus',
            'lambda:GetFunctionConfiguration',
            'lambda:ListTags',
            'eks:ListClusters',
            'eks:DescribeCluster',
            'ec2:DescribeVpcEndpointServices',
            'ec2:DescribeVpcs',
            'ec2:DescribeSecurityGroups',
            'ecs:ListClusters',
            'ecs:DescribeClusters',
          ],
          '*',
          { Sid: 'GuardDutyGetDescribeListPolicy' },
        ),
        allow('iam:CreateServiceLinkedRole', '*', {
          Sid: 'GuardDutyCreateSLRPolicy',
          Condition: { StringEquals: { 'iam:AWSServiceName': 'malware-protection.guardduty.amazonaws.com' } },
        }),
        allow('ec2:CreateVpcEndpoint', 'arn:aws:ec2:*:*:vpc-endpoint/*', {
          Sid: 'GuardDutyCreateVpcEndpointPolicy',
          Condition: {
            'ForAnyValue:StringEquals': { 'aws:TagKeys': 'GuardDutyManaged' },
            StringLike: {
              'ec2:VpceServiceName': ['com.amazonaws.*.guardduty-data', 'com.amazonaws.*.guardduty-data-fips'],
            },
          },
        }),
        allow(['ec2:ModifyVpcEndpoint', 'ec2:DeleteVpcEndpoints'], 'arn:aws:ec2:*:*:vpc-endpoint/*', {
          Sid: 'GuardDutyModifyDeleteVpcEndpointPolicy',
          Condition: { Null: { 'aws:ResourceTag/GuardDutyManaged': false } },
        }),
        allow(
          ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint'],
          ['arn:aws:ec2:*:*:vpc/*', 'arn:aws:ec2:*:*:security-group/*', 'arn:aws:ec2:*:*:subnet/*'],
          { Sid: 'GuardDutyCreateModifyVpcEndpointNetworkPolicy' },
        ),
        allow('ec2:CreateTags', 'arn:aws:ec2:*:*:vpc-endpoint/*', {
          Sid: 'GuardDutyCreateTagsDuringVpcEndpointCreationPolicy',
          Condition: {
            StringEquals: { 'ec2:CreateAction': 'CreateVpcEndpoint' },
            'ForAnyValue:StringEquals': { 'aws:TagKeys': 'GuardDutyManaged' },
          },
        }),
        allow(
          [
            'ec2:AuthorizeSecurityGroupIngress',
            'ec2:AuthorizeSecurityGroupEgress',
            'ec2:RevokeSecurityGroupIngress',
            'ec2:RevokeSecurityGroupEgress',
            'ec2:DeleteSecurityGroup',
          ],
          'arn:aws:ec2:*:*:security-group/*',
          {
            Sid: 'GuardDutySecurityGroupManagementPolicy',
            Condition: { Null: { 'aws:ResourceTag/GuardDutyManaged': false } },
          },
        ),
        allow('ec2:CreateSecurityGroup', 'arn:aws:ec2:*:*:security-group/*', {
          Sid: 'GuardDutyCreateSecurityGroupPolicy',
          Condition: { StringLike: { 'aws:RequestTag/GuardDutyManaged': '*' } },
        }),
        allow('ec2:CreateSecurityGroup', 'arn:aws:ec2:*:*:vpc/*', { Sid: 'GuardDutyCreateSecurityGroupForVpcPolicy' }),
        allow('ec2:CreateTags', 'arn:aws:ec2:*:*:security-group/*', {
          Sid: 'GuardDutyCreateTagsDuringSecurityGroupCreationPolicy',
          Condition: {
            StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' },
            'ForAnyValue:StringEquals': { 'aws:TagKeys': 'GuardDutyManaged' },
          },
        }),
        allow('eks:CreateAddon', 'arn:aws:eks:*:*:cluster/*', {
          Sid: 'GuardDutyCreateEksAddonPolicy',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'GuardDutyManaged' } },
        }),
        allow(
          ['eks:DeleteAddon', 'eks:UpdateAddon', 'eks:DescribeAddon'],
          'arn:aws:eks:*:*:addon/*/aws-guardduty-agent/*',
          {
            Sid: 'GuardDutyEksAddonManagementPolicy',
          },
        ),
        allow('eks:TagResource', 'arn:aws:eks:*:*:cluster/*', {
          Sid: 'GuardDutyEksClusterTagResourcePolicy',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'GuardDutyManaged' } },
        }),
        allow('ecs:PutAccountSettingDefault', '*', {
          Sid: 'GuardDutyEcsPutAccountSettingsDefaultPolicy',
          Condition: { StringEquals: { 'ecs:account-setting': ['guardDutyActivate'] } },
        }),
        allow(
          [
            'ssm:DescribeAssociation',
            'ssm:DeleteAssociation',
            'ssm:UpdateAssociation',
            'ssm:CreateAssociation',
            'ssm:StartAssociationsOnce',
          ],
          'arn:aws:ssm:*:*:association/*',
          {
            Sid: 'SsmCreateDescribeUpdateDeleteStartAssociationPermission',
            Condition: { StringEquals: { 'aws:ResourceTag/GuardDutyManaged': 'true' } },
          },
        ),
        allow(['ssm:AddTagsToResource'], 'arn:aws:ssm:*:*:association/*', {
          Sid: 'SsmAddTagsToResourcePermission',
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['GuardDutyManaged'] },
            StringEquals: { 'aws:ResourceTag/GuardDutyManaged': 'true' },
          },
        }),
        allow(
          ['ssm:CreateAssociation', 'ssm:UpdateAssociation'],
          'arn:aws:ssm:*:*:document/AmazonGuardDuty-ConfigureRuntimeMonitoringSsmPlugin',
          { Sid: 'SsmCreateUpdateAssociationInstanceDocumentPermission' },
        ),
        allow(
          'ssm:SendCommand',
          [
            'arn:aws:ec2:*:*:instance/*',
            'arn:aws:ssm:*:*:document/AmazonGuardDuty-ConfigureRuntimeMonitoringSsmPlugin',
          ],
          { Sid: 'SsmSendCommandPermission' },
        ),
        allow('ssm:GetCommandInvocation', '*', { Sid: 'SsmGetCommandStatus' }),
      ],
    },
  },
  {
    name: 'AmazonInspector2ServiceRolePolicy',
    path: SERVICE_LINKED,
    versionId: 'v5',
    versionDate: '2022-11-17T20:32:51Z',
    createDate: '2022-11-17T20:32:51Z',
    note: 'Version v5 transcribed; AWS has since published newer versions adding permissions for later scan types.',
    document: {
      Version: '2012-10-17',
      Statement: [
        allow(
          [
            'directconnect:DescribeConnections',
            'directconnect:DescribeDirectConnectGatewayAssociations',
            'directconnect:DescribeDirectConnectGatewayAttachments',
            'directconnect:DescribeDirectConnectGateways',
            'directconnect:DescribeVirtualGateways',
            'directconnect:DescribeVirtualInterfaces',
            'ec2:DescribeAvailabilityZones',
            'ec2:DescribeCustomerGateways',
            'ec2:DescribeInstances',
            'ec2:DescribeInternetGateways',
            'ec2:DescribeManagedPrefixLists',
            'ec2:DescribeNatGateways',
            'ec2:DescribeNetworkAcls',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribePrefixLists',
            'ec2:DescribeRegions',
            'ec2:DescribeRouteTables',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeSubnets',
            'ec2:DescribeTransitGatewayAttachments',
            'ec2:DescribeTransitGatewayConnects',
            'ec2:DescribeTransitGatewayPeeringAttachments',
            'ec2:DescribeTransitGatewayRouteTables',
            'ec2:DescribeTransitGatewayVpcAttachments',
            'ec2:DescribeTransitGateways',
            'ec2:DescribeVpcEndpointServiceConfigurations',
            'ec2:DescribeVpcEndpoints',
            'ec2:DescribeVpcPeeringConnections',
            'ec2:DescribeVpcs',
            'ec2:DescribeVpnConnections',
            'ec2:DescribeVpnGateways',
            'ec2:GetManagedPrefixListEntries',
            'ec2:GetTransitGatewayRouteTablePropagations',
            'ec2:SearchTransitGatewayRoutes',
            'elasticloadbalancing:DescribeListeners',
            'elasticloadbalancing:DescribeLoadBalancerAttributes',
            'elasticloadbalancing:DescribeLoadBalancers',
            'elasticloadbalancing:DescribeRules',
            'elasticloadbalancing:DescribeTags',
            'elasticloadbalancing:DescribeTargetGroups',
            'elasticloadbalancing:DescribeTargetHealth',
            'network-firewall:DescribeFirewall',
            'network-firewall:DescribeFirewallPolicy',
            'network-firewall:DescribeResourcePolicy',
            'network-firewall:DescribeRuleGroup',
            'network-firewall:ListFirewallPolicies',
            'network-firewall:ListFirewalls',
            'network-firewall:ListRuleGroups',
            'tiros:CreateQuery',
            'tiros:GetQueryAnswer',
          ],
          ['*'],
          { Sid: 'TirosPolicy' },
        ),
        allow(
          [
            'ecr:BatchGetImage',
            'ecr:BatchGetRepositoryScanningConfiguration',
            'ecr:DescribeImages',
            'ecr:DescribeRegistry',
            'ecr:DescribeRepositories',
            'ecr:GetAuthorizationToken',
            'ecr:GetDownloadUrlForLayer',
            'ecr:GetRegistryScanningConfiguration',
            'ecr:ListImages',
            'ecr:PutRegistryScanningConfiguration',
            'organizations:DescribeAccount',
            'organizations:DescribeOrganization',
            'organizations:ListAccounts',
            'ssm:DescribeAssociation',
            'ssm:DescribeAssociationExecutions',
            'ssm:DescribeInstanceInformation',
            'ssm:ListAssociations',
            'ssm:ListResourceDataSync',
          ],
          '*',
          { Sid: 'PackageVulnerabilityScanning' },
        ),
        allow(['lambda:ListFunctions', 'lambda:GetFunction', 'lambda:GetLayerVersion'], '*', {
          Sid: 'LambdaPackageVulnerabilityScanning',
        }),
        allow(
          ['ssm:CreateAssociation', 'ssm:StartAssociationsOnce', 'ssm:DeleteAssociation', 'ssm:UpdateAssociation'],
          [
            'arn:*:ec2:*:*:instance/*',
            'arn:*:ssm:*:*:document/AmazonInspector2-*',
            'arn:*:ssm:*:*:document/AWS-GatherSoftwareInventory',
            'arn:*:ssm:*:*:managed-instance/*',
            'arn:*:ssm:*:*:association/*',
          ],
          { Sid: 'GatherInventory' },
        ),
        allow(
          ['ssm:CreateResourceDataSync', 'ssm:DeleteResourceDataSync'],
          ['arn:*:ssm:*:*:resource-data-sync/InspectorResourceDataSync-do-not-delete'],
          { Sid: 'DataSyncCleanup' },
        ),
        allow(
          [
            'events:PutRule',
            'events:DeleteRule',
            'events:DescribeRule',
            'events:ListTargetsByRule',
            'events:PutTargets',
            'events:RemoveTargets',
          ],
          ['arn:*:events:*:*:rule/DO-NOT-DELETE-AmazonInspector*ManagedRule'],
          { Sid: 'ManagedRules' },
        ),
      ],
    },
  },
];
