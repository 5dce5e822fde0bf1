import { describe, expect, it } from "vitest";
import { computeReadiness, itemState, type ReadinessRow } from "./readiness";

const now = new Date("2026-11-26T12:00:00Z");
let n = 0;
const row = (over: Partial<ReadinessRow>): ReadinessRow => ({
  id: `i${++n}`, number: n, section: "QA", title: `Item ${n}`, blocking: false, signOffRequired: false, status: "todo", renewalDays: null, signedOffAt: null, waiverExpiresAt: null, binding: null, ...over,
});

describe("readiness", () => {
  it("one open blocking item among many done ones is no-go and never shows 100", () => {
    const rows = [...Array.from({ length: 40 }, () => row({ status: "done" })), row({ blocking: true, title: "Rollback drill" })];
    const r = computeReadiness(rows, now);
    expect(r.go).toBe(false);
    expect(r.score).toBe(93); // 40 of 43 weight
    expect(r.verdict).toBe("No-go: 1 blocking item open.");
    expect(r.holding.map((h) => h.title)).toEqual(["Rollback drill"]);
    expect(r.sections).toEqual([{ title: "QA", score: 93, satisfied: 40, total: 41, blockingOpen: 1 }]);
  });

  it("caps a no-go score at 99 even when rounding would say 100", () => {
    const rows = [...Array.from({ length: 1000 }, () => row({ status: "done" })), row({ status: "done", renewalDays: 1, signedOffAt: new Date(now.getTime() - 2 * 86_400_000) })];
    const r = computeReadiness(rows, now);
    expect(r).toMatchObject({ go: false, score: 99, verdict: "No-go: 1 sign-off expired." });
  });

  it("counts waivers until they expire, and not-applicable items not at all", () => {
    const valid = row({ blocking: true, status: "waived", waiverExpiresAt: new Date(now.getTime() + 1000) });
    const lapsed = row({ blocking: true, status: "waived", waiverExpiresAt: new Date(now.getTime() - 1000) });
    const na = row({ blocking: true, status: "not_applicable" });
    expect(itemState(valid, now)).toMatchObject({ satisfied: true, holds: false });
    expect(itemState(lapsed, now)).toMatchObject({ satisfied: false, holds: true, waiverExpired: true, problem: "The waiver expired on 2026-11-26." });
    const r = computeReadiness([valid, lapsed, na], now);
    expect(r).toMatchObject({ total: 3, go: false, verdict: "No-go: 1 waiver expired.", counts: { waived: 2, not_applicable: 1, todo: 0 } });
    expect(computeReadiness([valid, na], now)).toMatchObject({ go: true, score: 100 });
  });

  it("a sign-off within its renewal period is valid; exactly at expiry it has lapsed", () => {
    const at = new Date(now.getTime() - 30 * 86_400_000);
    expect(itemState(row({ status: "done", renewalDays: 30, signedOffAt: new Date(at.getTime() + 1) }), now).signOffExpired).toBe(false);
    expect(itemState(row({ status: "done", renewalDays: 30, signedOffAt: at }), now).signOffExpired).toBe(true);
  });

  it("an empty checklist is go at 100", () => {
    expect(computeReadiness([], now)).toMatchObject({ go: true, score: 100, total: 0, holding: [] });
  });
});
