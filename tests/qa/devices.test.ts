import { afterAll, describe, expect, it } from "vitest";
import { HOSTED_POLICY } from "@/lib/net/policy";
import { devicesEngine, ENGINES_UNAVAILABLE_NOTE } from "@/lib/qa/engines/devices";
import { devicesSettings, type TDevicesSettings } from "@/lib/qa/engines/devices-settings";
import type { EngineResult } from "@/lib/qa/engine";
import { devicesSite, GALLERY_IMAGES, manyResourcesSite, testContext, type Site } from "./fixtures/browser-sites";

// Real Chromium (CHROMIUM_PATH or /usr/bin/chromium) against a local site: /wide has a 1200 px banner and 16 px
// buttons, /clean is responsive with big targets and a dark stylesheet.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let s: Site;
afterAll(async () => {
  await s?.close();
});
async function target() {
  s ??= await devicesSite();
  return s;
}

const settings = (input: unknown = {}): TDevicesSettings => devicesSettings.parse(input);
type Cell = { path: string; profile: string; scheme: string; artifact: string | null; overflowPx: number; smallTargets: number; error?: string };
const matrix = (r: EngineResult) => (r.metrics as { matrix: Cell[] }).matrix;
const pairs = (r: EngineResult, rule: string) => r.findings.filter((f) => f.rule === rule).map((f) => f.location);

describe("devices settings", () => {
  it("fills the defaults and names the field and the rule in every error", () => {
    expect(settings()).toEqual({ paths: ["/"], profiles: ["desktop", "tablet", "phone"], colorSchemes: ["light", "dark"], fullPage: false, minTapTargetPx: 24 });
    const issues = devicesSettings
      .safeParse({ paths: [], profiles: ["watch"], colorSchemes: ["dark", "dark"], minTapTargetPx: 2 })
      .error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues).toEqual([
      "paths: must list at least one path",
      "profiles.0: must be one of desktop, laptop, tablet, phone, small-phone",
      "colorSchemes: must not repeat a colour scheme",
      "minTapTargetPx: must be at least 8",
    ]);
    expect(devicesSettings.safeParse({ paths: Array(11).fill("/") }).error!.issues[0].message).toBe("must list at most 10 paths");
  });
});

describe("devices engine", () => {
  it("flags sideways scrolling and small tap targets where they happen, per page and profile, with a PNG for every cell", async () => {
    const site = await target();
    const { ctx, progress } = testContext(site.url);
    const result = await devicesEngine.run(settings({ paths: ["/wide", "/clean"] }), ctx);

    expect(result.outcome).toBe("fail");
    expect(pairs(result, "horizontal-overflow").sort()).toEqual(["/wide on phone (390×844)", "/wide on tablet (820×1180)"]);
    expect(pairs(result, "tap-target-too-small").sort()).toEqual(["/wide on phone (390×844)", "/wide on tablet (820×1180)"]);
    expect(result.findings.every((f) => f.gating !== false)).toBe(true);

    const overflow = result.findings.find((f) => f.rule === "horizontal-overflow" && f.location.includes("phone"))!;
    expect(overflow.severity).toBe("serious");
    expect(overflow.detail).toMatchObject({ schemes: ["light", "dark"], offenders: [expect.objectContaining({ selector: "#wide-banner" })] });
    expect(overflow.title).toMatch(/^\/wide scrolls sideways on phone \(390×844\): the content is \d+ px wider than the screen\.$/);
    const taps = result.findings.find((f) => f.rule === "tap-target-too-small" && f.location.includes("phone"))!;
    expect(taps.severity).toBe("moderate");
    expect(taps.title).toBe("2 tap targets are smaller than 24 × 24 px on /wide on phone (390×844).");
    const targets = taps.detail.targets as { selector: string; width: number; height: number }[];
    expect(targets).toEqual([
      { selector: "div.pager > button.tiny:nth-of-type(1)", width: 16, height: 16 },
      { selector: "div.pager > button.tiny:nth-of-type(2)", width: 16, height: 16 },
    ]);

    const cells = matrix(result);
    expect(cells).toHaveLength(2 * 3 * 2);
    expect(cells.filter((c) => c.error)).toEqual([]);
    expect(cells.filter((c) => c.overflowPx > 0).map((c) => `${c.path} ${c.profile}`).sort()).toEqual([
      "/wide phone",
      "/wide phone",
      "/wide tablet",
      "/wide tablet",
    ]);
    expect(result.artifacts.map((a) => a.name).sort()).toEqual(cells.map((c) => c.artifact).sort());
    expect(result.artifacts.map((a) => a.name)).toContain("devices/phone-dark-wide.png");
    for (const artifact of result.artifacts) {
      expect(artifact.contentType, artifact.name).toBe("image/png");
      expect(artifact.data.subarray(0, 8).equals(PNG_SIGNATURE), artifact.name).toBe(true);
    }
    const shot = (name: string) => result.artifacts.find((a) => a.name === name)!.data;
    for (const profile of ["desktop", "tablet", "phone"]) {
      expect(shot(`devices/${profile}-light-clean.png`).equals(shot(`devices/${profile}-dark-clean.png`)), profile).toBe(false);
    }
    expect(result.metrics).toMatchObject({ enginesUnavailable: ["firefox", "webkit"], enginesNote: ENGINES_UNAVAILABLE_NOTE });
    expect(progress.map((p) => p.message)).toContain("Cell 12 of 12: /clean on phone, dark");
  }, 60_000);

  it("passes a clean responsive page on every profile with zero findings", async () => {
    const site = await target();
    const { ctx } = testContext(site.url);
    const profiles = ["desktop", "laptop", "tablet", "phone", "small-phone"];
    const result = await devicesEngine.run(settings({ paths: ["/clean"], profiles, colorSchemes: ["dark"], fullPage: true }), ctx);
    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(true);
    expect(result.summary).toBe("5 screenshots taken: nothing scrolls sideways and every tap target is at least 24 px.");
    expect(result.artifacts.map((a) => a.name)).toEqual(profiles.map((p) => `devices/${p}-dark-clean.png`));
  }, 60_000);

  it("returns an error with the reason when the policy refuses the target, without throwing or connecting", async () => {
    const site = await target();
    const before = site.seen.length;
    const { ctx } = testContext(site.url, { policy: HOSTED_POLICY });
    const result = await devicesEngine.run(settings(), ctx);
    expect(result.outcome).toBe("error");
    expect(result.summary).toBe(
      "The device run could not start: This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.",
    );
    expect(result.findings).toEqual([]);
    expect(site.seen.length).toBe(before);
  });

  it("stops at the run's time limit and says so", async () => {
    const site = await target();
    const { ctx } = testContext(site.url, { limits: { maxDurationMs: 1, maxRequests: 1000 } });
    const result = await devicesEngine.run(settings({ paths: ["/clean"] }), ctx);
    expect(result.outcome).toBe("error");
    expect(result.summary).toBe("No page could be loaded on any device: the run was stopped at its time limit first.");
  }, 60_000);

  it("counts page loads and their resources against maxRequests, and stops there, unreliable", async () => {
    const gallery = await manyResourcesSite();
    try {
      // One cell of /gallery needs 31 requests or more: 40 cover the first cell and not the second.
      const { ctx } = testContext(gallery.url, { limits: { maxDurationMs: 120_000, maxRequests: 40 } });
      const result = await devicesEngine.run(settings({ paths: ["/gallery"], profiles: ["desktop"] }), ctx);
      expect(gallery.seen.length).toBeLessThanOrEqual(40);
      expect(gallery.seen.length).toBeGreaterThan(GALLERY_IMAGES);
      expect(matrix(result).map((c) => [c.scheme, Boolean(c.error)])).toEqual([["light", false], ["dark", true]]);
      expect(result.metrics).toMatchObject({ requests: 40, stoppedBecause: "request-limit" });
      expect(result.reliable).toBe(false);
      expect(result.unreliableReason).toBe("1 of 2 cells were not captured (the run was stopped at its request limit); see the log.");
    } finally {
      await gallery.close();
    }
  }, 60_000);

  it("stops when cancelled and returns what it has", async () => {
    const site = await target();
    const controller = new AbortController();
    const { ctx } = testContext(site.url, {
      signal: controller.signal,
      progress: (_fraction, message) => {
        if (message.startsWith("Cell 3 of")) controller.abort();
      },
    });
    const result = await devicesEngine.run(settings({ paths: ["/clean"], colorSchemes: ["light"] }), ctx);
    expect(matrix(result).filter((c) => !c.error)).toHaveLength(2);
    expect(result.reliable).toBe(false);
    expect(result.unreliableReason).toBe("1 of 3 cells were not captured (the run was cancelled); see the log.");
  }, 60_000);
});
