// How the CIS operations name a managed instance. Their model admits only EC2 instance ids (`i-` + 8 or 17
// characters) as a targetResourceId, and Warden's hosts are Systems Manager managed instances (`mi-` + 17 hex), so
// every CIS answer names mi-X as i-X (the same 17 hex), which GetCisScanResultDetails accepts back; filters take either.

/** The id a CIS answer shows for a managed instance: mi-0123… → i-0123…. */
export function cisResourceId(instanceId: string): string {
  return instanceId.startsWith('mi-') ? instanceId.slice(1) : instanceId;
}

/** The managed instance a CIS request names: i-<17 hex> or mi-<17 hex> → mi-<17 hex>; anything else as given. */
export function managedInstanceId(resourceId: string): string {
  return /^i-[0-9a-f]{17}$/.test(resourceId) ? `m${resourceId}` : resourceId;
}

/** Filter values in the form answers show (mi-… → i-…), so a filter may name an instance either way. */
export function asShown<T extends { value: string }>(filters: readonly T[] | undefined): T[] | undefined {
  return filters?.map((f) => ({ ...f, value: cisResourceId(f.value) }));
}
