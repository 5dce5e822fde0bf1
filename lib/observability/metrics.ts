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
