// CloudTrail's rules for trail names, S3 bucket names, key prefixes and KMS key ids, checked as AWS checks them.
import { cloudTrailError, invalidTrailName } from './errors.js';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Trail names: 3–128 of letters, digits, `.`, `_`, `-`; starting and ending alphanumeric; no adjacent punctuation. */
export function validateTrailName(name: string): void {
  if (name.length < 3) {
    throw invalidTrailName(
      `Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`,
    );
  }
  if (name.length > 128) {
    throw invalidTrailName(
      `Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`,
    );
  }
  if (!/^[A-Za-z0-9]/.test(name)) throw invalidTrailName('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name)) throw invalidTrailName('Trail name must ends with a letter or number.');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw invalidTrailName(
      'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
    );
  }
  if (/[._-]{2}/.test(name)) {
    throw invalidTrailName('Trail name cannot contain adjacent periods (.), hyphens (-), or underscores (_).');
  }
  if (IPV4.test(name)) throw invalidTrailName('Trail name cannot be formatted as an IP address.');
}

/**
 * S3 bucket naming rules. Warden writes a trail's files under a folder named after the bucket, so these rules
 * (no `..`, no `/`) are also what keeps the path inside the data directory.
 */
export function validateBucketName(bucket: string): void {
  const valid =
    bucket.length >= 3 &&
    bucket.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket) &&
    !bucket.includes('..') &&
    !bucket.includes('.-') &&
    !bucket.includes('-.') &&
    !IPV4.test(bucket) &&
    !bucket.startsWith('xn--') &&
    !bucket.endsWith('-s3alias');
  if (!valid) throw cloudTrailError('InvalidS3BucketNameException', `Bucket name is not valid: ${bucket}`);
}

/**
 * Key prefixes: at most 200 characters. S3 keys may hold almost anything, but these become folders on disk, so
 * absolute paths, `.`/`..` segments, backslashes and control characters are refused.
 */
export function validateKeyPrefix(prefix: string): void {
  const segments = prefix.split('/');
  const valid =
    prefix.length <= 200 &&
    !prefix.startsWith('/') &&
    !prefix.includes('\\') &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(prefix) &&
    !segments.some((s) => s === '.' || s === '..');
  if (!valid) throw cloudTrailError('InvalidS3PrefixException', `S3 key prefix is not valid: ${prefix}`);
}

/**
 * A KMS key named as a key id, alias name, or key/alias ARN, returned as the ARN CloudTrail reports. Warden
 * records the key; it does not encrypt the files it writes with it.
 */
export function kmsKeyArn(keyId: string, ctx: { partition: string; region: string; accountId: string }): string {
  const prefix = `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}`;
  if (/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/.test(keyId)) return keyId;
  if (/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(keyId)) return `${prefix}:${keyId}`;
  if (/^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(keyId)) {
    return `${prefix}:key/${keyId}`;
  }
  throw cloudTrailError('InvalidKmsKeyIdException', `Invalid KmsKeyId: ${keyId}`);
}
