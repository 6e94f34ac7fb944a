// Listeners: create (really listening on the data-plane host), describe, modify, delete; HTTPS with IAM server certificates.
import type {
  Action,
  Certificate,
  CreateListenerInput,
  CreateListenerOutput,
  DeleteListenerInput,
  DeleteListenerOutput,
  DescribeListenersInput,
  DescribeListenersOutput,
  Listener,
  ModifyListenerInput,
  ModifyListenerOutput,
} from '../../aws/generated/elbv2.js';
import type { RequestContext } from '../../core/runtime.js';
import { accountScope } from '../../store/account-scope.js';
import { pageOfList } from '../../store/pagination.js';
import { normalizeActions } from './actions.js';
import { listenerArn } from './arns.js';
import { elbv2Transaction } from './config-epoch.js';
import { pushConfig } from './data-plane-link.js';
import { elbError, listenersNotFound, unsupported, validation } from './errors.js';
import { parseJson, requireListener, requireLoadBalancer, type Db, type ListenerRow } from './lookup.js';
import { serverCertificateExists } from './server-certificate.js';
import { deleteAllTags, putTags, validateTags } from './tags.js';

/** AWS's quota: listeners per application load balancer. */
export const MAX_LISTENERS = 50;
const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

function listenerOut(row: ListenerRow): Listener {
  return {
    ListenerArn: row.arn,
    LoadBalancerArn: row.load_balancer_arn,
    Port: row.port,
    Protocol: row.protocol as Listener['Protocol'],
    ...(row.protocol === 'HTTPS' ? { Certificates: parseJson<Certificate[]>(row.certificates) } : {}),
    ...(row.ssl_policy ? { SslPolicy: row.ssl_policy } : {}),
    DefaultActions: parseJson<Action[]>(row.default_actions),
  };
}

/** HTTPS needs one certificate: an IAM server certificate of the caller's account (Warden has no ACM). */
async function checkCertificates(db: Db, ctx: RequestContext, protocol: string, certs: readonly Certificate[]) {
  if (protocol !== 'HTTPS') return [];
  const arn = certs[0]?.CertificateArn;
  if (!arn) throw validation('A certificate must be specified for HTTPS listeners');
  if (certs.length > 1)
    throw elbError('TooManyCertificates', 'You can specify only one default certificate for a listener');
  if (!(await serverCertificateExists(db, ctx.identity.accountId, arn))) {
    throw elbError('CertificateNotFound', `Certificate '${arn}' not found`);
  }
  return [{ CertificateArn: arn }];
}

function checkProtocolPort(protocol: string | undefined, port: number | undefined): asserts port is number {
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    throw elbError(
      'UnsupportedProtocol',
      `Protocol '${protocol ?? ''}' is not supported for application load balancers`,
    );
  }
  if (port === undefined) throw validation('A port must be specified');
}

/** Warden's listeners share one host: a port any load balancer (any account) already serves on cannot be taken. */
async function portTaken(db: Db, port: number, except?: string): Promise<boolean> {
  let q = db.selectFrom('elbv2_listeners').select('arn').where('port', '=', port);
  if (except) q = q.where('arn', '!=', except);
  return (await q.executeTakeFirst()) !== undefined;
}

const portInUse = (port: number, why: string) =>
  validation(`Port ${port} cannot be used on Warden's data-plane host: ${why}`);

/** After a write: the data plane's word on this listener; a port it could not open undoes the write. */
async function servedOrUndone(ctx: RequestContext, arn: string, undo: () => Promise<void>): Promise<void> {
  const result = await pushConfig(ctx.runtime);
  const failure = result.failed.find((f) => f.listenerArn === arn);
  if (!failure) return;
  await undo();
  await pushConfig(ctx.runtime);
  throw portInUse(failure.port, failure.message);
}

export async function createListener(ctx: RequestContext, input: CreateListenerInput): Promise<CreateListenerOutput> {
  const protocol = input.Protocol ?? 'HTTP';
  checkProtocolPort(protocol, input.Port);
  if (input.AlpnPolicy?.length || input.MutualAuthentication)
    throw unsupported('listeners without ALPN policies or mutual TLS');
  const tags = input.Tags ?? [];
  validateTags(tags);
  const accountId = ctx.identity.accountId;
  const port = input.Port;
  const row = await elbv2Transaction(ctx.runtime, async (trx) => {
    const lb = await requireLoadBalancer(trx, ctx, input.LoadBalancerArn);
    const scope = accountScope(trx, accountId);
    const mine = await scope
      .selectFrom('elbv2_listeners')
      .select(['port'])
      .where('load_balancer_arn', '=', lb.arn)
      .execute();
    if (mine.some((l) => l.port === port)) {
      throw elbError('DuplicateListener', 'A listener already exists on this port for this load balancer');
    }
    if (mine.length >= MAX_LISTENERS)
      throw elbError('TooManyListeners', 'You have reached the maximum number of listeners for this load balancer');
    if (await portTaken(trx, port)) throw portInUse(port, 'another load balancer listens on it');
    const r: ListenerRow = {
      arn: listenerArn(lb.arn),
      account_id: accountId,
      region: ctx.region,
      load_balancer_arn: lb.arn,
      protocol,
      port,
      ssl_policy: protocol === 'HTTPS' ? (input.SslPolicy ?? DEFAULT_SSL_POLICY) : null,
      certificates: JSON.stringify(await checkCertificates(trx, ctx, protocol, input.Certificates ?? [])),
      default_actions: JSON.stringify(await normalizeActions(trx, ctx, input.DefaultActions)),
      created_at: ctx.receivedAt.getTime(),
    };
    await trx.insertInto('elbv2_listeners').values(r).execute();
    await putTags(trx, accountId, r.arn, tags);
    return r;
  });
  ctx.audit.resources = [{ ARN: row.arn, accountId, type: 'AWS::ElasticLoadBalancingV2::Listener' }];
  await servedOrUndone(ctx, row.arn, async () => {
    await elbv2Transaction(ctx.runtime, async (trx) => {
      await deleteAllTags(trx, accountId, [row.arn]);
      await accountScope(trx, accountId).deleteFrom('elbv2_listeners').where('arn', '=', row.arn).execute();
    });
  });
  return { Listeners: [listenerOut(row)] };
}

export async function describeListeners(
  ctx: RequestContext,
  input: DescribeListenersInput,
): Promise<DescribeListenersOutput> {
  if (!input.LoadBalancerArn && !input.ListenerArns?.length) {
    throw validation('You must specify either listener ARNs or a load balancer ARN');
  }
  if (input.LoadBalancerArn && input.ListenerArns?.length) {
    throw validation('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  }
  const db = ctx.runtime.store.db;
  let q = accountScope(db, ctx.identity.accountId)
    .selectFrom('elbv2_listeners')
    .selectAll()
    .where('region', '=', ctx.region);
  if (input.LoadBalancerArn) {
    await requireLoadBalancer(db, ctx, input.LoadBalancerArn);
    q = q.where('load_balancer_arn', '=', input.LoadBalancerArn);
  }
  if (input.ListenerArns?.length) q = q.where('arn', 'in', input.ListenerArns);
  const rows = await q.orderBy('port').orderBy('arn').execute();
  if (input.ListenerArns?.length && rows.length < new Set(input.ListenerArns).size) throw listenersNotFound();
  const page = pageOfList(ctx, rows, {
    token: input.Marker,
    limit: input.PageSize ?? 400,
    filters: { lb: input.LoadBalancerArn, arns: input.ListenerArns },
    errors: { invalid: () => validation('The marker is not valid') },
  });
  return { Listeners: page.items.map(listenerOut), ...(page.next ? { NextMarker: page.next } : {}) };
}

export async function modifyListener(ctx: RequestContext, input: ModifyListenerInput): Promise<ModifyListenerOutput> {
  if (input.AlpnPolicy?.length || input.MutualAuthentication)
    throw unsupported('listeners without ALPN policies or mutual TLS');
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = [{ ARN: input.ListenerArn, accountId }];
  const { before, after } = await elbv2Transaction(ctx.runtime, async (trx) => {
    const l = await requireListener(trx, ctx, input.ListenerArn);
    const protocol = input.Protocol ?? l.protocol;
    const port = input.Port ?? l.port;
    checkProtocolPort(protocol, port);
    if (port !== l.port) {
      const same = await accountScope(trx, accountId)
        .selectFrom('elbv2_listeners')
        .select('arn')
        .where('load_balancer_arn', '=', l.load_balancer_arn)
        .where('port', '=', port)
        .executeTakeFirst();
      if (same) throw elbError('DuplicateListener', 'A listener already exists on this port for this load balancer');
      if (await portTaken(trx, port, l.arn)) throw portInUse(port, 'another load balancer listens on it');
    }
    const certs = input.Certificates ?? parseJson<Certificate[]>(l.certificates);
    const next: ListenerRow = {
      ...l,
      protocol,
      port,
      ssl_policy: protocol === 'HTTPS' ? (input.SslPolicy ?? l.ssl_policy ?? DEFAULT_SSL_POLICY) : null,
      certificates: JSON.stringify(await checkCertificates(trx, ctx, protocol, certs)),
      default_actions: input.DefaultActions
        ? JSON.stringify(await normalizeActions(trx, ctx, input.DefaultActions))
        : l.default_actions,
    };
    await accountScope(trx, accountId).updateTable('elbv2_listeners').set(next).where('arn', '=', l.arn).execute();
    return { before: l, after: next };
  });
  await servedOrUndone(ctx, after.arn, async () => {
    await elbv2Transaction(ctx.runtime, (trx) =>
      accountScope(trx, accountId).updateTable('elbv2_listeners').set(before).where('arn', '=', before.arn).execute(),
    );
  });
  return { Listeners: [listenerOut(after)] };
}

export async function deleteListener(ctx: RequestContext, input: DeleteListenerInput): Promise<DeleteListenerOutput> {
  const accountId = ctx.identity.accountId;
  ctx.audit.resources = [{ ARN: input.ListenerArn, accountId, type: 'AWS::ElasticLoadBalancingV2::Listener' }];
  await elbv2Transaction(ctx.runtime, async (trx) => {
    const l = await requireListener(trx, ctx, input.ListenerArn);
    const scope = accountScope(trx, accountId);
    const rules = await scope.selectFrom('elbv2_rules').select('arn').where('listener_arn', '=', l.arn).execute();
    await deleteAllTags(trx, accountId, [l.arn, ...rules.map((r) => r.arn)]);
    await scope.deleteFrom('elbv2_rules').where('listener_arn', '=', l.arn).execute();
    await scope.deleteFrom('elbv2_listeners').where('arn', '=', l.arn).execute();
  });
  await pushConfig(ctx.runtime);
  return {};
}
