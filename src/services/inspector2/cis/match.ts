// The CIS operations' filter criteria: string filters (EQUALS, PREFIX, NOT_EQUALS), number ranges, tag filters, and
// a stable sort. Within one list the positive filters are alternatives (any may match) and every NOT_EQUALS must hold.
import type { CisNumberFilter, CisStringFilter, TagFilter } from '../../../aws/generated/inspector2.js';

export function matchesStrings(filters: readonly CisStringFilter[] | undefined, value: string | undefined): boolean {
  if (filters === undefined || filters.length === 0) return true;
  const v = value ?? '';
  const positive = filters.filter((f) => f.comparison !== 'NOT_EQUALS');
  if (filters.some((f) => f.comparison === 'NOT_EQUALS' && f.value === v)) return false;
  return (
    positive.length === 0 || positive.some((f) => (f.comparison === 'EQUALS' ? v === f.value : v.startsWith(f.value)))
  );
}

/** Any of the values matches (a scan's several targets, a check's several platforms). */
export function matchesAnyString(filters: readonly CisStringFilter[] | undefined, values: readonly string[]): boolean {
  if (filters === undefined || filters.length === 0) return true;
  return values.some((v) => matchesStrings(filters, v));
}

/** Equality filters on an enum: any of them. */
export function matchesEnum<T extends string>(
  filters: readonly { value: T }[] | undefined,
  value: T | undefined,
): boolean {
  return filters === undefined || filters.length === 0 || filters.some((f) => f.value === value);
}

export function matchesNumber(filters: readonly CisNumberFilter[] | undefined, value: number): boolean {
  if (filters === undefined || filters.length === 0) return true;
  return filters.some(
    (f) =>
      (f.lowerInclusive === undefined || value >= f.lowerInclusive) &&
      (f.upperInclusive === undefined || value <= f.upperInclusive),
  );
}

/** Tag filters (EQUALS key and value) against {key: [values]}: any of them. */
export function matchesTags(
  filters: readonly TagFilter[] | undefined,
  tags: Readonly<Record<string, string[]>>,
): boolean {
  if (filters === undefined || filters.length === 0) return true;
  // Own keys only: a tag key may be `constructor` or `__proto__`.
  return filters.some((f) => Object.hasOwn(tags, f.key) && tags[f.key].includes(f.value));
}

/** Sorts by a key (strings by code point, numbers numerically), ties broken by `tie`; DESC reverses the key only. */
export function sortBy<T>(
  items: T[],
  key: (t: T) => string | number,
  order: 'ASC' | 'DESC' | undefined,
  tie: (t: T) => string,
): T[] {
  const sign = order === 'DESC' ? -1 : 1;
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : 0;
    if (c !== 0) return sign * c;
    const ta = tie(a);
    const tb = tie(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  });
}
