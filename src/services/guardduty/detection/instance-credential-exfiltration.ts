// UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS: a managed instance's credentials used from an address not the instance's.
import type { Kysely } from 'kysely';
import type { CloudTrailRecord } from '../../../audit/record.js';
import type { Database } from '../../../store/schema.js';
import { accessKeyDetailsOf, apiCallFinding, remoteIpOf, SEVERITY } from './api-call-finding.js';
import { isApiCall } from './record-facts.js';
import type { DetectionScope, TrailDetection } from './types.js';

export const INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS =
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS';

/** A Systems Manager managed instance id: the session name of the credentials Warden issues the instance. */
const MANAGED_INSTANCE_ID = /^mi-[0-9a-f]{17}$/;

/** How long a looked-up instance is trusted: an instance whose address changes is misjudged for at most this long. */
const CACHE_TTL_MS = 15_000;
/** Cached instances per detection: past it the oldest entry goes, so session names cannot grow memory. */
const CACHE_MAX = 1024;

/** The session name of an AssumedRole identity (`AROA…:session`, else the ARN's last segment), if it has one. */
function sessionNameOf(record: Readonly<CloudTrailRecord>): string | undefined {
  const identity = (record as { userIdentity?: unknown }).userIdentity;
  if (typeof identity !== 'object' || identity === null) return undefined;
  const { type, principalId, arn } = identity as Record<string, unknown>;
  if (type !== 'AssumedRole') return undefined;
  if (typeof principalId === 'string' && principalId.includes(':')) {
    return principalId.slice(principalId.lastIndexOf(':') + 1);
  }
  if (typeof arn === 'string' && arn.includes('/')) return arn.slice(arn.lastIndexOf('/') + 1);
  return undefined;
}

/**
 * The addresses a managed instance of the account is known to call from, or undefined when the account has no such
 * instance: the source address Warden saw it register from (its RegisterManagedInstance service event in the trail,
 * which the host cannot write) and the address the instance last reported of itself (ssm_managed_instances.ip_address).
 */
async function knownAddresses(
  db: Kysely<Database>,
  accountId: string,
  instanceId: string,
): Promise<readonly string[] | undefined> {
  const row = await db
    .selectFrom('ssm_managed_instances')
    .select('ip_address')
    .where('account_id', '=', accountId)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const addresses = row.ip_address ? [row.ip_address] : [];
  // The id is checked against MANAGED_INSTANCE_ID, so it holds no LIKE wildcard; the ARN ends at the closing quote.
  const registration = await db
    .selectFrom('audit_events')
    .select('record')
    .where('recipient_account_id', '=', accountId)
    .where('event_name', '=', 'RegisterManagedInstance')
    .where('event_source', '=', 'ssm.amazonaws.com')
    .where('resource_names', 'like', `%:managed-instance/${instanceId}"%`)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const registeredFrom = registration === undefined ? undefined : registrationSource(registration.record, instanceId);
  if (registeredFrom !== undefined && !addresses.includes(registeredFrom)) addresses.push(registeredFrom);
  return addresses;
}

/** The source address of a stored RegisterManagedInstance service event of this instance, if it is one. */
function registrationSource(json: string, instanceId: string): string | undefined {
  try {
    const record = JSON.parse(json) as Record<string, unknown>;
    if (record.eventType !== 'AwsServiceEvent') return undefined;
    const details = record.serviceEventDetails as Record<string, unknown> | undefined;
    if (typeof details !== 'object' || details === null || details.instanceId !== instanceId) return undefined;
    return typeof details.sourceIPAddress === 'string' && details.sourceIPAddress !== ''
      ? details.sourceIPAddress
      : undefined;
  } catch {
    return undefined;
  }
}

interface Cached {
  readonly until: number;
  readonly addresses: readonly string[] | undefined;
}

/**
 * A call with the AssumeRole session credentials Warden issued a managed instance (the session is named by the
 * instance id; the instance is the detector account's) from an address that is none of the instance's known
 * addresses. AWS raises this for EC2 instance credentials used outside AWS; Warden's instances are Systems
 * Manager managed instances, so "outside" is "not from the instance". High, as AWS documents. Calls AWS services
 * made (a domain, not an address) and instances with no known address raise nothing. Repeats from one address
 * aggregate into one finding per instance and address.
 *
 * `now` (the wall clock) only ages the lookup cache: detections reason in event time.
 */
export function instanceCredentialExfiltrationDetection(now: () => number = Date.now): TrailDetection {
  const cache = new Map<string, Cached>();

  async function addressesOf(scope: DetectionScope, instanceId: string): Promise<readonly string[] | undefined> {
    const { accountId, region, id } = scope.detector;
    const key = `${accountId}/${region}/${id}\n${instanceId}`;
    const hit = cache.get(key);
    if (hit !== undefined && hit.until > now()) return hit.addresses;
    const addresses = await knownAddresses(scope.db, accountId, instanceId);
    cache.delete(key);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, { until: now() + CACHE_TTL_MS, addresses });
    return addresses;
  }

  return {
    name: 'instance-credential-exfiltration',
    findingTypes: [INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS],
    async detect(scope, record) {
      if (!isApiCall(record)) return [];
      const instanceId = sessionNameOf(record);
      if (instanceId === undefined || !MANAGED_INSTANCE_ID.test(instanceId)) return [];
      const ip = remoteIpOf(record);
      if (ip === undefined) return [];
      const known = await addressesOf(scope, instanceId);
      if (known === undefined || known.length === 0 || known.includes(ip)) return [];
      const role = accessKeyDetailsOf(record).UserName ?? 'unknown';
      return [
        apiCallFinding(scope, record, {
          type: INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS,
          severity: SEVERITY.HIGH,
          title: `Credentials for instance role ${role} used from external IP address.`,
          description:
            `Credentials created exclusively for managed instance ${instanceId} using instance role ${role} ` +
            `have been used from external IP address ${ip}.`,
          key: `${instanceId}\n${ip}`,
          additionalInfo: { instanceId },
        }),
      ];
    },
  };
}

export const instanceCredentialExfiltration = instanceCredentialExfiltrationDetection();
