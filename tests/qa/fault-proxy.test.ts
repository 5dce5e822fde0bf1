import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { guardedFetch, GuardedFetchError } from "@/lib/net/guarded-fetch";
import { HOSTED_POLICY, LOCAL_POLICY } from "@/lib/net/policy";
import type { EngineContext } from "@/lib/qa/engine";
import { fuzzEngine } from "@/lib/qa/engines/fuzz";
import { fuzzSettings } from "@/lib/qa/engines/fuzz-settings";
import { startFaultProxy, type FaultProxy, type FaultSettings } from "@/lib/qa/fault-proxy";
import { localServer } from "@/tests/net/local-server";
import { streamingSite, type AbortReaction } from "./fixtures/api-sites";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const BODY = "0123456789".repeat(10_000); // 100 kB, sent with Content-Length

async function upstream(handler?: http.RequestListener) {
  const s = await localServer(handler ?? ((_req, res) => res.writeHead(200, { "content-type": "text/plain", "content-length": BODY.length }).end(BODY)));
  cleanup.push(s.close);
  return s;
}

async function proxy(port: number, faults: Partial<FaultSettings>): Promise<FaultProxy> {
  const p = await startFaultProxy({
    upstream: { host: "127.0.0.1", port, address: "127.0.0.1" },
    faults: { latencyMs: 0, latencyJitterMs: 0, resetRate: 0, truncateRate: 0, seed: 7, ...faults },
    policy: LOCAL_POLICY,
  });
  cleanup.push(p.close);
  return p;
}

/** A plain client that reports what it got: status, bytes read, whether the body ended, or the error. */
function get(url: string): Promise<{ status?: number; bytes: number; complete: boolean; error?: string }> {
  return new Promise((resolve) => {
    let bytes = 0;
    let status: number | undefined;
    const req = http.get(url, { agent: false }, (res) => {
      status = res.statusCode;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status, bytes, complete: res.complete }));
      res.on("error", (e) => resolve({ status, bytes, complete: false, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    });
    req.on("error", (e) => resolve({ status, bytes, complete: false, error: (e as NodeJS.ErrnoException).code ?? e.message }));
  });
}

async function many(url: string, n: number, concurrency = 8) {
  const results: Awaited<ReturnType<typeof get>>[] = [];
  for (let i = 0; i < n; i += concurrency) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, (_v, j) => get(`${url}/item/${i + j}`)))));
  }
  return results;
}

describe("fault proxy", () => {
  it("passes clean requests through whole, with the latency recorded", async () => {
    const s = await upstream();
    const p = await proxy(s.port, { latencyMs: 120 });
    const result = await get(`${p.url}/x`);
    expect(result).toEqual({ status: 200, bytes: BODY.length, complete: true });
    expect(p.stats.log.map((r) => [r.fault, r.delayMs, r.status])).toEqual([["clean", 120, 200]]);
    expect(p.stats.delayMsTotal).toBe(120);
  });

  it("holds a request back before the target sees it", async () => {
    const s = await upstream();
    const p = await proxy(s.port, { latencyMs: 6_000 });
    const pending = get(`${p.url}/held`);
    while (p.stats.requests === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100)); // a moment for a request that was not held to arrive
    expect(s.seen).toEqual([]);
    await p.close();
    expect((await pending).complete).toBe(false);
    expect(s.seen).toEqual([]);
  });

  it("keeps the jitter within its bounds", async () => {
    const s = await upstream((_req, res) => res.end("ok"));
    const p = await proxy(s.port, { latencyMs: 40, latencyJitterMs: 30 });
    await many(p.url, 20);
    const delays = p.stats.log.map((r) => r.delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(70);
    expect(new Set(delays).size).toBeGreaterThan(5);
  });

  it("resets connections at about the configured rate, before and in the middle of responses", async () => {
    const s = await upstream();
    const p = await proxy(s.port, { resetRate: 0.3 });
    const results = await many(p.url, 200);
    const resets = p.stats.byFault["reset-before"] + p.stats.byFault["reset-mid"];
    expect(resets).toBeGreaterThanOrEqual(30);
    expect(resets).toBeLessThanOrEqual(90);
    expect(p.stats.byFault["reset-before"]).toBeGreaterThan(0);
    expect(p.stats.byFault["reset-mid"]).toBeGreaterThan(0);
    const failed = results.filter((r) => !r.complete);
    expect(failed.length).toBe(resets);
    expect(failed.every((r) => r.error === "ECONNRESET" || r.error === "aborted")).toBe(true);
    expect(results.filter((r) => r.complete).every((r) => r.bytes === BODY.length)).toBe(true);
  });

  it("truncates responses: part of the body, then the connection closes", async () => {
    const s = await upstream();
    const p = await proxy(s.port, { truncateRate: 1 });
    const result = await get(`${p.url}/x`);
    expect(result.status).toBe(200);
    expect(result.complete).toBe(false);
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.bytes).toBeLessThan(BODY.length);
    expect(p.stats.byFault.truncate).toBe(1);

    // A streamed (chunked) response is cut too, within its first chunk.
    const streamed = await upstream((_req, res) => {
      res.write("a".repeat(1000));
      setTimeout(() => res.end("b".repeat(1000)), 20);
    });
    const p2 = await proxy(streamed.port, { truncateRate: 1 });
    const cut = await get(`${p2.url}/y`);
    expect([cut.status, cut.complete, cut.bytes]).toEqual([200, false, 500]);
  });

  it("chooses the same faults for the same requests on every run", async () => {
    const s = await upstream((_req, res) => res.end("ok"));
    const runOnce = async () => {
      const p = await proxy(s.port, { resetRate: 0.3, truncateRate: 0.3, latencyJitterMs: 50, seed: 3 });
      await many(p.url, 40);
      return p.stats.log.map((r) => `${r.path} ${r.fault} ${r.delayMs}`).sort();
    };
    expect(await runOnce()).toEqual(await runOnce());
  });

  it("checks the target's address against the policy before it starts", async () => {
    const error = await startFaultProxy({
      upstream: { host: "127.0.0.1", port: 1, address: "127.0.0.1" },
      faults: { latencyMs: 0, latencyJitterMs: 0, resetRate: 0, truncateRate: 0, seed: 1 },
      policy: HOSTED_POLICY,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuardedFetchError);
    expect((error as GuardedFetchError).message).toContain("does not let workers reach loopback addresses (127.0.0.1)");
  });

  it("answers 502, marked as its own, when the target cannot be reached", async () => {
    const s = await upstream();
    const port = s.port;
    await s.close();
    const p = await proxy(port, {});
    const res = await guardedFetch(`${p.url}/x`, { policy: LOCAL_POLICY });
    expect([res.status, res.headers["x-tminus-proxy"]]).toEqual([502, "upstream-unreachable"]);
    expect(p.stats.log[0].upstreamError).toContain("Nothing answers at 127.0.0.1");
  });
});

// Recovery is given about 3.5 s after the faults stop, so these take a few seconds each.
describe("fuzz engine in faults mode", { timeout: 20_000 }, () => {
  async function site(reaction: AbortReaction) {
    const s = await streamingSite(reaction);
    cleanup.push(s.close);
    return s;
  }

  const ctx = (baseUrl: string, maxRequests = 1_000): EngineContext => ({
    baseUrl,
    policy: LOCAL_POLICY,
    signal: new AbortController().signal,
    limits: { maxDurationMs: 40_000, maxRequests },
    progress: () => {},
    log: () => {},
    series: () => {},
  });
  const faults = (over: Record<string, unknown>) => fuzzSettings.parse({ mode: "faults", pages: ["/", "/report"], faults: { latencyMs: 0, latencyJitterMs: 0, rounds: 2, ...over } });

  it("reports no-recovery when a truncated response makes the target stop answering", async () => {
    const s = await site("crash");
    const result = await fuzzEngine.run(faults({ resetRate: 0, truncateRate: 1 }), ctx(s.url));
    expect(s.aborts).toBeGreaterThan(0);
    expect(result.outcome).toBe("fail");
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([["no-recovery", "critical"]]);
    const finding = result.findings[0];
    expect(finding.detail.curl).toBe(`curl -sS -i -X GET '${s.url}/'`);
    expect(finding.detail.error).toContain("Nothing answers at 127.0.0.1");
    expect(result.metrics.recovered).toBe(false);
    expect(result.metrics.faults).toMatchObject({ byFault: { truncate: expect.any(Number), clean: 0 } });
  });

  it("passes a target that shrugs off resets, cut responses and latency", async () => {
    const s = await site("ignore");
    const result = await fuzzEngine.run(faults({ resetRate: 0.3, truncateRate: 0.3, latencyMs: 20, latencyJitterMs: 10 }), ctx(s.url));
    expect(s.aborts).toBeGreaterThan(0);
    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(true);
    expect(result.metrics.recovered).toBe(true);
    expect(result.summary).toMatch(/^The target kept answering through \d+ requests with \d+ faults/);
    const byFault = (result.metrics.faults as { byFault: Record<string, number> }).byFault;
    expect(byFault.clean).toBeGreaterThan(0);
    expect(byFault.truncate + byFault["reset-before"] + byFault["reset-mid"]).toBeGreaterThan(0);
  });

  it("marks a run that stopped at the request cap unreliable: rounds and recovery checks it never sent were not judged", async () => {
    const s = await site("ignore");
    // 6 requests: the OpenAPI document and the checks before the faults leave room for only part of the faulted rounds.
    const result = await fuzzEngine.run(faults({ resetRate: 0, truncateRate: 0 }), ctx(s.url, 6));
    expect(s.seen.length).toBeLessThanOrEqual(6);
    expect(result.findings).toEqual([]);
    expect(result.outcome).toBe("pass");
    expect(result.reliable).toBe(false);
    expect(result.unreliableReason).toMatch(/^The faults run stopped early \(the request cap \(6\) was reached\): \d+ of \d+ requests went through the fault proxy and \d+ of \d+ recovery checks were made/);
    expect(result.summary).toContain("Stopped early: the request cap (6) was reached.");
  });

  it("reports 5xx answered to clean requests during faults, and no no-recovery when the target heals", async () => {
    const s = await site("fail-for-a-while");
    const result = await fuzzEngine.run(faults({ resetRate: 0, truncateRate: 0.5, rounds: 4 }), ctx(s.url));
    expect(result.findings.map((f) => f.rule)).toContain("server-error-under-faults");
    expect(result.findings.map((f) => f.rule)).not.toContain("no-recovery");
    const finding = result.findings.find((f) => f.rule === "server-error-under-faults")!;
    expect([finding.severity, finding.detail.status]).toEqual(["serious", 503]);
    expect(result.outcome).toBe("fail");
  });
});
