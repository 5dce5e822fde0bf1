import { describe, it, expect, beforeAll, afterAll, beforeEach } from "vitest";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { mkdtempSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startDemoTarget, isLoopback, type DemoTarget, type DemoTargetLogEntry } from "./server.mjs";

const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url));
const OPENAPI = JSON.parse(readFileSync(fileURLToPath(new URL("./openapi.json", import.meta.url)), "utf8"));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("demo target as a process", () => {
  it("reads PORT/TARGET_NAME/APP_VERSION, logs JSON lines and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, PORT: String(port), TARGET_NAME: "staging", APP_VERSION: "9.9.9" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("demo target did not start")), 5000);
        child.stderr.on("data", (d) => {
          if (String(d).includes("ready")) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once("exit", () => reject(new Error("demo target exited early")));
      });
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", name: "staging", version: "9.9.9" });
      await fetch(`http://127.0.0.1:${port}/nope`).then((r) => r.arrayBuffer());
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ method: "GET", path: "/health", status: 200, ms: expect.any(Number), ts: expect.any(String) }),
      expect.objectContaining({ method: "GET", path: "/nope", status: 404 }),
    ]);
  });

  it("refuses a malformed PORT with a message", async () => {
    const child = spawn(process.execPath, [SERVER], { env: { ...process.env, PORT: "http" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/PORT/);
  });
});

describe("demo target in-process", () => {
  let target: DemoTarget;
  let base: string;
  const logs: DemoTargetLogEntry[] = [];

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, name: "production", version: "1.3.2", log: (e) => logs.push(e) });
    base = target.url;
  });
  afterAll(() => target.close(100));
  beforeEach(() => {
    target.setMode("ok");
  });

  describe("pages", () => {
    for (const [path, title] of [["/", "Home"], ["/pricing", "Pricing"], ["/about", "About"]]) {
      it(`GET ${path} is an accessible HTML page linking the others`, async () => {
        const res = await fetch(base + path);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^text\/html/);
        const html = await res.text();
        expect(html).toMatch(/<html lang="en">/);
        expect(html).toContain(`<title>${title} · Acme production</title>`);
        expect(html).toMatch(/<main>/);
        for (const href of ["/", "/pricing", "/about", "/changelog"]) expect(html).toContain(`href="${href}"`);
        // The clean pages stay clean: every planted problem is on /changelog.
        expect(html).not.toMatch(/<img|<input|\/docs\/v1|#aaa/);
        expect(html).toMatch(new RegExp(`href="${path}" aria-current="page"`));
      });
    }

    it("GET /changelog carries the planted accessibility problems and a link to /docs/v1, which answers 404", async () => {
      const res = await fetch(base + "/changelog");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("<title>Changelog · Acme production</title>");
      expect(html).toMatch(/href="\/changelog" aria-current="page"/);
      const main = html.slice(html.indexOf("<main>"), html.indexOf("</main>"));
      expect(main).toMatch(/<img src="data:[^"]*" width="120" height="32">/); // no alt
      expect(main).toContain('<p style="color:#aaa">'); // 2.3:1 on #fff
      expect(main).toMatch(/<input type="email" name="email">/); // no label, no id, no aria-label
      expect(main).not.toMatch(/<label|aria-label|placeholder/);
      expect(main).toMatch(/<button type="submit"><svg aria-hidden="true"[^>]*>.*<\/svg><\/button>/); // no accessible name
      expect(main).toContain('href="/docs/v1"');
      expect((await fetch(base + "/docs/v1")).status).toBe(404);
    });

    it("GET /sitemap.xml lists the four pages as absolute URLs on the host asked for", async () => {
      const res = await fetch(base + "/sitemap.xml");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
      const locs = [...(await res.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      expect(locs).toEqual(["/", "/pricing", "/about", "/changelog"].map((p) => base + p));
    });

    it("shows the running version on the home page", async () => {
      expect(await (await fetch(base + "/")).text()).toContain('data-testid="version">1.3.2<');
    });

    it("answers unknown paths with 404 and wrong methods with 405", async () => {
      expect((await fetch(base + "/missing")).status).toBe(404);
      const res = await fetch(base + "/pricing", { method: "DELETE" });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET");
    });
  });

  describe("health and version", () => {
    it("GET /health reports ok with name, version and uptime", async () => {
      const res = await fetch(base + "/health");
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({ status: "ok", name: "production", version: "1.3.2", uptimeSeconds: expect.any(Number) });
      expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    });

    it("GET /version returns the version only", async () => {
      expect(await (await fetch(base + "/version")).json()).toEqual({ version: "1.3.2" });
    });
  });

  describe("items API", () => {
    it("lists items with a default and a validated limit", async () => {
      const all = await (await fetch(base + "/api/items")).json();
      expect(all.items.length).toBeGreaterThanOrEqual(3);
      expect(all.total).toBe(all.items.length);
      const two = await (await fetch(base + "/api/items?limit=2")).json();
      expect(two.items).toHaveLength(2);
      expect(two.items[0]).toEqual(all.items[0]);
      expect((await fetch(base + "/api/items?limit=100")).status).toBe(200);
    });

    for (const bad of ["0", "101", "abc", "1.5", "-1", ""]) {
      it(`rejects ?limit=${bad} with 400`, async () => {
        const res = await fetch(`${base}/api/items?limit=${bad}`);
        expect(res.status).toBe(400);
        expect((await res.json()).error).toMatchObject({ field: "limit", rule: "range" });
      });
    }

    it("creates an item, returns 201 with Location, and serves it back", async () => {
      const res = await fetch(base + "/api/items", json({ name: "  Ship it  ", priority: "high" }));
      expect(res.status).toBe(201);
      const item = await res.json();
      expect(item).toEqual({ id: expect.any(Number), name: "Ship it", priority: "high", createdAt: expect.any(String) });
      expect(res.headers.get("location")).toBe(`/api/items/${item.id}`);
      expect(await (await fetch(`${base}/api/items/${item.id}`)).json()).toEqual(item);
      const list = await (await fetch(base + "/api/items?limit=100")).json();
      expect(list.items.map((i: { id: number }) => i.id)).toContain(item.id);
    });

    it("accepts a name of exactly 80 characters", async () => {
      expect((await fetch(base + "/api/items", json({ name: "x".repeat(80), priority: "low" }))).status).toBe(201);
    });

    it("returns a JSON 404 for an unknown or malformed id", async () => {
      for (const id of ["999999", "abc"]) {
        const res = await fetch(`${base}/api/items/${id}`);
        expect(res.status).toBe(404);
        expect((await res.json()).error).toMatchObject({ field: "id", rule: "notFound" });
      }
    });

    const invalid: Array<[string, unknown, string, string]> = [
      ["missing name", { priority: "low" }, "name", "required"],
      ["blank name", { name: "   ", priority: "low" }, "name", "minLength"],
      ["81-character name", { name: "x".repeat(81), priority: "low" }, "name", "maxLength"],
      ["numeric name", { name: 42, priority: "low" }, "name", "type"],
      ["missing priority", { name: "a" }, "priority", "required"],
      ["unknown priority", { name: "a", priority: "urgent" }, "priority", "enum"],
      ["extra field", { name: "a", priority: "low", admin: true }, "admin", "additionalProperties"],
      ["array body", [], "body", "type"],
      ["null body", "null", "body", "type"],
      ["broken JSON", '{"name":', "body", "json"],
    ];
    for (const [label, body, field, rule] of invalid) {
      it(`rejects ${label} with 400 {field: ${field}, rule: ${rule}}`, async () => {
        const res = await fetch(base + "/api/items", json(body));
        expect(res.status).toBe(400);
        const { error } = await res.json();
        expect(error).toMatchObject({ field, rule });
        expect(error.message).toEqual(expect.any(String));
      });
    }

    it("rejects bodies over 64 KB with 413", async () => {
      const res = await fetch(base + "/api/items", json({ name: "a", priority: "low", pad: "x".repeat(70_000) }));
      expect(res.status).toBe(413);
      expect((await res.json()).error.rule).toBe("maxBytes");
    });

    it("rejects non-JSON bodies with 415", async () => {
      const res = await fetch(base + "/api/items", { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
      expect(res.status).toBe(415);
      const form = await fetch(base + "/api/items", { method: "POST", body: new URLSearchParams({ name: "a" }) });
      expect(form.status).toBe(415);
    });
  });

  describe("feedback API", () => {
    it("records a rating from 1 to 5, with or without a comment, and answers 201 {id, rating}", async () => {
      for (const body of [{ rating: 1 }, { rating: 5, comment: "Great launch" }, { rating: 3, comment: "x".repeat(500) }]) {
        const res = await fetch(base + "/api/feedback", json(body));
        expect(res.status).toBe(201);
        expect(await res.json()).toEqual({ id: expect.any(Number), rating: body.rating });
      }
    });

    const invalid: Array<[string, unknown, string, string]> = [
      ["missing rating", { comment: "hi" }, "rating", "required"],
      ["rating 0", { rating: 0 }, "rating", "range"],
      ["rating 6", { rating: 6 }, "rating", "range"],
      ["rating 2.5", { rating: 2.5 }, "rating", "range"],
      ["501-character comment", { rating: 4, comment: "x".repeat(501) }, "comment", "maxLength"],
      ["numeric comment", { rating: 4, comment: 7 }, "comment", "type"],
      ["extra field", { rating: 4, user: "me" }, "user", "additionalProperties"],
      ["array body", [], "body", "type"],
    ];
    for (const [label, body, field, rule] of invalid) {
      it(`rejects ${label} with 400 {field: ${field}, rule: ${rule}}`, async () => {
        const res = await fetch(base + "/api/feedback", json(body));
        expect(res.status).toBe(400);
        expect((await res.json()).error).toMatchObject({ field, rule });
      });
    }

    it("answers GET with 405", async () => {
      const res = await fetch(base + "/api/feedback");
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
    });

    // The planted bug: a rating that is not a number should be a 400, but the handler throws and answers 500.
    for (const rating of ["5", { stars: 5 }, true, null, [5]]) {
      it(`answers 500 to rating ${JSON.stringify(rating)} (the planted bug QA should find)`, async () => {
        const res = await fetch(base + "/api/feedback", json({ rating }));
        expect(res.status).toBe(500);
        expect((await res.json()).error).toMatchObject({ rule: "internal" });
      });
    }
  });

  describe("openapi.json", () => {
    it("serves the file on disk", async () => {
      const res = await fetch(base + "/openapi.json");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(OPENAPI);
      expect(OPENAPI.openapi).toMatch(/^3\.1\./);
    });

    it("documents every API route, and each answers with a documented status", async () => {
      expect(Object.keys(OPENAPI.paths).sort()).toEqual(["/api/feedback", "/api/items", "/api/items/{id}", "/health", "/version"]);
      const calls: Array<[string, string, RequestInit | undefined]> = [
        ["/health", "get", undefined],
        ["/version", "get", undefined],
        ["/api/items", "get", undefined],
        ["/api/items", "post", json({ name: "doc", priority: "medium" })],
        ["/api/items/{id}", "get", undefined],
        ["/api/feedback", "post", json({ rating: 4 })],
        ["/api/feedback", "post", json({})],
      ];
      for (const [path, method, init] of calls) {
        const res = await fetch(base + path.replace("{id}", "1"), init);
        expect(Object.keys(OPENAPI.paths[path][method].responses), `${method} ${path}`).toContain(String(res.status));
      }
    });

    it("lists every validation rule the server emits", () => {
      const rules = OPENAPI.components.schemas.Error.properties.error.properties.rule.enum;
      for (const r of ["required", "type", "minLength", "maxLength", "enum", "additionalProperties", "json", "range", "maxBytes", "mediaType", "notFound"]) {
        expect(rules).toContain(r);
      }
      const name = OPENAPI.components.schemas.NewItem.properties.name;
      expect([name.minLength, name.maxLength]).toEqual([1, 80]);
      expect(OPENAPI.components.schemas.Priority.enum).toEqual(["low", "medium", "high"]);
      const feedback = OPENAPI.components.schemas.NewFeedback;
      expect(feedback.required).toEqual(["rating"]);
      expect(feedback.properties.rating).toEqual({ type: "integer", minimum: 1, maximum: 5 });
      expect(feedback.properties.comment.maxLength).toBe(500);
      // The planted 500 is a bug, so it is not documented: the fuzz engine reports it as undocumented.
      expect(Object.keys(OPENAPI.paths["/api/feedback"].post.responses)).not.toContain("500");
    });
  });

  describe("deploys", () => {
    const deploy = (body: unknown) => fetch(base + "/__deploy", json(body));

    it("POST /__deploy switches the version every page and /health report; a fresh build starts healthy", async () => {
      const before = (await (await fetch(base + "/health")).json()).version;
      const res = await deploy({ version: "9.9.9" });
      expect(await res.json()).toMatchObject({ version: "9.9.9", previous: before, mode: "ok" });
      expect((await (await fetch(base + "/health")).json()).version).toBe("9.9.9");
      expect(await (await fetch(base + "/version")).json()).toEqual({ version: "9.9.9" });
      expect(await (await fetch(base + "/")).text()).toContain(">9.9.9<");
      await deploy({ version: before });
    });

    it("breakNextDeploy makes the next build come up unhealthy, and the one after it healthy again", async () => {
      const before = (await (await fetch(base + "/health")).json()).version;
      expect(await (await deploy({ breakNextDeploy: true })).json()).toMatchObject({ breakNextDeploy: true });
      await deploy({ version: "6.6.6" });
      expect((await fetch(base + "/health")).status).toBe(503);
      await deploy({ version: before });
      expect((await fetch(base + "/health")).status).toBe(200);
    });

    it("keeps the deployed version in its state file, so a restarted app serves what was deployed", async () => {
      const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "demo-state-")), "nested", "state.json");
      const first = await startDemoTarget({ port: 0, version: "1.0.0", log: false, stateFile });
      await fetch(first.url + "/__deploy", json({ version: "2.5.0" }));
      await first.close(100);
      const again = await startDemoTarget({ port: 0, version: "1.0.0", log: false, stateFile });
      try {
        expect((await (await fetch(again.url + "/health")).json()).version).toBe("2.5.0");
      } finally {
        await again.close(100);
      }
    });

    it("validates the body, naming the field", async () => {
      const bad = await deploy({ version: "no spaces allowed" });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatchObject({ field: "version", rule: "pattern" });
      expect((await deploy({})).status).toBe(400);
      expect((await deploy({ breakNextDeploy: "yes" })).status).toBe(400);
    });
  });

  describe("control modes", () => {
    const control = (body: unknown) => fetch(base + "/__control", json(body));

    it("GET /__control returns the current mode; POST validates it", async () => {
      expect(await (await fetch(base + "/__control")).json()).toEqual({ mode: "ok", delayMs: 1500 });
      expect((await control({ mode: "sideways" })).status).toBe(400);
      expect((await control({ mode: "slow", delayMs: -5 })).status).toBe(400);
      expect(await (await control({ mode: "slow", delayMs: 250 })).json()).toEqual({ mode: "slow", delayMs: 250 });
      expect(await (await fetch(base + "/__control")).json()).toEqual({ mode: "slow", delayMs: 250 });
    });

    it("slow delays every non-control response by delayMs, but not control calls", async () => {
      await control({ mode: "slow", delayMs: 300 });
      const t0 = performance.now();
      expect((await fetch(base + "/health")).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
      const t1 = performance.now();
      await (await fetch(base + "/__control")).json();
      expect(performance.now() - t1).toBeLessThan(250);
    });

    it("failing makes /health 503 and pages 500", async () => {
      await control({ mode: "failing" });
      const health = await fetch(base + "/health");
      expect(health.status).toBe(503);
      expect((await health.json()).status).toBe("failing");
      for (const p of ["/", "/pricing", "/about", "/changelog"]) expect((await fetch(base + p)).status).toBe(500);
      await control({ mode: "ok" });
      expect((await fetch(base + "/health")).status).toBe(200);
    });

    it("down destroys non-control requests while control still answers", async () => {
      await control({ mode: "down" });
      await expect(fetch(base + "/health")).rejects.toThrow();
      await expect(fetch(base + "/")).rejects.toThrow();
      expect(logs.at(-1)).toMatchObject({ path: "/", status: null, destroyed: true });
      expect((await control({ mode: "ok" })).status).toBe(200);
      expect((await fetch(base + "/health")).status).toBe(200);
    });

    it("logs one entry per request", async () => {
      const before = logs.length;
      await fetch(base + "/version").then((r) => r.arrayBuffer());
      expect(logs.length).toBe(before + 1);
      expect(logs.at(-1)).toMatchObject({ method: "GET", path: "/version", status: 200 });
    });
  });
});

describe("control endpoint access", () => {
  it("treats only loopback addresses as loopback", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(a), a).toBe(true);
    for (const a of ["192.0.2.2", "10.0.0.1", "::ffff:10.0.0.1", "fd00::2", "1127.0.0.1", "", undefined]) {
      expect(isLoopback(a), String(a)).toBe(false);
    }
  });

  // The request goes to this host's own interface address, so it never leaves the machine.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
  it.skipIf(!external)("answers 403 to a non-loopback client", async () => {
    const target = await startDemoTarget({ port: 0, host: external, log: false });
    try {
      const res = await fetch(`${target.url}/__control`, json({ mode: "down" }));
      expect(res.status).toBe(403);
      expect((await fetch(`${target.url}/__control`)).status).toBe(403);
      expect(target.getMode().mode).toBe("ok");
      expect((await fetch(`${target.url}/health`)).status).toBe(200);
    } finally {
      await target.close(100);
    }
  });
});
