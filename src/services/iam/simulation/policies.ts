// The policies a simulation evaluates: those of the user, group or role it names, and the ones passed in.
import type { Kysely } from 'kysely';
import { parseArn } from '../../../aws/arn.js';
import type { PolicyIdentifier } from '../../../aws/generated/iam.js';
import type { Database } from '../../../store/schema.js';
import { compilePolicy, type CompiledPolicy } from '../../../policy/index.js';
import { wildcardMatch } from '../../../aws/wildcard.js';
import { invalidInput } from '../errors.js';
import { policyEntity, requireRow } from '../identities/entities.js';
import {
  loadGroupPolicies,
  loadRolePolicies,
  loadUserPolicies,
  type PrincipalPolicyDoc,
} from '../policies/principal-policies.js';
import type { IamEntityType } from '../tables.js';

/** A policy as the simulator reports it: `SourcePolicyId` and `SourcePolicyType`. */
export interface SimulationPolicy {
  readonly compiled: CompiledPolicy;
  /** The policy name (managed), `<user|group|role>_<entity>_<policy>` (inline), or `PolicyInputList.N`. */
  readonly sourceId: string;
  readonly kind: 'inline' | 'managed' | 'input';
  readonly arn?: string;
  readonly via?: { readonly kind: IamEntityType; readonly name: string };
}

/** The entity a SimulatePrincipalPolicy / GetContextKeysForPrincipalPolicy names. */
export interface SimulationSource {
  readonly kind: IamEntityType;
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly identity: SimulationPolicy[];
  readonly boundary: SimulationPolicy | undefined;
}

/** Compiles a policy passed in the request; a document that is not a JSON object is InvalidInput. */
export function inputPolicy(
  document: string,
  sourceId: string,
  kind: SimulationPolicy['kind'] = 'input',
): SimulationPolicy {
  try {
    return { compiled: compilePolicy(document, sourceId), sourceId, kind };
  } catch {
    throw invalidInput(`${sourceId} is not a valid JSON policy document.`);
  }
}

function storedPolicy(doc: PrincipalPolicyDoc): SimulationPolicy {
  const sourceId = doc.type === 'inline' ? `${doc.via.kind}_${doc.via.name}_${doc.name}` : doc.name;
  return {
    compiled: compilePolicy(doc.document, sourceId),
    sourceId,
    kind: doc.type,
    arn: doc.type === 'managed' ? doc.id : undefined,
    via: doc.via,
  };
}

const SOURCE_ARN = /^arn:([^:]+):iam::(\d{12}):(user|group|role)(\/(?:.*\/)?)?([^/]+)$/;

/** Loads the user, group or role named by PolicySourceArn with its policies, or NoSuchEntity. */
export async function loadSimulationSource(
  db: Kysely<Database>,
  policySourceArn: string,
  partition: string,
): Promise<SimulationSource> {
  const m = SOURCE_ARN.exec(policySourceArn);
  if (!m || !parseArn(policySourceArn)) throw invalidInput(`Invalid ARN: ${policySourceArn}`);
  const [, , accountId, kind, , name] = m;
  const entityKind = kind as IamEntityType;
  const entity = policyEntity(entityKind, await requireRow(db, accountId, entityKind, name));
  const arn = `arn:${partition}:iam::${accountId}:${entityKind}${entity.path}${entity.name}`;
  // The policies come from the loader enforcement uses, so the simulator evaluates exactly what requests meet.
  if (entityKind === 'group') {
    const identity = await loadGroupPolicies(db, accountId, entity.name, partition);
    return source(entityKind, entity.name, arn, accountId, identity, undefined);
  }
  const load = entityKind === 'user' ? loadUserPolicies : loadRolePolicies;
  const docs = await load(db, accountId, name, partition);
  return source(entityKind, entity.name, arn, accountId, docs.identity, docs.boundary);
}

function source(
  kind: IamEntityType,
  name: string,
  arn: string,
  accountId: string,
  identity: PrincipalPolicyDoc[],
  boundary: PrincipalPolicyDoc | undefined,
): SimulationSource {
  return {
    kind,
    name,
    arn,
    accountId,
    identity: identity.map(storedPolicy),
    boundary: boundary ? storedPolicy(boundary) : undefined,
  };
}

/**
 * `*` matches any run of characters and `?` one character, as PolicyExclusionList's patterns do. A linear matcher: a
 * regular expression built from the pattern backtracks exponentially on one like `*a*a*a*a*a*ab`.
 */
function wildcard(pattern: string, value: string): boolean {
  return wildcardMatch(pattern, value);
}

/** Whether PolicyExclusionList leaves a stored policy out of the simulation. */
export function isExcluded(
  policy: SimulationPolicy,
  asBoundary: boolean,
  exclusions: readonly PolicyIdentifier[],
): boolean {
  for (const e of exclusions) {
    if (e.PolicyType !== undefined) {
      if (e.PolicyType === 'permission-boundary' && asBoundary) return true;
      if (asBoundary) continue;
      if (e.PolicyType === 'inline' && policy.kind === 'inline') return true;
      const awsManaged = policy.arn !== undefined && /^arn:[^:]+:iam::aws:/.test(policy.arn);
      if (e.PolicyType === 'aws-managed' && policy.kind === 'managed' && awsManaged) return true;
      if (e.PolicyType === 'user-managed' && policy.kind === 'managed' && !awsManaged) return true;
    }
    if (e.PolicyArn !== undefined && policy.arn !== undefined && wildcard(e.PolicyArn, policy.arn)) return true;
    const inline = e.InlinePolicyIdentifier;
    if (inline !== undefined && policy.kind === 'inline' && policy.via !== undefined) {
      const type = String(inline.AttachmentType).toLowerCase();
      if (
        type === policy.via.kind &&
        wildcard(inline.AttachmentName, policy.via.name) &&
        inline.PolicyName === policy.sourceId.slice(policy.via.kind.length + policy.via.name.length + 2)
      ) {
        return true;
      }
    }
  }
  return false;
}
