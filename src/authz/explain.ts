// `warden explain`'s engine: one decision for a stored principal or policy files, with the statements that made it.
import { readFile } from 'node:fs/promises';
import type { CallerIdentity } from '../aws/identity.js';
import {
  compilePolicy,
  PolicySet,
  principalFromIdentity,
  type ContextValue,
  type EvaluationResult,
} from '../policy/index.js';
import type { Runtime } from '../core/runtime.js';
import { decide } from './decide.js';
import { accessDeniedMessage } from './denial.js';
import { readPolicyEpoch } from './policy-epoch.js';
import { principalPolicies, type PrincipalPolicies } from './principal-cache.js';
import { isoSeconds } from './request-context.js';

export interface ExplainOptions {
  /** A user or role ARN in the store. */
  principal?: string;
  /** Policy documents (files) evaluated as identity policies, besides the principal's own. */
  policyFiles?: string[];
  action: string;
  /** Defaults to `*`. */
  resource?: string;
  /** `key=value` pairs; a key given twice is multivalued. */
  context?: string[];
  /** The account of a `--policy-file`-only decision (default: the store's first account). */
  accountId?: string;
  now?: Date;
}

export interface ExplainReport {
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  readonly result: EvaluationResult;
  /** AWS's AccessDenied message for a denial. */
  readonly message?: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

const PRINCIPAL_ARN = /^arn:([^:]+):iam::(\d{12}):(user|role)(\/(?:.*\/)?)?([^/]+)$/;

export class ExplainError extends Error {}

/** What explaining reads: the store, and the identity store the principal is found in. */
export type ExplainRuntime = Pick<Runtime, 'store' | 'principals'>;

/** The identity a stored user or role acts as: the user itself, or a session of the role. */
async function storedIdentity(runtime: ExplainRuntime, arn: string, now: Date): Promise<CallerIdentity> {
  const m = PRINCIPAL_ARN.exec(arn);
  if (!m) throw new ExplainError(`--principal must be the ARN of an IAM user or role: ${arn}`);
  // Groups 1, 2, 3 and 5 take part in every match (4, the optional path, is not needed).
  const [partition, accountId, kind, name] = [m[1]!, m[2]!, m[3]!, m[5]!];
  const epoch = await readPolicyEpoch(runtime.store.db, accountId);
  const dir = runtime.principals.directory(runtime.store.db, accountId, epoch);
  if (kind === 'user') {
    const user = await dir.user(name);
    if (!user) throw new ExplainError(`The user with name ${name} cannot be found.`);
    return {
      type: 'IAMUser',
      accountId,
      partition,
      arn: `arn:${partition}:iam::${accountId}:user${user.path}${user.name}`,
      principalId: user.id,
      userName: user.name,
    };
  }
  const role = await dir.role(name);
  if (!role) throw new ExplainError(`The role with name ${name} cannot be found.`);
  const roleArn = `arn:${partition}:iam::${accountId}:role${role.path}${role.name}`;
  return {
    type: 'AssumedRole',
    accountId,
    partition,
    arn: `arn:${partition}:sts::${accountId}:assumed-role/${role.name}/warden-explain`,
    principalId: `${role.id}:warden-explain`,
    session: {
      kind: 'AssumeRole',
      issuer: { type: 'Role', principalId: role.id, arn: roleArn, accountId, userName: role.name },
      creationDate: now,
      expiration: new Date(now.getTime() + 3600_000),
      mfaAuthenticated: false,
    },
  };
}

function parseContext(pairs: readonly string[]): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ExplainError(`--context expects key=value, got: ${pair}`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const prev = ctx[key];
    ctx[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [String(prev)]), value];
  }
  return ctx;
}

async function policyFilesSet(files: readonly string[]): Promise<ReturnType<typeof compilePolicy>[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return compilePolicy(await readFile(file, 'utf8'), file);
      } catch (err) {
        throw new ExplainError(`${file}: ${(err as Error).message}`);
      }
    }),
  );
}

/** Decides the action on the resource as authorize would for that principal, explaining every statement. */
export async function explainDecision(runtime: ExplainRuntime, options: ExplainOptions): Promise<ExplainReport> {
  const now = options.now ?? new Date();
  if (options.principal === undefined && (options.policyFiles ?? []).length === 0) {
    throw new ExplainError('give --principal <arn> or --policy-file <file>');
  }
  let identity: CallerIdentity | undefined;
  let stored: PrincipalPolicies | undefined;
  if (options.principal !== undefined) {
    identity = await storedIdentity(runtime, options.principal, now);
    const epoch = await readPolicyEpoch(runtime.store.db, identity.accountId);
    stored = await principalPolicies(runtime, identity, epoch);
  }
  const accountId = identity?.accountId ?? options.accountId;
  if (accountId === undefined) throw new ExplainError('give --account <id> with --policy-file and no --principal');
  const extra = await policyFilesSet(options.policyFiles ?? []);
  const identityPolicies = new PolicySet([...(stored?.identity.policies ?? []), ...extra]);
  const principal = identity ? principalFromIdentity(identity) : { type: 'IAMUser' as const, accountId };
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(now),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
  for (const [k, v] of Object.entries(stored?.tags ?? {})) context[`aws:PrincipalTag/${k}`] = v;
  Object.assign(context, parseContext(options.context ?? []));
  const resource = options.resource ?? '*';
  const decision = {
    principal,
    action: options.action,
    resource: { arn: resource, display: resource },
    context,
    identityPolicies,
    boundary: stored?.boundary,
    session: stored?.session,
  };
  const result = decide({ ...decision, explain: true });
  const principalArn = identity?.arn ?? `(policy files, account ${accountId})`;
  const message =
    result.decision === 'Allowed'
      ? undefined
      : accessDeniedMessage('iam', principalArn, options.action, decision.resource, decide(decision));
  return { principalArn, action: options.action, resource, result, message, context };
}

const DECISION_TEXT = {
  Allowed: 'ALLOWED',
  ImplicitlyDenied: 'DENIED (implicit)',
  ExplicitlyDenied: 'DENIED (explicit)',
};

/** The report as `warden explain` prints it. */
export function formatExplainReport(report: ExplainReport): string {
  const { result } = report;
  const lines = [
    `Decision:  ${DECISION_TEXT[result.decision]}`,
    `Principal: ${report.principalArn}`,
    `Action:    ${report.action}`,
    `Resource:  ${report.resource}`,
  ];
  if (report.message) lines.push(`Message:   ${report.message}`);
  const layers = Object.entries(result.layers ?? {});
  if (layers.length > 0) lines.push(`Policy types: ${layers.map(([t, d]) => `${t}=${d}`).join(', ')}`);
  if (result.matched.length === 0) lines.push('Matched statements: none');
  else {
    lines.push('Matched statements:');
    for (const m of result.matched) {
      const where = m.start ? ` (line ${m.start.line}, column ${m.start.column})` : '';
      const sid = m.sid !== undefined ? ` Sid ${m.sid}` : '';
      lines.push(
        `  ${m.effect.padEnd(5)} ${m.policyType.padEnd(8)} ${m.policyId} statement ${m.statementIndex}${sid}${where}`,
      );
    }
  }
  const missing = result.missingContextValues ?? [];
  if (missing.length > 0) lines.push(`Missing context values: ${missing.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
