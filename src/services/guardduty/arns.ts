// GuardDuty's ARNs: a detector, its filters, lists, publishing destinations and findings, in the request's partition, Region and account.

interface ArnContext {
  partition: string;
  region: string;
  identity: { accountId: string };
}

export function detectorArn(ctx: ArnContext, detectorId: string): string {
  return `arn:${ctx.partition}:guardduty:${ctx.region}:${ctx.identity.accountId}:detector/${detectorId}`;
}

export function filterArn(ctx: ArnContext, detectorId: string, name: string): string {
  return `${detectorArn(ctx, detectorId)}/filter/${name}`;
}

/** The kinds of resource under a detector that carry tags. */
export type DetectorChild = 'filter' | 'ipset' | 'threatintelset' | 'publishingDestination';

/** A taggable GuardDuty ARN's parts (a detector, or a filter, list or publishing destination of it); undefined for anything else. */
export function parseGuardDutyArn(
  arn: string,
): { region: string; accountId: string; detectorId: string; child?: { kind: DetectorChild; id: string } } | undefined {
  const m =
    /^arn:aws[a-z-]*:guardduty:([a-z0-9-]+):(\d{12}):detector\/([a-z0-9]{1,300})(?:\/(filter|ipset|threatintelset|publishingDestination)\/([^/]{1,64}))?$/.exec(
      arn,
    );
  if (!m) return undefined;
  return {
    region: m[1]!,
    accountId: m[2]!,
    detectorId: m[3]!,
    ...(m[4] !== undefined && { child: { kind: m[4] as DetectorChild, id: m[5]! } }),
  };
}
