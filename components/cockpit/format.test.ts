import { describe, expect, it } from "vitest";
import type { TCockpitTarget } from "@/lib/queries/cockpit";
import { approvalsSentence, countdown, deploymentsInFlight, driftSentence, healthSentence, waitingApprovals } from "./format";

const H = 3_600_000;
const now = Date.parse("2026-11-20T12:00:00Z");
const dep = (id: string, createdAt: string) => ({ id, number: 1, kind: "deploy" as const, status: "queued" as const, version: "1.0.0", requestedBy: "ada", createdAt, since: createdAt });
const target = (over: Partial<TCockpitTarget>): TCockpitTarget => ({
  id: over.name ?? "t",
  name: "staging",
  environment: "staging",
  baseUrl: "http://x",
  health: null,
  live: null,
  lock: null,
  inFlight: [],
  awaitingApproval: [],
  recent: [],
  ...over,
});
const health = (state: "up" | "down" | "degraded") => ({ checkId: "c", name: "Health", state, lastLatencyMs: 10, lastResultAt: null, lastError: null, recentLatencies: [], uptime24hPct: 100, openIncidentId: null });
const live = (version: string) => ({ deploymentId: "d", number: 1, version, since: "2026-11-01T00:00:00Z", kind: "deploy" as const });

describe("countdown", () => {
  it("counts days and hours, then hours and minutes, to the launch date", () => {
    expect(countdown(new Date(now + 3 * 24 * H + 4 * H + 59_000).toISOString(), now)).toEqual({ label: "T-3 d 4 h", words: "3 days 4 hours to the launch date", past: false });
    expect(countdown(new Date(now + 5 * H + 12 * 60_000).toISOString(), now).label).toBe("T-5 h 12 min");
    expect(countdown(new Date(now + 60 * 60_000 - 1).toISOString(), now).words).toBe("59 minutes to the launch date");
  });
  it("says T-0 within a minute and counts up after the date", () => {
    expect(countdown(new Date(now + 30_000).toISOString(), now).label).toBe("T-0");
    expect(countdown(new Date(now - 2 * 24 * H - H).toISOString(), now)).toEqual({ label: "T+2 d 1 h", words: "2 days 1 hour since the launch date", past: true });
  });
});

describe("lists across targets", () => {
  const targets = [
    target({ name: "production", environment: "production", inFlight: [dep("b", "2026-11-20T11:00:00Z")], awaitingApproval: [{ ...dep("w1", "x"), approvalsRequired: 2, approvalsValid: 1, waitingMs: 5 }] }),
    target({ name: "staging", inFlight: [dep("a", "2026-11-20T10:00:00Z")], awaitingApproval: [{ ...dep("w2", "x"), approvalsRequired: 1, approvalsValid: 0, waitingMs: 50 }] }),
  ];
  it("puts the longest waiting approval first and the oldest deployment in flight first, naming the target", () => {
    expect(waitingApprovals({ targets }).map((d) => [d.id, d.target.name])).toEqual([["w2", "staging"], ["w1", "production"]]);
    expect(deploymentsInFlight({ targets }).map((d) => d.id)).toEqual(["a", "b"]);
  });
  it("says how many approvals are missing", () => {
    expect(approvalsSentence({ approvalsRequired: 2, approvalsValid: 1 })).toBe("1 of 2 approvals, needs 1 more");
    expect(approvalsSentence({ approvalsRequired: 1, approvalsValid: 1 })).toBe("1 of 1 approvals");
  });
});

describe("sentences", () => {
  it("names drift between environments, production first, and stays quiet without it", () => {
    expect(driftSentence([target({ name: "staging", live: live("1.5.0") }), target({ name: "prod", environment: "production", live: live("1.4.0") })])).toBe("Versions differ: prod 1.4.0, staging 1.5.0.");
    expect(driftSentence([target({ live: live("1.5.0") }), target({ name: "prod", live: live("1.5.0") }), target({ name: "new" })])).toBeNull();
  });
  it("sums up health with the failing environments named", () => {
    expect(healthSentence([target({ name: "production", health: health("down") }), target({ health: health("up") }), target({ name: "preview" })])).toBe(
      "1 of 3 environments up; production is down; 1 environment without a health check.",
    );
    expect(healthSentence([])).toBe("No environments yet.");
  });
});
