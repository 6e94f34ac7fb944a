// AWSManagedRulesWindowsRuleSet (Windows operating system, 200 WCU): Windows shell and PowerShell command injection in
// cookies, query arguments and body.
import type { FieldToMatch, Rule, Statement } from '../../../../aws/generated/wafv2.js';
import { field, managedRule, regex, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:windows-os:';

/**
 * Windows commands an injection runs: AWS's examples `||nslookup` and `;cmd`, and the commands of Microsoft's
 * "Windows commands" reference that reveal the system, reach the network or start programs. Names that are also
 * everyday English words (type, set, start, copy, echo, find) are left out: after a `|` or `&` in a form body or a
 * sentence they would be read as commands.
 */
const COMMANDS =
  'cmd|command|dir|nslookup|netstat|ipconfig|whoami|systeminfo|tasklist|taskkill|ping|certutil|powershell|pwsh|wmic|' +
  'net|net1|netsh|reg|sc|bitsadmin|mshta|rundll32|regsvr32|cscript|wscript|schtasks|hostname|findstr|tracert|ver|vol|' +
  'arp|route|nbtstat|qwinsta|quser|cacls|icacls|attrib|wevtutil|vssadmin';
/**
 * A command after one of cmd.exe's command separators (& && | || and a line break), or the `;` AWS's example puts
 * before one; the command is followed by its arguments, an extension, another separator or the end, so that a form
 * body's `&dir=asc` (an argument named like a command) is not one.
 */
const WINDOWS_SHELL =
  String.raw`(?:[;&|\n\r]|\|\||&&)\s*(?:[a-z]:\\windows\\system32\\)?(?:${COMMANDS})(?:\.exe|\.com)?` +
  String.raw`(?:[\s;&|"'/]|$)`;

/**
 * PowerShell: AWS's example `Invoke-Expression`, its alias `iex` called, and the cmdlets and .NET calls that download
 * or run code, as Microsoft's PowerShell reference names them; and powershell started with an encoded command.
 */
const POWERSHELL =
  String.raw`(?:\binvoke-(?:expression|command|webrequest|restmethod|item|wmimethod)\b|\biex\s*[(\x60$'"]|` +
  String.raw`\bnew-object\s+(?:-typename\s+)?(?:system\.)?net\.webclient|\.download(?:string|file|data)\s*\(|` +
  String.raw`\bstart-process\b|\bset-executionpolicy\b|\bstart-bitstransfer\b|\[system\.convert\]::frombase64string|` +
  String.raw`\bpowershell(?:\.exe)?\s+.*-(?:e|enc|encodedcommand)\s)`;

/**
 * URL_DECODE_UNI and HTML_ENTITY_DECODE undo a browser's encodings, ESCAPE_SEQ_DECODE a JSON body's or a payload's
 * written escapes (`\n` for the line break that separates commands); LOWERCASE because Windows commands and cmdlets
 * are case-insensitive (the patterns are written in lower case).
 */
const DECODED = transforms('URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'ESCAPE_SEQ_DECODE', 'LOWERCASE');

function windowsShell(fieldToMatch: FieldToMatch): Statement {
  return regex(WINDOWS_SHELL, fieldToMatch, DECODED);
}

function powerShell(fieldToMatch: FieldToMatch): Statement {
  return regex(POWERSHELL, fieldToMatch, DECODED);
}

const RULES: Rule[] = [
  managedRule(NS, 0, 'WindowsShellCommands_COOKIE', 'WindowsShellCommands_Cookie', windowsShell(field.cookies())),
  managedRule(
    NS,
    1,
    'WindowsShellCommands_QUERYARGUMENTS',
    'WindowsShellCommands_QueryArguments',
    windowsShell(field.allQueryArguments()),
  ),
  managedRule(NS, 2, 'WindowsShellCommands_BODY', 'WindowsShellCommands_Body', windowsShell(field.body())),
  managedRule(NS, 3, 'PowerShellCommands_COOKIE', 'PowerShellCommands_Cookie', powerShell(field.cookies())),
  managedRule(
    NS,
    4,
    'PowerShellCommands_QUERYARGUMENTS',
    'PowerShellCommands_QueryArguments',
    powerShell(field.allQueryArguments()),
  ),
  managedRule(NS, 5, 'PowerShellCommands_BODY', 'PowerShellCommands_Body', powerShell(field.body())),
];

export const windowsOs: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesWindowsRuleSet',
  description:
    'Contains rules that block request patterns associated with exploiting vulnerabilities specific to Windows, (e.g., PowerShell commands). This can help prevent exploits that allow attacker to run unauthorized commands or execute malicious code.',
  capacity: 200,
  labelNamespace: NS,
  rules: RULES,
});
