// Automatic application-layer response: Enable/Update/Disable on a protection, and what the monitor asks of WAF.
import type { Kysely } from 'kysely';
import { AwsError } from '../../aws/error.js';
import type {
  ApplicationLayerAutomaticResponseConfiguration,
  DisableApplicationLayerAutomaticResponseRequest,
  DisableApplicationLayerAutomaticResponseResponse,
  EnableApplicationLayerAutomaticResponseRequest,
  EnableApplicationLayerAutomaticResponseResponse,
  ResponseAction,
  UpdateApplicationLayerAutomaticResponseRequest,
  UpdateApplicationLayerAutomaticResponseResponse,
} from '../../aws/generated/shield.js';
import type { MitigationAction, RequestContext, Runtime, TrafficMitigator } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import type { Database } from '../../store/schema.js';
import { invalidOperation, invalidParameter, limitsExceeded, protectionNotFound } from './errors.js';
import { requireSubscription } from './subscription.js';

/** The mitigation names the heaviest sources until they hold this share of the attack's requests… */
const COVERED_SHARE = 0.9;
/** …each holding at least this share (a source sending under a twentieth of the attack is not its cause). */
const MIN_SOURCE_SHARE = 0.05;

/**
 * The sources a mitigation acts on: the attack's top sources by requests, heaviest first, while each holds at least
 * 5% of the attack's requests, until together they hold 90% of them (so at most 18). Sources sending little are
 * left alone, so ordinary clients beside a flood keep being served.
 */
export function mitigationSources(top: readonly { name: string; value: number }[], total: number): string[] {
  if (!(total > 0)) return [];
  const chosen: string[] = [];
  let covered = 0;
  for (const c of [...top].sort((a, b) => b.value - a.value)) {
    if (covered >= COVERED_SHARE * total || c.value < MIN_SOURCE_SHARE * total) break;
    chosen.push(c.name);
    covered += c.value;
  }
  return chosen;
}

/** The service that puts mitigations in front of resources (WAF): Shield never names it. */
export function mitigatorOf(runtime: Runtime): TrafficMitigator | undefined {
  for (const s of runtime.services.values()) if (s.traffic?.mitigator) return s.traffic.mitigator;
  return undefined;
}

/** The action of an enabled automatic response on the resource's protection; undefined when not enabled. */
export async function automaticResponseAction(
  db: Kysely<Database>,
  accountId: string,
  resourceArn: string,
): Promise<MitigationAction | undefined> {
  const row = await accountScope(db, accountId)
    .selectFrom('shield_protections')
    .select('automatic_response')
    .where('resource_arn', '=', resourceArn)
    .executeTakeFirst();
  return enabledAction(row?.automatic_response ?? null);
}

function enabledAction(stored: string | null): MitigationAction | undefined {
  if (!stored) return undefined;
  const config = JSON.parse(stored) as ApplicationLayerAutomaticResponseConfiguration;
  if (config.Status !== 'ENABLED') return undefined;
  return config.Action.Count ? 'Count' : 'Block';
}

/** Exactly one of Block and Count, as ResponseAction's documentation requires. */
function actionOf(action: ResponseAction): MitigationAction {
  const given = [action.Block, action.Count].filter((a) => a !== undefined);
  if (given.length !== 1)
    throw invalidParameter('You must specify exactly one action, either Block or Count.', 'Action');
  return action.Block ? 'Block' : 'Count';
}

async function protectionOf(ctx: RequestContext, resourceArn: string) {
  const db = ctx.runtime.store.db;
  await requireSubscription(db, ctx.identity.accountId);
  const row = await accountScope(db, ctx.identity.accountId)
    .selectFrom('shield_protections')
    .select(['id', 'arn', 'automatic_response'])
    .where('resource_arn', '=', resourceArn)
    .executeTakeFirst();
  if (!row) throw protectionNotFound();
  ctx.audit.resources = [{ ARN: row.arn, accountId: ctx.identity.accountId }];
  return { ...row, enabled: enabledAction(row.automatic_response) };
}

async function store(ctx: RequestContext, id: string, status: 'ENABLED' | 'DISABLED', action: MitigationAction) {
  const config: ApplicationLayerAutomaticResponseConfiguration = {
    Status: status,
    Action: action === 'Block' ? { Block: {} } : { Count: {} },
  };
  await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .updateTable('shield_protections')
    .set({ automatic_response: JSON.stringify(config) })
    .where('id', '=', id)
    .execute();
}

function noWebAcl(): AwsError {
  return invalidOperation(
    'The resource has no AWS WAF web ACL associated. Associate a web ACL with the resource to use automatic application layer DDoS mitigation.',
  );
}

function notEnabled(): AwsError {
  return invalidOperation('Automatic application layer DDoS mitigation is not enabled for the resource.');
}

/** Puts the rule group in the web ACL (or sets its action); WAF's capacity refusals become Shield's. */
async function attach(ctx: RequestContext, resourceArn: string, action: MitigationAction): Promise<void> {
  const mitigator = mitigatorOf(ctx.runtime);
  try {
    const name = await mitigator?.attach(ctx.runtime, resourceArn, action);
    if (name === undefined) throw noWebAcl();
  } catch (err) {
    if (err instanceof AwsError && err.code === 'WAFLimitsExceededException') {
      throw limitsExceeded('WEB_ACL_CAPACITY_UNITS', 5000);
    }
    throw err;
  }
}

export async function enableApplicationLayerAutomaticResponse(
  ctx: RequestContext,
  input: EnableApplicationLayerAutomaticResponseRequest,
): Promise<EnableApplicationLayerAutomaticResponseResponse> {
  const action = actionOf(input.Action);
  const protection = await protectionOf(ctx, input.ResourceArn);
  if (protection.enabled) {
    throw invalidOperation(
      'Automatic application layer DDoS mitigation is already enabled for the resource. Use UpdateApplicationLayerAutomaticResponse to change it.',
    );
  }
  await attach(ctx, input.ResourceArn, action);
  await store(ctx, protection.id, 'ENABLED', action);
  return {};
}

export async function updateApplicationLayerAutomaticResponse(
  ctx: RequestContext,
  input: UpdateApplicationLayerAutomaticResponseRequest,
): Promise<UpdateApplicationLayerAutomaticResponseResponse> {
  const action = actionOf(input.Action);
  const protection = await protectionOf(ctx, input.ResourceArn);
  if (!protection.enabled) throw notEnabled();
  await attach(ctx, input.ResourceArn, action);
  await store(ctx, protection.id, 'ENABLED', action);
  return {};
}

export async function disableApplicationLayerAutomaticResponse(
  ctx: RequestContext,
  input: DisableApplicationLayerAutomaticResponseRequest,
): Promise<DisableApplicationLayerAutomaticResponseResponse> {
  const protection = await protectionOf(ctx, input.ResourceArn);
  if (!protection.enabled) throw notEnabled();
  await store(ctx, protection.id, 'DISABLED', protection.enabled);
  await releaseMitigation(ctx, input.ResourceArn);
  return {};
}

/**
 * Takes Shield's rule group out of the resource's web ACL (automatic response disabled, or the protection deleted),
 * unless another resource with automatic response enabled sits behind the same web ACL.
 */
export async function releaseMitigation(ctx: RequestContext, resourceArn: string): Promise<void> {
  const mitigator = mitigatorOf(ctx.runtime);
  if (mitigator && !(await sharedWithAnotherEnabled(ctx, mitigator, resourceArn))) {
    await mitigator.detach(ctx.runtime, resourceArn);
  }
}

/** Whether a stored automatic-response setting is in force. */
export function automaticResponseEnabled(stored: string | null): boolean {
  return enabledAction(stored) !== undefined;
}

/** Whether another resource with automatic response enabled sits behind the same web ACL (it keeps the group). */
async function sharedWithAnotherEnabled(
  ctx: RequestContext,
  mitigator: TrafficMitigator,
  resourceArn: string,
): Promise<boolean> {
  const filter = await mitigator.filterFor(ctx.runtime, resourceArn);
  if (filter === undefined) return false;
  const others = await accountScope(ctx.runtime.store.db, ctx.identity.accountId)
    .selectFrom('shield_protections')
    .select(['resource_arn', 'automatic_response'])
    .where('resource_arn', '!=', resourceArn)
    .where('automatic_response', 'is not', null)
    .execute();
  for (const o of others) {
    if (enabledAction(o.automatic_response) && (await mitigator.filterFor(ctx.runtime, o.resource_arn)) === filter)
      return true;
  }
  return false;
}
