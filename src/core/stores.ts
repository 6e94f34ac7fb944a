// The runtime's identity store and organizations, each taken from the one service whose hooks provide it.
import type { OrganizationStore, PrincipalStore, ServiceDescriptor } from './runtime.js';

export interface AuthorizationStores {
  readonly principals: PrincipalStore;
  readonly organizations?: OrganizationStore;
}

/**
 * The identity store (exactly one service must provide it: every caller is one of its principals) and the
 * organizations (at most one). Two providers would make authorization's answer depend on which one it asked.
 */
export function authorizationStores(services: Iterable<ServiceDescriptor>): AuthorizationStores {
  const all = [...services];
  const principals = all.filter((s) => s.authorization?.principals !== undefined);
  const organizations = all.filter((s) => s.authorization?.organizations !== undefined);
  if (principals.length !== 1) {
    throw new Error(
      `exactly one service must provide the identity store, found ${principals.length}: ${names(principals)}`,
    );
  }
  if (organizations.length > 1)
    throw new Error(`more than one service provides organizations: ${names(organizations)}`);
  return {
    principals: principals[0]!.authorization!.principals!,
    ...(organizations.length === 1 ? { organizations: organizations[0]!.authorization!.organizations! } : {}),
  };
}

function names(services: readonly ServiceDescriptor[]): string {
  return services.map((s) => s.model).join(', ') || 'none';
}
