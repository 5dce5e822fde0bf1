import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { latestByTarget, loadLatest, mergeLogLines, mergePoints, onQaEvent, qaKeys, type HeldQaLog, type TQaRun, type TQaRunSummary } from "./qa";

const line = (id: string, at: string, message: string) => ({ id, at: `2026-11-26T10:00:${at}.000Z`, level: "info" as const, message });
const run = (id: string, targetId: string, kind: TQaRunSummary["kind"], status: TQaRunSummary["status"] = "passed") =>
  ({ id, targetId, kind, status, progress: 0.5, progressMessage: "half way" }) as TQaRunSummary;

describe("mergeLogLines (the QA log held in the cache)", () => {
  it("keeps polled lines in order, once each, and moves the cursor with them", () => {
    let held: HeldQaLog = { lines: [], cursor: null };
    held = mergeLogLines(held, [line("9", "01", "a"), line("10", "02", "b")], true);
    held = mergeLogLines(held, [line("10", "02", "b"), line("11", "03", "c")], true);
    expect(held.lines.map((l) => l.message)).toEqual(["a", "b", "c"]);
    expect(held.cursor).toBe("11");
  });

  it("shows streamed lines at once and swaps them for the stored copy when a poll brings it", () => {
    let held: HeldQaLog = mergeLogLines({ lines: [], cursor: null }, [line("5", "01", "a")], true);
    held = mergeLogLines(held, [line("", "02", "b")], false);
    held = mergeLogLines(held, [line("", "02", "b")], false);
    expect(held.lines.map((l) => [l.id, l.message])).toEqual([["5", "a"], ["", "b"]]);
    expect(held.cursor).toBe("5");
    held = mergeLogLines(held, [line("6", "02", "b")], true);
    expect(held.lines.map((l) => [l.id, l.message])).toEqual([["5", "a"], ["6", "b"]]);
    expect(held.cursor).toBe("6");
  });
});

describe("mergePoints", () => {
  it("holds one point per second in order", () => {
    expect(mergePoints([{ t: 1, rps: 1 }, { t: 3, rps: 3 }], [{ t: 2, rps: 2 }, { t: 3, rps: 4 }])).toEqual([{ t: 1, rps: 1 }, { t: 2, rps: 2 }, { t: 3, rps: 4 }]);
  });
});

describe("the latest run of each kind per target", () => {
  it("takes the newest of each pair from a newest-first list", () => {
    const latest = latestByTarget([run("r3", "t1", "load"), run("r2", "t1", "load"), run("r1", "t2", "a11y")]);
    expect(Object.fromEntries(Object.entries(latest).map(([k, r]) => [k, r.id]))).toEqual({ "t1:load": "r3", "t2:a11y": "r1" });
    const past = latestByTarget([run("c", "t1", "links", "cancelled"), run("p", "t1", "links", "failed"), run("q", "t2", "links", "cancelled")]);
    expect([past["t1:links"].id, past["t2:links"].id]).toEqual(["p", "q"]);
  });

  it("shows the bad-input verdict in the hammering row: partial-network-failure runs are a check of their own", async () => {
    const faults = { ...run("f", "t1", "fuzz"), mode: "faults" } as TQaRunSummary;
    const latest = latestByTarget([faults, run("i", "t1", "fuzz", "failed")]);
    expect(latest["t1:fuzz"].id).toBe("i");
    expect(latestByTarget([faults])["t1:fuzz"]).toBeUndefined();
    const older = await loadLatest(async (f) => (f.limit === 200 ? Array.from({ length: 200 }, (_, i) => run(`n${i}`, "t1", "load")) : f.kind === "fuzz" ? [faults, run("i", "t1", "fuzz", "failed")] : []), ["t1"], ["fuzz"]);
    expect(older["t1:fuzz"].id).toBe("i");
  });

  it("looks up older pairs one by one only when the first page was full", async () => {
    const calls: unknown[] = [];
    const full = Array.from({ length: 200 }, (_, i) => run(`n${i}`, "t1", "load"));
    const latest = await loadLatest(async (f) => (calls.push(f), f.limit === 200 ? full : f.kind === "a11y" && f.targetId === "t1" ? [run("old", "t1", "a11y")] : []), ["t1"], ["load", "a11y"]);
    expect(calls).toEqual([{ limit: 200 }, { targetId: "t1", kind: "a11y", limit: 5 }]);
    expect(latest["t1:a11y"].id).toBe("old");
    const short = await loadLatest(async () => [run("x", "t1", "load")], ["t1"], ["load", "a11y"]);
    expect(Object.keys(short)).toEqual(["t1:load"]);
  });
});

describe("onQaEvent (qa.updated from the project's stream)", () => {
  const setup = () => {
    const qc = new QueryClient();
    qc.setQueryData(qaKeys.run("p", "r1"), { ...run("r1", "t1", "load", "running"), findingsList: [] } as unknown as TQaRun);
    qc.setQueryData(qaKeys.list("p", {}), { pages: [[run("r1", "t1", "load", "running")]], pageParams: [undefined] });
    qc.setQueryData(qaKeys.log("p", "r1"), { lines: [], cursor: null });
    qc.setQueryData(qaKeys.points("p", "r1"), []);
    return qc;
  };

  it("writes progress into the run and its list row without refetching", () => {
    const qc = setup();
    onQaEvent(qc, "p", { runId: "r1", status: "running", progress: 0.75, progressMessage: "Second 45 of 60" });
    expect(qc.getQueryData<TQaRun>(qaKeys.run("p", "r1"))).toMatchObject({ progress: 0.75, progressMessage: "Second 45 of 60" });
    expect(qc.getQueryData<{ pages: TQaRunSummary[][] }>(qaKeys.list("p", {}))?.pages[0][0].progress).toBe(0.75);
    expect(qc.getQueryState(qaKeys.run("p", "r1"))?.isInvalidated).toBe(false);
  });

  it("appends a streamed log line and point, leaving progress as it was", () => {
    const qc = setup();
    onQaEvent(qc, "p", { runId: "r1", status: "running", log: line("", "05", "hello") });
    onQaEvent(qc, "p", { runId: "r1", status: "running", point: { t: 4, rps: 10 } });
    expect(qc.getQueryData<HeldQaLog>(qaKeys.log("p", "r1"))?.lines.map((l) => l.message)).toEqual(["hello"]);
    expect(qc.getQueryData(qaKeys.points("p", "r1"))).toEqual([{ t: 4, rps: 10 }]);
    expect(qc.getQueryData<TQaRun>(qaKeys.run("p", "r1"))).toMatchObject({ progress: 0.5, progressMessage: "half way" });
  });

  it("refetches what follows from a new status, and from a run nobody here has seen", () => {
    const qc = setup();
    onQaEvent(qc, "p", { runId: "r1", status: "failed", progress: 1, progressMessage: "Finished" });
    expect(qc.getQueryState(qaKeys.run("p", "r1"))?.isInvalidated).toBe(true);
    const other = setup();
    onQaEvent(other, "p", { runId: "elsewhere", status: "running", progress: 0.1, progressMessage: null });
    expect(other.getQueryState(qaKeys.list("p", {}))?.isInvalidated).toBe(false);
    onQaEvent(other, "p", { runId: "new-one", status: "queued", progress: 0, progressMessage: null });
    expect(other.getQueryState(qaKeys.list("p", {}))?.isInvalidated).toBe(true);
  });
});
