// A tolerant JSON reader for JsonBody: the keys and scalar values with their JSON pointers, up to the first error.
/** One key or scalar value; `pointer` is the JSON Pointer of the member or element. */
export interface JsonToken {
  readonly kind: 'key' | 'value';
  readonly pointer: string;
  readonly text: string;
}
export interface JsonTokens {
  readonly tokens: JsonToken[];
  /** False when the text was not one complete JSON value (truncated, invalid, or nested deeper than the bound). */
  readonly complete: boolean;
}

const MAX_DEPTH = 128;
const escapePointer = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

interface Frame {
  readonly array: boolean;
  readonly pointer: string;
  index: number;
  /** Object: the next thing expected — a key, or (after one) a value. */
  key: string | undefined;
}

/** Iterative (never recursive) so hostile nesting cannot exhaust the stack. */
export function readJsonTokens(text: string): JsonTokens {
  const tokens: JsonToken[] = [];
  const stack: Frame[] = [];
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const readString = (): string | undefined => {
    // text[i] is the opening quote.
    let j = i + 1;
    let out = '';
    let start = j;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 34) {
        out += text.slice(start, j);
        i = j + 1;
        return out;
      }
      if (c === 92) {
        out += text.slice(start, j);
        const e = text[j + 1];
        if (e === undefined) return undefined;
        if (e === 'u') {
          const hex = text.slice(j + 2, j + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
          out += String.fromCharCode(parseInt(hex, 16));
          j += 6;
        } else {
          const map: Record<string, string> = {
            '"': '"',
            '\\': '\\',
            '/': '/',
            b: '\b',
            f: '\f',
            n: '\n',
            r: '\r',
            t: '\t',
          };
          const v = map[e];
          if (v === undefined) return undefined;
          out += v;
          j += 2;
        }
        start = j;
        continue;
      }
      j++;
    }
    return undefined;
  };
  const childPointer = (frame: Frame | undefined): string => {
    if (!frame) return '';
    return frame.array ? `${frame.pointer}/${frame.index}` : `${frame.pointer}/${escapePointer(frame.key ?? '')}`;
  };
  const afterValue = (): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.array) top.index++;
    else top.key = undefined;
  };

  for (;;) {
    ws();
    const top = stack[stack.length - 1];
    if (top && !top.array && top.key === undefined) {
      // Expect a key (or the end of the object).
      if (text[i] === '}') {
        stack.pop();
        i++;
        afterValue();
        if (!separator()) break;
        continue;
      }
      if (text[i] !== '"') return { tokens, complete: false };
      const key = readString();
      if (key === undefined) return { tokens, complete: false };
      tokens.push({ kind: 'key', pointer: `${top.pointer}/${escapePointer(key)}`, text: key });
      ws();
      if (text[i] !== ':') return { tokens, complete: false };
      i++;
      top.key = key;
      continue;
    }
    if (top && top.array && text[i] === ']') {
      stack.pop();
      i++;
      afterValue();
      if (!separator()) break;
      continue;
    }
    // A value.
    const pointer = childPointer(top);
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) return { tokens, complete: false };
      stack.push({ array: c === '[', pointer, index: 0, key: undefined });
      i++;
      continue;
    }
    if (c === '"') {
      const s = readString();
      if (s === undefined) return { tokens, complete: false };
      tokens.push({ kind: 'value', pointer, text: s });
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!m || (i + m[0].length >= n && stack.length > 0)) return { tokens, complete: false };
      tokens.push({ kind: 'value', pointer, text: m[0] });
      i += m[0].length;
    }
    afterValue();
    if (!separator()) break;
  }
  ws();
  return { tokens, complete: stack.length === 0 && i >= n };

  /** After a value: a comma (continue), a closer (handled by the loop), or the end of the top-level value. */
  function separator(): boolean {
    ws();
    const top = stack[stack.length - 1];
    if (!top) return false;
    if (text[i] === ',') {
      i++;
      return true;
    }
    if ((top.array && text[i] === ']') || (!top.array && text[i] === '}')) return true;
    i = n + 1; // malformed: stop, leaving the stack non-empty
    return false;
  }
}
