// What authorization needs from Organizations for one account: its org path and the SCP/RCP levels above it.
import type { Kysely } from 'kysely';
import type { OrganizationPolicies } from '../../core/authorization.js';
import { compilePolicy, type OrgPolicyLevel } from '../../policy/index.js';
import type { Database } from '../../store/schema.js';
import { ancestry, isPolicyTypeEnabled, orgOfAccount } from './org-context.js';
import type { OrgRecord } from './org-context.js';
import { policyArn } from './ids.js';
import { attachedPolicyIds, findPolicy } from './policy-store.js';

export interface GuardrailLevel {
  /** The root, OU or account the policies are attached to. */
  id: string;
  /** Each policy's id, its ARN (what a denial names) and its document. */
  policies: { id: string; arn: string; document: string }[];
}

export interface OrgGuardrails {
  orgId: string;
  managementAccountId: string;
  isManagementAccount: boolean;
  /** aws:PrincipalOrgPaths form, root → OUs: `o-x/r-y/ou-z/`. */
  path: string;
  /** One level per root, OU and the account itself (root first); empty when SCPs are not enabled. */
  scps: GuardrailLevel[];
  /** As scps, for resource control policies. */
  rcps: GuardrailLevel[];
}

async function levelsOf(
  db: Kysely<Database>,
  org: OrgRecord,
  chain: string[],
  type: string,
): Promise<GuardrailLevel[]> {
  if (!(await isPolicyTypeEnabled(db, org, type))) return [];
  const levels: GuardrailLevel[] = [];
  for (const id of chain) {
    const policies = [];
    for (const policyId of await attachedPolicyIds(db, org, id, type)) {
      const policy = await findPolicy(db, org, policyId);
      policies.push({
        id: policyId,
        arn: policyArn(org.scope, type, policyId, policy.awsManaged),
        document: policy.content,
      });
    }
    levels.push({ id, policies });
  }
  return levels;
}

/** The guardrails over accountId, or undefined when it is in no organization. */
export async function loadGuardrails(db: Kysely<Database>, accountId: string): Promise<OrgGuardrails | undefined> {
  const org = await orgOfAccount(db, accountId, 'aws');
  if (!org) return undefined;
  const chain = await ancestry(db, org, accountId);
  return {
    orgId: org.id,
    managementAccountId: org.managementAccountId,
    isManagementAccount: org.managementAccountId === accountId,
    path: `${org.id}/${chain.slice(0, -1).join('/')}/`,
    scps: await levelsOf(db, org, chain, 'SERVICE_CONTROL_POLICY'),
    rcps: await levelsOf(db, org, chain, 'RESOURCE_CONTROL_POLICY'),
  };
}

function compiledLevels(list: readonly GuardrailLevel[]): OrgPolicyLevel[] {
  return list.map((level) => ({
    id: level.id,
    // Compiled under its ARN: AWS's denial names the SCP or RCP that denied by it.
    policies: level.policies.map((p) => compilePolicy(p.document, p.arn)),
  }));
}

/**
 * The guardrails over accountId compiled for authorization (the organizations store's guardrails hook), or
 * undefined when it is in no organization. Authorization caches them until the organizations epoch moves.
 */
export async function compiledGuardrails(
  db: Kysely<Database>,
  accountId: string,
): Promise<OrganizationPolicies | undefined> {
  const g = await loadGuardrails(db, accountId);
  if (!g) return undefined;
  const scps = compiledLevels(g.scps);
  const rcps = compiledLevels(g.rcps);
  return {
    ...(scps.length > 0 ? { scps } : {}),
    ...(rcps.length > 0 ? { rcps } : {}),
    isManagementAccount: g.isManagementAccount,
    orgId: g.orgId,
    orgPath: g.path,
  };
}
