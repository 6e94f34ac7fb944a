// Listener and rule actions: validated as ELBv2 does, stored as it describes them, and handed to the data plane.
import type { Action } from '../../aws/generated/elbv2.js';
import type { ActionConfig } from './data-plane/config.js';
import { elbError, unsupported, validation } from './errors.js';
import { requireTargetGroup, type Db } from './lookup.js';
import type { RequestContext } from '../../core/runtime.js';

const CONTENT_TYPES = new Set(['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json']);
/** AWS's limit on a fixed response's body. */
const MAX_FIXED_BODY = 1024;
/** AWS's limit on target groups in one forward action. */
const MAX_FORWARD_GROUPS = 5;

/**
 * Validates actions and returns them as ELBv2 describes them (Order, ForwardConfig filled in). Warden serves the
 * terminal actions forward, fixed-response and redirect; authentication actions are refused, not ignored.
 */
export async function normalizeActions(db: Db, ctx: RequestContext, actions: readonly Action[]): Promise<Action[]> {
  if (actions.length === 0) throw validation('At least one action must be specified');
  if (actions.length > 1) {
    throw elbError(
      'TooManyActions',
      'Warden serves one action per listener or rule: forward, fixed-response or redirect',
    );
  }
  const out: Action[] = [];
  for (const [i, a] of actions.entries()) {
    const Order = a.Order ?? i + 1;
    switch (a.Type) {
      case 'forward': {
        const tuples = a.ForwardConfig?.TargetGroups ?? [];
        if (a.TargetGroupArn && tuples.length > 0 && !tuples.every((t) => t.TargetGroupArn === a.TargetGroupArn)) {
          throw validation(
            'You cannot specify both a target group ARN and a forward config with different target groups',
          );
        }
        const groups =
          a.TargetGroupArn && tuples.length === 0 ? [{ TargetGroupArn: a.TargetGroupArn, Weight: 1 }] : tuples;
        if (groups.length === 0) throw validation('A target group ARN must be specified for a forward action');
        if (groups.length > MAX_FORWARD_GROUPS) {
          throw validation(`You cannot specify more than ${MAX_FORWARD_GROUPS} target groups in a forward action`);
        }
        const seen = new Set<string>();
        for (const g of groups) {
          if (!g.TargetGroupArn) throw validation('A target group ARN must be specified for a forward action');
          if (seen.has(g.TargetGroupArn))
            throw validation(`Target group '${g.TargetGroupArn}' is specified more than once`);
          seen.add(g.TargetGroupArn);
          await requireTargetGroup(db, ctx, g.TargetGroupArn);
          if (g.Weight !== undefined && (g.Weight < 0 || g.Weight > 999)) {
            throw validation('Target group weight must be between 0 and 999');
          }
        }
        if (a.ForwardConfig?.TargetGroupStickinessConfig?.Enabled) {
          throw unsupported('forward actions without target group stickiness');
        }
        const tupleOut = groups.map((g) => ({ TargetGroupArn: g.TargetGroupArn!, Weight: g.Weight ?? 1 }));
        out.push({
          Type: 'forward',
          ...(groups.length === 1 ? { TargetGroupArn: tupleOut[0]!.TargetGroupArn } : {}),
          Order,
          ForwardConfig: { TargetGroups: tupleOut, TargetGroupStickinessConfig: { Enabled: false } },
        });
        break;
      }
      case 'fixed-response': {
        const c = a.FixedResponseConfig;
        if (!c) throw validation('A fixed response config must be specified for a fixed-response action');
        if (!/^(2|4|5)\d\d$/.test(c.StatusCode)) throw validation(`Status code '${c.StatusCode}' is not valid`);
        if (c.ContentType !== undefined && !CONTENT_TYPES.has(c.ContentType)) {
          throw validation(`Content type '${c.ContentType}' is not valid`);
        }
        if (c.MessageBody !== undefined && c.MessageBody.length > MAX_FIXED_BODY) {
          throw validation(`The message body cannot be longer than ${MAX_FIXED_BODY} characters`);
        }
        out.push({ Type: 'fixed-response', Order, FixedResponseConfig: { ...c } });
        break;
      }
      case 'redirect': {
        const c = a.RedirectConfig;
        if (!c) throw validation('A redirect config must be specified for a redirect action');
        const r = {
          Protocol: c.Protocol ?? '#{protocol}',
          Port: c.Port ?? '#{port}',
          Host: c.Host ?? '#{host}',
          Path: c.Path ?? '/#{path}',
          Query: c.Query ?? '#{query}',
          StatusCode: c.StatusCode,
        };
        if (!['HTTP', 'HTTPS', '#{protocol}'].includes(r.Protocol)) {
          throw validation(`Protocol '${r.Protocol}' is not valid for a redirect action`);
        }
        if (!r.Path.startsWith('/')) throw validation("The redirect path must start with a '/'");
        // The model leaves Port a free string; ELBv2 takes 1-65535 or the #{port} keyword.
        if (r.Port !== '#{port}' && !(/^[1-9]\d{0,4}$/.test(r.Port) && Number(r.Port) <= 65535)) {
          throw validation(`Port '${r.Port.slice(0, 40)}' is not valid for a redirect action`);
        }
        out.push({ Type: 'redirect', Order, RedirectConfig: r });
        break;
      }
      default:
        throw unsupported(`forward, fixed-response and redirect actions; '${a.Type}' is not available`);
    }
  }
  return out;
}

/** The data plane's form of stored (normalized) actions. */
export function actionConfigs(actions: readonly Action[]): ActionConfig[] {
  return actions.map((a): ActionConfig => {
    if (a.Type === 'forward') {
      return {
        type: 'forward',
        targetGroups: (a.ForwardConfig?.TargetGroups ?? []).map((t) => ({
          arn: t.TargetGroupArn!,
          weight: t.Weight ?? 1,
        })),
      };
    }
    if (a.Type === 'fixed-response') {
      const c = a.FixedResponseConfig!;
      return {
        type: 'fixed-response',
        statusCode: Number(c.StatusCode),
        ...(c.ContentType !== undefined ? { contentType: c.ContentType } : {}),
        ...(c.MessageBody !== undefined ? { messageBody: c.MessageBody } : {}),
      };
    }
    const r = a.RedirectConfig!;
    return {
      type: 'redirect',
      protocol: r.Protocol!,
      host: r.Host!,
      port: r.Port!,
      path: r.Path!,
      query: r.Query!,
      statusCode: r.StatusCode,
    };
  });
}

/** The target groups stored actions forward to. */
export function forwardedGroups(actions: readonly Action[]): string[] {
  return actions.flatMap((a) =>
    a.Type === 'forward' ? (a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn!) : [],
  );
}
