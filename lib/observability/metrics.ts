import { createHash, timingSafeEqual } from "node:crypto";
import client from "prom-client";
import { db } from "../db";
import { redis, redisKey } from "../redis";
import { queue } from "../jobs/enqueue";
import { QA_QUEUE, QUEUE } from "../jobs/contract";

const globalForMetrics = globalThis as unknown as { tminusMetrics?: ReturnType<typeof create> };

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "tminus_web_" });
  const httpDuration = new client.Histogram({
    name: "tminus_http_request_duration_seconds",
    help: "API request latency by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: "tminus_queue_jobs",
    help: "BullMQ jobs by queue and state",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      try {
        for (const name of [QUEUE, QA_QUEUE]) {
          const counts = await queue(name).getJobCounts("waiting", "active", "delayed", "failed", "completed");
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        }
      } catch {
        /* Redis down: the outbox gauge still tells the story */
      }
    },
  });
  new client.Gauge({
    name: "tminus_outbox_pending",
    help: "Jobs recorded in Postgres and not yet handed to Redis",
    registers: [registry],
    async collect() {
      this.set(await db.outboxJob.count({ where: { enqueuedAt: null } }));
    },
  });
  // Outcomes of finished deployments, counted in Postgres at scrape time (one grouped query over the join to the
  // target, whose environment is the label), so every web process reports the same numbers.
  new client.Gauge({
    name: "tminus_deployments_total",
    help: "Finished deployments by outcome (succeeded, failed, cancelled, rolled_back) and target environment",
    labelNames: ["outcome", "environment"],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const rows = await db.$queryRaw<{ outcome: string; environment: string; n: number }[]>`
          SELECT d."status"::text AS "outcome", t."environment", count(*)::int AS "n"
            FROM "Deployment" d JOIN "Target" t ON t."id" = d."targetId"
           WHERE d."status" IN ('succeeded', 'failed', 'cancelled', 'rolled_back')
           GROUP BY 1, 2`;
        for (const r of rows) this.set({ outcome: r.outcome, environment: r.environment }, r.n);
      } catch {
        /* Postgres down: the outbox gauge fails the scrape loudly; this one reports nothing rather than stale counts */
      }
    },
  });
  registry.registerMetric(checkDriftMetric() as unknown as client.Metric);
  return { registry, httpDuration };
}

/** Open when no token is configured; otherwise only `Bearer <token>`, compared in constant time (hashes equalise lengths). */
export function metricsAuthorized(authorization: string | null, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer (.+)$/i.exec(authorization ?? "");
  if (!match) return false;
  const digest = (v: string) => createHash("sha256").update(v).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}

export const metrics = () => (globalForMetrics.tminusMetrics ??= create());

// Job durations are measured in the worker process and kept in Redis so the web's /metrics can expose them.
export const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
export const jobMetricsKey = (name: string) => redisKey("metrics", "job", name);

export async function renderJobMetrics(jobNames: string[]): Promise<string> {
  const lines = [
    "# HELP tminus_job_duration_seconds Worker job duration by job name and outcome",
    "# TYPE tminus_job_duration_seconds histogram",
  ];
  for (const name of jobNames) {
    let hash: Record<string, string> = {};
    try {
      hash = await redis().hgetall(jobMetricsKey(name));
    } catch {
      continue;
    }
    for (const outcome of ["completed", "failed"]) {
      const count = Number(hash[`${outcome}:count`] ?? 0);
      if (!count) continue;
      for (const le of JOB_BUCKETS) {
        lines.push(`tminus_job_duration_seconds_bucket{job="${name}",outcome="${outcome}",le="${le}"} ${Number(hash[`${outcome}:le:${le}`] ?? 0)}`);
      }
      lines.push(`tminus_job_duration_seconds_bucket{job="${name}",outcome="${outcome}",le="+Inf"} ${count}`);
      lines.push(`tminus_job_duration_seconds_sum{job="${name}",outcome="${outcome}"} ${Number(hash[`${outcome}:sum`] ?? 0)}`);
      lines.push(`tminus_job_duration_seconds_count{job="${name}",outcome="${outcome}"} ${count}`);
    }
  }
  return lines.join("\n") + "\n";
}

export async function recordJobDuration(name: string, outcome: "completed" | "failed", seconds: number) {
  const key = jobMetricsKey(name);
  const multi = redis().multi();
  for (const le of JOB_BUCKETS) if (seconds <= le) multi.hincrby(key, `${outcome}:le:${le}`, 1);
  multi.hincrby(key, `${outcome}:count`, 1);
  multi.hincrbyfloat(key, `${outcome}:sum`, seconds);
  await multi.exec();
}

// Check scheduling drift: how late each uptime check started relative to its slot. Measured by the scheduler in the
// worker process, summed in Redis like job durations, rendered by the web's /metrics.
export const DRIFT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
export const driftMetricsKey = () => redisKey("metrics", "check_drift");
const DRIFT_NAME = "tminus_check_schedule_drift_seconds";

/** Adds a batch of drift samples (seconds; early starts count as 0) in one round trip. */
export async function recordCheckDrift(samples: number[]) {
  if (!samples.length) return;
  const buckets = new Map<number, number>();
  let sum = 0;
  for (const raw of samples) {
    const s = Math.max(0, raw);
    sum += s;
    for (const le of DRIFT_BUCKETS) if (s <= le) buckets.set(le, (buckets.get(le) ?? 0) + 1);
  }
  const key = driftMetricsKey();
  const multi = redis().multi();
  for (const [le, n] of buckets) multi.hincrby(key, `le:${le}`, n);
  multi.hincrby(key, "count", samples.length);
  multi.hincrbyfloat(key, "sum", sum);
  await multi.exec();
}

/** A histogram whose values live in Redis: prom-client's registry asks it for them at each scrape. */
function checkDriftMetric() {
  const help = "How late uptime checks started relative to their scheduled slot, across all scheduler processes";
  return {
    name: DRIFT_NAME,
    help,
    type: "histogram",
    aggregator: "sum",
    reset() {},
    async get() {
      let hash: Record<string, string> = {};
      try {
        hash = await redis().hgetall(driftMetricsKey());
      } catch {
        /* Redis down: the histogram reads as empty */
      }
      const count = Number(hash.count ?? 0);
      const values = [
        ...DRIFT_BUCKETS.map((le) => ({ metricName: `${DRIFT_NAME}_bucket`, labels: { le }, value: Number(hash[`le:${le}`] ?? 0) })),
        { metricName: `${DRIFT_NAME}_bucket`, labels: { le: "+Inf" }, value: count },
        { metricName: `${DRIFT_NAME}_sum`, labels: {}, value: Number(hash.sum ?? 0) },
        { metricName: `${DRIFT_NAME}_count`, labels: {}, value: count },
      ];
      return { name: DRIFT_NAME, help, type: "histogram", aggregator: "sum", values };
    },
  };
}
