// Stealth:IAMUser/CloudTrailLoggingDisabled: a trail stopped, deleted, or changed so that it no longer records or delivers.
import type { CloudTrailRecord } from '../../../audit/record.js';
import { actorName, apiCallFinding, SEVERITY } from './api-call-finding.js';
import { param, paramText, succeeded } from './record-facts.js';
import type { TrailDetection } from './types.js';

export const CLOUDTRAIL_LOGGING_DISABLED = 'Stealth:IAMUser/CloudTrailLoggingDisabled';

const CALLS = new Set(['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors']);

/** Whether an event selector records management events (they default to recorded). */
function recordsManagement(selector: unknown): boolean {
  if (typeof selector !== 'object' || selector === null) return true;
  return (selector as Record<string, unknown>).includeManagementEvents !== false;
}

/** Whether an advanced event selector selects management events (`eventCategory` equals `Management`). */
function selectsManagement(selector: unknown): boolean {
  if (typeof selector !== 'object' || selector === null) return false;
  const fields = (selector as Record<string, unknown>).fieldSelectors;
  if (!Array.isArray(fields)) return false;
  return fields.slice(0, 50).some((f) => {
    if (typeof f !== 'object' || f === null) return false;
    const { field, equals } = f as Record<string, unknown>;
    return field === 'eventCategory' && Array.isArray(equals) && equals.includes('Management');
  });
}

/**
 * Whether the successful call leaves the trail recording or delivering less: StopLogging and DeleteTrail always;
 * UpdateTrail when it sends the logs to another bucket or stops recording other Regions' or global services'
 * events; PutEventSelectors (in imported AWS trails) when no selector records management events any more.
 */
function disables(record: Readonly<CloudTrailRecord>): boolean {
  switch (record.eventName) {
    case 'StopLogging':
    case 'DeleteTrail':
      return true;
    case 'UpdateTrail':
      return (
        paramText(record, 's3BucketName') !== undefined ||
        param(record, 'isMultiRegionTrail') === false ||
        param(record, 'includeGlobalServiceEvents') === false
      );
    case 'PutEventSelectors': {
      const basic = param(record, 'eventSelectors');
      const advanced = param(record, 'advancedEventSelectors');
      if (Array.isArray(advanced)) return !advanced.slice(0, 50).some(selectsManagement);
      if (Array.isArray(basic)) return !basic.slice(0, 50).some(recordsManagement);
      return false;
    }
    default:
      return false;
  }
}

/** The trail's name, from its name or ARN (`arn:aws:cloudtrail:…:trail/name`). */
function trailName(record: Readonly<CloudTrailRecord>): string {
  const name = paramText(record, 'name') ?? paramText(record, 'trailName') ?? 'unknown';
  const at = name.indexOf(':trail/');
  return at === -1 ? name : name.slice(at + ':trail/'.length);
}

export const cloudTrailLoggingDisabled: TrailDetection = {
  name: 'cloudtrail-logging-disabled',
  findingTypes: [CLOUDTRAIL_LOGGING_DISABLED],
  async detect(scope, record) {
    if (!succeeded(record, 'cloudtrail.amazonaws.com', CALLS) || !disables(record)) return [];
    const trail = trailName(record);
    return [
      apiCallFinding(scope, record, {
        type: CLOUDTRAIL_LOGGING_DISABLED,
        severity: SEVERITY.LOW,
        title: `AWS CloudTrail trail ${trail} was disabled.`,
        description:
          `AWS CloudTrail trail ${trail} was disabled by ${actorName(record)} calling ${record.eventName} under ` +
          'unusual circumstances. This can be attackers attempt to cover their tracks by eliminating any trace of ' +
          'activity performed while they accessed your account.',
        key: trail,
      }),
    ];
  },
};
