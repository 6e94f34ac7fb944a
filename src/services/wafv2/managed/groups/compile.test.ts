// Every managed group Warden ships compiles in the engine: a group naming something the engine lacks is never enforced.
import { test } from 'node:test';
import { compileWebAcl } from '../../engine/index.js';
import type { WebAcl } from '../../engine/types.js';
import { resolver } from '../../engine/test-support.js';
import { MANAGED_RULE_GROUPS, managedRuleGroup } from '../catalog.js';

for (const def of MANAGED_RULE_GROUPS) {
  test(`${def.vendor}/${def.name}: every version compiles in a web ACL`, () => {
    for (const { name: version } of def.versions) {
      const group = managedRuleGroup(def.vendor, def.name, version)!;
      const acl: WebAcl = {
        Name: 'compiles',
        ARN: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/compiles/1',
        DefaultAction: { Allow: {} },
        Rules: [
          {
            Name: def.name,
            Priority: 0,
            Statement: { ManagedRuleGroupStatement: { VendorName: def.vendor, Name: def.name, Version: version } },
            OverrideAction: { None: {} },
          },
        ],
      };
      const groups = {
        [`${def.vendor}/${def.name}`]: {
          Name: group.name,
          Rules: group.rules as WebAcl['Rules'],
          LabelNamespace: group.labelNamespace,
        },
      };
      const compiled = compileWebAcl(acl, resolver({ groups }));
      compiled.dispose();
    }
  });
}
