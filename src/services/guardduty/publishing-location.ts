// Where a publishing destination's findings go: an S3 bucket ARN (with an optional key prefix), validated as S3 names
// and mapped to a directory under Warden's data directory — names, never paths, so nothing escapes that directory.
import { join } from 'node:path';

/** A destination's bucket and key prefix, as parsed from its ARN. */
export interface BucketLocation {
  bucket: string;
  /** The key prefix's segments (empty: none). */
  prefix: string[];
}

/** S3's bucket naming rules: 3–63 lowercase letters, digits, dots and hyphens, letters or digits at both ends. */
function validBucket(name: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (name.startsWith('xn--') || name.startsWith('sthree-')) return false;
  return !name.endsWith('-s3alias') && !name.endsWith('--ol-s3');
}

/** S3's "safe characters" for object keys: one segment of a prefix, never `.` or `..`. */
function validSegment(segment: string): boolean {
  return /^[A-Za-z0-9!_.*'()-]{1,255}$/.test(segment) && segment !== '.' && segment !== '..';
}

/**
 * `arn:<partition>:s3:::<bucket>[/<prefix>]`, or undefined when it is not a bucket ARN Warden can map: an invalid
 * bucket name, or a prefix with anything but S3's safe characters (a trailing `/` is allowed).
 */
export function parseBucketArn(arn: string): BucketLocation | undefined {
  if (arn.length > 1100) return undefined;
  const m = /^arn:aws(?:-cn|-us-gov)?:s3:::([^/]+)(?:\/(.*))?$/.exec(arn);
  if (!m || !validBucket(m[1]!)) return undefined;
  const rest = m[2] ?? '';
  const prefix = rest === '' ? [] : rest.replace(/\/$/, '').split('/');
  if (rest.length > 1024 || !prefix.every(validSegment)) return undefined;
  return { bucket: m[1]!, prefix };
}

/** `arn:<partition>:kms:<region>:<account>:key/<id>`: its Region, account and key id; undefined otherwise. */
export function parseKmsKeyArn(arn: string): { region: string; accountId: string; keyId: string } | undefined {
  const m = /^arn:aws(?:-cn|-us-gov)?:kms:([a-z0-9-]{1,32}):(\d{12}):key\/([A-Za-z0-9-]{1,64})$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, keyId: m[3]! } : undefined;
}

/** The directory the bucket maps to: `<root>/<bucket>`. */
export function bucketDirectory(root: string, location: BucketLocation): string {
  return join(root, location.bucket);
}

/**
 * An exported object's key as GuardDuty lays it out:
 * `<prefix>/AWSLogs/<account>/GuardDuty/<region>/<yyyy>/<mm>/<dd>/<id>.jsonl.gz`.
 */
export function objectKey(location: BucketLocation, accountId: string, region: string, at: Date, id: string): string[] {
  const day = at.toISOString().slice(0, 10).split('-');
  return [...location.prefix, 'AWSLogs', accountId, 'GuardDuty', region, ...day, `${id}.jsonl.gz`];
}
