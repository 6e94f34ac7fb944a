// What every versioned AWS group Warden ships shares: vendor AWS, Version_1.0 its one and default version.
import type { Rule } from '../../../../aws/generated/wafv2.js';
import type { ManagedGroupDefinition } from '../types.js';
import { VERSION_1_0_DATE } from './sources.js';

export function versionedAwsGroup(group: {
  name: string;
  description: string;
  capacity: number;
  labelNamespace: string;
  rules: readonly Rule[];
}): ManagedGroupDefinition {
  const { rules, ...names } = group;
  return {
    vendor: 'AWS',
    ...names,
    versioningSupported: true,
    versions: [{ name: 'Version_1.0', lastUpdated: VERSION_1_0_DATE }],
    defaultVersion: 'Version_1.0',
    rules: () => rules,
  };
}
