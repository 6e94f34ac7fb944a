// The managed rule groups Warden ships, and managedRuleGroup(): what the engine and CheckCapacity read of one.
import type { Rule } from '../../../aws/generated/wafv2.js';
import { adminProtection } from './groups/admin-protection.js';
import { coreRuleSet } from './groups/core-rule-set.js';
import { amazonIpReputationList, anonymousIpList } from './groups/ip-lists.js';
import { knownBadInputs } from './groups/known-bad-inputs.js';
import { linuxOs } from './groups/linux-os.js';
import { phpApp } from './groups/php-app.js';
import { posixOs } from './groups/posix-os.js';
import { sqlDatabase } from './groups/sql-database.js';
import { windowsOs } from './groups/windows-os.js';
import type { ManagedGroupDefinition, ManagedGroupVersion } from './types.js';

/** In the order AWS's ListAvailableManagedRuleGroups lists AWS's groups (the CLI reference's example output). */
export const MANAGED_RULE_GROUPS: readonly ManagedGroupDefinition[] = [
  coreRuleSet,
  adminProtection,
  knownBadInputs,
  sqlDatabase,
  linuxOs,
  posixOs,
  windowsOs,
  phpApp,
  amazonIpReputationList,
  anonymousIpList,
];

/** Vendor and group names compare exactly, as AWS's do. */
export function findManagedGroup(vendor: string, name: string): ManagedGroupDefinition | undefined {
  return MANAGED_RULE_GROUPS.find((g) => g.vendor === vendor && g.name === name);
}

export interface ManagedRuleGroupView {
  vendor: string;
  name: string;
  /** The version these rules are (undefined for an unversioned group). */
  versionName: string | undefined;
  capacity: number;
  rules: readonly Rule[];
  labelNamespace: string;
  versions: readonly ManagedGroupVersion[];
}

export type ManagedLookup =
  { found: true; group: ManagedRuleGroupView } | { found: false; reason: 'no-such-group' | 'no-such-version' };

/**
 * A managed rule group as a ManagedRuleGroupStatement names it: its default version when none is named. A version on
 * an unversioned group, or one Warden does not ship, is not found.
 */
export function lookupManagedRuleGroup(vendor: string, name: string, version?: string): ManagedLookup {
  const def = findManagedGroup(vendor, name);
  if (!def) return { found: false, reason: 'no-such-group' };
  let versionName = def.defaultVersion;
  if (version !== undefined) {
    if (!def.versions.some((v) => v.name === version)) return { found: false, reason: 'no-such-version' };
    versionName = version;
  }
  return {
    found: true,
    group: {
      vendor: def.vendor,
      name: def.name,
      versionName,
      capacity: def.capacity,
      rules: def.rules(versionName),
      labelNamespace: def.labelNamespace,
      versions: def.versions,
    },
  };
}

/** The group for the engine and CheckCapacity, or undefined when vendor, name or version is unknown. */
export function managedRuleGroup(vendor: string, name: string, version?: string): ManagedRuleGroupView | undefined {
  const found = lookupManagedRuleGroup(vendor, name, version);
  return found.found ? found.group : undefined;
}
