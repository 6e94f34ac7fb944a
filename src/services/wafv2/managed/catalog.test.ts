// Every managed rule is a valid AWS Rule; capacities, names, labels and actions are AWS's documented ones.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../aws/model.js';
import { MANAGED_RULE_GROUPS, managedRuleGroup } from './catalog.js';
import { availableLabels } from './labels.js';
import { shapeProblems } from './shape-check.js';

const model = loadModel('wafv2');

describe('managed rule groups', () => {
  test('every rule of every group validates against the model Rule shape', () => {
    for (const g of MANAGED_RULE_GROUPS) {
      for (const rule of g.rules(g.defaultVersion)) {
        assert.deepEqual(shapeProblems(model, 'Rule', rule), [], `${g.name}/${rule.Name}`);
      }
    }
  });

  test('the shape check refuses what AWS refuses: two statements in one, unknown members, a string for bytes', () => {
    const rule = managedRuleGroup('AWS', 'AWSManagedRulesAdminProtectionRuleSet')!.rules[0]!;
    const broken = structuredClone(rule) as unknown as Record<string, Record<string, unknown>>;
    broken.Statement!.SqliMatchStatement = { FieldToMatch: { UriPath: {} }, TextTransformations: [] };
    assert.match(shapeProblems(model, 'Rule', broken).join('\n'), /Statement must set exactly one member, has 2/);
    assert.match(shapeProblems(model, 'Rule', { ...rule, Extra: 1 }).join('\n'), /Extra: not a member of Rule/);
    const stringSearch = structuredClone(rule) as unknown as {
      Statement: { ByteMatchStatement: { SearchString: unknown } };
    };
    stringSearch.Statement.ByteMatchStatement.SearchString = 'sqlmanager';
    assert.match(shapeProblems(model, 'Rule', stringSearch).join('\n'), /SearchString must be bytes/);
  });

  test('capacities, label namespaces and versioning as AWS documents them', () => {
    const expected: Record<string, [number, string, boolean]> = {
      AWSManagedRulesCommonRuleSet: [700, 'core-rule-set', true],
      AWSManagedRulesAdminProtectionRuleSet: [100, 'admin-protection', true],
      AWSManagedRulesKnownBadInputsRuleSet: [200, 'known-bad-inputs', true],
      AWSManagedRulesSQLiRuleSet: [200, 'sql-database', true],
      AWSManagedRulesLinuxRuleSet: [200, 'linux-os', true],
      AWSManagedRulesUnixRuleSet: [100, 'posix-os', true],
      AWSManagedRulesWindowsRuleSet: [200, 'windows-os', true],
      AWSManagedRulesPHPRuleSet: [100, 'php-app', true],
      AWSManagedRulesAmazonIpReputationList: [25, 'amazon-ip-list', false],
      AWSManagedRulesAnonymousIpList: [50, 'anonymous-ip-list', false],
    };
    assert.deepEqual(MANAGED_RULE_GROUPS.map((g) => g.name).sort(), Object.keys(expected).sort());
    for (const g of MANAGED_RULE_GROUPS) {
      const [capacity, ns, versioned] = expected[g.name]!;
      assert.equal(g.capacity, capacity, g.name);
      assert.equal(g.labelNamespace, `awswaf:managed:aws:${ns}:`, g.name);
      assert.equal(g.versioningSupported, versioned, g.name);
      assert.equal(g.defaultVersion, versioned ? 'Version_1.0' : undefined, g.name);
      // AWS's own descriptions (ListAvailableManagedRuleGroups output) may pass EntityDescription's 256: not checked.
      assert.ok(g.description.length > 0, g.name);
      const rules = g.rules(g.defaultVersion);
      assert.deepEqual(
        rules.map((r) => r.Priority),
        rules.map((_, i) => i),
        `${g.name}: distinct priorities in order`,
      );
      for (const r of rules) assert.equal(r.RuleLabels?.length, 1, `${g.name}/${r.Name}`);
      assert.ok(availableLabels(rules).every((l) => l.startsWith(g.labelNamespace)));
    }
  });

  test('rule names and labels are the ones in AWS rule tables', () => {
    const labels = (name: string) =>
      Object.fromEntries(managedRuleGroup('AWS', name)!.rules.map((r) => [r.Name, r.RuleLabels![0]!.Name]));
    const crs = labels('AWSManagedRulesCommonRuleSet');
    assert.equal(Object.keys(crs).length, 22);
    assert.equal(crs.NoUserAgent_HEADER, 'awswaf:managed:aws:core-rule-set:NoUserAgent_Header');
    assert.equal(crs.UserAgent_BadBots_HEADER, 'awswaf:managed:aws:core-rule-set:BadBots_Header');
    assert.equal(crs.SizeRestrictions_URIPATH, 'awswaf:managed:aws:core-rule-set:SizeRestrictions_URIPath');
    assert.equal(crs.CrossSiteScripting_BODY, 'awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body');
    const kbi = labels('AWSManagedRulesKnownBadInputsRuleSet');
    assert.equal(kbi.Host_localhost_HEADER, 'awswaf:managed:aws:known-bad-inputs:Host_Localhost_Header');
    assert.equal(kbi.PROPFIND_METHOD, 'awswaf:managed:aws:known-bad-inputs:Propfind_Method');
    assert.equal(kbi.Log4JRCE_QUERYSTRING, 'awswaf:managed:aws:known-bad-inputs:Log4JRCE_QueryString');
    const sql = labels('AWSManagedRulesSQLiRuleSet');
    assert.deepEqual(Object.keys(sql), [
      'SQLi_QUERYARGUMENTS',
      'SQLiExtendedPatterns_QUERYARGUMENTS',
      'SQLi_BODY',
      'SQLiExtendedPatterns_BODY',
      'SQLi_COOKIE',
    ]);
    assert.equal(
      labels('AWSManagedRulesUnixRuleSet').UNIXShellCommandsVariables_BODY,
      'awswaf:managed:aws:posix-os:UNIXShellCommandsVariables_BODY',
    );
    assert.equal(
      labels('AWSManagedRulesWindowsRuleSet').WindowsShellCommands_QUERYARGUMENTS,
      'awswaf:managed:aws:windows-os:WindowsShellCommands_QueryArguments',
    );
    assert.equal(labels('AWSManagedRulesLinuxRuleSet').LFI_HEADER, 'awswaf:managed:aws:linux-os:LFI_Header');
    assert.equal(
      labels('AWSManagedRulesPHPRuleSet').PHPHighRiskMethodsVariables_QUERYSTRING,
      'awswaf:managed:aws:php-app:PHPHighRiskMethodsVariables_QueryString',
    );
    const ddos = managedRuleGroup('AWS', 'AWSManagedRulesAmazonIpReputationList')!.rules.find(
      (r) => r.Name === 'AWSManagedIPDDoSList',
    );
    assert.deepEqual(ddos?.Action, { Count: {} });
  });

  test('SQL injection and XSS rules use only SqliMatch and XssMatch', () => {
    const sql = managedRuleGroup('AWS', 'AWSManagedRulesSQLiRuleSet')!.rules;
    assert.ok(sql.every((r) => r.Statement.SqliMatchStatement !== undefined));
    const xss = managedRuleGroup('AWS', 'AWSManagedRulesCommonRuleSet')!.rules.filter((r) =>
      r.Name.startsWith('CrossSiteScripting_'),
    );
    assert.equal(xss.length, 4);
    assert.ok(xss.every((r) => r.Statement.XssMatchStatement !== undefined));
  });

  test('managedRuleGroup: default version, a named version, unknown names and versions', () => {
    assert.equal(managedRuleGroup('AWS', 'AWSManagedRulesCommonRuleSet')?.versionName, 'Version_1.0');
    assert.equal(managedRuleGroup('AWS', 'AWSManagedRulesCommonRuleSet', 'Version_1.0')?.capacity, 700);
    assert.equal(managedRuleGroup('AWS', 'AWSManagedRulesCommonRuleSet', 'Version_9.9'), undefined);
    assert.equal(managedRuleGroup('AWS', 'AWSManagedRulesAnonymousIpList', 'Version_1.0'), undefined);
    assert.equal(managedRuleGroup('aws', 'AWSManagedRulesCommonRuleSet'), undefined);
    assert.equal(managedRuleGroup('AWS', 'NoSuchGroup'), undefined);
  });

  test('regular expressions compile and stay within the model limit', () => {
    for (const g of MANAGED_RULE_GROUPS) {
      const json = JSON.stringify(g.rules(g.defaultVersion));
      for (const m of json.matchAll(/"RegexString":"((?:[^"\\]|\\.)*)"/g)) {
        const source = JSON.parse(`"${m[1]}"`) as string;
        assert.ok(source.length <= 512, source);
        assert.doesNotThrow(() => new RegExp(source), source);
      }
    }
  });
});
