// Where a report goes: the Destination's S3 bucket and key prefix, validated as S3 names and mapped to a directory
// under Warden's data directory (`<data-dir>/inspector2/reports/<bucket>/<prefix…>`) — names, never paths, so
// nothing a caller sends escapes that directory.
import { join } from 'node:path';
import type { Destination } from '../../../aws/generated/inspector2.js';
import type { Config } from '../../../config.js';
import { validation } from '../errors.js';

/** A destination's bucket and key prefix segments (empty: none), as validated. */
export interface ReportLocation {
  bucket: string;
  prefix: string[];
}

const MAX_PREFIX_LENGTH = 1024;

/** S3's bucket naming rules: 3–63 lowercase letters, digits, dots and hyphens, letters or digits at both ends. */
export function validBucketName(name: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (name.startsWith('xn--') || name.startsWith('sthree-')) return false;
  return !name.endsWith('-s3alias') && !name.endsWith('--ol-s3');
}

/**
 * One segment of a key prefix: S3's "safe characters" plus `=`, `@`, `+` and `,` (Hive-style `year=2024/` prefixes
 * are common), never `.` or `..`, so a segment is always a plain directory name.
 */
function validSegment(segment: string): boolean {
  return /^[A-Za-z0-9!_.*'()=@+,-]{1,255}$/.test(segment) && segment !== '.' && segment !== '..';
}

/** Splits a key prefix into its segments (one trailing `/` allowed); undefined when a segment is not a plain name. */
export function prefixSegments(prefix: string | undefined): string[] | undefined {
  if (prefix === undefined || prefix === '') return [];
  if (prefix.length > MAX_PREFIX_LENGTH) return undefined;
  const segments = prefix.replace(/\/$/, '').split('/');
  return segments.every(validSegment) ? segments : undefined;
}

/** `arn:<partition>:kms:<region>:<account>:key/<id>`: its Region, account and key id; undefined otherwise. */
export function parseKmsKeyArn(arn: string): { region: string; accountId: string; keyId: string } | undefined {
  const m = /^arn:aws(?:-cn|-us-gov)?:kms:([a-z0-9-]{1,32}):(\d{12}):key\/([A-Za-z0-9-]{1,64})$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, keyId: m[3]! } : undefined;
}

/** The destination validated as the request arrives: ValidationException for a bucket, prefix or key ARN refused. */
export function checkDestination(d: Destination): ReportLocation {
  if (!validBucketName(d.bucketName))
    throw validation(`Invalid S3 bucket name: ${d.bucketName.slice(0, 64)}`, 'FIELD_VALIDATION_FAILED');
  const prefix = prefixSegments(d.keyPrefix);
  if (prefix === undefined)
    throw validation(
      "Invalid S3 key prefix: each segment must be 1-255 letters, digits or !_.*'()=@+,- and not . or ..",
      'FIELD_VALIDATION_FAILED',
    );
  if (parseKmsKeyArn(d.kmsKeyArn) === undefined)
    throw validation(`Invalid KMS key ARN: ${d.kmsKeyArn.slice(0, 256)}`, 'FIELD_VALIDATION_FAILED');
  return { bucket: d.bucketName, prefix };
}

/** Where buckets map to: `<data-dir>/inspector2/reports`. */
export function reportsRoot(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'inspector2', 'reports');
}

/** The bucket's directory: it must exist (made by the operator) for a report to be written. */
export function bucketDirectory(config: Pick<Config, 'dataDir'>, location: ReportLocation): string {
  return join(reportsRoot(config), location.bucket);
}
