// Records one answered API call in the audit trail; resolves once every record of it is committed.
import type { Runtime } from '../runtime.js';
import { buildAuditRecords, type AuditInput } from './record.js';

/**
 * intentId: the call's audit intent (intents.ts), if it opened one. The last of its records resolves it, so the
 * intent is gone only once every record is committed (batches commit in the order appended).
 */
export async function recordCall(runtime: Pick<Runtime, 'audit'>, input: AuditInput, intentId?: string): Promise<void> {
  const records = buildAuditRecords(input);
  await Promise.all(
    records.map((record, i) =>
      runtime.audit.append(
        record,
        i === records.length - 1 && intentId !== undefined ? { resolvesIntent: intentId } : {},
      ),
    ),
  );
}
