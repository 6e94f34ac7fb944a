// The GuardDuty findings listener traffic raises: their types, severities and the NetworkConnection / PortProbe shapes.
import { isIP } from 'node:net';
import type {
  LocalIpDetails,
  PortProbeDetail,
  RemoteIpDetails,
  Resource,
  Service,
} from '../../../aws/generated/guardduty.js';
import type { GeoIpLocation } from '../../../net/geo/database.js';
import type { NewFinding } from '../finding-store.js';

/** GuardDuty's default severities: Low, Medium, High. */
const LOW = 2;
const MEDIUM = 5;
const HIGH = 8;

export const MALICIOUS_IP_CALLER = 'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom';
export const PORT_PROBE = 'Recon:EC2/PortProbeUnprotectedPort';
/**
 * Warden's extension: GuardDuty documents no finding for a denial of service against a resource (its
 * Backdoor:EC2/DenialOfService.* types are an instance attacking others, OUTBOUND). docs/guardduty.md says so.
 */
export const SHIELD_ATTACK = 'Impact:LoadBalancer/DenialOfService.Warden';
/** The same for an attack on Warden's own API endpoint (`arn:aws:warden::<account>:endpoint/api`). */
export const SHIELD_API_ENDPOINT_ATTACK = 'Impact:ApiEndpoint/DenialOfService.Warden';

/**
 * The resource a listener finding is about. GuardDuty has no load-balancer resource; its EC2 findings name the
 * instance behind the traffic, which Warden's targets are not. Warden names the load balancer (ResourceType
 * `LoadBalancer`, its ARN in AdditionalInfo), documented as its own in docs/guardduty.md.
 */
export const LOAD_BALANCER_RESOURCE: Resource = { ResourceType: 'LoadBalancer' };
/** Warden's API endpoint, likewise a resource GuardDuty has no type for. */
export const API_ENDPOINT_RESOURCE: Resource = { ResourceType: 'WardenApiEndpoint' };

/** GuardDuty's port names for the ports it names; any other port is `Unknown`. */
const PORT_NAMES: Readonly<Record<number, string>> = {
  21: 'FTP',
  22: 'SSH',
  23: 'Telnet',
  25: 'SMTP',
  53: 'DNS',
  80: 'HTTP',
  110: 'POP3',
  143: 'IMAP',
  443: 'HTTPS',
  445: 'SMB',
  1433: 'MSSQL',
  3306: 'MYSQL',
  3389: 'RDP',
  5432: 'POSTGRESQL',
  8080: 'HTTP',
  8443: 'HTTPS',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch',
};

export function portDetails(port: number): { Port: number; PortName: string } {
  return { Port: port, PortName: PORT_NAMES[port] ?? 'Unknown' };
}

/** An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as dual-stack sockets report) as the IPv4 address it is. */
export function plainIp(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

function ipDetails(ip: string): { IpAddressV4: string } | { IpAddressV6: string } | Record<string, never> {
  const plain = plainIp(ip);
  const family = isIP(plain);
  if (family === 4) return { IpAddressV4: plain };
  if (family === 6) return { IpAddressV6: plain };
  return {};
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * RemoteIpDetails for a client address, with its country and autonomous system where Warden's offline data places
 * it (GuardDuty also names the city, geolocation, ISP and organisation, which that data does not hold).
 */
export function remoteIpDetails(ip: string, where?: GeoIpLocation): RemoteIpDetails {
  return {
    ...ipDetails(ip),
    ...(where?.country ? { Country: { CountryCode: where.country, CountryName: countryName(where.country) } } : {}),
    ...(where?.asn !== undefined ? { Organization: { Asn: String(where.asn) } } : {}),
  };
}

export function localIpDetails(ip: string): LocalIpDetails {
  return ipDetails(ip);
}

/** Service.AdditionalInfo as GuardDuty writes it: a JSON object in `Value`, `Type` "default". */
function additionalInfo(info: Record<string, unknown>): NonNullable<Service['AdditionalInfo']> {
  return { Value: JSON.stringify(info), Type: 'default' };
}

/** One side of a connection at a listener, as a finding describes it. */
export interface ListenerEnds {
  readonly loadBalancerArn: string;
  readonly clientIp: string;
  readonly clientPort: number;
  readonly localIp: string;
  readonly localPort: number;
}

/** The key findings about one remote address and one load balancer aggregate under. */
function keyOf(loadBalancerArn: string, clientIp: string): string {
  return `${loadBalancerArn}\n${plainIp(clientIp)}`;
}

/**
 * Requests reached a load balancer from an address on one of the detector's active threat lists. `blocked`: every
 * one of them was answered 403 or 429 (the web ACL or Shield refused it) rather than served.
 */
export function maliciousIpCallerFinding(
  ends: ListenerEnds,
  threatListName: string,
  blocked: boolean,
  at: number,
  where?: GeoIpLocation,
): NewFinding {
  const ip = plainIp(ends.clientIp);
  return {
    Type: MALICIOUS_IP_CALLER,
    Severity: MEDIUM,
    Title: `Load balancer is communicating with ${ip} on a custom threat list.`,
    Description:
      `Load balancer ${ends.loadBalancerArn} received requests on port ${ends.localPort} from ${ip}, ` +
      `an IP address on the custom threat list ${threatListName}.`,
    Resource: LOAD_BALANCER_RESOURCE,
    Service: {
      Action: {
        ActionType: 'NETWORK_CONNECTION',
        NetworkConnectionAction: {
          Blocked: blocked,
          ConnectionDirection: 'INBOUND',
          LocalPortDetails: portDetails(ends.localPort),
          LocalIpDetails: localIpDetails(ends.localIp),
          Protocol: 'TCP',
          RemoteIpDetails: remoteIpDetails(ip, where),
          RemotePortDetails: portDetails(ends.clientPort),
        },
      },
      Evidence: { ThreatIntelligenceDetails: [{ ThreatListName: threatListName, ThreatNames: [] }] },
      ResourceRole: 'TARGET',
      FeatureName: 'FlowLogs',
      AdditionalInfo: additionalInfo({ threatListName, loadBalancerArn: ends.loadBalancerArn }),
    },
    key: keyOf(ends.loadBalancerArn, ip),
    at,
  };
}

/** One probed port of a load balancer. */
export interface ProbedPort {
  readonly loadBalancerArn: string;
  readonly localIp: string;
  readonly localPort: number;
}

/**
 * An address opened connections to the account's listeners and sent no request on them (see the probe rule in
 * probe-tracker.ts). Low, or High when a probed port is Elasticsearch's (9200, 9300), as GuardDuty documents.
 * `blocked`: the listener refused every one of those connections at accept.
 */
export function portProbeFinding(
  loadBalancerArn: string,
  clientIp: string,
  probed: readonly ProbedPort[],
  blocked: boolean,
  at: number,
  where?: GeoIpLocation,
): NewFinding {
  const ip = plainIp(clientIp);
  const ports = [...new Set(probed.map((p) => p.localPort))].sort((a, b) => a - b);
  const details: PortProbeDetail[] = probed.map((p) => ({
    LocalPortDetails: portDetails(p.localPort),
    LocalIpDetails: localIpDetails(p.localIp),
    RemoteIpDetails: remoteIpDetails(ip, where),
  }));
  const elasticsearch = ports.some((p) => p === 9200 || p === 9300);
  return {
    Type: PORT_PROBE,
    Severity: elasticsearch ? HIGH : LOW,
    Title: `Unprotected port on load balancer is being probed.`,
    Description:
      `${ip} opened connections to port${ports.length === 1 ? '' : 's'} ${ports.join(', ')} of the account's ` +
      `listeners without sending a request (load balancer ${loadBalancerArn}).`,
    Resource: LOAD_BALANCER_RESOURCE,
    Service: {
      Action: { ActionType: 'PORT_PROBE', PortProbeAction: { Blocked: blocked, PortProbeDetails: details } },
      ResourceRole: 'TARGET',
      FeatureName: 'FlowLogs',
      AdditionalInfo: additionalInfo({
        loadBalancerArns: [...new Set(probed.map((p) => p.loadBalancerArn))],
      }),
    },
    key: keyOf(loadBalancerArn, ip),
    at,
  };
}

/** What Shield's AttackStarted service event says of an attack. */
export interface DeclaredAttack {
  readonly attackId: string;
  readonly resourceArn: string;
  readonly attackVector: string;
  /** The heaviest sources, heaviest first (may be empty). */
  readonly topSources: readonly string[];
  readonly thresholdRequestsPerSecond?: number;
}

/**
 * Shield declared an attack on a load balancer, or on Warden's API endpoint (Warden's extension types; High, as
 * GuardDuty rates DoS findings). `target` says which: the type, title, resource type and AdditionalInfo key follow.
 */
export function shieldAttackFinding(
  attack: DeclaredAttack,
  at: number,
  target: 'load-balancer' | 'api-endpoint' = 'load-balancer',
): NewFinding {
  const top = attack.topSources[0];
  const api = target === 'api-endpoint';
  return {
    Type: api ? SHIELD_API_ENDPOINT_ATTACK : SHIELD_ATTACK,
    Severity: HIGH,
    Title: api
      ? `Warden's API endpoint is the target of a denial of service attack.`
      : `Load balancer is the target of a denial of service attack.`,
    Description:
      `AWS Shield declared ${attack.attackVector} attack ${attack.attackId} on ${attack.resourceArn}` +
      (top ? `; its heaviest source is ${plainIp(top)}.` : '.'),
    Resource: api ? API_ENDPOINT_RESOURCE : LOAD_BALANCER_RESOURCE,
    Service: {
      Action: {
        ActionType: 'NETWORK_CONNECTION',
        NetworkConnectionAction: {
          Blocked: false,
          ConnectionDirection: 'INBOUND',
          Protocol: 'TCP',
          ...(top ? { RemoteIpDetails: remoteIpDetails(top) } : {}),
        },
      },
      ResourceRole: 'TARGET',
      AdditionalInfo: additionalInfo({
        [api ? 'apiEndpointArn' : 'loadBalancerArn']: attack.resourceArn,
        attackId: attack.attackId,
        attackVector: attack.attackVector,
        topSourceIps: attack.topSources.map(plainIp),
        ...(attack.thresholdRequestsPerSecond !== undefined
          ? { thresholdRequestsPerSecond: attack.thresholdRequestsPerSecond }
          : {}),
      }),
    },
    // Another attack on the same load balancer led by the same source aggregates into this finding.
    key: keyOf(attack.resourceArn, top ?? ''),
    at,
  };
}
