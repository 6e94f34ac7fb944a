// The capacity of an AWS managed rule group a web ACL names, from ./managed's catalogue of the groups Warden ships.
import { managedRuleGroup } from './managed/catalog.js';

/** Undefined for a group (or version) Warden does not ship: the web ACL is refused as AWS refuses an unknown one. */
export function managedGroupCapacity(vendor: string, name: string, version: string | undefined): number | undefined {
  return managedRuleGroup(vendor, name, version)?.capacity;
}
