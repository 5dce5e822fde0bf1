import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type http from "node:http";
import { HOSTED_POLICY, LOCAL_POLICY } from "@/lib/net/policy";
import type { EngineContext, EngineFinding, EngineResult } from "@/lib/qa/engine";
import { linksEngine, parseRetryAfter } from "@/lib/qa/engines/links";
import { linksSettings, type TLinksSettings } from "@/lib/qa/engines/links-settings";
import { localServer } from "@/tests/net/local-server";
import { httpsServer } from "./fixtures/tls";
import { startDemoTarget } from "@/examples/demo-target/server.mjs";

// Real local servers with known planted problems; the engine must find every one of them, and nothing on a clean site.

type Server = Awaited<ReturnType<typeof localServer>>;

const page = (title: string | null, body: string) =>
  `<!doctype html><html lang="en"><head>${title === null ? "" : `<title>${title}</title>`}</head><body>${body}</body></html>`;

function send(res: http.ServerResponse, status: number, body = "", type = "text/html; charset=utf-8", headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": type, ...headers });
  res.end(body);
}

/** The site with one of each problem. `external` is another local server: another port is another origin. */
function plantedSite(external: string): http.RequestListener {
  const pages: Record<string, string> = {
    "/": page(
      "Home",
      `<link rel="stylesheet" href="/style.css"><script src="/app.js"></script><img src="/logo.png" alt="">
      <a href="/about">About</a> <a href="/products">Products</a> <a href="/missing">Old page</a> <a href="/no-title">Untitled</a>
      <a href="/slow">Slow</a> <a href="/r1">Old address</a>
      <a href="mailto:hi@example.test">Mail</a> <a href="tel:+15551234">Call</a> <a href="javascript:void(0)">JS</a> <a href="#top">Top</a>
      <a href="data:text/html,hi">Data</a>
      <!-- <a href="/commented-out">gone</a> -->
      <script>const s = '<a href="/in-script">';</script>
      <a href='${external}/flaky'>Partner</a> <a href=${external}/always-429>Busy partner</a> <a href="${external}/gone">Dead partner</a>`,
    ),
    "/about": page(
      "About",
      `<base href="/docs/"><a href="guide">Guide</a> <a href="/missing#section">Old page again</a> <a href="/">Home</a>
      <img src="/head-405.png" alt="">`,
    ),
    "/docs/guide": page("Guide", `<a href="/about">About</a>`),
    "/products": page("Products", `<img src="/broken.png" alt="Broken"><img src="/logo.png" srcset="/logo.png 1x, /logo@2x.png 2x" alt="">`),
    "/no-title": page(null, `<p>No title here.</p><svg><title>An icon's tooltip is not a page title</title></svg>`),
  };
  const files: Record<string, string> = { "/style.css": "text/css", "/app.js": "text/javascript", "/logo.png": "image/png", "/logo@2x.png": "image/png" };
  const redirects: Record<string, string> = { "/r1": "/r2", "/r2": "/r3", "/r3": "/r4", "/r4": "/about" };
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (pages[path]) return send(res, 200, pages[path]);
    if (files[path]) return send(res, 200, "x", files[path]);
    if (redirects[path]) return send(res, 301, "", "text/plain", { location: redirects[path] });
    if (path === "/slow") return void setTimeout(() => send(res, 200, page("Slow", "<p>Finally.</p>")), 2000);
    if (path === "/head-405.png") return req.method === "HEAD" ? send(res, 405, "", "text/plain", { allow: "GET" }) : send(res, 200, "x", "image/png");
    send(res, 404, page("Not found", "<p>Not found</p>"));
  };
}

/** Another origin: one link that is rate-limited once, one that always is, one that is gone. Records concurrency. */
function externalSite() {
  // Arrival times (ms, this process's monotonic clock) of each request to the rate-limited paths, as the server saw them.
  const state = { flakyCalls: 0, busyCalls: 0, inFlight: 0, maxInFlight: 0, flakyAt: [] as number[], busyAt: [] as number[] };
  const handler: http.RequestListener = (req, res) => {
    if (req.url === "/flaky") state.flakyAt.push(performance.now());
    if (req.url === "/always-429") state.busyAt.push(performance.now());
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on("finish", () => state.inFlight--);
    const path = req.url ?? "/";
    // Answer a little later so overlapping requests, if the engine sent any, would be seen overlapping.
    setTimeout(() => {
      // 2 s: longer than the engine's own first back-off (1 s), so only honouring Retry-After explains the wait.
      if (path === "/flaky") return ++state.flakyCalls === 1 ? send(res, 429, "", "text/plain", { "retry-after": "2" }) : send(res, 200, page("Partner", ""));
      if (path === "/always-429") return ++state.busyCalls, send(res, 429, "", "text/plain", { "retry-after": "1" });
      send(res, 404, "gone", "text/plain");
    }, 50);
  };
  return { state, handler };
}

function context(baseUrl: string, overrides: Partial<EngineContext> = {}) {
  const logs: [string, string][] = [];
  const progress: [number, string][] = [];
  const ctx: EngineContext = {
    baseUrl,
    policy: LOCAL_POLICY,
    signal: new AbortController().signal,
    limits: { maxDurationMs: 60_000, maxRequests: 1_000 },
    progress: (fraction, message) => progress.push([fraction, message]),
    log: (level, message) => logs.push([level, message]),
    series: () => {},
    ...overrides,
  };
  return { ctx, logs, progress };
}

const settings = (input: Partial<TLinksSettings> = {}) => linksSettings.parse(input);
const brief = (findings: EngineFinding[]) => findings.map((f) => [f.rule, f.location]);
const paths = (server: Server) => server.seen.map((s) => s.path);

describe("links engine on a site with planted problems", () => {
  const servers: Server[] = [];
  let site: Server;
  let external: Server;
  let externalState: ReturnType<typeof externalSite>["state"];
  let result: EngineResult;
  let again: EngineResult;
  let logs: [string, string][];
  let progress: [number, string][];

  beforeAll(async () => {
    const ext = externalSite();
    externalState = ext.state;
    external = await localServer(ext.handler);
    site = await localServer(plantedSite(external.url));
    // A second copy on other ports, run at the same time, for fingerprint stability.
    const ext2 = await localServer(externalSite().handler);
    const site2 = await localServer(plantedSite(ext2.url));
    servers.push(external, site, ext2, site2);
    const run = context(site.url);
    ({ logs, progress } = run);
    const options = settings({ checkExternal: true, slowPageMs: 500 });
    [result, again] = await Promise.all([linksEngine.run(options, run.ctx), linksEngine.run(options, context(site2.url).ctx)]);
  }, 30_000);
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it("finds every planted problem and nothing else", () => {
    expect(brief(result.findings)).toEqual([
      ["broken-link", "/missing"],
      ["broken-resource", "/broken.png"],
      ["missing-title", "/no-title"],
      ["external-broken", `${external.url}/gone`],
      ["slow-page", "/slow"],
      ["external-rate-limited", `${external.url}/always-429`],
      ["redirect-chain", "/r1"],
    ]);
    expect(result.outcome).toBe("fail");
    expect(result.reliable).toBe(true);
  });

  it("reports a broken link once, with its status and every page it is on", () => {
    const missing = result.findings.find((f) => f.rule === "broken-link")!;
    expect(missing).toMatchObject({ severity: "serious", gating: true });
    expect(missing.detail).toMatchObject({ url: "/missing", status: 404, pages: ["/", "/about"], pageCount: 2 });
    expect(missing.title).toBe("/missing answers 404; it is linked from 2 pages.");
    expect(missing.advice).toContain("/ and /about");
  });

  it("reports the broken image with the page that loads it", () => {
    const image = result.findings.find((f) => f.rule === "broken-resource")!;
    expect(image).toMatchObject({ severity: "serious", gating: true });
    expect(image.detail).toMatchObject({ status: 404, kind: "image", pages: ["/products"], pageCount: 1 });
    expect(image.title).toBe("The image /broken.png answers 404; 1 page loads it.");
  });

  it("reports the untitled page and the slow page (with its time, as a warning)", () => {
    expect(result.findings.find((f) => f.rule === "missing-title")).toMatchObject({ severity: "moderate", gating: true, title: "/no-title has no <title>." });
    const slow = result.findings.find((f) => f.rule === "slow-page")!;
    expect(slow).toMatchObject({ severity: "moderate", gating: false });
    expect(slow.detail.ms as number).toBeGreaterThan(500);
    expect(slow.detail.slowPageMs).toBe(500);
  });

  it("retries a 429 after Retry-After and counts it OK, and warns about one that stays 429", () => {
    expect(externalState.flakyCalls).toBe(2);
    expect(externalState.busyCalls).toBe(3); // the first answer and two retries
    // Retry-After was honoured: each retry reached the server at least that long after the request it retries (2 s for
    // /flaky, 1 s for /always-429). A lower bound only: a slow machine makes the gap longer, never shorter.
    const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]);
    expect(gaps(externalState.flakyAt)).toEqual([expect.any(Number)]);
    expect(gaps(externalState.flakyAt)[0]).toBeGreaterThanOrEqual(2000);
    expect(gaps(externalState.busyAt)).toHaveLength(2);
    for (const gap of gaps(externalState.busyAt)) expect(gap).toBeGreaterThanOrEqual(1000);
    const busy = result.findings.find((f) => f.rule === "external-rate-limited")!;
    expect(busy).toMatchObject({ severity: "minor", gating: false });
    expect(busy.title).toContain("counted as a warning");
    const gone = result.findings.find((f) => f.rule === "external-broken")!;
    expect(gone).toMatchObject({ severity: "moderate", gating: false });
    expect(gone.detail).toMatchObject({ status: 404, pages: ["/"] });
  });

  it("sends at most externalPerHostConcurrency (1) requests at a time to an external host", () => {
    expect(externalState.maxInFlight).toBe(1);
  });

  it("reports the long redirect chain with its hops", () => {
    expect(result.findings.find((f) => f.rule === "redirect-chain")).toMatchObject({
      severity: "minor",
      gating: false,
      detail: { redirects: ["/r2", "/r3", "/r4", "/about"] },
    });
  });

  it("follows <base href>, falls back to GET when HEAD is refused, and never requests skipped or hidden URLs", () => {
    const requested = paths(site);
    expect(requested).toContain("/docs/guide");
    expect(requested.filter((p) => p === "/head-405.png")).toHaveLength(2);
    for (const hidden of ["/commented-out", "/in-script", "/about/guide"]) expect(requested).not.toContain(hidden);
    expect(requested.some((p) => /mailto|tel:|javascript|data:|#/.test(p))).toBe(false);
  });

  it("checks each distinct URL once: /missing and /logo.png are requested once though used on several pages", () => {
    const requested = paths(site);
    expect(requested.filter((p) => p === "/missing")).toHaveLength(1);
    expect(requested.filter((p) => p === "/logo.png")).toHaveLength(1);
  });

  it("fills the metrics", () => {
    expect(result.metrics).toMatchObject({
      pagesCrawled: 6,
      internal: { ok: expect.any(Number), broken: 2 },
      external: { ok: 1, broken: 1, rateLimited: 1, skipped: 0 },
      limitReached: false,
    });
    const slowest = result.metrics.slowest as { path: string; ms: number }[];
    expect(slowest[0].path).toBe("/slow");
    expect(slowest.length).toBeLessThanOrEqual(5);
    expect(result.summary).toMatch(/^Crawled 6 pages and checked \d+ URLs: 1 broken internal link, 1 broken resource, 1 page without a title; warnings: /);
  });

  it("reports progress up to 1 and logs what it does", () => {
    expect(progress.at(-1)?.[0]).toBe(1);
    expect(progress.every(([f]) => f >= 0 && f <= 1)).toBe(true);
    expect(progress.some(([, m]) => /^Checked \d+ of \d+ URLs/.test(m))).toBe(true);
    expect(logs.some(([level, m]) => level === "warn" && m.includes("/missing answers 404"))).toBe(true);
  });

  it("gives the same fingerprints on another run of the same site on other ports", () => {
    const internal = (r: EngineResult) => r.findings.filter((f) => !f.rule.startsWith("external")).map((f) => [f.rule, f.location, f.fingerprint]);
    expect(internal(again)).toEqual(internal(result));
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(result.findings.length);
  });
});

describe("links engine on a clean site", () => {
  let site: Server;
  beforeAll(async () => {
    site = await localServer((req, res) => {
      const path = req.url ?? "/";
      const pages: Record<string, string> = {
        "/": page("Home", `<a href="/a">A</a> <a href="/b">B</a> <a href="https://example.test/elsewhere">Elsewhere</a>`),
        "/a": page("A", `<link rel="stylesheet" href="/s.css"><a href="/">Home</a>`),
        "/b": page("B", `<img src="/i.png" alt="An image"><a href="/a#top">A</a>`),
        "/orphan": page("Only in the sitemap", `<a href="/">Home</a>`),
      };
      if (pages[path]) return send(res, 200, pages[path]);
      if (path === "/s.css" || path === "/i.png") return send(res, 200, "x", path.endsWith(".css") ? "text/css" : "image/png");
      if (path === "/sitemap.xml") {
        const loc = (p: string) => `<url><loc>http://${req.headers.host}${p}</loc></url>`;
        return send(res, 200, `<?xml version="1.0"?><urlset>${loc("/")}${loc("/a")}${loc("/orphan")}<url><loc>https://other.test/x</loc></url></urlset>`, "application/xml");
      }
      send(res, 404, page("Not found", ""));
    });
  });
  afterAll(() => site.close());

  it("finds nothing and passes, reading the sitemap (through ctx.lookup for the target's name)", async () => {
    const lookup = async () => [{ address: "127.0.0.1", family: 4 }];
    const { ctx } = context(`http://clean.test:${site.port}`, { lookup });
    const result = await linksEngine.run(settings(), ctx);
    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(true);
    expect(result.metrics).toMatchObject({ pagesCrawled: 4, sitemapUrls: 3, external: { skipped: 1 }, limitReached: false });
    expect(result.summary).toMatch(/^Crawled 4 pages and checked 6 URLs: nothing broken\.$/);
    expect(paths(site)).toContain("/orphan");
  });
});

describe("links engine on an https site", () => {
  // The https fixture's certificate is self-signed: certificate checks are off for these tests only (see fixtures/tls.ts).
  beforeAll(() => void vi.stubEnv("NODE_TLS_REJECT_UNAUTHORIZED", "0"));
  afterAll(() => void vi.unstubAllEnvs());

  /** An https site whose home page loads `image`, and links to a plain-http page elsewhere (links may be http). */
  async function httpsSite(image: (httpOrigin: string) => string) {
    const plain = await localServer((_req, res) => send(res, 200, "x", "image/png"));
    const secure = await httpsServer((req, res) => {
      if (req.url === "/") return send(res, 200, page("Secure home", `<img src="${image(plain.url)}" alt="Logo"> <a href="${plain.url}/elsewhere">Elsewhere</a>`));
      if (req.url === "/logo.png") return send(res, 200, "x", "image/png");
      send(res, 404, page("Not found", ""));
    });
    return { plain, secure, close: () => Promise.all([plain.close(), secure.close()]) };
  }

  it("reports an image loaded over plain http by an https page as mixed content", async () => {
    const { plain, secure, close } = await httpsSite((http) => `${http}/logo.png`);
    try {
      const result = await linksEngine.run(settings(), context(secure.url).ctx);
      expect(secure.seen).toContain("/");
      const httpImage = `${plain.url}/logo.png`;
      expect(httpImage).toMatch(/^http:\/\//);
      expect(brief(result.findings)).toEqual([["mixed-content", httpImage]]);
      expect(result.findings[0]).toMatchObject({ severity: "serious", gating: true, detail: { kind: "image", pages: ["/"], pageCount: 1 } });
      expect(result.findings[0].title).toBe(`The image ${httpImage} is loaded over plain http by 1 https page.`);
      expect(result.outcome).toBe("fail");
      expect(result.summary).toContain("1 insecure resource on an https page");
    } finally {
      await close();
    }
  });

  it("finds nothing when the same page loads its image over https (an http link is not mixed content)", async () => {
    const { secure, close } = await httpsSite(() => "/logo.png");
    try {
      const result = await linksEngine.run(settings(), context(secure.url).ctx);
      expect(secure.seen).toContain("/logo.png");
      expect(result.findings).toEqual([]);
      expect(result.outcome).toBe("pass");
      expect(result.reliable).toBe(true);
    } finally {
      await close();
    }
  });
});

describe("links engine limits, cancellation and policy", () => {
  let site: Server;
  let onRequest: (path: string) => void = () => {};
  beforeAll(async () => {
    const links = Array.from({ length: 20 }, (_, i) => `<a href="/p/${i + 1}">Page ${i + 1}</a>`).join(" ");
    site = await localServer((req, res) => {
      const path = req.url ?? "/";
      onRequest(path);
      if (path === "/") return send(res, 200, page("Home", links));
      if (/^\/p\/\d+$/.test(path)) return send(res, 200, page(`Page ${path}`, `<a href="/">Home</a>`));
      send(res, 404, page("Not found", ""));
    });
  });
  afterAll(() => site.close());
  const fresh = () => site.seen.splice(0);

  it("crawls at most maxPages pages and checks the rest without crawling them", async () => {
    fresh();
    const result = await linksEngine.run(settings({ maxPages: 5 }), context(site.url).ctx);
    const gets = fresh().filter((s) => s.path.startsWith("/p/") || s.path === "/");
    expect(result.metrics).toMatchObject({ pagesCrawled: 5, limitReached: true, limits: ["maxPages"], internal: { ok: 21, broken: 0 } });
    expect(result.outcome).toBe("pass");
    expect(gets).toHaveLength(21); // 5 pages fetched, 16 more only checked
    expect(result.summary).toContain("Reached maxPages (5)");
    // maxPages is the setting's own bound, the same on every run: the run is complete by its own definition.
    expect(result.reliable).toBe(true);
  });

  it("sends no more than maxRequests requests", async () => {
    fresh();
    const result = await linksEngine.run(settings(), context(site.url, { limits: { maxDurationMs: 60_000, maxRequests: 6 } }).ctx);
    expect(fresh()).toHaveLength(6);
    expect(result.metrics).toMatchObject({ requestsSent: 6, limitReached: true, limits: ["requests"] });
    expect(result.metrics.notChecked).toBeGreaterThan(0);
    expect(result.summary).toMatch(/Stopped early: the request limit \(6\) was reached; \d+ URLs were not checked\./);
    // Nothing broken among what was checked, but most of the site was not: a pass that cannot be trusted.
    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(false);
    expect(result.unreliableReason).toMatch(/^The crawl stopped early \(the request limit \(6\) was reached\): \d+ known URLs were not checked/);
  });

  it("stops when the signal is aborted and returns what it has", async () => {
    const controller = new AbortController();
    onRequest = (path) => path === "/p/3" && controller.abort();
    try {
      const result = await linksEngine.run(settings(), context(site.url, { signal: controller.signal }).ctx);
      expect(result.metrics).toMatchObject({ limitReached: true, limits: ["cancelled"] });
      expect(result.metrics.pagesCrawled as number).toBeGreaterThanOrEqual(1);
      expect(result.summary).toContain("the run was cancelled");
      expect(result.reliable).toBe(false);
    } finally {
      onRequest = () => {};
    }
  });

  it("is an error, not a throw, when the run is cancelled before the start page answers", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await linksEngine.run(settings(), context(site.url, { signal: controller.signal }).ctx);
    expect(result).toMatchObject({ outcome: "error", findings: [] });
    expect(result.summary).toBe("Stopped before the start page / answered: the run was cancelled.");
  });

  it("is an error with the policy's sentence when the policy forbids loopback", async () => {
    fresh();
    const result = await linksEngine.run(settings(), context(site.url, { policy: HOSTED_POLICY }).ctx);
    expect(result.outcome).toBe("error");
    expect(result.findings).toEqual([]);
    expect(result.summary).toMatch(/^The start page \/ could not be crawled: This instance does not let workers reach loopback addresses \(127\.0\.0\.1\)\./);
    expect(fresh()).toHaveLength(0);
  });

  it("is an error when the start page answers with an error status", async () => {
    const result = await linksEngine.run(settings({ startPaths: ["/nope"] }), context(site.url).ctx);
    expect(result.outcome).toBe("error");
    expect(result.summary).toMatch(/^The start page \/nope could not be crawled: it answered 404\./);
  });
});

describe("links settings", () => {
  it("fills defaults", () => {
    expect(linksSettings.parse({})).toEqual({
      startPaths: ["/"],
      sitemap: true,
      maxPages: 50,
      checkExternal: false,
      externalGating: false,
      externalPerHostConcurrency: 1,
      concurrency: 4,
      slowPageMs: 1500,
      requestTimeoutMs: 10_000,
    });
  });

  it.each([
    [{ maxPages: 0 }, "maxPages", "maxPages must be at least 1"],
    [{ maxPages: 501 }, "maxPages", "maxPages must be at most 500"],
    [{ concurrency: 1.5 }, "concurrency", "concurrency must be a whole number"],
    [{ externalPerHostConcurrency: 5 }, "externalPerHostConcurrency", "externalPerHostConcurrency must be at most 4"],
    [{ checkExternal: "yes" }, "checkExternal", "checkExternal must be true or false"],
    [{ startPaths: ["pricing"] }, "startPaths.0", "startPaths entries must be paths on the target starting with one /, like /pricing"],
    [{ startPaths: ["//evil.test/"] }, "startPaths.0", "startPaths entries must be paths on the target starting with one /, like /pricing"],
    [{ startPaths: [] }, "startPaths", "startPaths must list at least one path"],
    [{ depth: 3 }, "", "unknown setting depth"],
  ])("rejects %j naming the field and the rule", (input, path, message) => {
    const parsed = linksSettings.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([[path, message]]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("reads seconds and HTTP dates, capped at 30 s", () => {
    expect(parseRetryAfter("1", now)).toBe(1000);
    expect(parseRetryAfter("120", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now)).toBe(0);
  });
  it("is null when absent or unreadable", () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("-5", now)).toBeNull();
  });
});
describe("links engine on the demo target", () => {
  it("finds the planted broken link on /changelog and nothing on the other pages", async () => {
    const target = await startDemoTarget({ port: 0, log: false });
    try {
      const result = await linksEngine.run(settings(), context(target.url).ctx);
      expect(brief(result.findings)).toEqual([["broken-link", "/docs/v1"]]);
      expect(result.findings[0].detail).toMatchObject({ status: 404, pages: ["/changelog"] });
      expect(result.metrics).toMatchObject({ pagesCrawled: 4, sitemapUrls: 4 });
      expect(result.outcome).toBe("fail");
    } finally {
      await target.close(100);
    }
  });
});
