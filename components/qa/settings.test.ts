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
    expect(initialValues("fuzz")).toEqual({ "fuzz.openapiPath": "", "fuzz.allowUnsafeMethods": false });
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

  it("finds the a11y page settings under settings.pages", () => {
    expect(placeIssues("a11y", [{ path: "settings.pages.maxPages", rule: "too_big", message: "must be at most 50" }]).fields).toEqual({ "a11y.maxPages": "Must be at most 50." });
  });
});
