// Calendar days as Cost Explorer writes them (YYYY-MM-DD, UTC), their epoch-ms midnights, and month bounds.

/** A YYYY-MM-DD date as epoch ms of its UTC midnight; undefined when it is no such date. */
export function parseDay(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip.
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : undefined;
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first instant (UTC midnight) of the calendar month ms falls in. */
export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The first instant of the calendar month after the one ms falls in. */
export function nextMonthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
