// Where a web ACL's log records go: a destination ARN as AWS accepts it, and the file under the data directory standing for it.
import { join } from 'node:path';
import { invalidParameter, REASON } from './errors.js';

/** AWS WAF only delivers to destinations whose name starts with this (log group, bucket or delivery stream). */
export const DESTINATION_PREFIX = 'aws-waf-logs-';

export interface LogDestination {
  readonly kind: 'log-group' | 'firehose' | 's3';
  readonly name: string;
}

const LOG_GROUP = /^arn:(aws[a-z-]*):logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]{1,512})$/;
const FIREHOSE = /^arn:(aws[a-z-]*):firehose:([a-z0-9-]+):(\d{12}):deliverystream\/([A-Za-z0-9._-]{1,64})$/;
const S3 = /^arn:(aws[a-z-]*):s3:::([a-z0-9.-]{3,63})$/;

/**
 * The destination, if it is one of the three kinds AWS delivers to, in the web ACL's account (and Region for the
 * regional kinds), named with AWS's required prefix; otherwise AWS's WAFInvalidParameterException on LOG_DESTINATION.
 */
export function parseDestination(arn: string, home: { account: string; region: string }): LogDestination {
  const bad = () => invalidParameter('LOG_DESTINATION', arn, REASON.notValid);
  const group = LOG_GROUP.exec(arn);
  const stream = FIREHOSE.exec(arn);
  const bucket = S3.exec(arn);
  let d: LogDestination;
  if (group || stream) {
    const m = (group ?? stream)!;
    if (m[3] !== home.account || m[2] !== home.region) throw bad();
    d = { kind: group ? 'log-group' : 'firehose', name: m[4]! };
  } else if (bucket) {
    d = { kind: 's3', name: bucket[2]! };
  } else {
    throw bad();
  }
  if (!d.name.startsWith(DESTINATION_PREFIX)) throw bad();
  return d;
}

/**
 * `<data-dir>/wafv2/logs/<account>/<log-group>.jsonl` (delivery streams and buckets in their own sub-folders); the
 * name is percent-encoded so a `/` in a log group name stays inside the account's folder.
 */
export function destinationFile(dataDir: string, account: string, d: LogDestination): string {
  const file = `${encodeURIComponent(d.name)}.jsonl`;
  const base = join(dataDir, 'wafv2', 'logs', account);
  return d.kind === 'log-group' ? join(base, file) : join(base, d.kind, file);
}
