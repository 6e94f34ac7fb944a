// The service principals AWS documents as supporting trusted access with Organizations (EnableAWSServiceAccess).
//
// Source: AWS Organizations User Guide, "AWS services that you can use with AWS Organizations"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html) and the
// per-service pages it links ("services-that-can-integrate-*.html"), each naming the principal to enable. The
// first block is that list as of the guide's archived source (awsdocs/aws-organizations-docs, December 2022);
// the second, services the guide added since, each from its own integration page.

export const TRUSTED_ACCESS_PRINCIPALS: ReadonlySet<string> = new Set([
  // December 2022 list
  'account.amazonaws.com', // AWS Account Management
  'aws-artifact-account-sync.amazonaws.com', // AWS Artifact
  'auditmanager.amazonaws.com', // AWS Audit Manager
  'backup.amazonaws.com', // AWS Backup
  'stacksets.cloudformation.amazonaws.com', // AWS CloudFormation StackSets
  'member.org.stacksets.cloudformation.amazonaws.com', // AWS CloudFormation StackSets (member accounts)
  'cloudtrail.amazonaws.com', // AWS CloudTrail
  'compute-optimizer.amazonaws.com', // AWS Compute Optimizer
  'config.amazonaws.com', // AWS Config
  'controltower.amazonaws.com', // AWS Control Tower
  'detective.amazonaws.com', // Amazon Detective
  'devops-guru.amazonaws.com', // Amazon DevOps Guru
  'ds.amazonaws.com', // AWS Directory Service
  'fms.amazonaws.com', // AWS Firewall Manager
  'guardduty.amazonaws.com', // Amazon GuardDuty
  'malware-protection.guardduty.amazonaws.com', // GuardDuty Malware Protection
  'health.amazonaws.com', // AWS Health
  'inspector2.amazonaws.com', // Amazon Inspector
  'ipam.amazonaws.com', // Amazon VPC IP Address Manager
  'license-manager.amazonaws.com', // AWS License Manager
  'license-manager.member-account.amazonaws.com', // AWS License Manager (member accounts)
  'macie.amazonaws.com', // Amazon Macie
  'license-management.marketplace.amazonaws.com', // AWS Marketplace
  'networkmanager.amazonaws.com', // AWS Network Manager
  'cloudwatch-crossaccount.amazonaws.com', // Amazon CloudWatch cross-account observability
  'ram.amazonaws.com', // AWS Resource Access Manager
  'securityhub.amazonaws.com', // AWS Security Hub
  'storage-lens.s3.amazonaws.com', // Amazon S3 Storage Lens
  'servicecatalog.amazonaws.com', // AWS Service Catalog
  'servicequotas.amazonaws.com', // Service Quotas
  'sso.amazonaws.com', // AWS IAM Identity Center
  'ssm.amazonaws.com', // AWS Systems Manager
  'tagpolicies.tag.amazonaws.com', // Tag policies
  'reporting.trustedadvisor.amazonaws.com', // AWS Trusted Advisor
  'wellarchitected.amazonaws.com', // AWS Well-Architected Tool
  // Added since
  'access-analyzer.amazonaws.com', // IAM Access Analyzer
  'iam.amazonaws.com', // IAM (centralized root access for member accounts)
  'config-multiaccountsetup.amazonaws.com', // AWS Config rules and conformance packs across the organization
  'securitylake.amazonaws.com', // Amazon Security Lake
  'mgn.amazonaws.com', // AWS Application Migration Service
  'license-manager-linux-subscriptions.amazonaws.com', // License Manager Linux subscriptions
  'reachabilityanalyzer.networkinsights.amazonaws.com', // VPC Reachability Analyzer
  'resource-explorer-2.amazonaws.com', // AWS Resource Explorer
  'cost-optimization-hub.bcm.amazonaws.com', // Cost Optimization Hub
]);
