import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, redis } from "@/lib/redis";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { QA_QUEUE, QUEUE } from "@/lib/jobs/contract";
import { createQaRun } from "@/lib/qa/runs";
import { localServer } from "@/tests/net/local-server";
import { healthReport } from "@/lib/observability/health";
import { startWorkerProcess } from "@/tests/helpers/worker-process";
import { createTarget } from "@/lib/targets/targets";
import { requestConnectionTest, runConnectionTest } from "@/lib/targets/connection-tests";
import { systemCtx } from "@/lib/auth/context";
import { startDemoTarget, type DemoTarget } from "@/examples/demo-target/server.mjs";
import { projectWithRoles, userCtx } from "@/tests/helpers/fixtures";
import { startWorker, type RunningWorker } from "./runtime";

describe("worker runtime and the job contract", () => {
  let worker: RunningWorker;
  let queue: Queue;
  let events: QueueEvents;
  let demo: DemoTarget;
  beforeAll(async () => {
    worker = await startWorker({ concurrency: 2 });
    queue = new Queue(QUEUE, { connection: createRedis("queue"), prefix: env.REDIS_PREFIX });
    // Jobs other files left waiting would make the waits below depend on run order.
    await queue.drain(true);
    events = new QueueEvents(QUEUE, { connection: createRedis("queue"), prefix: env.REDIS_PREFIX });
    await events.waitUntilReady();
    demo = await startDemoTarget({ port: 0, version: "2.0.0", log: false });
  });
  afterAll(async () => {
    await worker.close();
    await events.close();
    await queue.close();
    await demo.close();
  });

  it("logs and drops a job with an unknown name", async () => {
    const job = await queue.add("nobody.knows", { x: 1 });
    const result = await job.waitUntilFinished(events, 10_000);
    expect(result).toEqual({ dropped: true });
  });

  it("fails a known job with a bad payload loudly and without retries", async () => {
    const job = await queue.add("target.probe", { connectionTestId: 42 }, { attempts: 3 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/Invalid payload for target.probe/);
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
  });

  it("probes a target end to end and never probes a finished test twice", async () => {
    const { project, users } = await projectWithRoles();
    const ctx = userCtx(users.admin);
    const target = await createTarget({ ctx, input: { projectId: project.id, data: { name: "api", environment: "production", baseUrl: demo.url } } });
    const test = await requestConnectionTest({ ctx, input: { projectId: project.id, targetId: target.id } });
    const job = await queue.getJob(test.id);
    expect(job?.name).toBe("target.probe");
    await job!.waitUntilFinished(events, 15_000);
    const row = await db.connectionTest.findUniqueOrThrow({ where: { id: test.id } });
    expect(row.status).toBe("succeeded");
    expect(row.version).toBe("2.0.0");

    demo.setMode("failing");
    try {
      const again = await runConnectionTest({ ctx: systemCtx("test"), input: { connectionTestId: test.id } });
      expect(again?.status).toBe("succeeded");
      expect(await db.auditLog.count({ where: { projectId: project.id, action: "target.test.result" } })).toBe(1);
    } finally {
      demo.setMode("ok");
    }
  });

  it("reports a failing target with its reason", async () => {
    const { project, users } = await projectWithRoles();
    const ctx = userCtx(users.admin);
    const target = await createTarget({ ctx, input: { projectId: project.id, data: { name: "down", environment: "staging", baseUrl: demo.url } } });
    demo.setMode("failing");
    try {
      const test = await requestConnectionTest({ ctx, input: { projectId: project.id, targetId: target.id } });
      await (await queue.getJob(test.id))!.waitUntilFinished(events, 15_000);
      const row = await db.connectionTest.findUniqueOrThrow({ where: { id: test.id } });
      expect(row.status).toBe("failed");
      expect(row.httpStatus).toBe(503);
      expect(row.error).toMatch(/HTTP 503/);
    } finally {
      demo.setMode("ok");
    }
  });

  it("keeps a heartbeat that the health report reads", async () => {
    const report = await healthReport();
    expect(report.checks.database.ok).toBe(true);
    expect(report.checks.redis.ok).toBe(true);
    expect(report.checks.worker.ok).toBe(true);
    expect(report.status).toBe("ok");
  });
});

describe("QA runs when the worker stops", () => {
  it("a running QA run is asked to stop, ends errored saying the worker stopped, and close() does not wait out the run", async () => {
    const server = await localServer((_req, res) => res.end("ok"));
    const qaQueue = new Queue(QA_QUEUE, { connection: createRedis("queue"), prefix: env.REDIS_PREFIX });
    await qaQueue.drain(true);
    await qaQueue.close();
    const running = await startWorker({ concurrency: 1, qaConcurrency: 1 });
    let closed = false;
    try {
      const { project, users } = await projectWithRoles();
      const ctx = userCtx(users.admin);
      const target = await createTarget({ ctx, input: { projectId: project.id, data: { name: "load", environment: "staging", baseUrl: server.url } } });
      // Ten minutes of load: only a stop request ends it within this test's time.
      const run = await createQaRun({ ctx, input: { projectId: project.id, data: { targetId: target.id, kind: "load", settings: { durationSeconds: 600, connections: 1, thresholds: [] } } } });
      await expect.poll(async () => (await db.qaRun.findUniqueOrThrow({ where: { id: run.id } })).status, { timeout: 20_000, interval: 200 }).toBe("running");
      // Load is flowing (the engine reports each second) before the worker is told to stop.
      await expect.poll(async () => (await db.qaRun.findUniqueOrThrow({ where: { id: run.id } })).progress, { timeout: 20_000, interval: 200 }).toBeGreaterThan(0);
      await running.close();
      closed = true;
      const row = await db.qaRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(row.status).toBe("errored");
      expect(row.summary).toMatch(/^The worker stopped \(it was shut down\) before this run finished; start the run again\. Until then: /);
      expect(row.finishedAt).not.toBeNull();
    } finally {
      if (!closed) await running.close();
      await server.close();
    }
  });
});

describe("worker process", () => {
  it("stops on SIGTERM, exits 0 and removes its heartbeat", async () => {
    const { child, id, output } = await startWorkerProcess();
    expect(await redis().exists(`${env.REDIS_PREFIX}:worker:heartbeat:${id}`)).toBe(1);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output()).toContain("worker.stopped");
    expect(await redis().exists(`${env.REDIS_PREFIX}:worker:heartbeat:${id}`)).toBe(0);
  });
});

describe("maintenance.prune", () => {
  it("removes old live events and sign-in attempts, and keeps recent ones", async () => {
    const { HANDLERS } = await import("./handlers");
    const { project } = await projectWithRoles();
    const old = new Date(Date.now() - 100 * 3600_000);
    await db.liveEvent.create({ data: { projectId: project.id, type: "old", data: {}, createdAt: old } });
    const recent = await db.liveEvent.create({ data: { projectId: project.id, type: "recent", data: {} } });
    await db.signInAttempt.create({ data: { email: `prune-${project.id}@example.test`, ip: "x", success: false, createdAt: old } });
    await HANDLERS["maintenance.prune"]({ liveEventsOlderThanHours: 72, signInAttemptsOlderThanHours: 24, deliveredOutboxOlderThanHours: 168 }, {} as never);
    expect(await db.liveEvent.findMany({ where: { projectId: project.id } })).toEqual([expect.objectContaining({ id: recent.id })]);
    expect(await db.signInAttempt.count({ where: { email: `prune-${project.id}@example.test` } })).toBe(0);
  });

  it("removes outbox rows delivered more than 7 days ago, and keeps recent, pending and dead ones", async () => {
    const { HANDLERS } = await import("./handlers");
    const { JOBS } = await import("@/lib/jobs/contract");
    const tag = `prune-${randomUUID()}`;
    const daysAgo = (d: number) => new Date(Date.now() - d * 24 * 3600_000);
    const row = (suffix: string, data: { enqueuedAt?: Date; failedAt?: Date }) =>
      db.outboxJob.create({ data: { id: `${tag}-${suffix}`, name: "target.probe", payload: { connectionTestId: "x" }, createdAt: daysAgo(30), ...data } });
    await row("old-delivered", { enqueuedAt: daysAgo(8) });
    await row("recent-delivered", { enqueuedAt: daysAgo(6) });
    await row("pending", {});
    await row("dead", { failedAt: daysAgo(20) });
    // The hourly schedule stored before this field existed still parses, and prunes with the 7-day default.
    const payload = JOBS["maintenance.prune"].schema.parse({ liveEventsOlderThanHours: 72, signInAttemptsOlderThanHours: 24 });
    expect(payload.deliveredOutboxOlderThanHours).toBe(168);
    await HANDLERS["maintenance.prune"](payload, {} as never);
    const left = await db.outboxJob.findMany({ where: { id: { startsWith: tag } }, orderBy: { id: "asc" } });
    expect(left.map((r) => r.id.slice(tag.length + 1))).toEqual(["dead", "pending", "recent-delivered"]);
  });
});
