// The credential report's CSV: AWS's columns in AWS's order, with its N/A, no_information and not_supported values.

/** The header row, exactly as IAM writes it. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** The user column of the account's root user. */
export const ROOT_ACCOUNT_USER = '<root_account>';

const NOT_APPLICABLE = 'N/A';
const NO_INFORMATION = 'no_information';
const NOT_SUPPORTED = 'not_supported';

/** One access key (or signing certificate) as the report describes it; times are epoch milliseconds. */
export interface ReportCredential {
  active: boolean;
  /** When it was created or last rotated. */
  rotatedAt: number;
  lastUsedAt?: number | null;
  lastUsedRegion?: string | null;
  lastUsedService?: string | null;
}

export interface ReportPassword {
  enabled: boolean;
  /** Last sign-in with it; null when never (or not recorded). */
  lastUsedAt: number | null;
  /** When it was last set; null without a password. */
  changedAt: number | null;
  /** When the password policy requires a new one; null when the policy sets no maximum age. */
  nextRotationAt: number | null;
}

export interface ReportEntry {
  user: string;
  arn: string;
  createdAt: number;
  /** 'root' for the root user, whose password IAM does not manage (not_supported). */
  password: ReportPassword | { root: true; lastUsedAt: number | null };
  mfaActive: boolean;
  /** Oldest first; the report has columns for two. */
  accessKeys: ReportCredential[];
  signingCertificates: ReportCredential[];
}

/** ISO 8601 to the second with an explicit UTC offset, as the report writes times: 2024-05-06T07:08:09+00:00. */
export function reportTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function bool(value: boolean): string {
  return value ? 'true' : 'false';
}

function timeOr(ms: number | null | undefined, otherwise: string): string {
  return ms === null || ms === undefined ? otherwise : reportTime(ms);
}

function passwordColumns(password: ReportEntry['password']): string[] {
  if ('root' in password) {
    return [NOT_SUPPORTED, timeOr(password.lastUsedAt, NO_INFORMATION), NOT_SUPPORTED, NOT_SUPPORTED];
  }
  const { enabled, lastUsedAt, changedAt, nextRotationAt } = password;
  return [
    bool(enabled),
    // A sign-in time is kept after the password is removed; a password never used has no_information.
    timeOr(lastUsedAt, enabled ? NO_INFORMATION : NOT_APPLICABLE),
    enabled ? timeOr(changedAt, NOT_APPLICABLE) : NOT_APPLICABLE,
    enabled ? timeOr(nextRotationAt, NOT_APPLICABLE) : NOT_APPLICABLE,
  ];
}

function accessKeyColumns(key: ReportCredential | undefined): string[] {
  if (!key) return ['false', NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
  const used = key.lastUsedAt !== null && key.lastUsedAt !== undefined;
  return [
    bool(key.active),
    reportTime(key.rotatedAt),
    used ? reportTime(key.lastUsedAt as number) : NOT_APPLICABLE,
    used && key.lastUsedRegion ? key.lastUsedRegion : NOT_APPLICABLE,
    used && key.lastUsedService ? key.lastUsedService : NOT_APPLICABLE,
  ];
}

function certificateColumns(cert: ReportCredential | undefined): string[] {
  return cert ? [bool(cert.active), reportTime(cert.rotatedAt)] : ['false', NOT_APPLICABLE];
}

/** RFC 4180 quoting for the rare field that needs it (IAM names may contain commas). */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function reportLine(entry: ReportEntry): string {
  return [
    entry.user,
    entry.arn,
    reportTime(entry.createdAt),
    ...passwordColumns(entry.password),
    bool(entry.mfaActive),
    ...accessKeyColumns(entry.accessKeys[0]),
    ...accessKeyColumns(entry.accessKeys[1]),
    ...certificateColumns(entry.signingCertificates[0]),
    ...certificateColumns(entry.signingCertificates[1]),
  ]
    .map(field)
    .join(',');
}

/** The whole report: the header, then one line per entry (the root user's first), joined by newlines. */
export function credentialReportCsv(entries: ReportEntry[]): string {
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...entries.map(reportLine)].join('\n');
}
