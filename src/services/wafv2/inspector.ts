// WAF deciding live traffic: the TrafficInspector that keeps a compiled web ACL per load balancer and turns verdicts into answers.
import { createHash } from 'node:crypto';
import type { Runtime, TrafficInspector } from '../../core/runtime.js';
import type { TrafficVerdict } from '../../core/traffic.js';
import {
  compileWebAcl,
  evaluate,
  type CompiledWebAcl,
  type EvaluationResult,
  type ReferenceResolver,
  type WebAcl,
} from './engine/index.js';
import { wafEpochCache } from './epoch.js';
import { managedRuleGroup } from './managed/catalog.js';
import { managedIpListsFor, ManagedIpListsUnavailable } from './managed/ip-list-files.js';
import { geoIpDatabase } from '../../net/geo/database.js';
import { usesGeoIp } from './geo/uses-geo-ip.js';
import { loadProtection, type Protection } from './protection.js';
import { recordWafMetrics } from './metrics.js';
import { rateCounterFor } from './rate-counters.js';
import { recordVisibility, refreshVisibility } from './visibility.js';
import { TokenFlow } from './tokens/flow.js';
import { loadedTokenKeys, tokenKeys } from './tokens/keys.js';
import { SolvedPuzzles } from './tokens/puzzles.js';

/**
 * How long one read of an account's WAF epoch is trusted when the node cannot learn of writes as they commit (a
 * PostgreSQL node whose listening connection is down; see epoch.ts and docs/waf.md). 0: every request reads it, so a
 * write applies to the next request. Concurrent requests share one read in flight either way.
 */
export const DEFAULT_EPOCH_REUSE_MS = 0;

interface Compiled {
  readonly acl: CompiledWebAcl;
  /** Hash of the web ACL and everything it references: an epoch move that changed none of it keeps the compile. */
  readonly fingerprint: string;
  /** The web ACL's TokenDomains: token domains accepted besides the request's host. */
  readonly tokenDomains: readonly string[];
}

interface Entry {
  /** The resource's account (its ARN's fifth field), whose epoch the entry follows. */
  readonly account: string;
  /** The epoch the entry was last brought up to date with; undefined before its first load. */
  epoch: string | undefined;
  compiled: Compiled | undefined;
  rebuilding: Promise<void> | undefined;
}

interface State {
  readonly entries: Map<string, Entry>;
}

/** Map of `Runtime` → its inspector state: tests run several servers in one process. */
const states = new WeakMap<Runtime, State>();

function stateOf(runtime: Runtime): State {
  let s = states.get(runtime);
  if (!s) {
    s = { entries: new Map() };
    states.set(runtime, s);
  }
  return s;
}

function fingerprint(p: Protection): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(p.webAcl));
  for (const m of [p.ipSets, p.regexPatternSets, p.ruleGroups])
    for (const [arn, v] of [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      h.update(`\u0000${arn}\u0000${JSON.stringify(v)}`);
  return h.digest('hex');
}

function resolverFor(p: Protection, managedIps: ReadonlyMap<string, string[]>): ReferenceResolver {
  return {
    ipSet(arn) {
      const own = p.ipSets.get(arn);
      if (own) return { ARN: arn, IPAddressVersion: own.IPAddressVersion, Addresses: own.Addresses };
      const managed = managedIps.get(arn);
      // A managed list may mix families; the engine matches each address by its own family.
      return managed ? { ARN: arn, IPAddressVersion: 'IPV4', Addresses: managed } : undefined;
    },
    regexPatternSet(arn) {
      const s = p.regexPatternSets.get(arn);
      return s ? { ARN: arn, RegularExpressionList: s.RegularExpressionList } : undefined;
    },
    ruleGroup(arn) {
      const g = p.ruleGroups.get(arn);
      if (!g) return undefined;
      return {
        Name: g.Name,
        ARN: g.ARN,
        Rules: g.Rules as WebAcl['Rules'],
        LabelNamespace: g.LabelNamespace ?? '',
        ...(g.CustomResponseBodies ? { CustomResponseBodies: g.CustomResponseBodies } : {}),
      };
    },
    managedRuleGroup(vendor, name, version) {
      const g = managedRuleGroup(vendor, name, version);
      return g ? { Name: g.name, Rules: g.rules as WebAcl['Rules'], LabelNamespace: g.labelNamespace } : undefined;
    },
  };
}

/** Brings an entry up to the current epoch (the one loadProtection read, never older than the caller's): reloads what protects the resource and recompiles when it changed. */
async function rebuild(runtime: Runtime, state: State, resourceArn: string, entry: Entry): Promise<void> {
  const read = await loadProtection(runtime, resourceArn);
  if (!read.protection) {
    entry.compiled?.acl.dispose();
    entry.compiled = undefined;
    entry.epoch = read.epoch;
    return;
  }
  await refreshVisibility(runtime, read.protection.webAcl);
  const print = fingerprint(read.protection);
  if (entry.compiled?.fingerprint === print) {
    entry.epoch = read.epoch;
    return;
  }
  try {
    const managedIps = await managedIpListsFor(runtime).get();
    // Loaded once per process, the first time a web ACL needs it; evaluation then looks it up synchronously.
    const geo = usesGeoIp([read.protection.webAcl, [...read.protection.ruleGroups.values()]])
      ? await geoIpDatabase()
      : undefined;
    const acl = compileWebAcl(read.protection.webAcl as WebAcl, resolverFor(read.protection, managedIps), { geo });
    // evaluate() is synchronous, so no request is inside the old compile while it is freed.
    entry.compiled?.acl.dispose();
    const domains = (read.protection.webAcl as { TokenDomains?: readonly string[] }).TokenDomains ?? [];
    entry.compiled = { acl, fingerprint: print, tokenDomains: domains };
  } catch (err) {
    // Unreadable managed IP lists are read again once their backoff passes (ip-list-files.ts reports each failed
    // read): the epoch is left unrecorded so that a later request compiles again; the previous version stays meanwhile.
    if (err instanceof ManagedIpListsUnavailable) return;
    // AWS keeps enforcing the last good version; so does Warden. The epoch is recorded: the same input fails again.
    runtime.log.warn(
      { err, resourceArn, webAclArn: read.protection.webAcl.ARN },
      'web ACL could not be compiled; the previous version stays in force',
    );
  }
  entry.epoch = read.epoch;
}

async function compiledFor(runtime: Runtime, resourceArn: string, reuseMs: number): Promise<Compiled | undefined> {
  const state = stateOf(runtime);
  let entry = state.entries.get(resourceArn);
  if (!entry) {
    entry = { account: resourceArn.split(':')[4] ?? '', epoch: undefined, compiled: undefined, rebuilding: undefined };
    state.entries.set(resourceArn, entry);
  }
  const e = entry;
  try {
    const epoch = await wafEpochCache(runtime.store).current(e.account, reuseMs);
    if (e.epoch !== epoch && e.rebuilding) await e.rebuilding;
    if (e.epoch !== epoch) {
      e.rebuilding ??= rebuild(runtime, state, resourceArn, e).finally(() => {
        e.rebuilding = undefined;
      });
      await e.rebuilding;
    }
  } catch (err) {
    // The store could not be read: never built, the caller fails (the listener answers 500 unless it fails open);
    // built before, the last version stays in force and the next request tries again.
    if (e.epoch === undefined) throw err;
    runtime.log.warn({ err, resourceArn }, 'WAF protection could not be reloaded; the previous version stays in force');
  }
  return e.compiled;
}

/** The 403 an Application Load Balancer answers for a request WAF blocks: its own small HTML page. */
function defaultBlockPage(): TrafficVerdict {
  const body = Buffer.from(
    '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n',
  );
  return {
    action: 'respond',
    status: 403,
    headers: [
      ['Server', 'awselb/2.0'],
      ['Content-Type', 'text/html'],
      ['Content-Length', String(body.length)],
    ],
    body,
  };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  TEXT_PLAIN: 'text/plain',
  TEXT_HTML: 'text/html',
  APPLICATION_JSON: 'application/json',
};

/** An evaluation result as what the listener does; the token flow draws a CAPTCHA or challenge interstitial. */
export function verdictFor(result: EvaluationResult, flow: Pick<TokenFlow, 'interstitial'>): TrafficVerdict {
  switch (result.action) {
    case 'ALLOW':
    case 'COUNT':
      return result.insertHeaders.length === 0
        ? { action: 'allow' }
        : { action: 'allow', insertHeaders: result.insertHeaders };
    case 'CAPTCHA':
    case 'CHALLENGE':
      return flow.interstitial(result.action);
    case 'BLOCK': {
      const custom = result.customResponse;
      if (!custom) return defaultBlockPage();
      const body = Buffer.from(custom.body?.content ?? '', 'utf8');
      const headers: [string, string][] = custom.headers.map(([n, v]) => [n, v]);
      if (custom.body) headers.push(['Content-Type', CONTENT_TYPES[custom.body.contentType] ?? 'text/plain']);
      headers.push(['Content-Length', String(body.length)]);
      return { action: 'respond', status: custom.status, headers, body };
    }
  }
}

export interface InspectorOptions {
  /** See DEFAULT_EPOCH_REUSE_MS. */
  readonly epochReuseMs?: number;
  /** Leading zero bits of the challenge's proof of work (tokens/puzzles.ts DEFAULT_DIFFICULTY). */
  readonly challengeDifficulty?: number;
}

export function createWafInspector(options: InspectorOptions = {}): TrafficInspector {
  const reuseMs = options.epochReuseMs ?? DEFAULT_EPOCH_REUSE_MS;
  const flowOptions = {
    solved: new SolvedPuzzles(),
    ...(options.challengeDifficulty !== undefined ? { difficulty: options.challengeDifficulty } : {}),
  };
  return {
    async bodyLimit(runtime, resourceArn) {
      const compiled = await compiledFor(runtime, resourceArn, reuseMs);
      return compiled?.acl.bodyInspectionLimit ?? 0;
    },
    async inspect(runtime, resourceArn, request) {
      let compiled = await compiledFor(runtime, resourceArn, reuseMs);
      if (!compiled) return undefined;
      let keys = loadedTokenKeys(runtime);
      if (!keys) {
        // First request of the process: load the token key, then take the compile again (it may have moved meanwhile).
        keys = await tokenKeys(runtime);
        compiled = await compiledFor(runtime, resourceArn, reuseMs);
        if (!compiled) return undefined;
      }
      const { acl } = compiled;
      const now = Date.now();
      const flow = new TokenFlow(keys, request, compiled.tokenDomains, now, flowOptions);
      // No await between here and evaluate(): a rebuild cannot dispose this compile mid-evaluation.
      const result = evaluate(acl, request, {
        rateCounter: rateCounterFor(runtime),
        now,
        hasValidToken: flow.hasValidToken,
        tokenLabels: flow.tokenLabels,
      });
      recordVisibility(runtime, resourceArn, acl.webAclArn, request, result);
      recordWafMetrics(runtime, acl.webAclArn, result);
      // The token endpoint is evaluated like any request (a Block still blocks it) but never reaches the app: a
      // CAPTCHA or Challenge on it would otherwise make every puzzle unsolvable.
      if (flow.isTokenRequest() && result.action !== 'BLOCK') return flow.answerTokenRequest();
      return verdictFor(result, flow);
    },
  };
}

export const wafInspector = createWafInspector();
