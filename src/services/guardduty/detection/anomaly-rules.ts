// The rules that turn one identity's call, seen against its baseline, into <Tactic>:IAMUser/AnomalousBehavior candidates.
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { IdentityProfile } from './baseline-store.js';
import type { Tactic } from './tactics.js';

const MINUTE = 60_000;

/**
 * A baseline is established once the identity has made BASELINE_MIN_EVENTS calls spread over at least
 * BASELINE_MIN_SPAN_MS of event time, or BASELINE_BULK_EVENTS calls however fast (an automated workload). Before
 * that, every call is new and nothing the identity does is anomalous for it.
 */
export const BASELINE_MIN_EVENTS = 20;
export const BASELINE_MIN_SPAN_MS = 15 * MINUTE;
export const BASELINE_BULK_EVENTS = 100;
/**
 * A source network or user agent first seen less than this long before a call (and not with the identity's first
 * call) still counts as new: a series of calls from a new place or tool is judged as new throughout.
 */
export const NOVELTY_WINDOW_MS = 10 * MINUTE;
/** AccessDenied answers to distinct APIs within DENIED_WINDOW_MS: this many are an anomaly signal... */
export const DENIED_WINDOW_MS = 10 * MINUTE;
export const DENIED_SIGNAL_APIS = 3;
/** ...and this many a finding on their own (permission enumeration). */
export const DENIED_BURST_APIS = 5;
/** ScheduleKeyDeletion / DisableKey on this many distinct keys within KMS_WINDOW_MS by one identity. */
export const KMS_WINDOW_MS = 10 * MINUTE;
export const KMS_BURST_KEYS = 3;
/** An identity with fewer successful IAM writes than this in its baseline is "rarely seen doing IAM writes". */
export const RARE_IAM_WRITES = 3;

/** The KMS calls whose bursts are destructive. */
export const KMS_BURST_APIS = new Set(['ScheduleKeyDeletion', 'DisableKey']);

/** One call seen against its identity's baseline (the baseline as it was before this call). */
export interface Observation {
  record: Readonly<CloudTrailRecord>;
  /** The call's event time (epoch ms). */
  at: number;
  /** `eventSource:eventName`. */
  api: string;
  eventSource: string;
  eventName: string;
  /** The tactic the API is associated with (tactics.ts), if any. */
  tactic?: Tactic;
  prior?: IdentityProfile;
  /** The call was refused for want of permission. */
  denied: boolean;
  /** The call succeeded (no error code). */
  succeeded: boolean;
  /** The API is one the identity has called (successfully or not refused) before. */
  knownApi: boolean;
  /** When the identity first called this API, if it has. */
  apiFirstSeen?: number;
  /** The call's network / user agent category, when it names one the identity has not used before. */
  newNetwork?: string;
  newAgent?: string;
  /** Distinct APIs refused to the identity within DENIED_WINDOW_MS, this one included when refused. */
  deniedApis: readonly string[];
  /** Distinct keys the identity scheduled for deletion or disabled within KMS_WINDOW_MS, this one included. */
  kmsKeys: readonly string[];
}

/** Why a tactic's finding is raised: what was unusual, for AdditionalInfo and Detection.Anomaly. */
export interface Candidate {
  tactic: Tactic;
  /** APIs the identity had never called, or called in an unusual way (`source:name`). */
  unusualApis: string[];
  newNetwork?: string;
  newAgent?: string;
  /** A volume anomaly: refused APIs or destroyed keys within the window. */
  deniedApis?: readonly string[];
  kmsKeys?: readonly string[];
  /** Short machine-readable reasons (`unseen-api`, `rare-iam-writer`, `access-denied-burst`...). */
  reasons: string[];
}

export function isEstablished(prior: IdentityProfile | undefined): boolean {
  if (!prior) return false;
  if (prior.events >= BASELINE_BULK_EVENTS) return true;
  return prior.events >= BASELINE_MIN_EVENTS && prior.lastSeen - prior.firstSeen >= BASELINE_MIN_SPAN_MS;
}

function params(record: Readonly<CloudTrailRecord>, name: 'requestParameters' | 'responseElements') {
  const value = record[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/**
 * The general rule: an identity with an established baseline calls an API of a tactic it has never called, and at
 * least one other signal is unusual for it (a new source network, a new user agent, or a run of AccessDenied).
 */
function unseenApi(o: Observation): Candidate | undefined {
  if (!o.tactic || !isEstablished(o.prior) || o.knownApi) return undefined;
  const reasons = ['unseen-api'];
  if (o.newNetwork) reasons.push('new-network');
  if (o.newAgent) reasons.push('new-user-agent');
  const deniedSignal = o.deniedApis.length >= DENIED_SIGNAL_APIS;
  if (deniedSignal) reasons.push('access-denied');
  if (reasons.length === 1) return undefined;
  return {
    tactic: o.tactic,
    unusualApis: [o.api],
    newNetwork: o.newNetwork,
    newAgent: o.newAgent,
    ...(deniedSignal ? { deniedApis: o.deniedApis } : {}),
    reasons,
  };
}

/** Policies that grant everything when attached. */
const ADMIN_POLICY = /:policy\/(AdministratorAccess|IAMFullAccess)$/;
/** Statements read from a policy document at most (documents are bounded by IAM's own size limits). */
const MAX_STATEMENTS = 100;

/** Whether a policy document (JSON text, as CloudTrail records it) allows every action of every, or of IAM. */
export function grantsBroadly(document: unknown): boolean {
  if (typeof document !== 'string' || document.length > 131_072) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return false;
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  const statements = (Array.isArray(statement) ? statement : [statement]).slice(0, MAX_STATEMENTS);
  return statements.some((s) => {
    if (typeof s !== 'object' || s === null || (s as { Effect?: unknown }).Effect !== 'Allow') return false;
    const action = (s as { Action?: unknown }).Action;
    const actions = Array.isArray(action) ? action : [action];
    return actions.some((a) => a === '*' || a === '*:*' || a === 'iam:*');
  });
}

const ACCESS_CREATIONS = new Set(['CreateUser', 'CreateAccessKey', 'CreateLoginProfile']);
const ATTACHES = new Set(['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy']);
const INLINE_PUTS = new Set(['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy']);

/** A new user, access key or console password, or broad rights granted: a foothold that survives a key rotation. */
export function isPersistenceGrant(record: Readonly<CloudTrailRecord>): boolean {
  if (record.eventSource !== 'iam.amazonaws.com') return false;
  const name = record.eventName;
  if (ACCESS_CREATIONS.has(name)) return true;
  const p = params(record, 'requestParameters');
  if (ATTACHES.has(name)) return typeof p.policyArn === 'string' && ADMIN_POLICY.test(p.policyArn);
  if (INLINE_PUTS.has(name)) return grantsBroadly(p.policyDocument);
  if (name === 'CreatePolicyVersion') return p.setAsDefault === true && grantsBroadly(p.policyDocument);
  return false;
}

/**
 * Persistence: an identity with an established baseline that is rarely seen doing IAM writes creates a user, an
 * access key or a console password, or grants broad rights (AdministratorAccess, a policy allowing `*`).
 */
function persistence(o: Observation): Candidate | undefined {
  if (!o.succeeded || !isEstablished(o.prior) || o.prior!.iamWrites >= RARE_IAM_WRITES) return undefined;
  if (!isPersistenceGrant(o.record)) return undefined;
  return {
    tactic: 'Persistence',
    unusualApis: [o.api],
    newNetwork: o.newNetwork,
    newAgent: o.newAgent,
    reasons: ['rare-iam-writer', ...(o.knownApi ? [] : ['unseen-api'])],
  };
}

/** Guardrail policy types whose removal loosens every account they govern. */
const GUARDRAILS = new Set(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);

/** Whether an Organizations call removes or weakens guardrails, or takes an account out of them. */
export function isOrganizationTampering(record: Readonly<CloudTrailRecord>): boolean {
  if (record.eventSource !== 'organizations.amazonaws.com') return false;
  const p = params(record, 'requestParameters');
  switch (record.eventName) {
    case 'LeaveOrganization':
    case 'RemoveAccountFromOrganization':
      return true;
    case 'DisablePolicyType':
      return typeof p.policyType === 'string' && GUARDRAILS.has(p.policyType);
    case 'UpdatePolicy': {
      // The response says which type the policy is; a record without one (recovered, imported) is taken as one.
      const summary = (params(record, 'responseElements').policy as { policySummary?: { type?: unknown } } | undefined)
        ?.policySummary;
      return typeof summary?.type !== 'string' || GUARDRAILS.has(summary.type);
    }
    case 'DetachPolicy':
    case 'DeletePolicy':
      // The record names the policy by id only, which does not say its type: every policy counts.
      return true;
    default:
      return false;
  }
}

/** SCP and organization tampering by an identity never seen making that call before. */
function organizationTampering(o: Observation): Candidate | undefined {
  if (!o.succeeded || o.knownApi || !isOrganizationTampering(o.record)) return undefined;
  return {
    tactic: 'DefenseEvasion',
    unusualApis: [o.api],
    newNetwork: o.newNetwork,
    newAgent: o.newAgent,
    reasons: ['organization-tampering', 'unseen-api'],
  };
}

/**
 * KMS destruction in a burst: ScheduleKeyDeletion or DisableKey on KMS_BURST_KEYS distinct keys within
 * KMS_WINDOW_MS, by an identity that had not made that call before the window (one that routinely retires keys
 * is not unusual doing it again).
 */
function kmsBurst(o: Observation): Candidate | undefined {
  if (!o.succeeded || o.eventSource !== 'kms.amazonaws.com' || !KMS_BURST_APIS.has(o.eventName)) return undefined;
  if (o.kmsKeys.length < KMS_BURST_KEYS) return undefined;
  if (o.apiFirstSeen !== undefined && o.apiFirstSeen < o.at - KMS_WINDOW_MS) return undefined;
  return { tactic: 'Impact', unusualApis: [o.api], kmsKeys: o.kmsKeys, reasons: ['kms-destruction-burst'] };
}

/** A burst of AccessDenied across DENIED_BURST_APIS distinct APIs within DENIED_WINDOW_MS: permission enumeration. */
function deniedBurst(o: Observation): Candidate | undefined {
  if (!o.denied || o.deniedApis.length < DENIED_BURST_APIS) return undefined;
  return { tactic: 'Discovery', unusualApis: [], deniedApis: o.deniedApis, reasons: ['access-denied-burst'] };
}

const RULES = [unseenApi, persistence, organizationTampering, kmsBurst, deniedBurst];

/** Every rule's candidate for the call, one per tactic (rules naming the same tactic merge). */
export function candidatesFor(o: Observation): Candidate[] {
  const byTactic = new Map<Tactic, Candidate>();
  for (const rule of RULES) {
    const c = rule(o);
    if (!c) continue;
    const merged = byTactic.get(c.tactic);
    if (!merged) {
      byTactic.set(c.tactic, { ...c, unusualApis: [...c.unusualApis], reasons: [...c.reasons] });
      continue;
    }
    for (const api of c.unusualApis) if (!merged.unusualApis.includes(api)) merged.unusualApis.push(api);
    for (const r of c.reasons) if (!merged.reasons.includes(r)) merged.reasons.push(r);
    merged.newNetwork ??= c.newNetwork;
    merged.newAgent ??= c.newAgent;
    merged.deniedApis ??= c.deniedApis;
    merged.kmsKeys ??= c.kmsKeys;
  }
  return [...byTactic.values()];
}
