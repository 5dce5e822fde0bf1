import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivateRedis, freePort } from "@/tests/helpers/private-redis";

// The scheduler end to end: real probes of a local target the test toggles, real ingest, incidents, notifications
// delivered by a real worker to a local webhook receiver. This file talks to a Redis of its own so it can stop it;
// lib/ reads REDIS_URL on first use, hence the dynamic imports after the variable points at the private server.
// Checks run every 2 s here (the product's minimum is 10 s; the mechanism does not depend on the scale).
const redis = new PrivateRedis(await freePort());
process.env.REDIS_URL = redis.url;

const { db } = await import("@/lib/db");
const { createCheck } = await import("@/lib/monitoring/checks");
const { startScheduler } = await import("@/lib/monitoring/scheduler");
const { readResults } = await import("@/lib/monitoring/storage");
const { createChannel } = await import("@/lib/notifications/channels");
const { clearInstanceSettingsCache, updateInstanceSettings } = await import("@/lib/settings/instance");
const { startWorker } = await import("@/workers/runtime");
const { createUser, projectWithRoles, userCtx } = await import("@/tests/helpers/fixtures");
const { waitFor } = await import("@/tests/helpers/wait");
const { localServer } = await import("@/tests/net/local-server");

type Mode = "up" | "slow" | "failing";
let mode: Mode = "up";
let target: Awaited<ReturnType<typeof localServer>>;
let targetPort = 0;
const hooks: { event: string; title: string }[] = [];
let receiver: Awaited<ReturnType<typeof localServer>>;

async function startTarget(port = 0) {
  target = await localServer((req, res) => {
    if (mode === "failing") return void res.writeHead(503, { "content-type": "application/json" }).end('{"status":"down"}');
    const answer = () => res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    if (mode === "slow") setTimeout(answer, 600);
    else answer();
  }, { port });
  targetPort = target.port;
}

beforeAll(async () => {
  await redis.start();
  await startTarget();
  receiver = await localServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw);
      hooks.push({ event: body.event, title: body.title });
      res.writeHead(204).end();
    });
  });
  const admin = await createUser({ isInstanceAdmin: true });
  await updateInstanceSettings({ ctx: userCtx(admin), input: { network: { allowLoopback: true } } });
});
afterAll(async () => {
  await target.close().catch(() => {});
  await receiver.close();
  await db.instanceSettings.deleteMany();
  clearInstanceSettingsCache();
  await redis.stop();
});

async function monitoredProject(opts: { checks?: number; failuresToOpen?: number; successesToClose?: number } = {}) {
  const { project, users } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const ids: string[] = [];
  for (let i = 0; i < (opts.checks ?? 1); i++) {
    const check = await createCheck({
      ctx: admin,
      input: {
        projectId: project.id,
        data: {
          kind: "http",
          name: `API ${i}`,
          settings: { url: `http://127.0.0.1:${targetPort}/health?c=${i}`, degradedAboveMs: 300, jsonPath: { path: "$.status", equals: "ok" } },
          failuresToOpen: opts.failuresToOpen ?? 2,
          successesToClose: opts.successesToClose ?? 2,
        },
      },
    });
    ids.push(check.id);
  }
  await db.check.updateMany({ where: { id: { in: ids } }, data: { intervalSeconds: 2, timeoutSeconds: 1, nextRunAt: new Date() } });
  return { project, admin, ids };
}

const results = (checkId: string) => readResults(checkId, new Date(Date.now() - 3600_000), new Date(Date.now() + 60_000), 1000).then((r) => r.reverse());
const runs = async (checkId: string) => (await results(checkId)).filter((r) => r.status !== "unknown");

describe("the scheduler against a target that goes up, slow, failing and down", () => {
  it("yields exactly the expected results, one incident, and one message when it opens and one when it recovers", async () => {
    const { project, admin, ids } = await monitoredProject();
    const [checkId] = ids;
    await createChannel({ ctx: admin, input: { projectId: project.id, data: { name: "ops", format: "json", url: `${receiver.url}/hook`, events: ["incident.opened", "incident.resolved", "incident.reminder"] } } });
    const worker = await startWorker();
    const scheduler = startScheduler({ projectIds: [project.id], tickMs: 50, flushMs: 50, lookaheadMs: 300 });
    const after = async (n: number) => expect((await waitFor(() => runs(checkId), (r) => r.length >= n, 300)).length).toBeGreaterThanOrEqual(n);
    try {
      mode = "up";
      await after(1);
      mode = "slow";
      await after(2);
      mode = "failing";
      await after(4);
      // Down: nothing listens on the port.
      await target.close();
      await after(5);
      await startTarget(targetPort);
      mode = "up";
      await after(7);
    } finally {
      await scheduler.stop();
    }
    const stored = await runs(checkId);
    expect(stored.slice(0, 7).map((r) => r.status)).toEqual(["up", "degraded", "down", "down", "down", "up", "up"]);
    expect(stored[1].error).toMatch(/took \d+ ms, more than the 300 ms above which the check counts as degraded/);
    expect(stored[2]).toMatchObject({ httpStatus: 503 });
    expect(stored[4].error).toMatch(/^Nothing answers at 127.0.0.1:\d+/);
    // No slot twice, and each run stands for the time since the one before.
    expect(new Set(stored.map((r) => r.at.getTime())).size).toBe(stored.length);
    for (let i = 1; i < stored.length; i++) expect(stored[i].coverMs).toBe(stored[i].at.getTime() - stored[i - 1].at.getTime());

    const incidents = await db.incident.findMany({ where: { checkId } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: "resolved", startedAt: stored[2].at, resolvedAt: stored[6].at });
    await waitFor(async () => hooks.length, (n) => n >= 2);
    await new Promise((r) => setTimeout(r, 500));
    await worker.close();
    expect(hooks.map((h) => h.event)).toEqual(["incident.opened", "incident.resolved"]);
    expect(hooks[0].title).toBe("API 0 is down (incident #1)");
  });
});

describe("gaps", () => {
  it("records the time no scheduler ran as unknown, never as up or down, and runs on time again after a restart", async () => {
    mode = "up";
    const { project, ids } = await monitoredProject();
    const [checkId] = ids;
    let scheduler = startScheduler({ projectIds: [project.id], tickMs: 50, flushMs: 50, lookaheadMs: 300 });
    await waitFor(() => runs(checkId), (r) => r.length >= 2, 300);
    await scheduler.stop();
    // Away for more than two intervals.
    await new Promise((r) => setTimeout(r, 5500));
    scheduler = startScheduler({ projectIds: [project.id], tickMs: 50, flushMs: 50, lookaheadMs: 300 });
    await waitFor(() => runs(checkId), (r) => r.length >= 4, 300);
    await scheduler.stop();
    const all = await results(checkId);
    const gaps = all.filter((r) => r.status === "unknown");
    expect(gaps).toHaveLength(1);
    expect(gaps[0].coverMs).toBeGreaterThanOrEqual(2000);
    expect(all.filter((r) => r.status === "down")).toHaveLength(0);
    // Every moment from the first run to the last is covered exactly once.
    for (let i = 1; i < all.length; i++) expect(all[i].at.getTime() - all[i].coverMs, `row ${i}`).toBe(all[i - 1].at.getTime());
  });

  it("keeps checking through a Redis outage: results stay truthful, none twice, no gap", async () => {
    mode = "up";
    const { project, ids } = await monitoredProject({ checks: 3 });
    const scheduler = startScheduler({ projectIds: [project.id], tickMs: 50, flushMs: 50, lookaheadMs: 300 });
    try {
      await waitFor(() => runs(ids[0]), (r) => r.length >= 2, 300);
      await redis.stop();
      const during = (await runs(ids[0])).length;
      await waitFor(() => runs(ids[0]), (r) => r.length >= during + 2, 300);
      await redis.start();
      await waitFor(() => runs(ids[0]), (r) => r.length >= during + 4, 300);
    } finally {
      await scheduler.stop();
    }
    for (const id of ids) {
      const all = await results(id);
      expect(all.every((r) => r.status === "up"), JSON.stringify(all.map((r) => r.status))).toBe(true);
      expect(new Set(all.map((r) => r.at.getTime())).size).toBe(all.length);
    }
  });
});

describe("several scheduler processes", () => {
  it("share the checks and never run one slot twice", async () => {
    mode = "up";
    const { project, ids } = await monitoredProject({ checks: 20 });
    // Checks made at different times have different phases; monitoredProject lines all twenty up on one instant, and
    // then whichever process ticks first claims the whole lot every 2 s (seen in CI: one process did all the work). A
    // phase 100 ms apart each, over the 2 s interval, is how a real project's checks come due.
    const start = Date.now();
    for (const [i, id] of ids.entries()) await db.check.update({ where: { id }, data: { nextRunAt: new Date(start + i * 100) } });
    const root = path.resolve(__dirname, "../..");
    const spawnScheduler = () => {
      const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "tests/monitoring/scheduler-process.ts", project.id], {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      return {
        ready: () => waitFor(async () => out, (o) => o.includes('"ready"'), 300),
        stop: async () => {
          child.kill("SIGTERM");
          await new Promise((r) => child.once("exit", r));
          return JSON.parse(out.trim().split("\n").at(-1)!).stats as { started: number; stored: number };
        },
      };
    };
    const a = spawnScheduler();
    const b = spawnScheduler();
    await Promise.all([a.ready(), b.ready()]);
    await new Promise((r) => setTimeout(r, 7000));
    const [sa, sb] = await Promise.all([a.stop(), b.stop()]);
    const stored = (await Promise.all(ids.map((id) => runs(id)))).flat();
    // Both did work, and every run either process started was stored once: no slot ran in both.
    expect(sa.started).toBeGreaterThan(0);
    expect(sb.started).toBeGreaterThan(0);
    expect(stored.length).toBe(sa.started + sb.started);
    expect(sa.stored + sb.stored).toBe(stored.length);
    for (const id of ids) expect((await runs(id)).length).toBeGreaterThanOrEqual(3);
  });
});

