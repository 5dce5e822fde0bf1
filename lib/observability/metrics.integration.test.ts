import { afterAll, describe, expect, it, vi } from "vitest";

// Before lib/env is first read, so /metrics is protected the way an operator would set it up.
const TOKEN = vi.hoisted(() => {
  const token = "metrics-token-for-tests-0123456789";
  process.env.METRICS_TOKEN = token;
  return token;
});
afterAll(() => {
  delete process.env.METRICS_TOKEN;
});
import { GET as metricsRoute } from "@/app/metrics/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { redis } from "@/lib/redis";
import { heartbeatKey } from "./health";
import { metricsAuthorized, recordJobDuration } from "./metrics";
import { call, createUser, sessionCookie } from "@/tests/helpers/fixtures";

describe("operations endpoints", () => {
  it("/metrics exposes API latency, queue depth, outbox backlog and job durations in Prometheus format", async () => {
    const user = await createUser();
    await call("GET", "/projects", { as: { cookie: await sessionCookie(user.id) } });
    await recordJobDuration("target.probe", "completed", 0.2);
    const res = await metricsRoute(new Request("http://localhost:3000/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(text).toMatch(/tminus_http_request_duration_seconds_count\{method="GET",route="\/projects",status="200"\} \d+/);
    expect(text).toMatch(/tminus_queue_jobs\{queue="tminus",state="waiting"\} \d+/);
    expect(text).toMatch(/tminus_queue_jobs\{queue="tminus-qa",state="waiting"\} \d+/);
    expect(text).toMatch(/tminus_outbox_pending \d+/);
    expect(text).toMatch(/tminus_job_duration_seconds_bucket\{job="target.probe",outcome="completed",le="0.25"\} [1-9]/);
  });

  it("/metrics answers 401 without the METRICS_TOKEN or with a wrong one, and says what to send", async () => {
    for (const auth of [undefined, "Bearer wrong", `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, "Basic bWV0cmljcw==", TOKEN]) {
      const res = await metricsRoute(new Request("http://localhost:3000/metrics", { headers: auth ? { authorization: auth } : {} }));
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await res.json()).error.message).toMatch(/METRICS_TOKEN/);
    }
    // Without a configured token the endpoint stays open, as on a local install.
    expect(metricsAuthorized(null, undefined)).toBe(true);
    expect(metricsAuthorized(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it("/api/health answers 503 and names the worker when no worker heartbeat is alive", async () => {
    const keys = await redis().keys(heartbeatKey("*"));
    if (keys.length) await redis().del(...keys);
    const down = await healthRoute();
    expect(down.status).toBe(503);
    const body = await down.json();
    expect(body.checks.worker.ok).toBe(false);
    expect(body.checks.worker.detail).toMatch(/No worker is running \(no live worker heartbeat/);
    expect(body.checks.database.ok).toBe(true);

    await redis().set(heartbeatKey("test-worker"), "{}", "EX", 30);
    const up = await healthRoute();
    expect(up.status).toBe(200);
    await redis().del(heartbeatKey("test-worker"));
  });
});
