// CIS scan schedules: validating one (exactly one of oneTime, daily, weekly, monthly; a 24-hour time of day and an
// IANA time zone) and finding when it next starts a scan, as a wall-clock time in its zone (daylight saving included).
import type { Day, Schedule, Time } from '../../../aws/generated/inspector2.js';
import { validation } from '../errors.js';

const DAYS: readonly Day[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Formatters per zone, so a pass over many configurations builds each once (bounded: zones are few). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size < 512) formatters.set(zone, f);
  }
  return f;
}

export function validZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
function local(t: number, zone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour % 24, min: parts.minute, s: parts.second };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(t: number, zone: string): number {
  const l = local(t, zone);
  return Date.UTC(l.y, l.m - 1, l.d, l.h, l.min, l.s) - Math.floor(t / 1000) * 1000;
}

/** The instant a wall-clock time happens in a zone (in a DST gap, the moment after it). */
export function zonedInstant(y: number, m: number, d: number, h: number, min: number, zone: string): number {
  const guess = Date.UTC(y, m - 1, d, h, min);
  const first = guess - offsetAt(guess, zone);
  const second = guess - offsetAt(first, zone);
  return Math.max(first, second);
}

function startTimeOf(s: Schedule): Time | undefined {
  return s.daily?.startTime ?? s.weekly?.startTime ?? s.monthly?.startTime;
}

function parseTimeOfDay(text: string): { h: number; min: number } | undefined {
  const m = /^([0-1]?[0-9]|2[0-3]):([0-5][0-9])$/.exec(text);
  return m === null ? undefined : { h: Number(m[1]), min: Number(m[2]) };
}

/** Throws AWS's ValidationException for a schedule Inspector would refuse. */
export function checkSchedule(s: Schedule): void {
  const kinds = (['oneTime', 'daily', 'weekly', 'monthly'] as const).filter((k) => s[k] !== undefined && s[k] !== null);
  if (kinds.length !== 1)
    throw validation(
      'schedule must specify exactly one of oneTime, daily, weekly or monthly.',
      'FIELD_VALIDATION_FAILED',
    );
  if (s.oneTime !== undefined) return;
  const start = startTimeOf(s);
  if (start === undefined || parseTimeOfDay(start.timeOfDay) === undefined)
    throw validation('startTime.timeOfDay must be a 24-hour time of day (HH:MM).', 'FIELD_VALIDATION_FAILED');
  if (!validZone(start.timezone))
    throw validation(
      `startTime.timezone ${start.timezone.slice(0, 50)} is not a valid time zone.`,
      'FIELD_VALIDATION_FAILED',
    );
  if (s.weekly !== undefined && (s.weekly.days.length === 0 || s.weekly.days.some((d) => !DAYS.includes(d))))
    throw validation('weekly.days must name at least one day.', 'FIELD_VALIDATION_FAILED');
}

/**
 * When a recurring schedule next starts a scan strictly after `after`; undefined for oneTime. Weekly runs on each
 * listed day, monthly on the first of its `day` in each month (MonthlySchedule names a weekday, not a date).
 */
export function nextRun(s: Schedule, after: number): number | undefined {
  const start = startTimeOf(s);
  if (s.oneTime !== undefined || start === undefined) return undefined;
  const time = parseTimeOfDay(start.timeOfDay);
  if (time === undefined) return undefined;
  const today = local(after, start.timezone);
  // At most 62 days ahead: a monthly weekday recurs within 35, daily and weekly within 7.
  for (let k = 0; k <= 62; k++) {
    const date = new Date(Date.UTC(today.y, today.m - 1, today.d + k));
    const weekday = DAYS[date.getUTCDay()];
    if (s.weekly !== undefined && !s.weekly.days.includes(weekday)) continue;
    if (s.monthly !== undefined && (weekday !== s.monthly.day || date.getUTCDate() > 7)) continue;
    const at = zonedInstant(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      time.h,
      time.min,
      start.timezone,
    );
    if (at > after) return at;
  }
  return undefined;
}
