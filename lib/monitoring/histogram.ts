// Latency histograms with fixed bucket bounds, so histograms of any number of results, minutes or days add up by
// element and percentiles of any window come from the sum (no raw rows needed).

/** Upper bounds in milliseconds (inclusive); the last bucket holds everything slower. */
export const LATENCY_BOUNDS = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 40, 50, 75, 100, 125, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000,
  7500, 10_000, 15_000, 20_000, 30_000, 60_000,
] as const;
export const HISTOGRAM_SIZE = LATENCY_BOUNDS.length + 1;

export const emptyHistogram = () => new Array<number>(HISTOGRAM_SIZE).fill(0);

export function bucketOf(ms: number): number {
  let lo = 0;
  let hi: number = LATENCY_BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= LATENCY_BOUNDS[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function addTo(hist: number[], other: readonly number[]) {
  for (let i = 0; i < HISTOGRAM_SIZE; i++) hist[i] += other[i] ?? 0;
  return hist;
}

/**
 * The p-th percentile (0–100), interpolated inside its bucket and never above the largest latency seen.
 * Null for an empty histogram.
 */
export function percentile(hist: readonly number[], p: number, max?: number): number | null {
  const total = hist.reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    if (!hist[i]) continue;
    if (seen + hist[i] >= rank) {
      const lo = i === 0 ? 0 : LATENCY_BOUNDS[i - 1];
      const hi = i < LATENCY_BOUNDS.length ? LATENCY_BOUNDS[i] : Math.max(max ?? lo * 2, lo);
      const value = lo + ((hi - lo) * (rank - seen)) / hist[i];
      return Math.round(max !== undefined ? Math.min(value, max) : value);
    }
    seen += hist[i];
  }
  return max ?? null;
}
