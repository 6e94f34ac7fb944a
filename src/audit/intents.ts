// Audit intents: a call that may change state has its record promised durably before its handler runs.
import type { CallerIdentity } from '../aws/identity.js';
import type { ModelName } from '../aws/model.js';
import { isReadOnlyOperation } from './read-only.js';
import { buildAuditRecord } from './record.js';
import type { AuditWriter } from './writer.js';

/** What an intent records of the call before its handler runs (a RequestContext, src/core/runtime.ts, has it all). */
export interface IntentCall {
  readonly requestId: string;
  readonly service: ModelName;
  readonly operation: string;
  readonly region: string;
  readonly identity: CallerIdentity;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly receivedAt: Date;
  readonly runtime: { readonly audit: Pick<AuditWriter, 'appendIntent'> };
}

/**
 * Without an intent, the handler's commit and the audit record's are separate transactions: a crash between them
 * leaves a change nobody can find in the trail. So before a call that may change state runs, its pending record
 * (what was known before the handler: caller, parameters) is committed to audit_intents; the final record's insert
 * and the intent's deletion then commit together (writer.ts). Whatever happens, the call is an intent or a record,
 * and start-up recovery (recover-intents.ts) turns a leftover intent into its record, outcome unknown.
 *
 * "May change state" is CloudTrail's own test: the record's readOnly is false. It matches the operation plan's
 * access level (authz/operation-plan.ts) except where CloudTrail knows better: STS's credential calls and KMS's
 * cryptographic operations use a role or key without changing it (the catalog calls them Write), and IAM's
 * GenerateCredentialReport stores a report (the catalog calls it Read). Reads pay nothing.
 *
 * eventSource is the service's (its descriptor's). Returns the intent's id, for the final record to resolve, or
 * undefined for a read.
 */
export async function openAuditIntent(
  ctx: IntentCall,
  input: Record<string, unknown>,
  eventSource: string,
): Promise<string | undefined> {
  if (isReadOnlyOperation(ctx.operation)) return undefined;
  const pending = buildAuditRecord({
    requestId: ctx.requestId,
    service: ctx.service,
    eventSource,
    operation: ctx.operation,
    region: ctx.region,
    identity: ctx.identity,
    sourceIp: ctx.sourceIp,
    userAgent: ctx.userAgent,
    time: ctx.receivedAt,
    input,
  });
  await ctx.runtime.audit.appendIntent(pending);
  return pending.eventID;
}
