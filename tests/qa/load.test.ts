import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { generatorHealth, loadEngine, loadSettings, SATURATED_ELU, SATURATED_LOOP_DELAY_MS } from "@/lib/qa/engines/load";
import { fingerprint, type EngineContext } from "@/lib/qa/engine";
import { formatMs } from "@/lib/qa/thresholds";
import { LOCAL_POLICY, type NetworkPolicy } from "@/lib/net/policy";
import { splitPlan } from "@/lib/qa/engines/load-generator";
import { localServer } from "../net/local-server";

// Real servers on loopback, real autocannon: short runs (1–4 s) so the file stays well under a minute. Each gets 20 s:
// a 3 s run plus start-up and teardown is too close to vitest's 5 s default on a busy machine.

type Server = Awaited<ReturnType<typeof localServer>>;
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: http.RequestListener) {
  const server = await localServer(handler);
  servers.push(server);
  return server;
}

const ok: http.RequestListener = (_req, res) => res.end("ok");

type Options = { policy?: NetworkPolicy; maxRequests?: number; maxDurationMs?: number; signal?: AbortSignal; lookup?: EngineContext["lookup"] };

function context(baseUrl: string, o: Options = {}) {
  const logs: string[] = [];
  const points: Record<string, number>[] = [];
  const ctx: EngineContext = {
    baseUrl,
    policy: o.policy ?? LOCAL_POLICY,
    signal: o.signal ?? new AbortController().signal,
    limits: { maxDurationMs: o.maxDurationMs ?? 60_000, maxRequests: o.maxRequests ?? 1_000_000 },
    progress: () => {},
    log: (level, message) => logs.push(`${level}: ${message}`),
    series: (point) => points.push(point),
    lookup: o.lookup,
  };
  return { ctx, logs, points };
}

const settings = (input: Record<string, unknown>) => loadSettings.parse(input);
type Metrics = Record<string, any>;

/** Keeps the calling thread busy for `ms` (a CPU-bound handler): the event loop can do nothing else meanwhile. */
function busyFor(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

describe("load engine", { timeout: 20_000 }, () => {
  it("passes the default thresholds against a fast server, with a point per second", async () => {
    const server = await serve(ok);
    const { ctx, points } = context(server.url);
    const result = await loadEngine.run(settings({ durationSeconds: 2 }), ctx);
    const m = result.metrics as Metrics;
    expect(result.outcome).toBe("pass");
    expect(result.summary).toMatch(/every threshold held/);
    expect(result.findings).toEqual([]);
    expect(m.thresholds.map((t: Metrics) => t.pass)).toEqual([true, true, true]);
    expect(m.requests.total).toBeGreaterThan(100);
    expect(m.statusCodes["200"]).toBe(m.requests.answered);
    expect(m.latency.p99).toBeGreaterThanOrEqual(m.latency.p50);
    expect(m.generator).toMatchObject({ cores: 1, elu: expect.any(Number), eventLoopDelayP99Ms: expect.any(Number) });
    expect(points.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(points[0]).sort()).toEqual(["errors", "p50", "p95", "p99", "rps", "t"]);
  });

  it("fails p(95)<300 against a server that answers in 400 ms, saying what it saw", async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end("slow"), 400));
    const { ctx } = context(server.url);
    const result = await loadEngine.run(settings({ durationSeconds: 2 }), ctx);
    const m = result.metrics as Metrics;
    const p95 = m.thresholds[0];
    expect(result.outcome).toBe("fail");
    expect(p95.pass).toBe(false);
    expect(p95.observed).toBeGreaterThanOrEqual(400);
    expect(p95.sentence).toBe(`p(95) was ${formatMs(p95.observed)}, over the 300 ms limit.`);
    expect(result.summary).toContain(p95.sentence.slice(0, -1));
    expect(m.thresholds.slice(1).map((t: Metrics) => t.pass)).toEqual([true, true]);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: "threshold-failed", severity: "serious", location: "GET /", fingerprint: fingerprint("load", "threshold-failed", "p(95)<300", "GET /") }),
    ]);
  });

  it("stops early once rate(errors)<0.01 can no longer hold (half the answers are 500)", async () => {
    let n = 0;
    const server = await serve((_req, res) => {
      res.statusCode = n++ % 2 ? 500 : 200;
      res.end();
    });
    const { ctx } = context(server.url);
    const result = await loadEngine.run(settings({ mode: "rate", rate: 300, durationSeconds: 4 }), ctx);
    const m = result.metrics as Metrics;
    expect(result.outcome).toBe("fail");
    expect(m.abortedEarly).toBe(true);
    expect(m.plannedTotal).toBe(1200);
    expect(m.requests.total).toBeLessThan(m.plannedTotal);
    expect(server.seen.length).toBeLessThan(1200);
    expect(result.summary).toMatch(/^Stopped early after \d+ s: rate\(errors\)<0\.01 can no longer hold\. The error rate was/);
    expect(m.errors.byKind.status).toBeGreaterThan(0);
    expect(m.statusCodes).toMatchObject({ "200": expect.any(Number), "500": expect.any(Number) });
    expect(result.findings.map((f) => f.detail.threshold)).toContain("rate(errors)<0.01");
  });

  it("sends about the rate asked in rate mode", async () => {
    const server = await serve(ok);
    const { ctx } = context(server.url);
    const result = await loadEngine.run(settings({ mode: "rate", rate: 200, durationSeconds: 3 }), ctx);
    const m = result.metrics as Metrics;
    expect(result.outcome).toBe("pass");
    expect(m.plannedTotal).toBe(600);
    expect(server.seen.length).toBeGreaterThanOrEqual(300);
    expect(server.seen.length).toBeLessThanOrEqual(900);
    expect(m.latency.measuredFrom).toBe("scheduled send");
  });

  it("counts rate-mode latency from when each request was due, so queueing behind a slow target shows", async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end(), 400));
    const { ctx } = context(server.url);
    // 2 connections at 400 ms each carry 5 requests/s, a tenth of the rate asked: requests wait ever longer.
    const result = await loadEngine.run(settings({ mode: "rate", rate: 50, connections: 2, durationSeconds: 2, abortOnFail: false }), ctx);
    const m = result.metrics as Metrics;
    expect(m.latency.p95).toBeGreaterThan(1000);
    expect(result.summary).toContain("of the 50 req/s asked were sent");
  });

  it("stops early in connection mode once max<50 can no longer hold (one answer took 150 ms)", async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end("slow"), 150));
    const { ctx } = context(server.url);
    const result = await loadEngine.run(settings({ connections: 2, durationSeconds: 15, thresholds: ["max<50"] }), ctx);
    const m = result.metrics as Metrics;
    expect(result.outcome).toBe("fail");
    expect(m.abortedEarly).toBe(true);
    expect(m.stoppedBecause).toBe("threshold");
    // Stopped at a per-second check, far before the 15 s asked (not a timing bound: a run that did not stop lasts 15 s).
    expect(m.durationSeconds).toBeLessThan(15);
    expect(result.summary).toMatch(/^Stopped early after \d+ s: max<50 can no longer hold\. max was [\d,]+ ms, over the 50 ms limit\./);
  });

  it("does not stop early in connection mode on a percentile: nothing bounds the total, so it is never certain", async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end("slow"), 150));
    const { ctx } = context(server.url);
    const result = await loadEngine.run(settings({ connections: 2, durationSeconds: 2, thresholds: ["p(95)<50"] }), ctx);
    const m = result.metrics as Metrics;
    expect(result.outcome).toBe("fail");
    expect(m.abortedEarly).toBe(false);
    expect(m.stoppedBecause).toBeNull();
    expect(m.thresholds[0]).toMatchObject({ pass: false });
  });

  it("marks the run unreliable when the generating thread is saturated (workers: 0, its own thread kept busy)", async () => {
    // The server runs in this thread too, as the generator does with workers: 0: each answer holds the loop for 20 ms.
    const server = await serve((_req, res) => {
      busyFor(20);
      res.end("ok");
    });
    const { ctx, logs } = context(server.url);
    const result = await loadEngine.run(settings({ connections: 2, durationSeconds: 2, thresholds: ["rate(errors)<0.5"] }), ctx);
    const m = result.metrics as Metrics;
    expect(m.generator.elu).toBeGreaterThanOrEqual(SATURATED_ELU);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(false);
    expect(result.unreliableReason).toMatch(/^The load generator was saturated: its event loop was busy \d+% of the time \(under 90% is trusted\)/);
    expect(logs).toContain(`warn: ${result.unreliableReason}`);
  });

  it("charges a generator thread only its own loop: a busy main thread does not make it saturated", async () => {
    // The same CPU-bound server in the main thread; the load comes from a worker thread, which mostly waits for it.
    const server = await serve((_req, res) => {
      busyFor(20);
      res.end("ok");
    });
    const { ctx } = context(server.url);
    const result = await loadEngine.run(settings({ connections: 2, durationSeconds: 2, workers: 1, thresholds: ["rate(errors)<0.5"] }), ctx);
    const m = result.metrics as Metrics;
    expect(result.outcome).toBe("pass");
    expect(m.generator.threadElu).toHaveLength(1);
    expect(m.generator.elu).toBeLessThan(SATURATED_ELU);
    expect(m.requests.answered).toBeGreaterThan(0);
  });

  it("runs rate stages one after the other", async () => {
    const server = await serve(ok);
    const { ctx, logs } = context(server.url);
    const result = await loadEngine.run(
      settings({ mode: "rate", stages: [{ durationSeconds: 1, target: 100 }, { durationSeconds: 2, target: 200 }] }),
      ctx,
    );
    const m = result.metrics as Metrics;
    expect(m.plannedTotal).toBe(500);
    expect(server.seen.length).toBeGreaterThanOrEqual(250);
    expect(server.seen.length).toBeLessThanOrEqual(750);
    expect(logs).toContain("info: Stage 2 of 2: 200 requests/s over 10 connections for 2 s.");
  });

  it("never sends more than ctx.limits.maxRequests", async () => {
    const server = await serve(ok);
    const { ctx } = context(server.url, { maxRequests: 300 });
    const result = await loadEngine.run(settings({ connections: 20, durationSeconds: 3 }), ctx);
    expect(server.seen.length).toBeLessThanOrEqual(300);
    expect((result.metrics as Metrics).requests.sent).toBeLessThanOrEqual(300);
    expect(server.seen.length).toBeGreaterThan(0);
    expect((result.metrics as Metrics).stoppedBecause).toBe("request-cap");
    expect(result.summary).toMatch(/The run stopped at the request cap of 300 requests\.$/);
  });

  it("stops when the signal aborts and returns what it has", { timeout: 20_000 }, async () => {
    const server = await serve(ok);
    const abort = new AbortController();
    const { ctx } = context(server.url, { signal: abort.signal });
    setTimeout(() => abort.abort(), 1000);
    const result = await loadEngine.run(settings({ durationSeconds: 60 }), ctx);
    expect(result.outcome).toBe("error");
    expect(result.summary).toMatch(/^Cancelled after \d+ s; p95 /);
    expect((result.metrics as Metrics).cancelled).toBe(true);
    expect((result.metrics as Metrics).requests.total).toBeGreaterThan(0);
  });

  it("refuses a target the policy forbids, without a single request", async () => {
    const server = await serve(ok);
    const { ctx } = context(server.url, { policy: { ...LOCAL_POLICY, allowLoopback: false } });
    const result = await loadEngine.run(settings({ durationSeconds: 2 }), ctx);
    expect(result.outcome).toBe("error");
    expect(result.summary).toBe(
      "This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.",
    );
    expect(server.seen).toEqual([]);
  });

  it("turns a URL it cannot load into an error outcome, not a throw", async () => {
    const { ctx } = context("ftp://127.0.0.1/");
    const result = await loadEngine.run(settings({ durationSeconds: 1 }), ctx);
    expect(result).toMatchObject({ outcome: "error", summary: "Workers fetch only http and https URLs, not ftp://." });
  });

  it("sends the scenario to the checked address with the original Host header", async () => {
    const bodies: string[] = [];
    const server = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        if (req.method === "POST") bodies.push(`${req.headers["x-scenario"]} ${body}`);
        res.end();
      });
    });
    const lookups: string[] = [];
    const lookup = async (hostname: string) => (lookups.push(hostname), [{ address: "127.0.0.1", family: 4 }]);
    const { ctx } = context(`http://shop.test:${server.port}/app/`, { lookup });
    const scenario = [
      { path: "/a" },
      { method: "POST", path: "/b", headers: { "x-scenario": "checkout" }, body: '{"qty":1}' },
    ];
    const result = await loadEngine.run(settings({ durationSeconds: 1, connections: 2, requests: scenario }), ctx);
    expect(result.outcome).toBe("pass");
    expect(lookups).toEqual(["shop.test"]);
    expect(new Set(server.seen.map((s) => s.path))).toEqual(new Set(["/app/a", "/app/b"]));
    expect(new Set(server.seen.map((s) => s.host))).toEqual(new Set([`shop.test:${server.port}`]));
    expect(bodies[0]).toBe('checkout {"qty":1}');
    expect(result.findings).toEqual([]);
  });

  it("reports an unreachable target as an error with the cause", async () => {
    const gone = await localServer(ok);
    await gone.close();
    const { ctx } = context(gone.url);
    const result = await loadEngine.run(settings({ durationSeconds: 3, connections: 2 }), ctx);
    expect(result.outcome).toBe("error");
    expect(result.summary).toBe(`The target could not be reached: every request failed. Nothing answers at 127.0.0.1:${gone.port} — is the server running?`);
    expect((result.metrics as Metrics).errors.byKind.transport).toBeGreaterThan(0);
  });

  it("generates from a worker thread with the same figures", async () => {
    const server = await serve(ok);
    const { ctx, points } = context(server.url);
    const result = await loadEngine.run(settings({ durationSeconds: 2, workers: 1 }), ctx);
    const m = result.metrics as Metrics;
    expect(result.outcome).toBe("pass");
    // Requests in flight when the run ends reach the server but their answers are never read: one per connection.
    expect(server.seen.length - m.requests.answered).toBeGreaterThanOrEqual(0);
    expect(server.seen.length - m.requests.answered).toBeLessThanOrEqual(10);
    expect(m.generator.cores).toBe(1);
    expect(points.reduce((sum, p) => sum + p.rps, 0)).toBeGreaterThan(0);
    // A 2 s run plus starting a worker thread (tsx compiles the engine in it): ~3 s alone, past 5 s on a busy machine.
  }, 20_000);
});

describe("generatorHealth", () => {
  const thread = (elu: number, eventLoopDelayP99Ms = 5, ms = 10_000) => ({ activeMs: elu * ms, idleMs: (1 - elu) * ms, eventLoopDelayP99Ms });

  it("trusts a generator under the limits, and not one at or over them", () => {
    expect(generatorHealth([thread(0.89)])).toMatchObject({ elu: 0.89, saturated: null });
    expect(generatorHealth([thread(SATURATED_ELU)]).saturated).toBe(
      "The load generator was saturated: its event loop was busy 90% of the time (under 90% is trusted), so latencies include its own queueing and the target may handle more. Add workers or lower the load.",
    );
    expect(generatorHealth([thread(0.5, SATURATED_LOOP_DELAY_MS)]).saturated).toBeNull();
    expect(generatorHealth([thread(0.5, SATURATED_LOOP_DELAY_MS + 1)]).saturated).toMatch(/^The load generator was saturated: its event loop lagged 101 ms at p99 \(over 100 ms\)/);
  });

  it("judges by the busiest thread, and leaves out threads that generated nothing", () => {
    const health = generatorHealth([thread(0.2), thread(0.95), { activeMs: 0, idleMs: 0, eventLoopDelayP99Ms: 0 }]);
    expect(health).toMatchObject({ elu: 0.95, threadElu: [0.2, 0.95], cores: 2 });
    expect(health.saturated).toMatch(/^The load generator was saturated: its busiest thread's event loop was busy 95% of the time/);
    expect(generatorHealth([thread(0.2), thread(0.3)]).saturated).toBeNull();
  });
});

describe("splitPlan", () => {
  const plan = { url: "http://127.0.0.1:1", requests: [], durationSeconds: 1, timeoutSeconds: 10 };

  it("shares connections, the request cap and the rate so that nothing is lost or exceeded", () => {
    const shares = splitPlan({ ...plan, connections: 10, maxRequests: 1001, rate: 500 }, 3);
    expect(shares.map((s) => s.connections)).toEqual([4, 3, 3]);
    expect(shares.map((s) => s.maxRequests)).toEqual([334, 334, 333]);
    expect(shares.map((s) => s.rate)).toEqual([200, 150, 150]);
    expect(shares.map((s) => s.phase)).toEqual([0, 1 / 3, 2 / 3]);
  });

  it("uses fewer threads than asked when there are fewer connections or requests", () => {
    expect(splitPlan({ ...plan, connections: 2, maxRequests: 100 }, 4).map((s) => s.connections)).toEqual([1, 1]);
    expect(splitPlan({ ...plan, connections: 10, maxRequests: 1 }, 4)).toHaveLength(1);
  });
});

describe("load settings", () => {
  const issues = (input: Record<string, unknown>) => loadSettings.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message]);

  it("fills in the defaults", () => {
    expect(loadSettings.parse({})).toMatchObject({
      mode: "connections",
      connections: 10,
      durationSeconds: 30,
      requests: [{ method: "GET", path: "/" }],
      thresholds: ["p(95)<300", "p(99)<1000", "rate(errors)<0.01"],
      abortOnFail: true,
      workers: 0,
    });
  });

  it("names the field and the rule", () => {
    expect(issues({ thresholds: ["p(95)<300", "p(95)<<300"] })).toEqual([
      ["thresholds.1", '"p(95)<<300": expected an operator (<, <=, >, >=, ==) followed by a number'],
    ]);
    expect(issues({ requests: [{ path: "api" }] })).toEqual([["requests.0.path", 'path must start with "/"']]);
    expect(issues({ mode: "rate" })).toEqual([["rate", "rate is required in rate mode (requests per second), or give stages"]]);
    expect(issues({ connections: 0, durationSeconds: 601 })).toEqual([
      ["connections", "connections must be at least 1"],
      ["durationSeconds", "durationSeconds must be at most 600"],
    ]);
    expect(issues({ requests: [{ path: "/", headers: { "x-a": "1\r\nGET /admin HTTP/1.1" } }] })).toEqual([
      ["requests.0.headers.x-a", "headers: the value of x-a must be one line"],
    ]);
    expect(issues({ stages: [{ durationSeconds: 1, target: 5000 }] })).toEqual([["stages.0.target", "target must be at most 1000 connections"]]);
  });
});
