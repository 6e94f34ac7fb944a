// Records one answered API call in the audit trail; resolves once every record of it is committed.
import type { Runtime } from '../runtime.js';
import { buildAuditRecords, type AuditInput } from './record.js';

export async function recordCall(runtime: Pick<Runtime, 'audit'>, input: AuditInput): Promise<void> {
  await Promise.all(buildAuditRecords(input).map((record) => runtime.audit.append(record)));
}
