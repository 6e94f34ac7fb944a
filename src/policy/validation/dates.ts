// Values of the Date* condition operators as IAM's (legacy) policy parser reads them: epoch seconds or ISO 8601.
//
// IAM's parser is Java: an epoch value must fit a signed 64-bit long, and any other value goes through a lenient
// ISO 8601 grammar (the one Joda-Time's `ISODateTimeFormat.dateTimeParser()` documents) with Joda's field ranges.
// That explains the behaviour AWS shows: `01T` (year 1, empty time) and `-292275054` (Joda's minimum year) are
// accepted; `234-13` (month 13), a one-digit offset hour (`+1`) and a ten-digit fraction are not.

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const MIN_YEAR = -292275054;
const MAX_YEAR = 292278993;

/** Whether `text` is a date IAM accepts in a Date* condition: epoch seconds or an ISO 8601 date/time. */
export function isValidPolicyDate(text: string): boolean {
  if (/^[+-]?\d+$/.test(text)) {
    const epoch = BigInt(text);
    if (epoch >= LONG_MIN && epoch <= LONG_MAX) return true;
  }
  return isIsoDateTime(text);
}

type Field =
  | 'year'
  | 'month'
  | 'day'
  | 'dayOfYear'
  | 'weekYear'
  | 'week'
  | 'weekday'
  | 'hour'
  | 'minute'
  | 'second'
  | 'offsetHour'
  | 'offsetMinute'
  | 'offsetSecond';
type Fields = Partial<Record<Field, number>>;

/** Reads from `at`; returns the position after what it consumed (filling `fields`), or undefined on no match. */
type Parser = (text: string, at: number, fields: Fields) => number | undefined;

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/** A literal, matched case-insensitively as Joda does (`t`, `w` and `z` are accepted). */
const literal =
  (expected: string): Parser =>
  (text, at) =>
    text.slice(at, at + expected.length).toLowerCase() === expected.toLowerCase() ? at + expected.length : undefined;

/** One to `maxDigits` digits (greedy), optionally signed, stored in `field`. */
const number =
  (field: Field | undefined, maxDigits: number, signed = false): Parser =>
  (text, at, fields) => {
    let i = at;
    let sign = 1;
    if (signed && (text[i] === '-' || text[i] === '+')) {
      sign = text[i] === '-' ? -1 : 1;
      i++;
    }
    const start = i;
    while (i - start < maxDigits && isDigit(text[i])) i++;
    if (i === start) return undefined;
    if (field) fields[field] = sign * Number(text.slice(start, i));
    return i;
  };

const sequence =
  (...parts: Parser[]): Parser =>
  (text, at, fields) => {
    let position: number | undefined = at;
    for (const part of parts) {
      position = part(text, position, fields);
      if (position === undefined) return undefined;
    }
    return position;
  };

/** The alternative that reads furthest wins; on a tie, the first listed (Joda's MatchingParser). */
const longest =
  (...alternatives: Parser[]): Parser =>
  (text, at, fields) => {
    let best: { end: number; fields: Fields } | undefined;
    for (const alternative of alternatives) {
      const scratch = { ...fields };
      const end = alternative(text, at, scratch);
      if (end !== undefined && (best === undefined || end > best.end)) best = { end, fields: scratch };
    }
    if (!best) return undefined;
    Object.assign(fields, best.fields);
    return best.end;
  };

const optional =
  (parser: Parser): Parser =>
  (text, at, fields) =>
    longest(parser, (_text, position) => position)(text, at, fields);

const decimalPoint = longest(literal('.'), literal(','));
/** A decimal fraction of the preceding unit: at most nine digits are read, so a tenth one is left over. */
const fraction = sequence(decimalPoint, number(undefined, 9));

const year = number('year', 9, true);
const calendarDate = sequence(
  year,
  optional(sequence(literal('-'), number('month', 2), optional(sequence(literal('-'), number('day', 2))))),
);
const weekDate = sequence(
  number('weekYear', 9, true),
  literal('-W'),
  number('week', 2),
  optional(sequence(literal('-'), number('weekday', 1))),
);
const ordinalDate = sequence(year, literal('-'), number('dayOfYear', 3));
const dateElement = longest(calendarDate, weekDate, ordinalDate);

const timeElement = sequence(
  number('hour', 2),
  optional(
    longest(
      sequence(
        literal(':'),
        number('minute', 2),
        optional(longest(sequence(literal(':'), number('second', 2), optional(fraction)), fraction)),
      ),
      fraction,
    ),
  ),
);

/** `Z`, or a signed offset: exactly two digits per field, with or without `:` separators. */
const offset: Parser = (text, at, fields) => {
  if (text[at] === 'Z' || text[at] === 'z') return at + 1;
  if (text[at] !== '+' && text[at] !== '-') return undefined;
  const twoDigits = (i: number): number | undefined =>
    isDigit(text[i]) && isDigit(text[i + 1]) ? Number(text.slice(i, i + 2)) : undefined;
  let i = at + 1;
  const hours = twoDigits(i);
  if (hours === undefined || hours > 23) return undefined;
  fields.offsetHour = hours;
  i += 2;
  const separated = text[i] === ':';
  const units: Array<[Field, number]> = [
    ['offsetMinute', 59],
    ['offsetSecond', 59],
  ];
  for (const [field, max] of units) {
    if (separated ? text[i] !== ':' : !isDigit(text[i])) return i;
    if (separated) i++;
    const value = twoDigits(i);
    if (value === undefined || value > max) return undefined;
    fields[field] = value;
    i += 2;
  }
  if (separated ? text[i] !== '.' && text[i] !== ',' : !isDigit(text[i])) return i;
  if (separated) i++;
  const start = i;
  while (i - start < 3 && isDigit(text[i])) i++;
  return i === start ? undefined : i;
};

const timeOnly = sequence(literal('T'), timeElement, optional(offset));
const dateOptionalTime = sequence(
  dateElement,
  optional(sequence(literal('T'), optional(timeElement), optional(offset))),
);
const isoDateTime = longest(timeOnly, dateOptionalTime);

/** Whether `text` is, in full, an ISO 8601 date/time with every field within its range. */
export function isIsoDateTime(text: string): boolean {
  const fields: Fields = {};
  return isoDateTime(text, 0, fields) === text.length && fieldsInRange(fields);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, month: number): number {
  if (month === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO weeks in a week-based year: 53 when it starts on a Thursday, or on a Wednesday in a leap year. */
function weeksInWeekYear(y: number): number {
  const weekdayShift = (n: number): number =>
    (((n + Math.floor(n / 4) - Math.floor(n / 100) + Math.floor(n / 400)) % 7) + 7) % 7;
  return weekdayShift(y) === 4 || weekdayShift(y - 1) === 3 ? 53 : 52;
}

const within = (value: number | undefined, min: number, max: number): boolean =>
  value === undefined || (value >= min && value <= max);

function fieldsInRange(f: Fields): boolean {
  const y = f.year ?? f.weekYear ?? 1970;
  return (
    within(f.year, MIN_YEAR, MAX_YEAR) &&
    within(f.weekYear, MIN_YEAR, MAX_YEAR) &&
    within(f.month, 1, 12) &&
    within(f.day, 1, daysInMonth(y, f.month ?? 1)) &&
    within(f.dayOfYear, 1, isLeapYear(y) ? 366 : 365) &&
    within(f.week, 1, weeksInWeekYear(y)) &&
    within(f.weekday, 1, 7) &&
    within(f.hour, 0, 23) &&
    within(f.minute, 0, 59) &&
    within(f.second, 0, 59)
  );
}
