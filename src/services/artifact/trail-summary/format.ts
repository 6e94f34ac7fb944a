// The audit-trail summary as plain text (`warden compliance trail-summary`); the PDF renders the same summary.
import type { CountedList, TrailSummary } from './summary.js';

/** A table's rows as "  count  key" lines, then how many events the capped list left out. */
function list(title: string, l: CountedList, empty: string): string[] {
  const out = [`${title}:`];
  if (l.rows.length === 0) return [...out, `  ${empty}`];
  const width = Math.max(...l.rows.map((r) => String(r.count).length));
  for (const r of l.rows) out.push(`  ${String(r.count).padStart(width)}  ${r.key}`);
  if (l.other > 0) out.push(`  ${String(l.other).padStart(width)}  (others)`);
  return out;
}

export function formatTrailSummary(s: TrailSummary): string {
  const t = s.totals;
  const lines = [
    `Audit trail summary, account ${s.accountId}`,
    `Period: ${s.since} to ${s.until}`,
    '',
    `Events: ${t.events}  (read ${t.reads}, write ${t.writes})`,
    `Errors: ${t.errors}  (denied ${t.denied})`,
    `Root user calls: ${t.root}`,
    '',
    ...list('By event source', s.bySource, 'no events'),
    '',
    ...list('By event name', s.byEventName, 'no events'),
    '',
    ...list('Top principals', s.topPrincipals, 'no events'),
    '',
    ...list('Denied calls by principal', s.deniedByPrincipal, 'no denied calls'),
    '',
    ...list('Top source IP addresses', s.topSourceIps, 'no events'),
    '',
    ...list('Errors by code', s.errorsByCode, 'no errors'),
    '',
    ...list('Root user calls by event', s.rootByEventName, 'no root user calls'),
    '',
    'By day (UTC): reads / writes / denied',
    ...s.byDay.map((d) => `  ${d.day}  ${d.reads} / ${d.writes} / ${d.denied}`),
    '',
    `Notable security events: ${s.notable.total}`,
    ...s.notable.events.map(
      (e) =>
        `  ${e.time}  ${e.category}: ${e.eventName} by ${e.principal} from ${e.sourceIp}` +
        (e.errorCode !== undefined ? ` (failed: ${e.errorCode})` : ''),
    ),
  ];
  if (s.notable.total > s.notable.events.length) {
    lines.push(`  ... and ${s.notable.total - s.notable.events.length} earlier`);
  }
  return `${lines.join('\n')}\n`;
}
