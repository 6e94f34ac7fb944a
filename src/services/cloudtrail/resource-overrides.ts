// CloudTrail's trails named by name resolve to the trail itself: a multi-Region trail's shadow is its home's ARN.
import type {
  ResolvedResource,
  ResourceOverride,
  ResourceOverrides,
  VariableSource,
} from '../../core/authorization.js';
import { findTrail } from './trail-ref.js';

/** The members the trail resource type of an action reads its name from (Name or TrailName). */
function nameMembers(sources: readonly (string | VariableSource)[]): string[] {
  return sources.flatMap((p) => (typeof p !== 'string' && p.kind === 'member' ? [...p.members] : []));
}

/**
 * A trail given by name is built in the signing region, but a multi-Region trail seen from another Region is the
 * trail of its home Region, and that ARN is what policies name: the built ARN is replaced by the stored one, so a
 * Deny on the trail's ARN binds in every Region. A trail given by ARN is found by that ARN alone (see trail-ref.ts).
 */
const trailResources: ResourceOverride = async (env, check, generic) => {
  const resources = await generic();
  const trail = check.resourceTypes.find((t) => t.type.name === 'trail');
  const db = env.db;
  if (trail === undefined || db === undefined) return resources;
  const names = nameMembers(trail.parts)
    .map((m) => env.input[m])
    .filter((v): v is string => typeof v === 'string' && v !== '' && !v.startsWith('arn:'));
  const out: ResolvedResource[] = [];
  for (const r of resources) {
    const name = names.find(
      (n) => r.arn === `arn:${env.partition}:cloudtrail:${env.region}:${env.identity.accountId}:trail/${n}`,
    );
    const stored = name === undefined ? undefined : (await findTrail(db, env, { kind: 'name', name }))?.arn;
    out.push(stored === undefined ? r : { ...r, arn: stored, display: stored });
  }
  return out;
};

/** CloudTrail's resource override, on its descriptor. */
export const cloudtrailResourceOverrides: ResourceOverrides = { 'cloudtrail:*': { resolve: trailResources } };
