import { describe, expect, it } from "vitest";
import { HISTOGRAM_SIZE, LATENCY_BOUNDS, addTo, bucketOf, emptyHistogram, percentile } from "./histogram";

describe("latency histogram", () => {
  it("puts a latency in the first bucket whose bound holds it", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(2)).toBe(1);
    expect(bucketOf(101)).toBe(LATENCY_BOUNDS.indexOf(125));
    expect(bucketOf(60_000)).toBe(LATENCY_BOUNDS.length - 1);
    expect(bucketOf(90_000)).toBe(HISTOGRAM_SIZE - 1);
  });

  it("gives percentiles within one bucket width of the exact value", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 20 + (i % 100) * 3); // 20..317 ms, uniform
    const hist = emptyHistogram();
    for (const v of values) hist[bucketOf(v)]++;
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [50, 95, 99]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1];
      const got = percentile(hist, p, 317)!;
      const i = bucketOf(exact);
      const width = LATENCY_BOUNDS[i] - (i ? LATENCY_BOUNDS[i - 1] : 0);
      expect(Math.abs(got - exact), `p${p}: ${got} vs ${exact}`).toBeLessThanOrEqual(width);
    }
  });

  it("adds histograms by element, and an empty one has no percentile", () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    a[3] = 2;
    b[3] = 5;
    b[7] = 1;
    expect(addTo(a, b).slice(0, 8)).toEqual([0, 0, 0, 7, 0, 0, 0, 1]);
    expect(percentile(emptyHistogram(), 50)).toBeNull();
  });

  it("never reports more than the slowest latency seen", () => {
    const hist = emptyHistogram();
    hist[bucketOf(45)] = 10;
    expect(percentile(hist, 99, 45)).toBeLessThanOrEqual(45);
  });
});
