import { describe, expect, it } from "vitest";
import type { TQaArtifact } from "@/lib/queries/qa";
import { deviceGroups, enginesNote, faultsView, ms, pointsSummary, shotKey } from "./metrics";

const shot = (name: string, meta: Record<string, unknown> = {}): TQaArtifact => ({ id: name, name, contentType: "image/png", size: 10, meta, href: `/a/${name}` });

describe("pointsSummary (the load charts in words)", () => {
  it("says the rate, the latency range and the errors", () => {
    const points = [
      { t: 1, rps: 100, p50: 4, p95: 12, p99: 30, errors: 0 },
      { t: 2, rps: 140, p50: 5, p95: 20, p99: 45, errors: 2 },
    ];
    expect(pointsSummary(points)).toBe("Over 2 seconds: 120 requests per second on average (lowest 100, highest 140); p95 latency between 12 ms and 20 ms; p99 at most 45 ms; 2 errors.");
    expect(pointsSummary([])).toBe("No per-second figures yet.");
  });

  it("skips what the points do not carry", () => {
    expect(pointsSummary([{ t: 0, rps: 3 }])).toBe("Over 1 second: 3 requests per second on average (lowest 3, highest 3); no errors.");
  });
});

describe("ms", () => {
  it("keeps small figures precise and large ones short", () => {
    expect([ms(2.345), ms(340.4), ms(1520), ms(null)]).toEqual(["2.3 ms", "340 ms", "1.5 s", "—"]);
  });
});

describe("deviceGroups (screenshots side by side)", () => {
  it("groups the matrix by page, profiles in the engine's order, light before dark", () => {
    const metrics = {
      profiles: [{ name: "desktop" }, { name: "phone" }],
      matrix: [
        { path: "/", profile: "phone", scheme: "dark", artifact: "devices/phone-dark-home.png", overflowPx: 24, smallTargets: [{}, {}] },
        { path: "/", profile: "desktop", scheme: "light", artifact: "devices/desktop-light-home.png", overflowPx: 0, smallTargets: 0, width: 1440, height: 900 },
        { path: "/pricing", profile: "phone", scheme: "light", error: "timed out" },
      ],
    };
    const groups = deviceGroups(metrics, [shot("devices/phone-dark-home.png"), shot("devices/desktop-light-home.png"), shot("report.json")]);
    expect(groups.map((g) => [g.path, g.profiles, g.schemes])).toEqual([
      ["/", ["desktop", "phone"], ["light", "dark"]],
      ["/pricing", ["phone"], ["light"]],
    ]);
    expect(groups[0].cells.get(shotKey("phone", "dark"))).toMatchObject({ href: "/a/devices/phone-dark-home.png", overflowPx: 24, smallTargets: 2 });
    expect(groups[1].cells.get(shotKey("phone", "light"))).toMatchObject({ href: null, error: "timed out" });
  });

  it("falls back to the screenshots' meta when there is no matrix", () => {
    const groups = deviceGroups({}, [shot("devices/a.png", { path: "/", profile: "tablet", scheme: "dark" })]);
    expect(groups[0].cells.get(shotKey("tablet", "dark"))?.href).toBe("/a/devices/a.png");
  });
});

describe("enginesNote", () => {
  it("uses the engine's sentence, or makes one from the names", () => {
    expect(enginesNote({ enginesNote: "Only Chromium here." })).toBe("Only Chromium here.");
    expect(enginesNote({ enginesUnavailable: ["firefox", "webkit"] })).toBe("Firefox and WebKit are not available on this machine; the screenshots are from Chromium only.");
    expect(enginesNote({})).toBeNull();
  });
});

describe("faultsView (a partial network failure run's figures)", () => {
  // As lib/qa/engines/fuzz.ts faultsResult writes them.
  const metrics = {
    mode: "faults",
    seed: 1,
    probes: ["GET /", "listItems /api/items"],
    faults: { requests: 20, byFault: { clean: 12, "reset-before": 3, "reset-mid": 1, truncate: 4 }, addedDelayMsTotal: 4000, upstreamUnreachable: 0 },
    targetAnswered: { clean: { "200": 11, "503": 1 }, "reset-before": { "no answer": 2, "200": 1 }, "reset-mid": { "200": 1 }, truncate: { "200": 4 } },
    clientSaw: { answered: 12, noAnswer: 8, proxyUnreachable: 0 },
    latency: { beforeP50Ms: 8, duringP50Ms: 215, afterP50Ms: null },
    recovered: false,
  };

  it("gives each fault its words, its share and what the target answered, server errors marked", () => {
    const v = faultsView(metrics);
    expect(v.rows.map((r) => [r.label, r.requests, r.share])).toEqual([
      ["No fault, only the delay", 12, 0.6],
      ["Reset before the answer", 3, 0.15],
      ["Reset during the answer", 1, 0.05],
      ["Answer cut short", 4, 0.2],
    ]);
    expect(v.rows[0].targetAnswered).toEqual([
      { answer: "200", count: 11, serverError: false },
      { answer: "503", count: 1, serverError: true },
    ]);
    expect(v.rows[1].targetAnswered.map((a) => a.answer)).toEqual(["200", "had not started answering"]);
  });

  it("reads latency against the baseline, the proxy's own delay, recovery and what the client saw", () => {
    const v = faultsView(metrics);
    expect(v.latency).toEqual({ beforeMs: 8, duringMs: 215, afterMs: null, addedAvgMs: 200 });
    expect(v.recovered).toBe(false);
    expect(v.clientSaw).toEqual({ answered: 12, noAnswer: 8, proxyUnreachable: 0 });
    expect(v.probes).toEqual(["GET /", "listItems /api/items"]);
  });

  it("answers nulls and no rows for an errored run that wrote nothing", () => {
    expect(faultsView({ mode: "faults" })).toEqual({
      requests: null,
      rows: [],
      clientSaw: { answered: null, noAnswer: null, proxyUnreachable: null },
      latency: { beforeMs: null, duringMs: null, afterMs: null, addedAvgMs: null },
      recovered: null,
      probes: [],
    });
  });
});
