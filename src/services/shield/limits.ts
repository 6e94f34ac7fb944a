// Shield Advanced's quotas as Warden applies them, and the resource types Warden can protect.

/** Warden's protectable resources are its own Application Load Balancers. */
export const PROTECTABLE_TYPES = ['APPLICATION_LOAD_BALANCER'] as const;
/** Protected resources per resource type (Shield Advanced's default quota, 1,000). */
export const MAX_PROTECTIONS_PER_TYPE = 1000;
/** Protection groups per account (Shield Advanced's default quota, 100). */
export const MAX_PROTECTION_GROUPS = 100;
/** Members of an ARBITRARY protection group (the model's bound on ProtectionGroupMembers). */
export const MAX_ARBITRARY_MEMBERS = 10000;
/**
 * Route 53 health checks per protection. Health-based detection takes the one health check that stands for the
 * resource's health (the console associates one); a second is refused with LimitsExceededException.
 */
export const MAX_HEALTH_CHECKS_PER_PROTECTION = 1;
