// The request-time types every layer shares: the running server's parts, a request's context, handlers, services.
//
// They refer to each other (a Runtime holds the services, a service's handlers take a RequestContext, the context
// holds the Runtime), so they share this one file: split across files they would import each other in a cycle.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { MetricObjectWithValues, MetricValue, Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import type { AwsError } from '../aws/error.js';
import type { InputViolation } from '../aws/validate.js';
import type { InspectedRequest, TrafficVerdict } from './traffic.js';
import type { ObservedConnection, ObservedExchange } from './traffic-observer.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { SecretBox } from '../store/secrets.js';
import type { Migration } from '../store/store.js';
import type { AuditWriter } from '../audit/writer.js';
import type { CloudTrailRecord } from '../audit/record.js';
import type { AuditNotes } from '../audit/notes.js';
import type {
  AccountDirectory,
  OrganizationDirectory,
  OrganizationPolicies,
  PrincipalPolicies,
  ResolvedCheck,
  ResolvedResource,
  ResourceOverrides,
} from './authorization.js';

/** The running server's shared parts: configuration, store, secrets, audit writer and services. */
export interface Runtime {
  readonly config: Config;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly audit: AuditWriter;
  /** Every service Warden knows (src/services/registry.ts), served or only modelled, by model name. */
  readonly services: ReadonlyMap<ModelName, ServiceDescriptor>;
  /** The one identity store every caller comes from: the one service whose hooks provide it (IAM). */
  readonly principals: PrincipalStore;
  /** Organizations' guardrails and directory, from the service whose hooks provide them; absent: no organizations. */
  readonly organizations?: OrganizationStore;
  readonly log: Logger;
}

/** Everything a handler may know about the request it serves. */
export interface RequestContext {
  readonly requestId: string;
  readonly service: ModelName;
  readonly operation: string;
  /** The SigV4 signing region (or the configured default for unsigned calls). */
  readonly region: string;
  /** aws, aws-cn, aws-us-gov, ... derived from the region: ARNs Warden returns carry it. */
  readonly partition: string;
  readonly identity: CallerIdentity;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly secureTransport: boolean;
  /** The Host header the caller reached the API with, for URLs an answer hands back (Artifact's downloads). */
  readonly host?: string;
  readonly receivedAt: Date;
  readonly runtime: Runtime;
  /** What the audit record shows; handlers may fill responseElements or name resources. */
  readonly audit: AuditNotes;
}

export type Handler<I = any, O = any> = (ctx: RequestContext, input: I) => Promise<O>;

/** The generated handler maps (src/aws/generated/handlers.ts) type their handlers' context as RequestContext. */
declare module '../aws/generated/handlers.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges RequestContext's members
  interface HandlerContext extends RequestContext {}
}

/** What a service folder implements: typed handlers per operation, called with the request's context. */
export interface ServiceProvider {
  /** Operations Warden implements; any other operation in the model answers NotImplemented (501). */
  readonly handlers: Readonly<Record<string, Handler>>;
  /** Operations callable without a signature (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). */
  readonly unsigned?: ReadonlySet<string>;
}

/**
 * The identity store: the principals requests come from, as authorization reads them. Exactly one service provides
 * it (src/core/stores.ts), and authentication and authorization reach it only through `runtime.principals`.
 */
export interface PrincipalStore {
  /** One account's users, roles, groups and policies as of its policy epoch (remembered until the epoch moves). */
  directory(db: Kysely<Database>, accountId: string, epoch: string): AccountDirectory;
  /** The caller's policies, compiled (loaded afresh: authorization caches them per policy epoch). */
  policies(db: Kysely<Database>, identity: CallerIdentity, epoch: string): Promise<PrincipalPolicies>;
  /** Authentication verified this access key (for GetAccessKeyLastUsed); never throws. */
  recordAccessKeyUse(runtime: Runtime, accessKeyId: string, service: string, region: string, now: Date): Promise<void>;
}

/** An organization's guardrails over its accounts and the directory naming its resources. */
export interface OrganizationStore {
  /**
   * The SCP and RCP levels over an account, compiled, or undefined when it is in no organization (loaded afresh:
   * authorization caches them per guardrails epoch, src/authz/policy-epoch.ts).
   */
  guardrails(db: Kysely<Database>, accountId: string): Promise<OrganizationPolicies | undefined>;
  directory(db: Kysely<Database>): OrganizationDirectory;
  /** What services integrated with Organizations read and register there (GuardDuty's delegated administrator). */
  readonly integration?: OrganizationIntegration;
}

/** An organization's account as an integrated service reads it. */
export interface OrganizationAccount {
  readonly accountId: string;
  /** The account's root email address. */
  readonly email: string;
  /** ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED */
  readonly status: string;
  /** When it joined (or was created in) the organization, epoch ms. */
  readonly joinedAt: number;
}

/**
 * Organizations as the AWS services integrated with it use it: the organization's accounts, and each service's
 * trusted access and delegated administrators (AWS's services call Organizations on the caller's behalf: GuardDuty's
 * EnableOrganizationAdminAccount registers its delegated administrator). The writes join the caller's transaction.
 */
export interface OrganizationIntegration {
  accounts(db: Kysely<Database>, orgId: string): Promise<OrganizationAccount[]>;
  delegatedAdministrators(db: Kysely<Database>, orgId: string, servicePrincipal: string): Promise<string[]>;
  /** Enables the service's trusted access and registers the account as its delegated administrator. */
  registerDelegatedAdministrator(
    db: Kysely<Database>,
    orgId: string,
    accountId: string,
    servicePrincipal: string,
  ): Promise<void>;
  deregisterDelegatedAdministrator(
    db: Kysely<Database>,
    orgId: string,
    accountId: string,
    servicePrincipal: string,
  ): Promise<void>;
}

/**
 * What a service tells authorization (src/authz) about its requests. Authorization calls these hooks and never names a
 * service: every hook is optional, and a service without any is authorized by the generic rules alone.
 */
export interface ServiceAuthorization {
  /**
   * Operations the generic authorization leaves alone: their handlers authorize themselves with facts only they
   * hold (STS's AssumeRole family), or AWS authorizes them for every authenticated caller (GetCallerIdentity).
   */
  readonly selfAuthorizing?: ReadonlySet<string>;
  /** Per-action resource resolutions (any service's actions: the rules of the resources this service holds). */
  readonly resourceOverrides?: ResourceOverrides;
  /**
   * This service's requests: the resources really acted on, with the resource policy of each (a KMS alias or
   * ciphertext blob resolved to its key, carrying its key policy). A resource that does not exist is left out, so
   * the handler answers as the service does.
   */
  resolveResources?(
    ctx: RequestContext,
    input: Readonly<Record<string, unknown>>,
    checks: readonly ResolvedCheck[],
  ): Promise<ResolvedCheck[]>;
  /**
   * The resource policies of this service's resources bind the account's root user too (a KMS key policy): a root
   * user no policy of its account restricts is still decided on them.
   */
  readonly resourcePoliciesBindRoot?: boolean;
  /**
   * Whether something besides policies (a KMS grant) allows what the policies left implicitly denied; `by` names it
   * for `warden explain` (`grant <id>`).
   */
  grantAllows?(
    ctx: RequestContext,
    identity: CallerIdentity,
    input: Readonly<Record<string, unknown>>,
    action: string,
    resource: ResolvedResource,
  ): Promise<boolean | { readonly by: string }>;
  /** The identity store, when this service holds the principals (exactly one service does). */
  readonly principals?: PrincipalStore;
  /** Organizations' guardrails and directory, when this service holds organizations (at most one does). */
  readonly organizations?: OrganizationStore;
}

/** How billing and Cost Explorer name a service's API requests. */
export interface ServiceBilling {
  /** The SERVICE dimension value Cost Explorer shows: `AWS Key Management Service`. */
  readonly name: string;
  /** The usage type one API request counts under: `KMS-Requests` (it needs a list price in src/billing/price-list.ts). */
  readonly requestUsageType: string;
}

/**
 * One AWS service as Warden knows it. Each service folder exports one from its service.ts, and
 * src/services/registry.ts lists them: routing, IAM prefixes, CloudTrail event sources, billing, migrations and
 * generated types all derive from that one list.
 */
export interface ServiceDescriptor {
  /** Its vendored botocore model, models/<model>.json; also the SigV4 signing name requests are routed by. */
  readonly model: ModelName;
  /** The IAM service prefix: its actions are `<iamPrefix>:<Operation>`. */
  readonly iamPrefix: string;
  /** The eventSource of its calls' CloudTrail records: `kms.amazonaws.com`. */
  readonly eventSource: string;
  readonly billing: ServiceBilling;
  /** Its handlers. Absent while the service is only modelled: every operation answers 501 naming it. */
  readonly provider?: ServiceProvider;
  /** Its hooks into authorization; absent: its requests are authorized by the generic rules alone. */
  readonly authorization?: ServiceAuthorization;
  /**
   * Its schema migrations, applied with every other service's in id order. Ids are unique across Warden and never
   * renamed (a database records the ids it applied). The row types of its tables join the store's Database type
   * from its tables.ts (see src/store/schema.ts).
   */
  readonly migrations?: readonly Migration[];
  /**
   * The error it answers for input that breaks the model's constraints, when it words them otherwise than the
   * protocol's ValidationException (Organizations' InvalidInputException with a Reason); absent: the protocol's.
   */
  readonly inputError?: (operation: string, violations: readonly InputViolation[]) => AwsError;
  /**
   * Work the service runs beside the API while the server listens (ELBv2's listeners and health checks), started
   * once the API listens and stopped before the store closes.
   */
  readonly start?: (runtime: Runtime) => Promise<RunningService>;
  /** Its part in users' HTTP traffic (src/core/traffic.ts): inspecting it (WAF) or carrying it (ELBv2). */
  readonly traffic?: {
    readonly inspector?: TrafficInspector;
    readonly resources?: ProtectableResources;
    readonly observer?: TrafficObserver;
    readonly mitigator?: TrafficMitigator;
    /** What it keeps in step with data-plane worker processes (`--data-plane-workers`), when it keeps anything. */
    readonly workers?: TrafficWorkerHooks;
  };
  /** The health checks it holds, for services that act on a resource's health (Route 53's, for Shield; core/health-checks.ts). */
  readonly healthChecks?: HealthCheckDirectory;
  /** Its part in the audit trail's live feed (src/core/trail-feed.ts): learning from committed records (GuardDuty). */
  readonly trail?: {
    readonly observer?: TrailObserver;
  };
}

/** Health checks as another service may ask after them, by the owning account and the health check's id. */
export interface HealthCheckDirectory {
  /** Whether the account has this health check (not deleted). */
  exists(runtime: Runtime, accountId: string, healthCheckId: string): Promise<boolean>;
  /** Whether it reports healthy now, as this node's checker last decided; undefined when this node knows nothing. */
  healthy(runtime: Runtime, accountId: string, healthCheckId: string): boolean | undefined;
}

/**
 * A service told of every record once the audit trail has committed it, on the node that committed it (GuardDuty's
 * detection). Synchronous and cheap: it queues the record for its own work and never throws.
 */
export interface TrailObserver {
  observe(runtime: Runtime, record: Readonly<CloudTrailRecord>): void;
}

/**
 * A service that learns from listener traffic (Shield Advanced's baselines, GuardDuty's network findings); every
 * service's observer is told. Synchronous, cheap, never throws.
 */
export interface TrafficObserver {
  observe(runtime: Runtime, resourceArn: string, exchange: ObservedExchange): void;
  /** Each client connection once closed, with the requests it carried (port probes are connections without any). */
  connection?(runtime: Runtime, resourceArn: string, connection: ObservedConnection): void;
}

/** A service that inspects traffic to resources it protects (WAF web ACLs associated with load balancers). */
export interface TrafficInspector {
  /** How many body bytes it wants to see for requests to this resource (0 when nothing inspects it). */
  bodyLimit(runtime: Runtime, resourceArn: string): Promise<number>;
  /** The verdict for one request; undefined when nothing protects the resource. Must not throw for bad input. */
  inspect(runtime: Runtime, resourceArn: string, request: InspectedRequest): Promise<TrafficVerdict | undefined>;
}

/** The action a mitigation's rules take on the requests they match. */
export type MitigationAction = 'Block' | 'Count';

/**
 * A service that lets another put mitigation rules in front of a resource (WAF, for Shield Advanced's automatic
 * application-layer response). Each method writes on every node's next request; none throws for a resource with
 * nothing in front of it.
 */
export interface TrafficMitigator {
  /** The ARN of what filters the resource's traffic (its web ACL), or undefined when nothing does. */
  filterFor(runtime: Runtime, resourceArn: string): Promise<string | undefined>;
  /** Puts the mitigation (without rules) in front of the resource, or sets its action; its name, or undefined. */
  attach(runtime: Runtime, resourceArn: string, action: MitigationAction): Promise<string | undefined>;
  /** Gives the mitigation rules taking `action` on requests from `sources` (IP addresses); its name, or undefined. */
  apply(
    runtime: Runtime,
    resourceArn: string,
    spec: { action: MitigationAction; sources: readonly string[] },
  ): Promise<string | undefined>;
  /** Empties the mitigation's rules (the attack ended); it stays in place for the next. */
  clear(runtime: Runtime, resourceArn: string): Promise<void>;
  /** Takes the mitigation away from in front of the resource. */
  detach(runtime: Runtime, resourceArn: string): Promise<void>;
}

/** A service whose resources carry traffic others may protect (ELBv2 load balancers). */
export interface ProtectableResources {
  /** Whether the resource exists, in its ARN's account and region. */
  exists(runtime: Runtime, resourceArn: string): Promise<boolean>;
}

/**
 * A service's side of the link between the process serving the API and the data-plane worker processes that carry
 * listeners' traffic (src/services/elbv2/data-plane/workers/). Messages are JSON values.
 */
export interface WorkerLink {
  /**
   * Sends to the other side (from the serving process: every worker running) and resolves with the answers of those
   * that answered (a worker that died meanwhile is left out; a worker's own ask rejects if the serving process fails).
   */
  ask(message: unknown): Promise<unknown[]>;
}

/** What one side of a service's worker link answers, and what it stops when the link goes. */
export interface WorkerSide {
  answer(message: unknown): unknown;
  stop?(): void;
}

/**
 * A service's part in data-plane worker processes: each worker is a node of the deployment that serves no API, whose
 * in-memory state (WAF's rate counts, samples, epoch) the serving process keeps in step or gathers.
 */
export interface TrafficWorkerHooks {
  /** In the serving process, before any worker serves. */
  supervise(runtime: Runtime, link: WorkerLink): Promise<WorkerSide>;
  /** In each worker before it serves; `registry` is the worker's metrics, added into the serving process's /metrics. */
  work(runtime: Runtime, link: WorkerLink, registry: Registry): Promise<WorkerSide>;
}

/** A registry's metrics as prom-client exports them for adding up (AggregatorRegistry.aggregate). */
export type ExportedMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** What a service's `start` leaves running. */
export interface RunningService {
  stop(): Promise<void>;
  /** The metrics of the processes it runs besides this one (data-plane workers), for /metrics to add up. */
  metrics?(): Promise<ExportedMetrics[]>;
}
