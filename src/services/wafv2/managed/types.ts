// What a managed rule group Warden ships is: AWS's names, capacity, label namespace, versions, and its rules as AWS JSON.
import type { Rule } from '../../../aws/generated/wafv2.js';

export interface ManagedGroupVersion {
  /** AWS's version naming: Version_1.0. */
  name: string;
  /** When Warden's copy of this version was last changed (ListAvailableManagedRuleGroupVersions' LastUpdateTimestamp). */
  lastUpdated: Date;
}

export interface ManagedGroupDefinition {
  vendor: 'AWS';
  name: string;
  /** As ListAvailableManagedRuleGroups describes the group. */
  description: string;
  /** WCU as AWS's rule group list documents it. */
  capacity: number;
  /** awswaf:managed:aws:<group>: */
  labelNamespace: string;
  /** AWS's IP reputation groups are not versioned; the others are. */
  versioningSupported: boolean;
  /** Oldest first; empty when not versioned. */
  versions: readonly ManagedGroupVersion[];
  defaultVersion: string | undefined;
  /** The rules of a version (the same object for every version Warden ships today). */
  rules(version: string | undefined): readonly Rule[];
}
