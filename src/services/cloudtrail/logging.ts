// Turning a trail's logging on and off, and GetTrailStatus.
import type {
  GetTrailStatusRequest,
  GetTrailStatusResponse,
  StartLoggingRequest,
  StartLoggingResponse,
  StopLoggingRequest,
  StopLoggingResponse,
} from '../../aws/generated/cloudtrail.js';
import type { RequestContext } from '../../core/runtime.js';
import { deliverTrail } from './delivery.js';
import { requireTrail, trailResource } from './trail-ref.js';
import { isoSeconds } from '../../audit/redact.js';
import { accountScope } from '../../store/account-scope.js';

const textOf = (ms: number | null) => (ms === null ? '' : isoSeconds(new Date(ms)));

export async function getTrailStatus(
  ctx: RequestContext,
  input: GetTrailStatusRequest,
): Promise<GetTrailStatusResponse> {
  const trail = await requireTrail(ctx.runtime.store.db, ctx, input.Name, { notFoundAsArn: true });
  ctx.audit.resources = [trailResource(trail)];
  const status: GetTrailStatusResponse = {
    IsLogging: trail.is_logging === 1,
    // AWS also answers the string forms, empty when there is nothing to report.
    LatestDeliveryAttemptTime: textOf(trail.latest_delivery_time),
    LatestDeliveryAttemptSucceeded: textOf(trail.latest_delivery_time),
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    TimeLoggingStarted: textOf(trail.start_logging_time),
    TimeLoggingStopped: textOf(trail.stop_logging_time),
  };
  if (trail.latest_delivery_time !== null) status.LatestDeliveryTime = new Date(trail.latest_delivery_time);
  if (trail.start_logging_time !== null) status.StartLoggingTime = new Date(trail.start_logging_time);
  if (trail.stop_logging_time !== null) status.StopLoggingTime = new Date(trail.stop_logging_time);
  return status;
}

/**
 * Starts logging. A trail restarted after a stop first delivers what it logged before the stop: the new
 * logging window replaces the old one, so anything left of the old window would otherwise never be delivered.
 */
export async function startLogging(ctx: RequestContext, input: StartLoggingRequest): Promise<StartLoggingResponse> {
  const db = ctx.runtime.store.db;
  const trail = await requireTrail(db, ctx, input.Name, { notFoundAsArn: true, homeRegionOnly: true });
  ctx.audit.resources = [trailResource(trail)];
  if (trail.is_logging === 1) return {};
  await deliverTrail(ctx.runtime, trail);
  await accountScope(db, trail.account_id)
    .updateTable('trails')
    .set({ is_logging: 1, start_logging_time: ctx.receivedAt.getTime() })
    .where('name', '=', trail.name)
    .execute();
  return {};
}

/** Stops logging; events up to the stop (this call's own included) are still delivered. */
export async function stopLogging(ctx: RequestContext, input: StopLoggingRequest): Promise<StopLoggingResponse> {
  const db = ctx.runtime.store.db;
  const trail = await requireTrail(db, ctx, input.Name, { notFoundAsArn: true, homeRegionOnly: true });
  ctx.audit.resources = [trailResource(trail)];
  if (trail.is_logging === 0) return {};
  await accountScope(db, trail.account_id)
    .updateTable('trails')
    .set({ is_logging: 0, stop_logging_time: ctx.receivedAt.getTime() })
    .where('name', '=', trail.name)
    .execute();
  return {};
}
