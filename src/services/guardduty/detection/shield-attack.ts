// Shield-declared attacks: Shield's AttackStarted service event on a load balancer or on Warden's API endpoint becomes a GuardDuty finding.
import type { CloudTrailRecord } from '../../../audit/record.js';
import { apiEndpointAccount } from '../../../core/api-endpoint.js';
import { shieldAttackFinding, SHIELD_API_ENDPOINT_ATTACK, SHIELD_ATTACK } from '../network/network-finding.js';
import type { TrailDetection } from './types.js';

/** Strings taken from the record are capped: an imported trail may hold anything. */
const MAX_TEXT = 2048;
/** Sources named in the finding at most (Shield's record lists its top five). */
const MAX_SOURCES = 5;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;

/** Shield's top sources: plain strings, or `{ name, value }` contributors as Shield's monitor writes them. */
function sourcesOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value.slice(0, MAX_SOURCES)) {
    const name = typeof v === 'object' && v !== null ? (v as { name?: unknown }).name : v;
    const ip = text(name);
    if (ip !== undefined && ip.length <= 64) out.push(ip);
  }
  return out;
}

/**
 * An AttackStarted AwsServiceEvent from shield.amazonaws.com, recorded in the protected resource owner's trail
 * (recipientAccountId) in the resource's Region, about an ELBv2 load balancer or Warden's API endpoint (whose owner
 * is the deployment's first account). Attacks on other resources, and
 * AttackEnded (the finding already stands; its EventLastSeen is the start), raise nothing.
 */
export const shieldAttackDetection: TrailDetection = {
  name: 'shield-attack',
  findingTypes: [SHIELD_ATTACK, SHIELD_API_ENDPOINT_ATTACK],
  detect(scope, record: Readonly<CloudTrailRecord>) {
    if (record.eventSource !== 'shield.amazonaws.com' || record.eventName !== 'AttackStarted')
      return Promise.resolve([]);
    if (record.eventType !== 'AwsServiceEvent') return Promise.resolve([]);
    const details = record.serviceEventDetails;
    if (typeof details !== 'object' || details === null) return Promise.resolve([]);
    const resourceArn = text(details.resourceArn);
    const attackId = text(details.attackId);
    if (!resourceArn || !attackId) return Promise.resolve([]);
    const endpointOwner = apiEndpointAccount(resourceArn);
    const owner = endpointOwner ?? (resourceArn.includes(':elasticloadbalancing:') ? resourceArn.split(':')[4] : '');
    // The owner's detector analyses the record: a resource of another account is not this detector's to report.
    if (owner !== scope.detector.accountId) return Promise.resolve([]);
    const threshold = details.thresholdRequestsPerSecond;
    return Promise.resolve([
      shieldAttackFinding(
        {
          attackId,
          resourceArn,
          attackVector: text(details.attackVector)?.slice(0, 64) ?? 'REQUEST_FLOOD',
          topSources: sourcesOf(details.topSourceIps),
          ...(typeof threshold === 'number' && Number.isFinite(threshold)
            ? { thresholdRequestsPerSecond: threshold }
            : {}),
        },
        scope.at,
        endpointOwner === undefined ? 'load-balancer' : 'api-endpoint',
      ),
    ]);
  },
};
