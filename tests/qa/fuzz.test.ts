import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { guardedFetch } from "@/lib/net/guarded-fetch";
import { HOSTED_POLICY, LOCAL_POLICY, type NetworkPolicy } from "@/lib/net/policy";
import type { EngineContext, EngineResult } from "@/lib/qa/engine";
import { fuzzEngine } from "@/lib/qa/engines/fuzz";
import { fuzzSettings, type TFuzzSettings } from "@/lib/qa/engines/fuzz-settings";
import { createSchemaChecker, parseOpenApi } from "@/lib/qa/openapi";
import { apiSite, PLANTED, type ApiSiteOptions, type Site } from "./fixtures/api-sites";
import { startDemoTarget } from "@/examples/demo-target/server.mjs";

const run = promisify(execFile);
const sites: Site[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.close();
});

async function site(options: ApiSiteOptions) {
  const s = await apiSite(options);
  sites.push(s);
  return s;
}

type Ctx = EngineContext & { progressed: string[]; logged: string[] };

function context(baseUrl: string, over: { policy?: NetworkPolicy; maxRequests?: number; signal?: AbortSignal } = {}): Ctx {
  const progressed: string[] = [];
  const logged: string[] = [];
  return {
    baseUrl,
    policy: over.policy ?? LOCAL_POLICY,
    signal: over.signal ?? new AbortController().signal,
    limits: { maxDurationMs: 50_000, maxRequests: over.maxRequests ?? 5_000 },
    progress: (_f, message) => progressed.push(message),
    log: (_level, message) => logged.push(message),
    series: () => {},
    progressed,
    logged,
  };
}

const settings = (over: Record<string, unknown> = {}): TFuzzSettings => fuzzSettings.parse({ allowUnsafeMethods: true, ...over });
const found = (r: EngineResult) => r.findings.map((f) => ({ rule: f.rule, location: f.location, category: f.detail.category })).sort((a, b) => a.location.localeCompare(b.location));
const planted = [...PLANTED].sort((a, b) => a.location.localeCompare(b.location));

describe("fuzz engine: bad input against a local API", () => {
  it("finds every planted bug, and nothing else, with a reproducer for each", async () => {
    const s = await site({ buggy: true });
    const result = await fuzzEngine.run(settings(), context(s.url));

    expect(found(result)).toEqual(planted);
    expect(result.outcome).toBe("fail");
    expect(result.summary).toMatch(/^4 problems over \d+ cases to 7 operations: /);
    for (const f of result.findings) {
      expect(f.detail.curl, f.rule).toMatch(new RegExp(`^curl -sS -i -X ${f.location.split(" ")[0]} '${s.url}/`));
      expect(typeof f.detail.status).toBe("number");
      expect(new Set(result.findings.map((x) => x.fingerprint)).size).toBe(result.findings.length);
    }
    const mismatch = result.findings.find((f) => f.rule === "schema-mismatch")!;
    expect(mismatch.severity).toBe("serious");
    expect(mismatch.detail.ajvErrors).toEqual([{ instancePath: "/id", message: "must be integer", keyword: "type", params: { type: "integer" } }]);
    const bypass = result.findings.find((f) => f.rule === "auth-bypass")!;
    expect([bypass.severity, bypass.detail.status, bypass.detail.count]).toEqual(["critical", 200, 2]);
    const accepted = result.findings.find((f) => f.rule === "invalid-accepted")!;
    expect([accepted.detail.status, accepted.detail.case]).toEqual([201, "body without priority"]);
    expect(result.metrics.requests).toBe(s.seen.length);
  });

  it("reports zero findings and passes on the clean build of the same API", async () => {
    const s = await site({ buggy: false });
    const result = await fuzzEngine.run(settings(), context(s.url));

    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(true);
    expect(result.summary).toMatch(/^\d+ cases to 7 operations: no server errors, every answer matched its documented status and schema, invalid input was refused and secured operations asked for credentials\./);
    expect(result.summary).toContain("1 secured operation was only checked for answers without credentials (401/403 expected)");
    // Every category was sent, so the clean verdict covers them all.
    expect(Object.keys((result.metrics.cases as { byCategory: object }).byCategory).sort()).toEqual(
      ["bad-query", "boundary", "extra-field", "malformed-body", "missing-auth", "missing-required", "oversized-body", "valid", "wrong-content-type", "wrong-type"].sort(),
    );
  });

  it("gives a curl command that reproduces the 500", async () => {
    const s = await site({ buggy: true });
    const result = await fuzzEngine.run(settings({ operations: { include: ["POST /api/feedback"] } }), context(s.url));
    const serverError = result.findings.find((f) => f.rule === "server-error")!;
    const curl = serverError.detail.curl as string;
    expect(curl).toContain("--data-binary '{");
    const before = s.seen.length;
    if (existsSync("/usr/bin/curl") || existsSync("/bin/curl")) {
      const { stdout } = await run("sh", ["-c", curl]);
      expect(stdout.split("\r\n")[0]).toBe("HTTP/1.1 500 Internal Server Error");
    } else {
      // Without curl, the command's own method, URL, headers and body are read back out of it and sent again.
      const words = [...curl.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1].replace(/'\\''/g, "'"));
      const [url, header, body] = words;
      const [name, value] = header.split(": ");
      const res = await guardedFetch(url, { policy: LOCAL_POLICY, method: curl.split(" ")[4] as "POST", headers: { [name]: value }, body });
      expect(res.status).toBe(500);
    }
    expect(s.seen.length).toBe(before + 1);
    expect(s.seen.at(-1)!.path).toBe("/api/feedback");
  });

  it("reads the same API from a YAML document", async () => {
    const s = await site({ buggy: true });
    const result = await fuzzEngine.run(settings({ openapiPath: "/openapi.yaml" }), context(s.url));
    expect(found(result)).toEqual(planted);
  });

  it("leaves writes alone unless allowed, says how many operations it skipped and why", async () => {
    const s = await site({ buggy: true });
    const result = await fuzzEngine.run(fuzzSettings.parse({}), context(s.url));

    expect(s.seen.filter((r) => r.method !== "GET")).toEqual([]);
    expect(found(result).map((f) => f.rule)).toEqual(["auth-bypass", "schema-mismatch"]);
    expect(result.summary).toContain(
      "Skipped 2 of 7 operations (POST /api/items, POST /api/feedback) because fuzzing POST/PUT/PATCH/DELETE writes data on the target; set allowUnsafeMethods to include them.",
    );
  });

  it("sends the same requests and merges the same findings on every run with a seed", async () => {
    const s = await site({ buggy: true });
    const a = await fuzzEngine.run(settings(), context(s.url));
    const firstRun = s.seen.map((r) => `${r.method} ${r.path}`).sort();
    s.seen.length = 0;
    const b = await fuzzEngine.run(settings({ concurrency: 1 }), context(s.url));
    expect(s.seen.map((r) => `${r.method} ${r.path}`).sort()).toEqual(firstRun);
    const identity = (r: EngineResult) => r.findings.map((f) => [f.fingerprint, f.detail.curl, f.detail.count]);
    expect(identity(b)).toEqual(identity(a));
    const other = await fuzzEngine.run(settings({ seed: 99 }), context(s.url));
    expect(other.findings.map((f) => f.fingerprint).sort()).toEqual(a.findings.map((f) => f.fingerprint).sort());
  });

  it("never sends more requests than the cap, and says it stopped", async () => {
    const s = await site({ buggy: false });
    const result = await fuzzEngine.run(settings(), context(s.url, { maxRequests: 12 }));
    expect(s.seen.length).toBe(12);
    expect(result.metrics.requests).toBe(12);
    expect(result.summary).toMatch(/Stopped after 11 of \d+ cases: the request cap \(12\) was reached\./);
    expect(result.reliable).toBe(false);
    expect(result.unreliableReason).toMatch(/^Only 11 of \d+ cases were sent \(the request cap \(12\) was reached\), so the rest were not judged\.$/);
  });

  it("stops promptly when cancelled and returns what it has", async () => {
    const abort = new AbortController();
    const s = await site({ buggy: false, onRequest: (_r, n) => n === 20 && abort.abort() });
    const result = await fuzzEngine.run(settings(), context(s.url, { signal: abort.signal }));
    expect(result.outcome).toBe("error");
    expect(result.summary).toContain("the run was cancelled");
    expect(s.seen.length).toBeLessThanOrEqual(20 + 4);
  });

  it("backs off on 429 and never reports it", async () => {
    const s = await site({ buggy: false, rateLimitFirst: 3 });
    const result = await fuzzEngine.run(settings({ operations: { include: ["GET /api/items"] }, casesPerOperation: 10 }), context(s.url));
    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.metrics.rateLimited).toMatchObject({ answers: 3 });
    expect(result.summary).toContain("The target answered 429 3 times; T-Minus backed off");
    expect(s.seen.filter((r) => r.path.startsWith("/api/items")).length).toBe(10 + 3);
  });

  it("picks operations with include and exclude filters", async () => {
    const s = await site({ buggy: false });
    const tested = async (operations: object) => {
      const result = await fuzzEngine.run(settings({ operations, casesPerOperation: 1 }), context(s.url));
      return (result.metrics.operations as { tested: { operation: string }[] }).tested.map((t) => t.operation);
    };
    expect(await tested({ include: ["/api/items"] })).toEqual(["GET /api/items", "POST /api/items"]);
    expect(await tested({ include: ["GET /api/*"], exclude: ["get /api/items*", "/api/admin/stats"] })).toEqual(["GET /api/profile"]);
  });

  it("reports progress per operation", async () => {
    const s = await site({ buggy: false });
    const ctx = context(s.url);
    await fuzzEngine.run(settings({ operations: { include: ["/api/items"] }, casesPerOperation: 12 }), ctx);
    expect(ctx.progressed).toContain("POST /api/items: 12 of 12 cases");
    expect(ctx.progressed).toContain("GET /api/items: 12 of 12 cases");
    expect(ctx.progressed.every((m) => /^(GET|POST) \/api\/items: \d+ of 12 cases$/.test(m))).toBe(true);
  });

  it("is refused by a policy that forbids loopback, without throwing or connecting", async () => {
    const s = await site({ buggy: true });
    for (const mode of ["inputs", "faults"]) {
      const result = await fuzzEngine.run(settings({ mode }), context(s.url, { policy: HOSTED_POLICY }));
      expect(result.outcome).toBe("error");
      expect(result.summary).toContain("This instance does not let workers reach loopback addresses (127.0.0.1).");
    }
    expect(s.seen).toEqual([]);
  });

  it("errors with what was wrong and where when the document cannot be used", async () => {
    const s = await site({ buggy: false });
    const cases: [string, string][] = [
      ["/broken.json", "broken.json line 3 column 22: Unexpected token '}'."],
      ["/missing.json", `GET ${s.url}/missing.json answered 404, not the OpenAPI document.`],
      ["/swagger.json", "swagger.json is not an OpenAPI 3.0 or 3.1 document (openapi: swagger 2.0)"],
      ["http://example.com/openapi.json", `The OpenAPI document must be on the target (${s.url}), not http://example.com.`],
    ];
    for (const [openapiPath, message] of cases) {
      const result = await fuzzEngine.run(settings({ openapiPath }), context(s.url));
      expect(result.outcome, openapiPath).toBe("error");
      expect(result.summary, openapiPath).toContain(message);
    }
  });
});

describe("fuzz engine on the demo target", () => {
  it("finds the planted 500 on POST /api/feedback, and only it, with a curl command that reproduces it", async () => {
    const target = await startDemoTarget({ port: 0, log: false });
    try {
      const result = await fuzzEngine.run(settings(), context(target.url));
      expect(result.findings.map((f) => [f.rule, f.location, f.gating])).toEqual([["server-error", "POST /api/feedback", true]]);
      expect(result).toMatchObject({ outcome: "fail", reliable: true });
      const finding = result.findings[0];
      expect(finding.detail).toMatchObject({ status: 500, category: "wrong-type" });
      const curl = finding.detail.curl as string;
      expect(curl).toMatch(new RegExp(`^curl -sS -i -X POST '${target.url}/api/feedback' -H 'content-type: application/json' --data-binary '\\{`));
      if (existsSync("/usr/bin/curl") || existsSync("/bin/curl")) {
        const { stdout } = await run("sh", ["-c", curl]);
        expect(stdout.split("\r\n")[0]).toBe("HTTP/1.1 500 Internal Server Error");
      } else {
        // Without curl, the command's URL, header and body are read back out of it and sent again.
        const [url, header, body] = [...curl.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1].replace(/'\\''/g, "'"));
        const [name, value] = header.split(": ");
        const res = await guardedFetch(url, { policy: LOCAL_POLICY, method: "POST", headers: { [name]: value }, body });
        expect(res.status).toBe(500);
      }
    } finally {
      await target.close(100);
    }
  }, 60_000);
});

describe("fuzz settings", () => {
  it("fills defaults", () => {
    const s = fuzzSettings.parse({});
    expect(s).toMatchObject({ openapiPath: "/openapi.json", allowUnsafeMethods: false, casesPerOperation: 40, concurrency: 4, seed: 1, mode: "inputs", pages: ["/"] });
    expect(s.operations).toEqual({ include: [], exclude: [] });
    expect(s.faults).toEqual({ latencyMs: 200, latencyJitterMs: 100, resetRate: 0.2, truncateRate: 0.2, rounds: 3 });
  });

  it("names the field and the rule in its messages", () => {
    const message = (input: unknown) => fuzzSettings.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(message({ casesPerOperation: 0 })).toEqual(["casesPerOperation: casesPerOperation must be 1 to 500"]);
    expect(message({ casesPerOperation: 501 })).toEqual(["casesPerOperation: casesPerOperation must be 1 to 500"]);
    expect(message({ faults: { resetRate: 0.7, truncateRate: 0.5 } })).toEqual(["faults.truncateRate: faults.resetRate plus faults.truncateRate must be at most 1"]);
    expect(message({ operations: { include: ["FETCH /x"] } })?.[0]).toContain('operations filters look like "POST /api/items"');
    expect(message({ openapiPath: "openapi.json" })?.[0]).toContain('openapiPath must be a path starting with "/"');
    expect(message({ mode: "chaos" })).toEqual(['mode: mode must be "inputs" or "faults"']);
  });
});

describe("reading OpenAPI documents", () => {
  const parse = (doc: object, name = "openapi.json") => parseOpenApi(JSON.stringify(doc), { name, source: "x", baseUrl: "http://t.test/app" });

  it("inlines local $refs, cutting cycles, and turns 3.0 nullable into JSON Schema", () => {
    const result = parse({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      servers: [{ url: "/v1" }],
      paths: {
        "/nodes": {
          post: {
            requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } },
            responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } } },
          },
        },
      },
      components: {
        schemas: {
          Node: {
            type: "object",
            required: ["id", "name"],
            properties: { id: { type: "integer", readOnly: true }, name: { type: "string", nullable: true }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } },
          },
        },
      },
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.doc.basePath).toBe("/app/v1");
    const op = result.doc.operations[0];
    const check = createSchemaChecker();
    const request = check(op.body!.schema)!;
    expect(request({ name: null, children: [{ name: "x", children: "anything: the cycle was cut here" }] })).toBeNull();
    expect(request({ name: 1 })).not.toBeNull();
    // readOnly id is required of responses only.
    expect(check(op.responses[0].schema!)!({ name: "a" })?.[0].message).toBe("must have required property 'id'");
  });

  it("knows which operations are secured: operation security over global, [] and {} public", () => {
    const result = parse({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      security: [{ key: [] }],
      paths: {
        "/a": { get: { responses: {} } },
        "/b": { get: { security: [], responses: {} } },
        "/c": { get: { security: [{}, { key: [] }], responses: {} } },
        "/d": { get: { security: [{ bearer: [] }], responses: {} } },
      },
      components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" }, bearer: { type: "http", scheme: "bearer" } } },
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.doc.operations.map((o) => [o.id, o.secured, o.auth])).toEqual([
      ["GET /a", true, [{ type: "apiKey", in: "header", name: "X-Key" }]],
      ["GET /b", false, []],
      ["GET /c", false, []],
      ["GET /d", true, [{ type: "http", scheme: "bearer" }]],
    ]);
  });

  it("merges path-level and operation-level parameters, the operation's winning", () => {
    const result = parse({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/x/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, { $ref: "#/components/parameters/Page" }],
          get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: {} },
        },
      },
      components: { parameters: { Page: { name: "page", in: "query", schema: { type: "integer", minimum: 1 }, example: 2 } } },
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.doc.operations[0].parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "integer" }, examples: [] },
      { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1 }, examples: [2] },
    ]);
  });

  it("says which line of a YAML document is wrong", () => {
    const result = parseOpenApi("openapi: 3.1.0\ninfo:\n  title: t\npaths: [a,\n  b: c: d\n", { name: "api.yaml", source: "x", baseUrl: "http://t.test" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^api\.yaml line 5: .+ \(YAML\)\.$/);
  });
});
