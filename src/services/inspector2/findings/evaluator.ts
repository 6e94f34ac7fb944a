// Evaluates managed instances' findings off the request path: an instance is re-evaluated when its inventory or the
// advisories change, in bounded batches, for accounts with EC2 scanning enabled.
import { startPeriodicPass } from '../../../core/periodic-pass.js';
import type { Kysely } from 'kysely';
import { partitionOf } from '../../../aws/partitions.js';
import type { Runtime, RunningService } from '../../../core/runtime.js';
import type { Database } from '../../../store/schema.js';
import type { Store } from '../../../store/store.js';
import '../../ssm/tables.js';
import '../tables.js';
import { advisoriesChangedAt } from '../advisories/advisory-store.js';
import { matchPackages } from '../advisories/matcher.js';
import { installedPackages, osEcosystem } from './installed-packages.js';
import { networkFindings } from './network-findings.js';
import { packageFindings } from './package-findings.js';
import { reconcileFindings, storedDraft } from './finding-writer.js';
import { evaluateLoadBalancers, type LoadBalancerCursor } from './load-balancer-findings.js';

/** Instances evaluated per pass: a pass stays short however many hosts report at once. */
export const EVALUATION_BATCH = 20;
/** How often the evaluator looks for instances to evaluate. */
const INTERVAL_MS = 1000;

export const SOCKETS_TYPE = 'Custom:WardenListeningSockets';

export interface InstanceToEvaluate {
  instanceId: string;
  accountId: string;
  region: string;
  platformName: string | null;
  platformVersion: string | null;
  ipAddress: string | null;
  inventoryAt: number;
}

async function entriesOf(db: Kysely<Database>, instanceId: string, typeName: string) {
  const rows = await db
    .selectFrom('ssm_inventory_entries')
    .select('content')
    .where('instance_id', '=', instanceId)
    .where('type_name', '=', typeName)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.content) as Record<string, unknown>);
}

/** The instance as its findings' resource: AWS_EC2_INSTANCE with its addresses and platform. */
function instanceResource(i: InstanceToEvaluate, partition: string): Record<string, unknown> {
  const awsEc2Instance: Record<string, unknown> = {};
  if (i.ipAddress !== null) awsEc2Instance.ipV4Addresses = [i.ipAddress];
  if (i.platformName !== null)
    awsEc2Instance.platform = `${i.platformName}${i.platformVersion !== null ? ` ${i.platformVersion}` : ''}`;
  return { type: 'AWS_EC2_INSTANCE', id: i.instanceId, partition, region: i.region, details: { awsEc2Instance } };
}

/** Computes an instance's findings now and stores them: new ones ACTIVE, gone ones CLOSED, the rest observed again. */
export async function evaluateInstance(store: Store, i: InstanceToEvaluate, advisoriesAt: number, now = Date.now()) {
  const db = store.db;
  const apps = await entriesOf(db, i.instanceId, 'AWS:Application');
  const packages = installedPackages(apps, osEcosystem(i.platformName ?? undefined, i.platformVersion ?? undefined));
  const matches = await matchPackages(
    db,
    packages.map((p) => p.query),
  );
  const drafts = [
    ...packageFindings(i.instanceId, packages, matches),
    ...networkFindings(
      i.instanceId,
      await entriesOf(db, i.instanceId, SOCKETS_TYPE),
      await entriesOf(db, i.instanceId, 'AWS:Network'),
    ),
  ];
  const partition = partitionOf(i.region) ?? 'aws';
  const resource = instanceResource(i, partition);
  const target = { accountId: i.accountId, region: i.region, partition, resourceId: i.instanceId };
  await store.transaction(async (trx) => {
    await reconcileFindings(
      trx,
      target,
      drafts.map((d) => storedDraft(d, [resource])),
      now,
    );
    const mark = { inventory_at: i.inventoryAt, advisories_at: advisoriesAt, evaluated_at: now };
    const had = await trx
      .selectFrom('inspector2_instance_evals')
      .select('instance_id')
      .where('instance_id', '=', i.instanceId)
      .executeTakeFirst();
    if (had === undefined)
      await trx
        .insertInto('inspector2_instance_evals')
        .values({ instance_id: i.instanceId, account_id: i.accountId, region: i.region, ...mark })
        .execute();
    else await trx.updateTable('inspector2_instance_evals').set(mark).where('instance_id', '=', i.instanceId).execute();
  });
  return drafts.length;
}

/**
 * The instances whose findings are out of date: of accounts with EC2 scanning enabled in their region, never
 * evaluated, or whose inventory or the advisories changed since. At most `limit`, least recently evaluated first.
 */
export async function instancesToEvaluate(
  db: Kysely<Database>,
  advisoriesAt: number,
  limit: number,
): Promise<InstanceToEvaluate[]> {
  const rows = await db
    .selectFrom('ssm_managed_instances as i')
    .innerJoin('inspector2_account_status as s', (j) =>
      j.onRef('s.account_id', '=', 'i.account_id').onRef('s.region', '=', 'i.region'),
    )
    .leftJoin('inspector2_instance_evals as e', 'e.instance_id', 'i.instance_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('ssm_inventory_items')
          .select(['instance_id', (x) => x.fn.max('updated_at').as('at')])
          .groupBy('instance_id')
          .as('inv'),
      (j) => j.onRef('inv.instance_id', '=', 'i.instance_id'),
    )
    .select([
      'i.instance_id',
      'i.account_id',
      'i.region',
      'i.platform_name',
      'i.platform_version',
      'i.ip_address',
      'inv.at as inventory_at',
      'e.inventory_at as evaluated_inventory_at',
      'e.advisories_at as evaluated_advisories_at',
      'e.evaluated_at',
    ])
    .where('s.ec2', '=', 'ENABLED')
    .where((eb) =>
      eb.or([
        eb('e.instance_id', 'is', null),
        eb('e.advisories_at', '<', advisoriesAt),
        eb('e.inventory_at', '<', eb.ref('inv.at')),
      ]),
    )
    .orderBy('e.evaluated_at')
    .orderBy('i.instance_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    instanceId: r.instance_id,
    accountId: r.account_id,
    region: r.region,
    platformName: r.platform_name,
    platformVersion: r.platform_version,
    ipAddress: r.ip_address,
    inventoryAt: r.inventory_at === null ? 0 : Number(r.inventory_at),
  }));
}

/**
 * Closes the active findings of instances no longer registered (deregistered: the resource is gone, as a terminated
 * instance's findings close on AWS) and forgets their evaluation marks, a bounded number per pass.
 */
export async function closeFindingsOfGoneInstances(store: Store, now = Date.now(), limit = 500): Promise<number> {
  const gone = await store.db
    .selectFrom('inspector2_findings as f')
    .leftJoin('ssm_managed_instances as i', 'i.instance_id', 'f.resource_id')
    .select('f.finding_arn')
    .where('f.status', '=', 'ACTIVE')
    .where('i.instance_id', 'is', null)
    // Load balancer findings (their resource is an ARN) close by their own rule (load-balancer-findings.ts).
    .where('f.resource_id', 'not like', 'arn:%')
    .limit(limit)
    .execute();
  for (let k = 0; k < gone.length; k += 200)
    await store.db
      .updateTable('inspector2_findings')
      .set({ status: 'CLOSED', updated_at: now })
      .where(
        'finding_arn',
        'in',
        gone.slice(k, k + 200).map((g) => g.finding_arn),
      )
      .execute();
  await store.db
    .deleteFrom('inspector2_instance_evals')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('ssm_managed_instances as i')
            .select('i.instance_id')
            .whereRef('i.instance_id', '=', 'inspector2_instance_evals.instance_id'),
        ),
      ),
    )
    .execute();
  return gone.length;
}

/** One pass: evaluates up to EVALUATION_BATCH out-of-date instances. Returns how many it evaluated. */
export async function evaluatePending(store: Store, limit = EVALUATION_BATCH): Promise<number> {
  const advisoriesAt = (await advisoriesChangedAt(store.db)) ?? 0;
  const due = await instancesToEvaluate(store.db, advisoriesAt, limit);
  for (const i of due) await evaluateInstance(store, i, advisoriesAt);
  await closeFindingsOfGoneInstances(store);
  return due.length;
}

/** The descriptor's start hook: a pass (instances, then load balancers) every second while the server runs, never two at once. */
export async function startFindingsEvaluator(runtime: Runtime): Promise<RunningService> {
  const lbCursor: LoadBalancerCursor = {};
  // Load balancer listeners are evaluated in the same pass, against this node's --data-plane-host.
  const pass = () =>
    evaluatePending(runtime.store).then(() =>
      evaluateLoadBalancers(runtime.store, runtime.config.dataPlaneHost, lbCursor),
    );
  return startPeriodicPass(INTERVAL_MS, pass, runtime.log, 'Inspector findings evaluation failed');
}
