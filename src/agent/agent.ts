// `warden agent`'s work: register once (kept in the state folder), keep credentials fresh, send inventory.
import { hostname } from 'node:os';
import { collectInventory, type CollectSummary } from './collect/inventory.js';
import { AgentCallError, callSsm, register, renew } from './client.js';
import { AgentState, type AgentCredentials, type Registration } from './state.js';
import { formatScanProgress } from './progress.js';

export interface AgentOptions {
  activationId?: string;
  activationCode?: string;
  endpoint: string;
  region: string;
  root: string;
  scanDirs: readonly string[];
  stateDir: string;
  agentVersion: string;
  /** Progress lines (a TTY's), or nothing. */
  progress: (line: string) => void;
  /** A status line rewritten in place while the folder scan runs (a TTY's), or none. */
  scanStatus?: { update(text: string): void; done(): void };
}

/** Credentials are renewed once less than this remains of them. */
const RENEW_MARGIN_MS = 10 * 60 * 1000;

export class Agent {
  private readonly state: AgentState;
  private registration: Registration | undefined;
  private credentials: AgentCredentials | undefined;

  constructor(private readonly options: AgentOptions) {
    this.state = new AgentState(options.stateDir);
  }

  /** Registers unless the state folder holds a registration with this endpoint; returns the instance id. */
  async ensureRegistered(): Promise<Registration> {
    const o = this.options;
    await this.state.prepare();
    const saved = await this.state.registration();
    if (saved !== undefined && saved.endpoint === o.endpoint && saved.region === o.region) {
      this.registration = saved;
      this.credentials = await this.state.credentials();
      return saved;
    }
    if (o.activationId === undefined || o.activationCode === undefined) {
      throw new AgentCallError('NotRegistered', 'not registered: pass --activation-id and --activation-code', 0);
    }
    o.progress(`registering with ${o.endpoint} (${o.region}) using activation ${o.activationId}`);
    const { publicKeyDer } = await this.state.newKeyPair();
    const out = await register(o.endpoint, {
      activationId: o.activationId,
      activationCode: o.activationCode,
      region: o.region,
      publicKeyDer,
      computerName: hostname(),
    });
    this.registration = {
      instanceId: out.instanceId,
      accountId: out.accountId,
      region: o.region,
      activationId: o.activationId,
      endpoint: o.endpoint,
    };
    await this.state.saveRegistration(this.registration);
    this.credentials = out.credentials;
    await this.state.saveCredentials(out.credentials);
    o.progress(`registered as managed instance ${out.instanceId}`);
    return this.registration;
  }

  private async freshCredentials(): Promise<AgentCredentials> {
    const r = this.registration!;
    const c = this.credentials;
    if (c !== undefined && Date.parse(c.expiration) - Date.now() > RENEW_MARGIN_MS) return c;
    const key = await this.state.privateKey();
    if (key === undefined) throw new AgentCallError('NoKey', `no instance key in ${this.options.stateDir}`, 0);
    this.options.progress('renewing credentials');
    this.credentials = await renew(this.options.endpoint, r.instanceId, key);
    await this.state.saveCredentials(this.credentials);
    return this.credentials;
  }

  /** Collects and sends one inventory; returns what was found and the instance it was sent for. */
  async sendInventory(): Promise<CollectSummary & { instanceId: string }> {
    const r = this.registration ?? (await this.ensureRegistered());
    const o = this.options;
    o.progress(`collecting inventory below ${o.root}`);
    const { items, summary } = await collectInventory({
      root: o.root,
      scanDirs: o.scanDirs,
      instanceId: r.instanceId,
      agentVersion: o.agentVersion,
      now: new Date(),
      onScanProgress: o.scanStatus === undefined ? undefined : (p) => o.scanStatus!.update(formatScanProgress(p)),
    }).finally(() => o.scanStatus?.done());
    o.progress(
      `found ${summary.dpkg} dpkg, ${summary.npm} npm (${summary.lockfiles} lockfiles), ${summary.python} Python packages, ${summary.sockets} listening sockets, ${summary.cisFailed} of ${summary.cisChecks} CIS checks failed`,
    );
    for (const w of summary.warnings) o.progress(`warning: ${w}`);
    const credentials = await this.freshCredentials();
    await callSsm(o.endpoint, r.region, credentials, 'PutInventory', { InstanceId: r.instanceId, Items: items });
    o.progress('inventory sent');
    return { ...summary, instanceId: r.instanceId };
  }
}
