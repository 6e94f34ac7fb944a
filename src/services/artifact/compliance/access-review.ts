// The access review: who in the account can do the most sensitive things, each user and role decided by IAM's own
// policy simulation (identity policies, boundaries and the organization's SCPs, as SimulatePrincipalPolicy decides).
import type { RequestContext } from '../../../core/runtime.js';
import { accountScope } from '../../../store/account-scope.js';
import { simulatePrincipalPolicy } from '../../iam/simulation/handlers.js';

/** Actions whose holder can take over the account, blind its monitoring or destroy its data. */
export const SENSITIVE_ACTIONS: readonly string[] = [
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:AttachUserPolicy',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PassRole',
  'sts:AssumeRole',
  'kms:ScheduleKeyDeletion',
  'kms:PutKeyPolicy',
  'kms:Decrypt',
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'guardduty:DeleteDetector',
  'wafv2:DisassociateWebACL',
];
/** Most principals of each kind a review covers (the report says when more exist). */
export const MAX_PRINCIPALS = 200;

export interface AccessReviewRow {
  principal: string;
  /** The sensitive actions its policies allow on any resource. */
  allowed: string[];
}

export interface AccessReview {
  actions: readonly string[];
  rows: AccessReviewRow[];
  /** Whether principals beyond MAX_PRINCIPALS of a kind were left out. */
  truncated: boolean;
}

export async function accessReview(ctx: RequestContext): Promise<AccessReview> {
  const scope = accountScope(ctx.runtime.store.db, ctx.identity.accountId);
  const [users, roles] = await Promise.all([
    scope
      .selectFrom('iam_users')
      .select(['path', 'user_name'])
      .orderBy('name_lc')
      .limit(MAX_PRINCIPALS + 1)
      .execute(),
    scope
      .selectFrom('iam_roles')
      .select(['path', 'role_name'])
      .orderBy('name_lc')
      .limit(MAX_PRINCIPALS + 1)
      .execute(),
  ]);
  const arn = (kind: string, path: string, name: string) =>
    `arn:${ctx.partition}:iam::${ctx.identity.accountId}:${kind}${path}${name}`;
  const principals = [
    ...users.slice(0, MAX_PRINCIPALS).map((u) => arn('user', u.path, u.user_name)),
    ...roles.slice(0, MAX_PRINCIPALS).map((r) => arn('role', r.path, r.role_name)),
  ];
  const rows: AccessReviewRow[] = [];
  for (const principal of principals) {
    const result = await simulatePrincipalPolicy(ctx, {
      PolicySourceArn: principal,
      ActionNames: [...SENSITIVE_ACTIONS],
      MaxItems: SENSITIVE_ACTIONS.length,
    });
    rows.push({
      principal,
      allowed: (result.EvaluationResults ?? [])
        .filter((r) => r.EvalDecision === 'allowed')
        .map((r) => r.EvalActionName!),
    });
  }
  const truncated = users.length > MAX_PRINCIPALS || roles.length > MAX_PRINCIPALS;
  return { actions: SENSITIVE_ACTIONS, rows, truncated };
}
