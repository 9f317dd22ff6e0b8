/** Response times in milliseconds, kept whole so that percentiles are exact to the microsecond. */
export class Latencies {
  private values = new Float64Array(1 << 16);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
  }

  /** The value below which `p` percent of the samples fall (nearest rank); 0 with no samples. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const sorted = this.values.subarray(0, this.count).sort();
    const rank = Math.min(this.count, Math.max(1, Math.ceil((p / 100) * this.count)));
    return sorted[rank - 1]!;
  }
}
