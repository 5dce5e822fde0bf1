import { describe, expect, it } from "vitest";
import { appendLog, mergeLogPage, type HeldLog } from "./deployments";

const held = (n: number, truncated = false): HeldLog => ({ lines: Array.from({ length: n }, (_, i) => `line ${i}`), truncated });

describe("appendLog", () => {
  it("appends a batch that starts where the held log ends", () => {
    const { log, gapFrom } = appendLog(held(2), 2, ["line 2", "line 3"]);
    expect(log.lines).toEqual(["line 0", "line 1", "line 2", "line 3"]);
    expect(gapFrom).toBeNull();
  });

  it("skips lines already held when a reconnect replays them", () => {
    const start = held(3);
    expect(appendLog(start, 0, ["line 0", "line 1"]).log).toBe(start);
    const { log } = appendLog(start, 1, ["line 1", "line 2", "line 3"]);
    expect(log.lines).toEqual(["line 0", "line 1", "line 2", "line 3"]);
  });

  it("reports a gap instead of appending out of order", () => {
    const start = held(2);
    const { log, gapFrom } = appendLog(start, 5, ["line 5"]);
    expect(log).toBe(start);
    expect(gapFrom).toBe(2);
  });
});

describe("mergeLogPage", () => {
  it("takes the numbered lines that continue the held log and keeps truncation", () => {
    const merged = mergeLogPage(held(2), { lines: [{ n: 1, text: "line 1" }, { n: 3, text: "line 3" }, { n: 2, text: "line 2" }], truncated: true });
    expect(merged.lines).toEqual(["line 0", "line 1", "line 2", "line 3"]);
    expect(merged.truncated).toBe(true);
  });
});
