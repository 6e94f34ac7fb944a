// Where each statement sits in a policy's JSON text, for SimulatePrincipalPolicy's StartPosition/EndPosition.

export interface TextPosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

export interface StatementSpan {
  /** The statement's opening brace. */
  readonly start: TextPosition;
  /** Just past the statement's closing brace. */
  readonly end: TextPosition;
}

/** A forgiving scanner over JSON text that reports the offsets of values; it never throws. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipWs(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  skipString(): void {
    this.pos++; // opening quote
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '"') return;
    }
  }

  readString(): string {
    const start = this.pos;
    this.skipString();
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      return '';
    }
  }

  /** Skips one value and returns its [start, end) offsets. */
  skipValue(): [number, number] {
    this.skipWs();
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '"') this.skipString();
    else if (c === '{' || c === '[') {
      let depth = 0;
      while (this.pos < this.text.length) {
        const d = this.text[this.pos];
        if (d === '"') {
          this.skipString();
          continue;
        }
        this.pos++;
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          depth--;
          if (depth === 0) break;
        }
      }
    } else {
      while (this.pos < this.text.length && !/[\s,}\]]/.test(this.text[this.pos]!)) this.pos++;
    }
    return [start, this.pos];
  }
}

function toPosition(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The spans of the statements of a policy document, in statement order (empty if the text is not a policy). */
export function locateStatements(text: string): StatementSpan[] {
  const s = new Scanner(text);
  s.skipWs();
  if (text[s.pos] !== '{') return [];
  s.pos++;
  const spans: [number, number][] = [];
  while (s.pos < text.length) {
    s.skipWs();
    if (text[s.pos] === '}') break;
    if (text[s.pos] === ',') {
      s.pos++;
      continue;
    }
    if (text[s.pos] !== '"') return [];
    const key = s.readString();
    s.skipWs();
    if (text[s.pos] !== ':') return [];
    s.pos++;
    s.skipWs();
    if (key !== 'Statement') {
      s.skipValue();
      continue;
    }
    if (text[s.pos] === '{') {
      spans.push(s.skipValue());
    } else if (text[s.pos] === '[') {
      s.pos++;
      while (s.pos < text.length) {
        s.skipWs();
        const c = text[s.pos];
        if (c === ']') {
          s.pos++;
          break;
        }
        if (c === ',') {
          s.pos++;
          continue;
        }
        spans.push(s.skipValue());
      }
    } else {
      s.skipValue();
    }
  }
  return spans.map(([a, b]) => ({ start: toPosition(text, a), end: toPosition(text, b) }));
}
