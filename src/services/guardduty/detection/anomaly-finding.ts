// Builds a <Tactic>:IAMUser/AnomalousBehavior finding: the API call, and what was unusual against the identity's profile.
import type { AnomalyObject, Detection, ProfileSubtype } from '../../../aws/generated/guardduty.js';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { NewFinding } from '../finding-store.js';
import { accessKeyDetailsOf, apiCallFinding } from './api-call-finding.js';
import type { Candidate } from './anomaly-rules.js';
import type { FeatureSeen } from './baseline-store.js';
import { userAgentCategory } from './baseline-keys.js';
import { TACTIC_FINDINGS } from './tactics.js';
import type { DetectionScope } from './types.js';

/** The identity's profile as the finding shows it: its most used values of each kind, and its event count. */
export interface ProfileSnapshot {
  identity: string;
  events: number;
  apis: readonly FeatureSeen[];
  agents: readonly FeatureSeen[];
  networks: readonly FeatureSeen[];
}

/** Shares of the identity's calls that make a profiled value frequent or infrequent; below, it is rare. */
const FREQUENT_SHARE = 0.1;
const INFREQUENT_SHARE = 0.01;

type Band = Extract<ProfileSubtype, 'FREQUENT' | 'INFREQUENT' | 'RARE'>;

function banded(values: readonly FeatureSeen[], events: number, show: (v: string) => string): Record<Band, string[]> {
  const out: Record<Band, string[]> = { FREQUENT: [], INFREQUENT: [], RARE: [] };
  for (const v of values) {
    const share = events > 0 ? v.count / events : 0;
    const band: Band = share >= FREQUENT_SHARE ? 'FREQUENT' : share >= INFREQUENT_SHARE ? 'INFREQUENT' : 'RARE';
    out[band].push(show(v.value));
  }
  return out;
}

/** Burst members a finding names at most (the most recent; the count says how many there were). */
const SHOWN = 50;
const shown = (values: readonly string[]): string[] => values.slice(0, SHOWN);

/** `iam.amazonaws.com:ListUsers` → `ListUsers`. */
const apiName = (api: string): string => api.slice(api.lastIndexOf(':') + 1);

/** GuardDuty's anomalousAPIs text: `iam.amazonaws.com:[CreateAccessKey:success , ListUsers:failure]`, by service. */
function anomalousApisText(apis: readonly { api: string; outcome: 'success' | 'failure' }[]): string {
  const bySource = new Map<string, string[]>();
  for (const { api, outcome } of apis) {
    const cut = api.lastIndexOf(':');
    const source = api.slice(0, cut);
    const list = bySource.get(source) ?? [];
    const entry = `${api.slice(cut + 1)}:${outcome}`;
    if (!list.includes(entry)) list.push(entry);
    bySource.set(source, list);
  }
  return [...bySource].map(([source, list]) => `${source}:[${list.join(' , ')}]`).join(' , ');
}

const joined = (values: readonly string[]): string => values.join(' , ');

/** The profiled and unusual behaviour as GuardDuty's AdditionalInfo words it (user-identity profiling only). */
function additionalInfoOf(
  record: Readonly<CloudTrailRecord>,
  candidate: Candidate,
  profile: ProfileSnapshot,
): Record<string, unknown> {
  const apis = banded(profile.apis, profile.events, apiName);
  const agents = banded(profile.agents, profile.events, (v) => v);
  const networks = banded(profile.networks, profile.events, (v) => v);
  const outcome = typeof record.errorCode === 'string' ? 'failure' : 'success';
  const anomalous = [
    ...candidate.unusualApis.map((api) => ({ api, outcome }) as const),
    ...shown(candidate.deniedApis ?? []).map((api) => ({ api, outcome: 'failure' }) as const),
  ];
  const info: Record<string, unknown> = {
    anomalies: { anomalousAPIs: anomalousApisText(anomalous) },
    profiledBehavior: {
      rareProfiledAPIsUserIdentityProfiling: joined(apis.RARE),
      infrequentProfiledAPIsUserIdentityProfiling: joined(apis.INFREQUENT),
      frequentProfiledAPIsUserIdentityProfiling: joined(apis.FREQUENT),
      rareProfiledUserAgentsUserIdentityProfiling: joined(agents.RARE),
      infrequentProfiledUserAgentsUserIdentityProfiling: joined(agents.INFREQUENT),
      frequentProfiledUserAgentsUserIdentityProfiling: joined(agents.FREQUENT),
      rareProfiledNetworksUserIdentityProfiling: joined(networks.RARE),
      infrequentProfiledNetworksUserIdentityProfiling: joined(networks.INFREQUENT),
      frequentProfiledNetworksUserIdentityProfiling: joined(networks.FREQUENT),
    },
    unusualBehavior: {
      unusualAPIsUserIdentityProfiling: candidate.reasons.includes('unseen-api')
        ? joined(candidate.unusualApis.map(apiName))
        : '',
      unusualUserAgentsUserIdentityProfiling: candidate.newAgent ?? '',
      unusualNetworksUserIdentityProfiling: candidate.newNetwork ?? '',
      isUnusualUserIdentity: 'false',
    },
    reasons: candidate.reasons,
  };
  const ua = typeof record.userAgent === 'string' ? record.userAgent.slice(0, 1024) : undefined;
  if (ua) info.userAgent = { fullUserAgent: ua, userAgentCategory: userAgentCategory(ua) ?? '' };
  if (candidate.deniedApis) info.accessDeniedAPIs = shown(candidate.deniedApis).map(apiName);
  if (candidate.kmsKeys) info.affectedKeys = shown(candidate.kmsKeys);
  return info;
}

const frequency = (subtype: ProfileSubtype, text: readonly string[]): AnomalyObject => ({
  ProfileType: 'FREQUENCY',
  ProfileSubtype: subtype,
  Observations: { Text: [...text] },
});

/** Service.Detection.Anomaly as the model shapes it: the identity's profiles, and what was unusual for it. */
function detectionOf(candidate: Candidate, profile: ProfileSnapshot): Detection {
  const profiles: Record<string, AnomalyObject[]> = {};
  for (const [name, values, show] of [
    ['APIs', profile.apis, apiName],
    ['UserAgents', profile.agents, (v: string) => v],
    ['Networks', profile.networks, (v: string) => v],
  ] as const) {
    const bands = banded(values, profile.events, show);
    profiles[name] = (['FREQUENT', 'INFREQUENT', 'RARE'] as const)
      .filter((b) => bands[b].length > 0)
      .map((b) => frequency(b, bands[b]));
  }
  const unusual: Record<string, AnomalyObject> = {};
  if (candidate.reasons.includes('unseen-api')) unusual.APIs = frequency('UNSEEN', candidate.unusualApis.map(apiName));
  if (candidate.newAgent) unusual.UserAgents = frequency('UNSEEN', [candidate.newAgent]);
  if (candidate.newNetwork) unusual.Networks = frequency('UNSEEN', [candidate.newNetwork]);
  if (candidate.deniedApis) {
    unusual.AccessDenied = {
      ProfileType: 'VOLUME',
      ProfileSubtype: 'COUNT',
      Observations: { Number: [candidate.deniedApis.length], Text: shown(candidate.deniedApis).map(apiName) },
    };
  }
  if (candidate.kmsKeys) {
    unusual.KmsKeys = {
      ProfileType: 'VOLUME',
      ProfileSubtype: 'COUNT',
      Observations: { Number: [candidate.kmsKeys.length], Text: shown(candidate.kmsKeys) },
    };
  }
  return {
    Anomaly: {
      Profiles: { [profile.identity]: profiles },
      Unusual: { Behavior: { [profile.identity]: unusual } },
    },
  };
}

/** The finding of one candidate, worded as GuardDuty words its AnomalousBehavior findings. */
export function anomalyFinding(
  scope: Pick<DetectionScope, 'at'>,
  record: Readonly<CloudTrailRecord>,
  candidate: Candidate,
  profile: ProfileSnapshot,
): NewFinding {
  const { type, severity } = TACTIC_FINDINGS[candidate.tactic];
  const details = accessKeyDetailsOf(record);
  const who = `${details.UserType ?? 'Unknown'} : ${details.UserName ?? details.PrincipalId ?? 'unknown'}`;
  const finding = apiCallFinding(scope, record, {
    type,
    severity,
    title: `User ${who} is anomalously invoking APIs commonly used in ${candidate.tactic} tactics.`,
    description:
      `APIs commonly used in ${candidate.tactic} tactics were invoked by user ${who}, under anomalous ` +
      'circumstances. Such activity is not typically seen from this user.',
    additionalInfo: additionalInfoOf(record, candidate, profile),
  });
  finding.Service = { ...finding.Service, Detection: detectionOf(candidate, profile) };
  return finding;
}
