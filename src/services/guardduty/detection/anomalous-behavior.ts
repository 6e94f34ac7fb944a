// The <Tactic>:IAMUser/AnomalousBehavior detection: each call seen against its identity's baseline, then learnt into it.
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { NewFinding } from '../finding-store.js';
import { anomalyFinding, type ProfileSnapshot } from './anomaly-finding.js';
import {
  candidatesFor,
  DENIED_WINDOW_MS,
  KMS_BURST_APIS,
  KMS_WINDOW_MS,
  NOVELTY_WINDOW_MS,
  type Observation,
} from './anomaly-rules.js';
import { apiOf, identityKeyOf, isDenial, MAX_VALUE, networkOf, userAgentCategory } from './baseline-keys.js';
import {
  identityProfile,
  learn,
  seenValues,
  topValues,
  valuesSince,
  type FeatureKind,
  type FeatureSeen,
  type Sighting,
} from './baseline-store.js';
import { TACTIC_FINDINGS, tacticOf } from './tactics.js';
import type { DetectionScope, TrailDetection } from './types.js';

/** Profiled values of each kind a finding shows at most (GuardDuty shows about twenty). */
const PROFILE_SHOWN = 20;

/** The key a KMS destruction call acted on: the key ARN the record names, else the key id it was given; capped. */
function kmsKeyOf(record: Readonly<CloudTrailRecord>): string | undefined {
  const resources = Array.isArray(record.resources) ? record.resources : [];
  const arn = resources.find((r) => r?.type === 'AWS::KMS::Key' && typeof r.ARN === 'string')?.ARN;
  const p = record.requestParameters;
  const keyId = typeof p === 'object' && p !== null ? (p as Record<string, unknown>).keyId : undefined;
  const key = arn ?? (typeof keyId === 'string' && keyId !== '' ? keyId : undefined);
  return key?.slice(0, MAX_VALUE);
}

async function snapshotOf(scope: DetectionScope, identity: string, events: number): Promise<ProfileSnapshot> {
  const [apis, agents, networks] = await Promise.all(
    (['api', 'agent', 'network'] as const).map((kind) =>
      topValues(scope.db, scope.detector, identity, kind, PROFILE_SHOWN),
    ),
  );
  return { identity, events, apis: apis!, agents: agents!, networks: networks! };
}

/**
 * Judges and learns one record in one transaction: the baseline a call is judged against is the one it then joins,
 * and learning a record is one commit (one fsync on SQLite) rather than one per statement.
 */
async function detect(scope: DetectionScope, record: Readonly<CloudTrailRecord>): Promise<readonly NewFinding[]> {
  if (typeof record !== 'object' || record === null || record.eventType !== 'AwsApiCall') return [];
  if (scope.db.isTransaction) return judgeAndLearn(scope, record);
  return scope.db.transaction().execute((trx) => judgeAndLearn({ ...scope, db: trx }, record));
}

async function judgeAndLearn(
  scope: DetectionScope,
  record: Readonly<CloudTrailRecord>,
): Promise<readonly NewFinding[]> {
  const identity = identityKeyOf(record);
  const api = apiOf(record);
  if (identity === undefined || api === undefined) return [];
  const { db, detector, at } = scope;
  const eventSource = record.eventSource;
  const eventName = record.eventName;
  const denied = isDenial(record.errorCode);
  const succeeded = record.errorCode === undefined || record.errorCode === null;
  const kmsKey =
    succeeded && eventSource === 'kms.amazonaws.com' && KMS_BURST_APIS.has(eventName) ? kmsKeyOf(record) : undefined;
  const network = networkOf(record.sourceIPAddress);
  const agent = userAgentCategory(record.userAgent);
  // A refused call is not an API the identity uses: it is learnt as a refusal, for the burst windows.
  const sighting: Sighting = {
    identity,
    values: {
      ...(denied ? { denied: api } : { api }),
      ...(network !== undefined ? { network } : {}),
      ...(agent !== undefined ? { agent } : {}),
      ...(kmsKey !== undefined ? { 'kms-key': kmsKey } : {}),
    },
    iamWrite: succeeded && eventSource === 'iam.amazonaws.com' && record.readOnly === false,
  };

  const prior = await identityProfile(db, detector, identity);
  const seen = prior ? await seenValues(db, detector, { ...sighting, values: { ...sighting.values, api } }) : {};
  const window = async (kind: FeatureKind, since: number, current: string | undefined): Promise<string[]> => {
    const values = prior ? await valuesSince(db, detector, identity, kind, since) : [];
    return current === undefined || values.includes(current) ? values : [current, ...values];
  };
  const tactic = tacticOf(eventSource, eventName);
  // New: never seen, or first seen only moments ago (after the identity's first call), so every call of a series from
  // a new place or tool is judged with it, not just the first. Event times have CloudTrail's one-second resolution, so
  // a value first seen in the same second as the identity's first call counts as part of its baseline.
  const isNew = (value: FeatureSeen | undefined): boolean =>
    value === undefined || (value.firstSeen > prior!.firstSeen && value.firstSeen >= at - NOVELTY_WINDOW_MS);
  const newNetwork = prior && network !== undefined && isNew(seen.network) ? network : undefined;
  const newAgent = prior && agent !== undefined && isNew(seen.agent) ? agent : undefined;
  // The refusal window matters to a refused call, and as the last signal an unseen API of a tactic could have.
  const wantDenied = denied || (tactic !== undefined && seen.api === undefined && !newNetwork && !newAgent);
  const observation: Observation = {
    record,
    at,
    api,
    eventSource,
    eventName,
    tactic,
    prior,
    denied,
    succeeded,
    knownApi: seen.api !== undefined,
    apiFirstSeen: seen.api?.firstSeen,
    newNetwork,
    newAgent,
    deniedApis: wantDenied ? await window('denied', at - DENIED_WINDOW_MS, denied ? api : undefined) : [],
    kmsKeys: kmsKey !== undefined ? await window('kms-key', at - KMS_WINDOW_MS, kmsKey) : [],
  };
  const candidates = candidatesFor(observation);
  // The profile a finding shows is the one the call was judged against, so it is read before the call is learnt.
  const snapshot = candidates.length > 0 ? await snapshotOf(scope, identity, prior?.events ?? 0) : undefined;
  const fresh = (Object.keys(sighting.values) as FeatureKind[]).filter((kind) => seen[kind] === undefined);
  await learn(db, detector, sighting, at, { identity: prior === undefined, kinds: fresh });
  return candidates.map((c) => anomalyFinding(scope, record, c, snapshot!));
}

export const anomalousBehavior: TrailDetection = {
  name: 'anomalous-behavior',
  findingTypes: Object.values(TACTIC_FINDINGS).map((f) => f.type),
  detect,
};
