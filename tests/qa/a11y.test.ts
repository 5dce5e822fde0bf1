import { afterAll, describe, expect, it } from "vitest";
import { a11yEngine } from "@/lib/qa/engines/a11y";
import { a11ySettings, type TA11ySettings } from "@/lib/qa/engines/a11y-settings";
import type { EngineResult } from "@/lib/qa/engine";
import { startDemoTarget } from "@/examples/demo-target/server.mjs";
import { a11yCleanSite, a11yPlantedSite, embedsSite, GALLERY_IMAGES, manyResourcesSite, PLANTED_A11Y, PLANTED_REVIEW, site, testContext, type Site } from "./fixtures/browser-sites";

// Real Chromium (CHROMIUM_PATH or /usr/bin/chromium) against local sites with known planted problems.

const open: Site[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});
async function started(s: Promise<Site>) {
  open.push(await s);
  return open[open.length - 1];
}

const settings = (input: unknown = {}): TA11ySettings => a11ySettings.parse(input);
const violations = (r: EngineResult) => r.findings.filter((f) => !f.needsReview);
const find = (r: EngineResult, rule: string, page: string) => violations(r).find((f) => f.rule === rule && f.location === page);

describe("a11y settings", () => {
  it("fills the defaults and names the field and the rule in every error", () => {
    expect(settings()).toEqual({
      pages: { source: "sitemap", maxPages: 10 },
      tags: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
      failOn: ["critical", "serious"],
      suppressions: [],
    });
    const issues = a11ySettings.safeParse({
      pages: { source: "list", maxPages: 51 },
      tags: ["wcag9"],
      suppressions: [{ rule: "color-contrast", reason: "x", expiresAt: "soon" }],
    }).error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        "pages.maxPages: must be at most 50",
        expect.stringMatching(/^tags\.0: must be one of wcag2a, /),
        "suppressions.0.reason: must say why in at least 3 characters",
        "suppressions.0.expiresAt: must be an ISO date such as 2026-06-30",
      ]),
    );
    expect(a11ySettings.safeParse({ pages: { source: "list" } }).error!.issues[0]).toMatchObject({ path: ["pages", "paths"], message: 'must list paths when source is "list"' });
  });
});

describe("a11y engine", () => {
  let first: EngineResult;

  it("finds every planted problem on the page it was planted on, and keeps needs-review apart", async () => {
    const s = await started(a11yPlantedSite());
    const { ctx, progress } = testContext(s.url);
    first = await a11yEngine.run(settings(), ctx);

    expect(first.outcome).toBe("fail");
    for (const planted of PLANTED_A11Y) {
      const f = find(first, planted.rule, planted.page);
      expect(f, `${planted.rule} on ${planted.page}`).toBeDefined();
      expect(f!.gating, planted.rule).toBe(true);
      expect(f!.advice).toMatch(/; see https:\/\/dequeuniversity\.com\/rules\/axe\//);
    }
    const contrast = find(first, "color-contrast", "/")!;
    expect(contrast.title).toBe("2 elements have insufficient colour contrast on /.");
    expect(contrast.severity).toBe("serious");
    expect(contrast.detail).toMatchObject({ rule: "color-contrast", impact: "serious", count: 2 });
    expect((contrast.detail.nodes as { selector: string }[]).map((n) => n.selector)).toEqual(["#low1", "#low2"]);
    expect(find(first, "image-alt", "/")!.severity).toBe("critical");
    const targets = find(first, "target-size", "/contact")!;
    expect(targets.title).toBe("2 touch targets are smaller than 24 × 24 px on /contact.");
    expect((targets.detail.nodes as { selector: string }[]).map((n) => n.selector)).toEqual(["#prev", "#next"]);

    const review = first.findings.filter((f) => f.needsReview);
    expect(review.map((f) => [f.rule, f.location])).toContainEqual([PLANTED_REVIEW.rule, PLANTED_REVIEW.page]);
    expect(review.every((f) => f.gating === false)).toBe(true);
    expect(violations(first).some((f) => f.location === "/contact" && f.rule === "color-contrast")).toBe(false);

    const fingerprints = first.findings.map((f) => f.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    const metrics = first.metrics as { pages: { path: string }[]; byImpact: Record<string, number>; needsReview: number };
    expect(metrics.pages.map((p) => p.path)).toEqual(["/", "/contact"]);
    expect(metrics.byImpact.critical).toBeGreaterThanOrEqual(3);
    expect(metrics.needsReview).toBe(review.length);
    expect(progress.map((p) => p.message)).toContain("Page 2 of 2: /contact");
  }, 60_000);

  it("hides a rule under a suppression that has not expired, and not under one that has", async () => {
    const s = await started(a11yPlantedSite());
    const { ctx, logs } = testContext(s.url);
    const result = await a11yEngine.run(
      settings({
        suppressions: [
          { rule: "image-alt", reason: "Decorative logo, fixed in the redesign", expiresAt: "2999-12-31" },
          { rule: "color-contrast", selector: "#low2", reason: "Legal small print, reviewed", expiresAt: "2999-12-31T00:00:00Z" },
          { rule: "label", reason: "Waiting on the forms library", expiresAt: "2020-01-01" },
        ],
      }),
      ctx,
    );
    expect(find(result, "image-alt", "/")).toBeUndefined();
    expect(find(result, "color-contrast", "/")!.detail).toMatchObject({ count: 1, nodes: [expect.objectContaining({ selector: "#low1" })] });
    expect(find(result, "label", "/contact")).toBeDefined();
    expect(logs.map((l) => l.message)).toContain('The suppression of label ("Waiting on the forms library") expired on 2020-01-01; its violations count again.');
    const suppressed = (result.metrics as { suppressed: unknown[] }).suppressed;
    expect(suppressed).toHaveLength(2);
    expect(suppressed).toEqual(
      expect.arrayContaining([
        { rule: "image-alt", page: "/", count: 1, reason: "Decorative logo, fixed in the redesign", expiresAt: "2999-12-31" },
        { rule: "color-contrast", page: "/", count: 1, selector: "#low2", reason: "Legal small print, reviewed", expiresAt: "2999-12-31T00:00:00Z" },
      ]),
    );
    // Same problems on another port: same fingerprints.
    for (const rule of ["label", "button-name"]) {
      expect(violations(result).find((f) => f.rule === rule)!.fingerprint).toBe(violations(first).find((f) => f.rule === rule)!.fingerprint);
    }
  }, 60_000);

  it("passes a clean site with zero findings, crawling links when there is no sitemap, under a name pinned to its checked address", async () => {
    const s = await started(a11yCleanSite());
    // Chromium cannot resolve shop.test: the page loads only because the engine pinned it to the address it checked.
    const lookup = async () => [{ address: "127.0.0.1", family: 4 }];
    const { ctx, logs } = testContext(`http://shop.test:${s.port}`, { lookup });
    const result = await a11yEngine.run(settings(), ctx);
    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(true);
    expect(result.summary).toBe("2 pages audited: no violations.");
    expect((result.metrics as { pages: { path: string }[] }).pages.map((p) => p.path)).toEqual(["/", "/contact"]);
    expect(logs.map((l) => l.message)).toContain("There is no sitemap at /sitemap.xml (HTTP 404); discovering pages by following links from / instead.");
  }, 60_000);

  it("relays other hosts through the policy and blocks what it refuses, without the browser connecting", async () => {
    const other = await started(site({ "/secret.png": { type: "image/png", body: "" } }, "127.0.0.2"));
    const target = await started(embedsSite(`${other.url}/secret.png`));
    const lookup = async (host: string) => [{ address: host === "cdn.test" ? "127.0.0.1" : "203.0.113.9", family: 4 }];
    const policy = { allowLoopback: false, allowPrivate: false, allowLinkLocal: false, allowedCidrs: ["127.0.0.1/32"] };
    const { ctx, logs } = testContext(target.url, { policy, lookup });
    const result = await a11yEngine.run(settings({ pages: { source: "list", paths: ["/"] } }), ctx);

    expect(result.outcome).toBe("pass");
    expect(other.seen).toEqual([]);
    expect(logs.map((l) => l.message)).toContain(
      `Blocked requests to 127.0.0.2:${other.port}: This instance does not let workers reach loopback addresses (127.0.0.2). An instance admin can allow them under Admin → Network.`,
    );
    expect(target.seen).toContainEqual(expect.objectContaining({ host: `cdn.test:${target.port}`, path: "/style.css" }));
  }, 60_000);

  it("counts every request the browser sends against maxRequests, and stops the run there, unreliable", async () => {
    const s = await started(manyResourcesSite());
    const { ctx, logs } = testContext(s.url, { limits: { maxDurationMs: 120_000, maxRequests: 12 } });
    const result = await a11yEngine.run(settings({ pages: { source: "list", paths: ["/", "/gallery"] } }), ctx);

    // The gallery alone needs 31 requests: the cap, not the page count, is what stopped the run.
    expect(s.seen.length).toBeLessThanOrEqual(12);
    expect(s.seen.filter((r) => r.path.startsWith("/img/")).length).toBeLessThan(GALLERY_IMAGES);
    expect(result.metrics).toMatchObject({ requests: 12, stoppedBecause: "request-limit" });
    expect(logs.map((l) => l.message)).toContain("Stopping: the run's request limit (12 requests, counting pages and the resources they load) was reached.");
    // What was audited is kept (the clean home page), but the run does not claim the gallery.
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(false);
    expect(result.unreliableReason).toBe("1 of 2 pages were not audited (the run was stopped at its request limit); see the log.");
    const pages = (result.metrics as { pages: { path: string; error?: string }[] }).pages;
    expect(pages.map((p) => [p.path, Boolean(p.error)])).toEqual([["/", false], ["/gallery", true]]);
  }, 60_000);

  it("audits the same pages whole under a limit they fit in", async () => {
    const s = await started(manyResourcesSite());
    const { ctx } = testContext(s.url, { limits: { maxDurationMs: 120_000, maxRequests: 1000 } });
    const result = await a11yEngine.run(settings({ pages: { source: "list", paths: ["/", "/gallery"] } }), ctx);
    expect(s.seen.filter((r) => r.path.startsWith("/img/")).length).toBe(GALLERY_IMAGES);
    expect(result).toMatchObject({ outcome: "pass", reliable: true, findings: [] });
    // Every request that reached the server was counted (one the page was closed on may be counted and never arrive).
    expect(s.seen.length).toBeGreaterThanOrEqual(GALLERY_IMAGES + 2);
    expect(result.metrics.requests as number).toBeGreaterThanOrEqual(s.seen.length);
    expect(result.metrics).not.toHaveProperty("stoppedBecause");
  }, 60_000);

  it("returns an error with the reason when the policy refuses the target, without throwing", async () => {
    const s = await started(a11yPlantedSite());
    const { ctx } = testContext(s.url, { policy: { allowLoopback: false, allowPrivate: false, allowLinkLocal: false, allowedCidrs: [] } });
    const result = await a11yEngine.run(settings(), ctx);
    expect(result.outcome).toBe("error");
    expect(result.summary).toBe(
      "The audit could not start: This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.",
    );
    expect(s.seen).toEqual([]);
  });
});

describe("a11y engine on the demo target", () => {
  it("finds the four problems planted on /changelog, and nothing on the other pages", async () => {
    const target = await startDemoTarget({ port: 0, log: false });
    try {
      const result = await a11yEngine.run(settings(), testContext(target.url).ctx);
      const found = violations(result).map((f) => [f.rule, f.location]).sort();
      expect(found).toEqual([
        ["button-name", "/changelog"],
        ["color-contrast", "/changelog"],
        ["image-alt", "/changelog"],
        ["label", "/changelog"],
      ]);
      expect(violations(result).every((f) => f.gating)).toBe(true);
      expect((result.metrics as { pages: { path: string; error?: string }[] }).pages.map((p) => [p.path, p.error])).toEqual([
        ["/", undefined],
        ["/pricing", undefined],
        ["/about", undefined],
        ["/changelog", undefined],
      ]);
      expect(result).toMatchObject({ outcome: "fail", reliable: true });
    } finally {
      await target.close(100);
    }
  }, 60_000);
});
