// Records one answered API call in the audit trail; resolves once every record of it is committed.
import { buildAuditRecords, type AuditInput } from './record.js';
import type { AuditWriter } from './writer.js';

/**
 * intentId: the call's audit intent (intents.ts), if it opened one. The last of its records resolves it, so the
 * intent is gone only once every record is committed (batches commit in the order appended). That record takes the
 * intent's event id: should a sweep have recovered the intent meanwhile (a slow call on a shared database), the
 * real outcome replaces the recovered record instead of standing beside it.
 */
export async function recordCall(
  runtime: { readonly audit: Pick<AuditWriter, 'append'> },
  input: AuditInput,
  intentId?: string,
): Promise<void> {
  const records = buildAuditRecords(input);
  if (intentId !== undefined && records.length > 0) {
    const last = records.length - 1;
    records[last] = { ...records[last]!, eventID: intentId };
  }
  await Promise.all(
    records.map((record, i) =>
      runtime.audit.append(
        record,
        i === records.length - 1 && intentId !== undefined ? { resolvesIntent: intentId } : {},
      ),
    ),
  );
}
