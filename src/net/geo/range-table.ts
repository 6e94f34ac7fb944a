// Sorted, disjoint address ranges with a number each, held as 32-bit words in typed arrays and found by binary search.

/** 1 word per address for IPv4, 4 (most significant first) for IPv6. */
export type Width = 1 | 4;

/** -1, 0 or 1 as a[ai..ai+w) compares with b[bi..bi+w). */
function compareWords(a: Uint32Array, ai: number, b: Uint32Array, bi: number, w: number): number {
  for (let k = 0; k < w; k++) {
    const x = a[ai + k]!;
    const y = b[bi + k]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function toBig(a: Uint32Array, at: number, w: number): bigint {
  let n = 0n;
  for (let k = 0; k < w; k++) n = (n << 32n) | BigInt(a[at + k]!);
  return n;
}

function setBig(a: Uint32Array, at: number, w: number, n: bigint): void {
  for (let k = w - 1; k >= 0; k--, n >>= 32n) a[at + k] = Number(n & 0xffffffffn);
}

/** out = end - start, word by word with borrow. */
function subtractWords(end: Uint32Array, start: Uint32Array, out: Uint32Array, at: number, w: number): void {
  let borrow = 0;
  for (let k = w - 1; k >= 0; k--) {
    let d = end[k]! - start[k]! - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 0x100000000;
    out[at + k] = d;
  }
}

/** Whether a[ai..] + 1 equals b[bi..] (the first ends right before the second starts). */
function adjacent(a: Uint32Array, ai: number, b: Uint32Array, bi: number, w: number): boolean {
  let carry = 1;
  for (let k = w - 1; k >= 0; k--) {
    const sum = a[ai + k]! + carry;
    carry = sum > 0xffffffff ? 1 : 0;
    if (sum % 0x100000000 !== b[bi + k]) return false;
  }
  return carry === 0;
}

interface Segment {
  start: bigint;
  end: bigint;
  width: bigint;
  value: number;
}

/**
 * Collects inclusive ranges into disjoint segments. Rows that start after everything so far (nearly all of them)
 * are appended as they are. Where ranges overlap, the narrower one decides (the data nests a provider's small block
 * inside its registry's larger one); between equals, the later one.
 */
export class RangeBuilder {
  private starts: Uint32Array;
  private ends: Uint32Array;
  /** Width of the range each segment came from, which decides later overlaps. */
  private widths: Uint32Array;
  private values: Uint32Array;
  private n = 0;
  private readonly width = new Uint32Array(4);

  constructor(readonly w: Width) {
    this.starts = new Uint32Array(1024 * w);
    this.ends = new Uint32Array(1024 * w);
    this.widths = new Uint32Array(1024 * w);
    this.values = new Uint32Array(1024);
  }

  get size(): number {
    return this.n;
  }

  /** start and end hold `w` words each; they are copied. */
  add(start: Uint32Array, end: Uint32Array, value: number): void {
    const w = this.w;
    if (compareWords(end, 0, start, 0, w) < 0) throw new Error('a range ends before it starts');
    if (this.n === 0 || compareWords(this.ends, (this.n - 1) * w, start, 0, w) < 0) {
      subtractWords(end, start, this.width, 0, w);
      this.grow();
      const at = this.n * w;
      for (let k = 0; k < w; k++) {
        this.starts[at + k] = start[k]!;
        this.ends[at + k] = end[k]!;
        this.widths[at + k] = this.width[k]!;
      }
      this.values[this.n++] = value;
      return;
    }
    const s = toBig(start, 0, w);
    const e = toBig(end, 0, w);
    this.overlap({ start: s, end: e, width: e - s, value });
  }

  /** The segments from the first that ends at or after r starts: cut them and r into disjoint pieces. */
  private overlap(r: Segment): void {
    const w = this.w;
    let i = this.n;
    while (i > 0 && toBig(this.ends, (i - 1) * w, w) >= r.start) i--;
    const tail: Segment[] = [];
    for (let j = i; j < this.n; j++)
      tail.push({
        start: toBig(this.starts, j * w, w),
        end: toBig(this.ends, j * w, w),
        width: toBig(this.widths, j * w, w),
        value: this.values[j]!,
      });
    this.n = i;
    let cursor = r.start;
    const placeRest = (upTo: bigint) => {
      if (cursor <= upTo) this.push(cursor, upTo, r.width, r.value);
      cursor = upTo + 1n;
    };
    for (const seg of tail) {
      if (seg.start > r.end) {
        placeRest(r.end);
        this.push(seg.start, seg.end, seg.width, seg.value);
        continue;
      }
      if (seg.start < r.start) this.push(seg.start, r.start - 1n, seg.width, seg.value);
      if (cursor < seg.start) placeRest(seg.start - 1n);
      const from = seg.start > r.start ? seg.start : r.start;
      const to = seg.end < r.end ? seg.end : r.end;
      const winner = r.width <= seg.width ? r : seg;
      this.push(from, to, winner.width, winner.value);
      cursor = to + 1n;
      if (seg.end > r.end) this.push(r.end + 1n, seg.end, seg.width, seg.value);
    }
    placeRest(r.end);
  }

  private push(start: bigint, end: bigint, width: bigint, value: number): void {
    this.grow();
    const at = this.n * this.w;
    setBig(this.starts, at, this.w, start);
    setBig(this.ends, at, this.w, end);
    setBig(this.widths, at, this.w, width);
    this.values[this.n++] = value;
  }

  private grow(): void {
    if (this.n < this.values.length) return;
    const more = (a: Uint32Array) => {
      const b = new Uint32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.starts = more(this.starts);
    this.ends = more(this.ends);
    this.widths = more(this.widths);
    this.values = more(this.values);
  }

  /** The finished table: neighbours with the same value merged, arrays cut to size. */
  build(makeValues: (n: number) => Uint16Array | Uint32Array): RangeTable {
    const w = this.w;
    let m = 0;
    for (let j = 0; j < this.n; j++) {
      if (m > 0 && this.values[m - 1] === this.values[j] && adjacent(this.ends, (m - 1) * w, this.starts, j * w, w)) {
        this.ends.copyWithin((m - 1) * w, j * w, (j + 1) * w);
        continue;
      }
      this.starts.copyWithin(m * w, j * w, (j + 1) * w);
      this.ends.copyWithin(m * w, j * w, (j + 1) * w);
      this.values[m++] = this.values[j]!;
    }
    const values = makeValues(m);
    values.set(this.values.subarray(0, m));
    return new RangeTable(w, this.starts.slice(0, m * w), this.ends.slice(0, m * w), values);
  }
}

export class RangeTable {
  constructor(
    readonly w: Width,
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    private readonly values: Uint16Array | Uint32Array,
  ) {}

  get length(): number {
    return this.values.length;
  }

  get byteLength(): number {
    return this.starts.byteLength + this.ends.byteLength + this.values.byteLength;
  }

  /** The value of the range holding the address (`w` words), or undefined when none does. */
  lookup(ip: Uint32Array): number | undefined {
    const w = this.w;
    let lo = 0;
    let hi = this.values.length - 1;
    // The last range starting at or before ip, then whether it reaches it.
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareWords(this.starts, mid * w, ip, 0, w) <= 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && compareWords(this.ends, hi * w, ip, 0, w) >= 0 ? this.values[hi] : undefined;
  }
}
