// Where Route 53 health checks may connect: loopback, plus what the operator allows (--route53-health-check-allow).
// Checked at create/update on the address or name given, and again at every check on the address actually connected
// to (after resolution), so a name that resolves elsewhere later (DNS rebinding) is refused all the same.
import { BlockList, isIP } from 'node:net';
import { parseEgressEntry } from '../../egress-entry.js';

export interface HealthCheckEgress {
  /** Whether a connection to this resolved address and port may be opened. */
  allowsAddress(address: string, port: number): boolean;
  /** Whether a host name is allowed whatever it resolves to (an entry names it, with this port or none). */
  allowsName(name: string, port: number): boolean;
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** The rule for a list of entries (every entry must parse: the configuration is validated at start-up). */
export function healthCheckEgress(entries: readonly string[]): HealthCheckEgress {
  const anyPort = new BlockList();
  // Loopback is always allowed: a health check of something on the operator's own host.
  anyPort.addSubnet('127.0.0.0', 8, 'ipv4');
  anyPort.addAddress('::1', 'ipv6');
  const byPort = new Map<number, BlockList>();
  const names: { name: string; port?: number }[] = [{ name: 'localhost' }];
  for (const raw of entries) {
    const entry = parseEgressEntry(raw);
    if (!entry) throw new Error(`not a --route53-health-check-allow entry: ${raw.slice(0, 100)}`);
    if (entry.kind === 'network') anyPort.addSubnet(entry.network, entry.prefix, familyOf(entry.network));
    else if (entry.kind === 'name') names.push(entry);
    else {
      let list = anyPort;
      if (entry.port !== undefined) {
        list = byPort.get(entry.port) ?? new BlockList();
        byPort.set(entry.port, list);
      }
      list.addAddress(entry.address, familyOf(entry.address));
    }
  }
  return {
    allowsAddress(address, port) {
      if (isIP(address) === 0) return false;
      const family = familyOf(address);
      return anyPort.check(address, family) || (byPort.get(port)?.check(address, family) ?? false);
    },
    allowsName(name, port) {
      const lower = name.toLowerCase().replace(/\.$/, '');
      return names.some((n) => n.name === lower && (n.port === undefined || n.port === port));
    },
  };
}
