// Shield Advanced's quotas as Warden applies them, and the resource types Warden can protect.

/** Warden's protectable resources are its own Application Load Balancers. */
export const PROTECTABLE_TYPES = ['APPLICATION_LOAD_BALANCER'] as const;
/** Protected resources per resource type (Shield Advanced's default quota, 1,000). */
export const MAX_PROTECTIONS_PER_TYPE = 1000;
/** Protection groups per account (Shield Advanced's default quota, 100). */
export const MAX_PROTECTION_GROUPS = 100;
/** Members of an ARBITRARY protection group (the model's bound on ProtectionGroupMembers). */
export const MAX_ARBITRARY_MEMBERS = 10000;
