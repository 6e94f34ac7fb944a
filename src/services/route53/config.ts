// A health check's settings: Route 53's defaults filled in, its rules between settings, and the operator's egress rule.
import { lookup } from 'node:dns/promises';
import { AwsError } from '../../aws/error.js';
import type { HealthCheckConfig } from '../../aws/generated/route53.js';
import { defaultPort } from './checker.js';
import type { HealthCheckEgress } from './egress.js';
import { invalidInput } from './errors.js';

/** The types Warden's checkers perform; CALCULATED, CLOUDWATCH_METRIC and RECOVERY_CONTROL answer 501. */
const CHECKED_TYPES = new Set(['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP']);

/** HealthCheckConfig as stored and answered: the members Warden performs, defaults filled in, in a fixed order. */
export interface StoredConfig {
  IPAddress?: string;
  Port?: number;
  Type: string;
  ResourcePath?: string;
  FullyQualifiedDomainName?: string;
  SearchString?: string;
  RequestInterval: number;
  FailureThreshold: number;
  MeasureLatency: boolean;
  Inverted: boolean;
  Disabled: boolean;
  EnableSNI?: boolean;
  Regions?: string[];
}

/** Fills in Route 53's defaults: port by type, 30-second interval, threshold 3, SNI on for HTTPS checks. */
export function normalize(config: HealthCheckConfig): StoredConfig {
  const https = config.Type.startsWith('HTTPS');
  const out: StoredConfig = {
    ...(config.IPAddress !== undefined ? { IPAddress: config.IPAddress } : {}),
    ...(config.Port !== undefined || defaultPort(config.Type) !== undefined
      ? { Port: config.Port ?? defaultPort(config.Type) }
      : {}),
    Type: config.Type,
    ...(config.ResourcePath !== undefined ? { ResourcePath: config.ResourcePath } : {}),
    ...(config.FullyQualifiedDomainName !== undefined
      ? { FullyQualifiedDomainName: config.FullyQualifiedDomainName }
      : {}),
    ...(config.SearchString !== undefined ? { SearchString: config.SearchString } : {}),
    RequestInterval: config.RequestInterval ?? 30,
    FailureThreshold: config.FailureThreshold ?? 3,
    MeasureLatency: config.MeasureLatency ?? false,
    Inverted: config.Inverted ?? false,
    Disabled: config.Disabled ?? false,
    ...(https
      ? { EnableSNI: config.EnableSNI ?? true }
      : config.EnableSNI !== undefined
        ? { EnableSNI: config.EnableSNI }
        : {}),
    ...(config.Regions !== undefined && config.Regions.length > 0 ? { Regions: config.Regions } : {}),
  };
  return out;
}

/** The type's 501: Warden's checkers do not perform it. */
export function requireCheckedType(type: string): void {
  if (CHECKED_TYPES.has(type)) return;
  throw new AwsError('NotImplemented', `Warden does not implement Route 53 health checks of type ${type} yet.`, {
    status: 501,
    fault: 'Receiver',
  });
}

/** Route 53's rules between settings, each refused as InvalidInput. */
export function checkRules(config: StoredConfig): void {
  const bad = (why: string) => invalidInput(`Invalid parameter : ${why}`);
  const matching = config.Type.endsWith('_STR_MATCH');
  if (config.IPAddress === undefined && config.FullyQualifiedDomainName === undefined) {
    throw bad(`A health check of type ${config.Type} needs an IPAddress or a FullyQualifiedDomainName.`);
  }
  if (config.Port === undefined) throw bad(`A health check of type ${config.Type} needs a Port.`);
  if (config.RequestInterval !== 10 && config.RequestInterval !== 30) {
    throw bad('RequestInterval must be either 10 or 30 seconds.');
  }
  if (matching && !config.SearchString) throw bad(`A health check of type ${config.Type} needs a SearchString.`);
  if (!matching && config.SearchString !== undefined) {
    throw bad('SearchString is only allowed for health checks of type HTTP_STR_MATCH or HTTPS_STR_MATCH.');
  }
  if (config.Type === 'TCP' && config.ResourcePath !== undefined) {
    throw bad('ResourcePath is not allowed for health checks of type TCP.');
  }
  if (config.Regions !== undefined && new Set(config.Regions).size !== config.Regions.length) {
    throw bad('Regions must not repeat a region.');
  }
}

const EGRESS_HINT =
  "this Warden's health checkers reach only loopback and what its operator allows (--route53-health-check-allow)";

/**
 * Refuses an endpoint the operator's egress rule does not allow: an IPAddress outside it, or a domain name neither
 * allowed by name nor resolving only to allowed addresses. (Each check applies the rule again to what it connects to.)
 */
export async function checkEgress(config: StoredConfig, egress: HealthCheckEgress): Promise<void> {
  const port = config.Port as number;
  if (config.IPAddress !== undefined) {
    if (!egress.allowsAddress(config.IPAddress, port)) {
      throw invalidInput(
        `Invalid parameter : IPAddress ${config.IPAddress} port ${port} is not allowed: ${EGRESS_HINT}.`,
      );
    }
    return;
  }
  const name = config.FullyQualifiedDomainName as string;
  if (egress.allowsName(name, port)) return;
  let addresses: string[];
  try {
    addresses = (await lookup(name, { all: true })).map((a) => a.address);
  } catch {
    throw invalidInput(`Invalid parameter : FullyQualifiedDomainName ${name.slice(0, 255)} could not be resolved.`);
  }
  const refused = addresses.find((a) => !egress.allowsAddress(a, port));
  if (addresses.length === 0 || refused !== undefined) {
    throw invalidInput(
      `Invalid parameter : FullyQualifiedDomainName ${name.slice(0, 255)} resolves to ${refused ?? 'nothing'}, which is not allowed: ${EGRESS_HINT}.`,
    );
  }
}
