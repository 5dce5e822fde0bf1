import { describe, expect, it } from "vitest";
import type { MinimalJob } from "bullmq";
import { JOBS, jobBackoff } from "./contract";

const job = { opts: { backoff: JOBS["notification.deliver"].options.backoff } } as unknown as MinimalJob;

describe("jobBackoff", () => {
  it("waits as long as the handler's error says (the receiver's Retry-After)", () => {
    expect(jobBackoff(1, "retry-after", Object.assign(new Error("429"), { retryDelayMs: 45_000 }), job)).toBe(45_000);
  });

  it("otherwise doubles the job's base delay per attempt", () => {
    expect([1, 2, 3, 4].map((n) => jobBackoff(n, "retry-after", new Error("boom"), job))).toEqual([2000, 4000, 8000, 16000]);
    expect(jobBackoff(1, "retry-after", Object.assign(new Error("x"), { retryDelayMs: Number.NaN }), job)).toBe(2000);
  });
});
