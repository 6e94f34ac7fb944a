// A bounded memo of version parses: matching compares the same few versions thousands of times in one scan.

/** Entries kept before the memo starts over (versions are at most 256 characters, so this stays a few MB). */
const MAX_ENTRIES = 10_000;

/** Wraps a parser so each distinct string is parsed once until the memo fills, then starts over. */
export function memoizedParser<T>(parse: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    if (memo.has(text)) return memo.get(text)!;
    const parsed = parse(text);
    if (memo.size >= MAX_ENTRIES) memo.clear();
    memo.set(text, parsed);
    return parsed;
  };
}
