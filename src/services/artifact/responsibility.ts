// The shared responsibility model for a Warden deployment: per area, what Warden does for every account and what the
// customer must do in its own, with the checklist controls that show the customer side's live state.

export interface ResponsibilityRow {
  area: string;
  warden: string;
  customer: string;
  /** Checklist control ids measuring the customer's side. */
  controls: readonly string[];
}

export const RESPONSIBILITY_MATRIX: readonly ResponsibilityRow[] = [
  {
    area: 'Root user',
    warden: 'Creates the first account with one root access key, shown once and written to a 0600 file.',
    customer: 'Protect the root user with MFA and delete its access keys once IAM users or roles do the work.',
    controls: ['1.4', '1.5'],
  },
  {
    area: 'Identities and credentials',
    warden:
      'Verifies every request with SigV4 in constant time, hashes passwords with scrypt, keeps secrets wrapped under the master key.',
    customer:
      'Set a strong password policy, require MFA for console users, rotate and retire access keys, remove unused credentials.',
    controls: ['1.8', '1.9', '1.10', '1.12', '1.13', '1.14'],
  },
  {
    area: 'Permissions',
    warden:
      "Evaluates every call with AWS's policy logic (identity, resource, boundary, SCP and RCP levels) before it runs.",
    customer: 'Grant least privilege through groups, attach no full administrative policy, keep a support role.',
    controls: ['1.15', '1.16', '1.17'],
  },
  {
    area: 'Certificates',
    warden: 'Stores server certificate private keys wrapped under the master key and never returns them.',
    customer: 'Remove expired server certificates.',
    controls: ['1.19'],
  },
  {
    area: 'Audit trail',
    warden:
      'Records every call, allowed or denied, as a CloudTrail event committed before the reply; recovers interrupted calls.',
    customer: 'Run a multi-Region trail with log file validation and encrypt it with a customer managed key.',
    controls: ['3.1', '3.2', '3.5'],
  },
  {
    area: 'Encryption keys',
    warden: 'Keeps key material wrapped under the master key (AES-256-GCM) and rotates on schedule when asked.',
    customer: 'Turn on rotation for symmetric customer managed keys.',
    controls: ['3.6'],
  },
  {
    area: 'Threat detection and traffic',
    warden:
      'Caps every client on every listener (Shield Standard); WAF and GuardDuty inspect traffic and the trail once configured.',
    customer: 'Enable GuardDuty and put a web ACL in front of every load balancer.',
    controls: ['W.1', 'W.2'],
  },
];
