// Reads an ip-location-db "-num" CSV (start,end,value[,...]) as a byte stream into address words and a number per row.
import { createReadStream } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Width } from './range-table.js';

/** Longer than any row of these files: a file without line breaks fails instead of filling memory. */
const MAX_LINE = 1024;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CR = 0x0d;
const ZERO = 0x30;
const WORD = 0x100000000;

/** The third column: an ISO country code (two capital letters, packed into 16 bits) or an AS number. */
export type ValueKind = 'country' | 'asn';

export type RowHandler = (start: Uint32Array, end: Uint32Array, value: number) => void;

/** A decimal integer of buf[from, to) into `w` words, most significant first; throws unless it fits. */
function decimalWords(buf: Buffer, from: number, to: number, out: Uint32Array, w: number): void {
  if (from >= to || to - from > 39) throw new Error('not a number of at most 39 digits');
  if (w === 1) {
    let n = 0;
    for (let i = from; i < to; i++) {
      const digit = buf[i]! - ZERO;
      if (digit < 0 || digit > 9) throw new Error('not a decimal number');
      n = n * 10 + digit;
    }
    if (n >= WORD) throw new Error('a number too large for its field');
    out[0] = n;
    return;
  }
  out.fill(0, 0, w);
  // Four digits at a time: a word times 10^4 plus a carry stays below 2^53, exact in a double.
  for (let i = from; i < to;) {
    let chunk = 0;
    let scale = 1;
    for (const stop = Math.min(to, i + 4); i < stop; i++) {
      const digit = buf[i]! - ZERO;
      if (digit < 0 || digit > 9) throw new Error('not a decimal number');
      chunk = chunk * 10 + digit;
      scale *= 10;
    }
    let carry = chunk;
    for (let k = w - 1; k >= 0; k--) {
      const v = out[k]! * scale + carry;
      carry = Math.floor(v / WORD);
      out[k] = v - carry * WORD;
    }
    if (carry !== 0) throw new Error('a number too large for its field');
  }
}

const isCapital = (c: number | undefined) => c !== undefined && c >= 0x41 && c <= 0x5a;

/** A country code from the 16-bit number the tables hold (two ASCII capitals). */
export const unpackCountry = (n: number): string => String.fromCharCode(n >> 8, n & 0xff);

class RowParser {
  private readonly start = new Uint32Array(4);
  private readonly end = new Uint32Array(4);
  private readonly number = new Uint32Array(1);

  constructor(
    private readonly w: Width,
    private readonly kind: ValueKind,
    private readonly onRow: RowHandler,
  ) {}

  /** One line, buf[from, to) without its line break. */
  line(buf: Buffer, from: number, to: number): void {
    if (to > from && buf[to - 1] === CR) to--;
    if (to === from) return;
    const a = buf.indexOf(COMMA, from);
    const b = a < 0 || a >= to ? -1 : buf.indexOf(COMMA, a + 1);
    if (b < 0 || b >= to) throw new Error('expected start,end,value');
    let c = buf.indexOf(COMMA, b + 1);
    if (c < 0 || c > to) c = to;
    decimalWords(buf, from, a, this.start, this.w);
    decimalWords(buf, a + 1, b, this.end, this.w);
    let value: number;
    if (this.kind === 'country') {
      if (c - b !== 3 || !isCapital(buf[b + 1]) || !isCapital(buf[b + 2])) throw new Error('not a country code');
      value = (buf[b + 1]! << 8) | buf[b + 2]!;
    } else {
      decimalWords(buf, b + 1, c, this.number, 1);
      value = this.number[0]!;
    }
    this.onRow(this.start, this.end, value);
  }
}

/**
 * Streams the file in 256 KiB chunks and yields to the event loop after each, so a load never holds it for long.
 * A malformed row, or one the handler refuses (it throws), fails the whole read, naming the file and line.
 */
export async function readCsvRanges(path: string, w: Width, kind: ValueKind, onRow: RowHandler): Promise<number> {
  const parser = new RowParser(w, kind, onRow);
  const stream = createReadStream(path, { highWaterMark: 1 << 18 });
  let rest: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  const tooLong = () => new Error(`${path}:${lineNo + 1}: a line longer than ${MAX_LINE} bytes`);
  const lines = (buf: Buffer, from: number, to: number) => {
    if (to - from > MAX_LINE) throw tooLong();
    lineNo++;
    try {
      parser.line(buf, from, to);
    } catch (err) {
      throw new Error(`${path}:${lineNo}: ${(err as Error).message}`, { cause: err });
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    let from = 0;
    for (let nl = buf.indexOf(NEWLINE); nl >= 0; nl = buf.indexOf(NEWLINE, from)) {
      lines(buf, from, nl);
      from = nl + 1;
    }
    rest = buf.subarray(from);
    if (rest.length > MAX_LINE) throw tooLong();
    await yieldToEventLoop();
  }
  if (rest.length > 0) lines(rest, 0, rest.length);
  return lineNo;
}
