import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttle } from "./events";

describe("throttle (the cockpit's refetch on deployment, incident and check events)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs the first call at once and folds a burst into one trailing call at the end of the window", () => {
    const run = vi.fn();
    const t = throttle(run, 5000);
    t.call();
    expect(run).toHaveBeenCalledTimes(1);
    for (let n = 0; n < 20; n++) {
      vi.advanceTimersByTime(100);
      t.call();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2900);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("runs at once again once the window has passed, and cancel drops a pending call", () => {
    const run = vi.fn();
    const t = throttle(run, 5000);
    t.call();
    vi.advanceTimersByTime(6000);
    t.call();
    expect(run).toHaveBeenCalledTimes(2);
    t.call();
    t.cancel();
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
