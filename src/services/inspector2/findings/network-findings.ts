// Network reachability findings of one instance: listening sockets open beyond loopback, from its agent's inventory.
import { isIP } from 'node:net';
import type { FindingDraft } from './package-findings.js';

/** Ports whose exposure is an administration or database service's: open on any non-loopback address. */
export const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [23, 'Telnet'],
  [3389, 'RDP'],
  [5900, 'VNC'],
  [1433, 'Microsoft SQL Server'],
  [1521, 'Oracle Database'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [6379, 'Redis'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
  [9200, 'Elasticsearch'],
  [9300, 'Elasticsearch transport'],
  [5984, 'CouchDB'],
  [2375, 'Docker API'],
  [2379, 'etcd'],
]);

type Entry = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.length <= 256 ? v : undefined);

export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\./.test(address) || /^::ffff:127\./i.test(address);
}

export function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** Private, link-local and unique-local ranges: an address in one is not reachable from the internet by itself. */
function isPrivate(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const lower = address.toLowerCase();
  return lower.startsWith('fc') || lower.startsWith('fd') || lower.startsWith('fe80:');
}

interface Socket {
  address: string;
  port: number;
  process?: string;
}

function sockets(entries: readonly Entry[]): Socket[] {
  const out: Socket[] = [];
  for (const e of entries) {
    const address = str(e.LocalAddress);
    const port = Number(str(e.LocalPort));
    const protocol = str(e.Protocol);
    if (address === undefined || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    if (protocol !== undefined && protocol !== 'tcp' && protocol !== 'tcp6') continue;
    out.push({ address, port, process: str(e.Process) });
  }
  return out;
}

/** The interfaces a socket listens on, as the agent's AWS:Network inventory names them. */
function interfacesFor(address: string, network: readonly Entry[]): string[] {
  const names: string[] = [];
  for (const n of network) {
    const name = str(n.Name);
    if (name === undefined) continue;
    const v4 = (str(n.IPV4) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const v6 = (str(n.IPV6) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const addrs = [...v4, ...v6];
    if (addrs.every(isLoopback) && addrs.length > 0) continue;
    const bare = address.replace(/^::ffff:/i, '');
    if (isWildcard(address) || addrs.includes(bare))
      names.push(`${name}${addrs.length > 0 ? ` (${addrs.join(', ')})` : ''}`);
  }
  return names.slice(0, 20);
}

/**
 * One finding per TCP port open beyond loopback: on every interface (0.0.0.0, ::) or a public address, any port; on
 * a private address, an administration or database port. A socket on loopback alone is none.
 */
export function networkFindings(
  instanceId: string,
  socketEntries: readonly Entry[],
  networkEntries: readonly Entry[],
): FindingDraft[] {
  const byPort = new Map<number, Socket[]>();
  for (const s of sockets(socketEntries)) {
    if (isLoopback(s.address)) continue;
    const exposed = isWildcard(s.address) || !isPrivate(s.address) || ADMIN_PORTS.has(s.port);
    if (!exposed) continue;
    const list = byPort.get(s.port) ?? [];
    list.push(s);
    byPort.set(s.port, list);
  }
  const out: FindingDraft[] = [];
  for (const [port, list] of [...byPort].sort(([a], [b]) => a - b)) {
    const service = ADMIN_PORTS.get(port);
    const addresses = [...new Set(list.map((s) => s.address))].sort();
    const processes = [...new Set(list.map((s) => s.process).filter((p): p is string => p !== undefined))].sort();
    const steps: { componentId: string; componentType: string }[] = [
      { componentId: instanceId, componentType: 'AWS_EC2_INSTANCE' },
    ];
    for (const a of addresses) {
      for (const iface of interfacesFor(a, networkEntries))
        steps.push({ componentId: iface, componentType: 'NETWORK_INTERFACE' });
      steps.push({
        componentId: `${a.includes(':') ? `[${a}]` : a}:${port}${processes.length > 0 ? ` (${processes.join(', ')})` : ''}`,
        componentType: 'LISTENING_SOCKET',
      });
    }
    const where = addresses.some(isWildcard) ? 'all interfaces' : addresses.join(', ');
    out.push({
      key: `${instanceId}|NET|tcp|${port}`,
      type: 'NETWORK_REACHABILITY',
      severity: service !== undefined ? 'MEDIUM' : 'LOW',
      title: `Port ${port} is reachable on ${where} - TCP`,
      description:
        `On the instance ${instanceId}, TCP port ${port}${service !== undefined ? ` (${service})` : ''} is open on ${where}` +
        `${processes.length > 0 ? `, served by ${processes.join(', ')}` : ''}. ` +
        'It can be reached from beyond the host itself unless a firewall in front of it refuses it.',
      fields: {
        networkReachabilityDetails: {
          openPortRange: { begin: port, end: port },
          protocol: 'TCP',
          networkPath: { steps: steps.slice(0, 50) },
        },
        remediation: {
          recommendation: {
            text:
              `Bind the service on port ${port} to 127.0.0.1 (or the one interface that needs it), or restrict ` +
              'access to it with a host firewall or a security group.',
          },
        },
      },
    });
  }
  return out;
}
