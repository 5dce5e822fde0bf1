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
import { DRIFT_BUCKETS, driftMetricsKey, metricsAuthorized, recordCheckDrift, recordJobDuration } from "./metrics";
import { db } from "@/lib/db";
import { startScheduler } from "@/lib/monitoring/scheduler";
import { call, createUser, projectWithRoles, sessionCookie, uid } from "@/tests/helpers/fixtures";
import { waitFor } from "@/tests/helpers/wait";

const scrape = async () => {
  const res = await metricsRoute(new Request("http://localhost:3000/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }));
  expect(res.status).toBe(200);
  return res.text();
};
/** The value of one sample line, e.g. sample(text, 'tminus_queue_jobs{queue="tminus",state="waiting"}'); undefined when absent. */
const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
const DRIFT = "tminus_check_schedule_drift_seconds";
const driftSeries = (text: string) => ({
  buckets: Object.fromEntries([...DRIFT_BUCKETS, "+Inf"].map((le) => [String(le), sample(text, `${DRIFT}_bucket{le="${le}"}`)])),
  count: sample(text, `${DRIFT}_count`),
  sum: sample(text, `${DRIFT}_sum`),
});

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

  it("/metrics counts finished deployments by outcome and target environment, straight from Postgres", async () => {
    const { project, users } = await projectWithRoles();
    // Environments of their own, so counts from other tests in this run's database cannot mix in.
    const prodEnv = `production-${uid()}`;
    const stagingEnv = `staging-${uid()}`;
    const target = (environment: string) => db.target.create({ data: { projectId: project.id, name: `t-${uid()}`, environment, baseUrl: "https://x.example.test" } });
    const [prod, prod2, staging] = [await target(prodEnv), await target(prodEnv), await target(stagingEnv)];
    const release = await db.release.create({ data: { projectId: project.id, version: "1.0.0", createdBy: users.admin.email } });
    let number = 0;
    const deploy = (targetId: string, status: "succeeded" | "failed" | "cancelled" | "rolled_back" | "running" | "awaiting_approval" | "queued", n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          db.deployment.create({ data: { projectId: project.id, targetId, releaseId: release.id, number: ++number, status, configHash: "h", requestedBy: users.admin.email } }),
        ),
      );
    await deploy(prod.id, "succeeded", 3);
    await deploy(prod2.id, "succeeded", 2);
    await deploy(prod.id, "failed", 2);
    await deploy(prod2.id, "rolled_back", 1);
    await deploy(staging.id, "succeeded", 1);
    await deploy(staging.id, "cancelled", 4);
    // Not finished: not an outcome, so not counted.
    await deploy(staging.id, "awaiting_approval", 1);
    await deploy(prod.id, "queued", 1);

    const text = await scrape();
    expect(text).toContain("# TYPE tminus_deployments_total gauge");
    const lines = text.split("\n").filter((l) => l.startsWith("tminus_deployments_total{") && (l.includes(prodEnv) || l.includes(stagingEnv)));
    expect(lines.sort()).toEqual(
      [
        `tminus_deployments_total{outcome="cancelled",environment="${stagingEnv}"} 4`,
        `tminus_deployments_total{outcome="failed",environment="${prodEnv}"} 2`,
        `tminus_deployments_total{outcome="rolled_back",environment="${prodEnv}"} 1`,
        `tminus_deployments_total{outcome="succeeded",environment="${prodEnv}"} 5`,
        `tminus_deployments_total{outcome="succeeded",environment="${stagingEnv}"} 1`,
      ].sort(),
    );

    // A scrape reflects the database now: a deployment that finishes moves the count, a deleted project takes its rows.
    await db.deployment.updateMany({ where: { targetId: staging.id, status: "awaiting_approval" }, data: { status: "failed" } });
    expect(sample(await scrape(), `tminus_deployments_total{outcome="failed",environment="${stagingEnv}"}`)).toBe(1);
    await db.project.delete({ where: { id: project.id } });
    const after = await scrape();
    expect(after).not.toContain(prodEnv);
    expect(after).not.toContain(stagingEnv);
  });

  it("/metrics exposes check scheduling drift as a histogram summed from every scheduler process through Redis", async () => {
    const before = driftSeries(await scrape());
    // Present (as zeros at worst) before and after, so dashboards never see the series vanish.
    expect(before.count).toBeTypeOf("number");

    // 4 ms, 30 ms, 0.2 s, 0.7 s, 3 s, 2 min; and a start a hair early, which counts as on time.
    await recordCheckDrift([0.004, 0.03, 0.2, 0.7, 3, 120, -0.001]);
    const text = await scrape();
    expect(text).toContain(`# TYPE ${DRIFT} histogram`);
    const after = driftSeries(text);
    const delta = (le: string) => after.buckets[le]! - before.buckets[le]!;
    expect(Object.fromEntries([...DRIFT_BUCKETS, "+Inf"].map((le) => [String(le), delta(String(le))]))).toEqual({
      "0.005": 2,
      "0.01": 2,
      "0.025": 2,
      "0.05": 3,
      "0.1": 3,
      "0.25": 4,
      "0.5": 4,
      "1": 5,
      "2.5": 5,
      "5": 6,
      "10": 6,
      "30": 6,
      "60": 6,
      "+Inf": 7,
    });
    expect(after.count! - before.count!).toBe(7);
    expect(after.sum! - before.sum!).toBeCloseTo(0.004 + 0.03 + 0.2 + 0.7 + 3 + 120, 6);
  });

  it("the uptime scheduler records the start drift of the checks it runs", async () => {
    const { project } = await projectWithRoles();
    await db.check.create({
      data: { projectId: project.id, name: "drift", kind: "http", settings: { url: "https://x.example.test/health" }, intervalSeconds: 60, timeoutSeconds: 5, nextRunAt: new Date() },
    });
    const hash = () => redis().hgetall(driftMetricsKey());
    const countBefore = Number((await hash()).count ?? 0);
    let runs = 0;
    const scheduler = startScheduler({
      projectIds: [project.id],
      tickMs: 50,
      flushMs: 50,
      probe: async () => {
        runs++;
        return { status: "up", latencyMs: 1 };
      },
    });
    try {
      const seen = await waitFor(hash, (h) => Number(h.count ?? 0) > countBefore);
      expect(runs).toBe(1);
      expect(Number(seen.count) - countBefore).toBe(1);
    } finally {
      await scheduler.stop();
    }
    expect(sample(await scrape(), `${DRIFT}_count`)).toBe(Number((await hash()).count));
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
