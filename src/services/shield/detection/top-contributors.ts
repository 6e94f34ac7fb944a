// Heavy hitters in bounded memory: the Space-Saving counter (Metwally et al.), exact while distinct keys fit.

/**
 * Counts per key with at most `capacity` keys held. A new key when full replaces the smallest and inherits its count
 * (so counts are over-estimates by at most that minimum, and any key above total/capacity is held).
 */
export class TopContributors {
  private readonly counts = new Map<string, number>();
  private total = 0;

  constructor(private readonly capacity: number) {}

  add(key: string, weight = 1): void {
    this.total += weight;
    const held = this.counts.get(key);
    if (held !== undefined) {
      this.counts.set(key, held + weight);
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(key, weight);
      return;
    }
    let minKey = '';
    let min = Infinity;
    for (const [k, v] of this.counts) {
      if (v < min) {
        min = v;
        minKey = k;
      }
    }
    this.counts.delete(minKey);
    this.counts.set(key, min + weight);
  }

  /** The count held for `key` (0 when not held). */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /**
   * Multiplies every count by `factor` (0 < factor < 1), so older traffic weighs less (the baseline's distribution);
   * keys decayed under `floor` are dropped, freeing their places.
   */
  decay(factor: number, floor = 0.01): void {
    this.total *= factor;
    for (const [k, v] of this.counts) {
      const next = v * factor;
      if (next < floor) this.counts.delete(k);
      else this.counts.set(k, next);
    }
  }

  /** Everything counted, held keys or not. */
  get sum(): number {
    return this.total;
  }

  /** The `n` largest, largest first (ties by key, so the order is stable). */
  top(n: number): { name: string; value: number }[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([name, value]) => ({ name, value }));
  }
}
