// Where Warden may connect for an external key store proxy: public addresses only, unless the operator allows more
// (--xks-proxy-allow). The check is made on the address actually connected to, after resolution, so a proxy name
// that resolves to an internal host, or is made to between two lookups (DNS rebinding), is refused all the same.
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { parseEgressEntry } from '../../egress-entry.js';

export { parseEgressEntry, type EgressAllowEntry } from '../../egress-entry.js';

/**
 * Addresses that are not on the public Internet: an XKS proxy endpoint must be reachable from AWS KMS, and connecting
 * to these would let any principal allowed CreateCustomKeyStore probe the operator's own network through the
 * distinct connection error codes (unreachable, TLS, timeout).
 */
const NOT_PUBLIC: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [
  ['0.0.0.0', 8, 'ipv4'], // this network
  ['10.0.0.0', 8, 'ipv4'], // private
  ['100.64.0.0', 10, 'ipv4'], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, where cloud instance metadata services answer
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, and the broadcast address
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['64:ff9b::', 96, 'ipv6'], // NAT64: would reach any IPv4 address, private ones included
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard-only
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const notPublic = new BlockList();
for (const [network, prefix, type] of NOT_PUBLIC) notPublic.addSubnet(network, prefix, type);

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Whether an IP address is on the public Internet. IPv4-mapped IPv6 addresses are judged as the IPv4 they carry. */
export function isPublicAddress(address: string): boolean {
  return isIP(address) !== 0 && !notPublic.check(address, familyOf(address));
}

/** The operator's egress rule for XKS proxies. */
export interface XksEgress {
  /** A host name the operator allowed whatever it resolves to (the endpoint's, or the connect-to target's). */
  allowsName(host: string, port: number): boolean;
  /** Whether a connection to this resolved address and port may be opened. */
  allowsAddress(address: string, port: number): boolean;
}

/** The rule for a list of entries (every entry must parse: the configuration is validated at start-up). */
export function xksEgress(entries: readonly string[]): XksEgress {
  const parsed = entries.map((raw) => {
    const entry = parseEgressEntry(raw);
    if (!entry) throw new Error(`not an --xks-proxy-allow entry: ${raw.slice(0, 100)}`);
    return entry;
  });
  const networks = new BlockList();
  const anyPort = new BlockList();
  const byPort = new Map<number, BlockList>();
  for (const e of parsed) {
    if (e.kind === 'network') networks.addSubnet(e.network, e.prefix, familyOf(e.network));
    if (e.kind !== 'address') continue;
    let list = anyPort;
    if (e.port !== undefined) {
      list = byPort.get(e.port) ?? new BlockList();
      byPort.set(e.port, list);
    }
    list.addAddress(e.address, familyOf(e.address));
  }
  return {
    allowsName(host, port) {
      const name = host.toLowerCase().replace(/\.$/, '');
      return parsed.some((e) => e.kind === 'name' && e.name === name && (e.port === undefined || e.port === port));
    },
    allowsAddress(address, port) {
      if (isIP(address) === 0) return false;
      const family = familyOf(address);
      return (
        networks.check(address, family) ||
        anyPort.check(address, family) ||
        (byPort.get(port)?.check(address, family) ?? false) ||
        isPublicAddress(address)
      );
    },
  };
}

/** The error a refused connection fails with; the client reports it as an unreachable proxy. */
export const EGRESS_REFUSED = 'EXKS_EGRESS_REFUSED';

function refused(): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error('the external key store proxy address is not allowed');
  err.code = EGRESS_REFUSED;
  return err;
}

/**
 * A DNS lookup for net.connect that resolves as usual and then keeps only the addresses the rule allows, so the
 * socket connects to an address that was checked, never to one resolved afresh after the check.
 */
export function guardedLookup(egress: XksEgress, port: number): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      const allowed = addresses.filter((a) => egress.allowsAddress(a.address, port));
      if (allowed.length === 0) {
        callback(refused(), '', 0);
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/** The same rule for a target given as an IP address, which net.connect does not look up. */
export function checkLiteralAddress(egress: XksEgress, address: string, port: number): void {
  if (!egress.allowsAddress(address, port)) throw refused();
}

const PUBLIC_ONLY = xksEgress([]);
const byList = new WeakMap<readonly string[], XksEgress>();

/** The rule of a configured allow-list, built once per list. */
export function xksEgressFor(entries: readonly string[] | undefined): XksEgress {
  if (!entries || entries.length === 0) return PUBLIC_ONLY;
  let egress = byList.get(entries);
  if (!egress) {
    egress = xksEgress(entries);
    byList.set(entries, egress);
  }
  return egress;
}
