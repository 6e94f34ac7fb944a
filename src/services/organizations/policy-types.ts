// Every policy type of the model with what AWS documents for it: authorization or management, ARN segment, content
// size, attachments per target, policies per organization, and the top-level key a management policy must use.
//
// Sources: Organizations User Guide, "Quotas and service limits" (orgs_reference_limits: maximum policy sizes and
// policies per type), "Managing organization policies" (orgs_manage_policies: attachments per root, OU or account),
// and each type's syntax page. Where the guide gives no figure for a type released in 2025 (attachments for the
// newer management types), the management types' common figure (10 attachments, 10,000 characters) is used and
// marked `assumed`.

export type PolicyCategory = 'authorization' | 'management';

export interface PolicyTypeSpec {
  category: PolicyCategory;
  /** The type's segment in customer policy ARNs: `policy/o-x/<segment>/p-y`. */
  arnSegment: string;
  /** Content limit in characters. */
  maxSize: number;
  /** Policies of the type one root, OU or account may have attached. */
  maxAttachments: number;
  /** Customer policies of the type an organization may hold. */
  maxPolicies: number;
  /** The keys a management policy's top level may hold (undefined: not checked, the guide names none firmly). */
  topLevelKeys?: readonly string[];
  /** True where a figure above is the common one, not the type's own documented one. */
  assumed?: boolean;
}

const management = (segment: string, rest: Partial<PolicyTypeSpec> = {}): PolicyTypeSpec => ({
  category: 'management',
  arnSegment: segment,
  maxSize: 10_000,
  maxAttachments: 10,
  maxPolicies: 1000,
  ...rest,
});

export const POLICY_TYPES: Readonly<Record<string, PolicyTypeSpec>> = {
  SERVICE_CONTROL_POLICY: {
    category: 'authorization',
    arnSegment: 'service_control_policy',
    maxSize: 5120,
    maxAttachments: 5,
    maxPolicies: 10_000,
  },
  RESOURCE_CONTROL_POLICY: {
    category: 'authorization',
    arnSegment: 'resource_control_policy',
    maxSize: 5120,
    maxAttachments: 5,
    maxPolicies: 1000,
  },
  TAG_POLICY: management('tag_policy', { topLevelKeys: ['tags'] }),
  BACKUP_POLICY: management('backup_policy', { topLevelKeys: ['plans'] }),
  AISERVICES_OPT_OUT_POLICY: management('aiservices_opt_out_policy', {
    maxSize: 2500,
    maxAttachments: 5,
    topLevelKeys: ['services'],
  }),
  CHATBOT_POLICY: management('chatbot_policy', { maxAttachments: 5, topLevelKeys: ['chatbot'] }),
  DECLARATIVE_POLICY_EC2: management('declarative_policy_ec2', { topLevelKeys: ['ec2_attributes'] }),
  SECURITYHUB_POLICY: management('securityhub_policy', { assumed: true }),
  INSPECTOR_POLICY: management('inspector_policy', { assumed: true }),
  UPGRADE_ROLLOUT_POLICY: management('upgrade_rollout_policy', { maxSize: 5120, assumed: true }),
  BEDROCK_POLICY: management('bedrock_policy', { assumed: true }),
  S3_POLICY: management('s3_policy', { assumed: true }),
  NETWORK_SECURITY_DIRECTOR_POLICY: management('network_security_director_policy', { assumed: true }),
  GUARDDUTY_POLICY: management('guardduty_policy', { assumed: true }),
};

export function policyTypeSpec(type: string): PolicyTypeSpec | undefined {
  return Object.hasOwn(POLICY_TYPES, type) ? POLICY_TYPES[type] : undefined;
}

export const isManagementType = (type: string): boolean => policyTypeSpec(type)?.category === 'management';
