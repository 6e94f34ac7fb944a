// The capacity of an AWS managed rule group a web ACL names: the seam to ./managed's catalogue of the groups Warden ships.
/**
 * Until ./managed exports its lookup by vendor, name and version, no managed group is known here, so a web ACL
 * naming one is refused with WAFNonexistentItemException (as AWS refuses a group it does not have) rather than
 * priced at a made-up capacity.
 */
export function managedGroupCapacity(_vendor: string, _name: string, _version: string | undefined): number | undefined {
  return undefined;
}
