// What every report checks before writing: its bucket's directory exists and its KMS key is usable; failures become
// the report's errorCode (BUCKET_NOT_FOUND, MALFORMED_KMS_KEY, INVALID_PERMISSIONS, INCOMPATIBLE_BUCKET_REGION).
import type { Destination, ReportingErrorCode } from '../../../aws/generated/inspector2.js';
import type { Runtime } from '../../../core/runtime.js';
import { bucketDirectory, prefixSegments, validBucketName } from './destination.js';
import { keyProblem } from './kms-key.js';
import { existingBucket, folderIn } from './object-writer.js';
import type { Inspector2ReportsTable } from './tables.js';

/** Asked between writes: false once the report was cancelled (or Warden is stopping), and the writer stops. */
export type KeepGoing = () => Promise<boolean>;

export type Prepared =
  | { error: { code: ReportingErrorCode; message: string } }
  /** `folder(segments)`: makes `<prefix>/<segments…>` in the bucket and answers its path. */
  | { folder: (segments: readonly string[]) => Promise<string> };

export async function prepareDestination(
  runtime: Runtime,
  row: Pick<Inspector2ReportsTable, 'region'>,
  d: Destination,
): Promise<Prepared> {
  const prefix = prefixSegments(d.keyPrefix);
  // Checked again as the row is read back: nothing but a plain bucket name ever becomes a path.
  const named = prefix !== undefined && validBucketName(d.bucketName);
  const bucket = named
    ? await existingBucket(bucketDirectory(runtime.config, { bucket: d.bucketName, prefix }))
    : undefined;
  if (prefix === undefined || bucket === undefined)
    return { error: { code: 'BUCKET_NOT_FOUND', message: `The S3 bucket ${d.bucketName} does not exist.` } };
  const problem = await keyProblem(runtime.store.db, d.kmsKeyArn, row.region);
  if (problem !== undefined) return { error: problem };
  return { folder: (segments) => folderIn(bucket, [...prefix, ...segments]) };
}
