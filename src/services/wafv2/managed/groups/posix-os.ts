// AWSManagedRulesUnixRuleSet (POSIX operating system, 100 WCU): shell command injection in query arguments and body.
import type { FieldToMatch, Rule, Statement } from '../../../../aws/generated/wafv2.js';
import { anyBytes, field, managedRule, regex, transforms } from '../statements.js';
import type { ManagedGroupDefinition } from '../types.js';
import { versionedAwsGroup } from './versioned.js';

const NS = 'awswaf:managed:aws:posix-os:';

/**
 * Utilities a command injection runs, after a shell command separator (; | & newline, or a $( ) / backtick
 * substitution): names from the POSIX utilities list (The Open Group Base Specifications Issue 7, IEEE Std
 * 1003.1-2017, Shell & Utilities, "Utilities"), narrowed to those that read files, reveal the system or start
 * processes, and the shells and network tools every Linux and BSD system carries though POSIX does not name them
 * (bash, wget, curl, nc, netstat, ifconfig, ping, whoami). Utilities named like everyday words (more, less, read,
 * sort, touch) are left out: prose in a body ("cats & more") would read as a command. AWS's examples are `echo $HOME`
 * and `echo $PATH`.
 */
const UTILITIES =
  'cat|echo|id|ls|uname|sleep|env|printf|sh|kill|ps|chmod|rm|cp|mv|find|grep|head|tail|awk|sed|who|pwd|nohup|xargs|' +
  'chown|mkdir|bash|dash|zsh|ksh|csh|wget|curl|nc|netcat|telnet|netstat|ifconfig|ping|whoami|perl|python|python3|' +
  'php|ruby';
/**
 * The utility is followed by its arguments, a redirection, another separator, a closing quote or substitution, or
 * the end: a form body's `&id=5` or `&sort=asc` (a field named like a utility) is not a command.
 */
const COMMAND_AFTER_SEPARATOR =
  String.raw`(?:[;|&\n` +
  '`' +
  String.raw`]|\$\()\s*(?:/usr)?(?:/s?bin/)?(?:${UTILITIES})(?:[\s;|&<>'")` +
  '`' +
  String.raw`]|$)`;
/**
 * Shell variables and the word splitter injection payloads use: AWS's $HOME and $PATH, and POSIX's IFS. Lower case:
 * CMD_LINE lowercases before the match.
 */
const SHELL_VARIABLES = String.raw`\$\{?(?:home|path|ifs|shell|user)\b`;
/**
 * The LFI and path traversal the rules' descriptions name: files every POSIX system keeps at these paths (the account,
 * group and host databases; BSD's master.passwd), wherever a traversal or an absolute path reaches them from. Searched
 * for without the leading slash, which normalizing `f=..\..\etc\passwd` resolves away with the `f=..` segment.
 */
const POSIX_FILES = ['etc/passwd', 'etc/shadow', 'etc/group', 'etc/hosts', 'etc/master.passwd'];

function shell(fieldToMatch: FieldToMatch): Statement {
  // CMD_LINE (the documented transformation: CMD_LINE_UNIX has no published semantics Warden could implement, and a
  // web ACL naming a transformation the engine lacks is not enforced at all) undoes the quoting and escaping tricks.
  const t = transforms('URL_DECODE_UNI', 'CMD_LINE');
  // ESCAPE_SEQ_DECODE: a JSON body's strings, and payloads that write the separating line break as `\n`.
  const commands = transforms('URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'ESCAPE_SEQ_DECODE');
  const files = transforms('URL_DECODE_UNI', 'URL_DECODE_UNI', 'NORMALIZE_PATH_WIN', 'LOWERCASE');
  return {
    OrStatement: {
      Statements: [
        regex(COMMAND_AFTER_SEPARATOR, fieldToMatch, commands),
        regex(SHELL_VARIABLES, fieldToMatch, t),
        anyBytes(POSIX_FILES, fieldToMatch, files),
      ],
    },
  };
}

// AWS spells these labels with the rule name's upper-case component (…_QUERYARGUMENTS, …_BODY).
const RULES: Rule[] = [
  managedRule(
    NS,
    0,
    'UNIXShellCommandsVariables_QUERYARGUMENTS',
    'UNIXShellCommandsVariables_QUERYARGUMENTS',
    shell(field.allQueryArguments()),
  ),
  managedRule(NS, 1, 'UNIXShellCommandsVariables_BODY', 'UNIXShellCommandsVariables_BODY', shell(field.body())),
];

export const posixOs: ManagedGroupDefinition = versionedAwsGroup({
  name: 'AWSManagedRulesUnixRuleSet',
  description:
    'Contains rules that block request patterns associated with exploiting vulnerabilities specific to POSIX/POSIX-like OS, including LFI attacks. This can help prevent attacks that expose file contents or execute code for which access should not been allowed.',
  capacity: 100,
  labelNamespace: NS,
  rules: RULES,
});
