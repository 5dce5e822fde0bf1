import { describe, expect, it } from "vitest";
import { buildSettings, initialValues, placeIssues } from "./settings";

describe("buildSettings (what the QA forms send)", () => {
  it("sends only the fields a person changed, in the settings' own shape", () => {
    const values = { ...initialValues("load"), "load.connections": "25", "load.durationSeconds": "60", "load.paths": "/\n /pricing \n\n", "load.thresholds": "p(95)<300" };
    expect(buildSettings("load", values, new Set(["load.connections", "load.paths"]))).toEqual({ connections: 25, requests: [{ method: "GET", path: "/" }, { method: "GET", path: "/pricing" }] });
    expect(buildSettings("load", values, new Set())).toEqual({});
  });

  it("nests a11y pages, removes emptied fields and keeps what a profile saved", () => {
    const base = { pages: { source: "list", paths: ["/a"], maxPages: 5 }, tags: ["wcag2a"] };
    const values = { ...initialValues("a11y", base), "a11y.maxPages": "", "a11y.paths": "/a\n/b" };
    expect(buildSettings("a11y", values, new Set(["a11y.maxPages", "a11y.paths"]), base)).toEqual({ pages: { source: "list", paths: ["/a", "/b"] }, tags: ["wcag2a"] });
    expect(base.pages.maxPages).toBe(5);
  });

  it("keeps a saved request's method for a path that stays, and drops the rate in connections mode", () => {
    const base = { mode: "rate", rate: 50, requests: [{ method: "POST", path: "/api/feedback", body: "{}" }] };
    const values = { ...initialValues("load", base), "load.mode": "connections", "load.paths": "/api/feedback\n/" };
    expect(buildSettings("load", values, new Set(["load.mode", "load.paths"]), base)).toEqual({
      mode: "connections",
      requests: [{ method: "POST", path: "/api/feedback", body: "{}" }, { method: "GET", path: "/" }],
    });
  });

  it("reads checkboxes and lists back from saved settings", () => {
    expect(initialValues("devices", { profiles: ["phone"], colorSchemes: ["dark"] })).toEqual({ "devices.paths": "", "devices.profiles": ["phone"], "devices.colorSchemes": ["dark"] });
    expect(initialValues("fuzz")).toEqual({
      "fuzz.mode": "inputs",
      "fuzz.openapiPath": "",
      "fuzz.allowUnsafeMethods": false,
      "fuzz.pages": "",
      "fuzz.rounds": "",
      "fuzz.latencyMs": "",
      "fuzz.latencyJitterMs": "",
      "fuzz.resetRate": "",
      "fuzz.truncateRate": "",
    });
  });

  it("sends the partial-network-failure mode with its pages and faults, rates typed as percentages", () => {
    const values = {
      ...initialValues("fuzz"),
      "fuzz.mode": "faults",
      "fuzz.pages": "/\n/pricing",
      "fuzz.rounds": "5",
      "fuzz.latencyMs": "300",
      "fuzz.latencyJitterMs": "0",
      "fuzz.resetRate": "7",
      "fuzz.truncateRate": "12.5",
      "fuzz.allowUnsafeMethods": true,
    };
    const changed = new Set(["fuzz.mode", "fuzz.pages", "fuzz.rounds", "fuzz.latencyMs", "fuzz.latencyJitterMs", "fuzz.resetRate", "fuzz.truncateRate", "fuzz.allowUnsafeMethods"]);
    // allowUnsafeMethods is hidden in this mode (only reads go through the proxy), so it is not sent.
    expect(buildSettings("fuzz", values, changed)).toEqual({
      mode: "faults",
      pages: ["/", "/pricing"],
      faults: { rounds: 5, latencyMs: 300, latencyJitterMs: 0, resetRate: 0.07, truncateRate: 0.125 },
    });
    expect(buildSettings("fuzz", { ...values, "fuzz.latencyMs": "" }, new Set(["fuzz.mode", "fuzz.latencyMs"]))).toEqual({ mode: "faults" });
  });

  it("reads a saved faults profile back as percentages, and drops its faults when switched to bad input", () => {
    const base = { mode: "faults", pages: ["/a"], faults: { resetRate: 0.07, truncateRate: 0.3, rounds: 2 }, seed: 9 };
    const values = initialValues("fuzz", base);
    expect(values).toMatchObject({ "fuzz.mode": "faults", "fuzz.pages": "/a", "fuzz.resetRate": "7", "fuzz.truncateRate": "30", "fuzz.rounds": "2", "fuzz.latencyMs": "" });
    expect(buildSettings("fuzz", { ...values, "fuzz.truncateRate": "10" }, new Set(["fuzz.truncateRate"]), base)).toEqual({ ...base, faults: { resetRate: 0.07, truncateRate: 0.1, rounds: 2 } });
    expect(buildSettings("fuzz", { ...values, "fuzz.mode": "inputs", "fuzz.allowUnsafeMethods": true }, new Set(["fuzz.mode", "fuzz.allowUnsafeMethods"]), base)).toEqual({
      mode: "inputs",
      allowUnsafeMethods: true,
      seed: 9,
    });
  });
});

describe("placeIssues (the API's 400 issues beside their fields)", () => {
  it("puts nested and listed issues on their field, with the line they are about", () => {
    const placed = placeIssues("load", [
      { path: "settings.connections", rule: "too_big", message: "connections must be at most 1,000" },
      { path: "settings.requests.1.path", rule: "invalid_format", message: 'path must start with "/"' },
      { path: "settings.thresholds.0", rule: "custom", message: '"p95<3" is not a threshold' },
      { path: "confirmProduction", rule: "required", message: "must be true: this run sends QA traffic to a production target (production)" },
      { path: "settings.stages", rule: "custom", message: "stages must last at most 600 seconds" },
    ]);
    expect(placed.fields).toEqual({
      "load.connections": "Must be at most 1,000.",
      "load.paths": 'Line 2: must start with "/".',
      "load.thresholds": 'Line 1: "p95<3" is not a threshold.',
      confirmProduction: "Must be true: this run sends QA traffic to a production target (production).",
    });
    expect(placed.other).toEqual(["settings.stages: stages must last at most 600 seconds"]);
  });

  it("puts fuzz fault issues on their fields in the form's own units", () => {
    const placed = placeIssues("fuzz", [
      { path: "settings.faults.latencyMs", rule: "too_big", message: "faults.latencyMs must be 0 to 10000" },
      { path: "settings.faults.resetRate", rule: "too_big", message: "faults.resetRate must be 0 to 1" },
      { path: "settings.faults.truncateRate", rule: "custom", message: "faults.resetRate plus faults.truncateRate must be at most 1" },
      { path: "settings.pages.1", rule: "invalid_format", message: 'pages must be paths on the target starting with "/"' },
    ]);
    expect(placed.fields).toEqual({
      "fuzz.latencyMs": "Must be 0 to 10000.",
      "fuzz.resetRate": "Must be 0 to 100 (%).",
      "fuzz.truncateRate": "Resets and cut answers together must be at most 100%.",
      "fuzz.pages": 'Line 2: must be paths on the target starting with "/".',
    });
  });

  it("finds the a11y page settings under settings.pages", () => {
    expect(placeIssues("a11y", [{ path: "settings.pages.maxPages", rule: "too_big", message: "must be at most 50" }]).fields).toEqual({ "a11y.maxPages": "Must be at most 50." });
  });
});
