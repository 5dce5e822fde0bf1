import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis";
import { healthReport } from "@/lib/observability/health";
import { startWorkerProcess } from "@/tests/helpers/worker-process";

describe("health after a worker is killed", () => {
  it("reports the worker down at once when it dies with SIGKILL, though its heartbeat key has not expired", async () => {
    const { child, id } = await startWorkerProcess();
    const key = `${env.REDIS_PREFIX}:worker:heartbeat:${id}`;

    const before = await healthReport();
    expect(before.checks.worker).toMatchObject({ ok: true, detail: "1 worker(s) alive" });

    // The worker runs in the spawned process itself (node --import tsx): kill it, as the OOM killer or `kill -9 <pid>` would.
    const { pid } = JSON.parse((await redis().get(key))!) as { pid: number };
    expect(pid).toBe(child.pid);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(pid, "SIGKILL");
    await exited;
    // SIGKILL runs no shutdown code: the key is still there, with most of its TTL left.
    expect(await redis().ttl(key)).toBeGreaterThan(5);

    const after = await healthReport();
    expect(after.status).toBe("degraded");
    expect(after.checks.worker.ok).toBe(false);
    expect(after.checks.worker.detail).toMatch(/No worker is running \(no live worker heartbeat/);
    expect(await redis().exists(key)).toBe(0);
  });

  it("counts a heartbeat from another host by its TTL alone", async () => {
    const key = `${env.REDIS_PREFIX}:worker:heartbeat:other-host-4242-abcd`;
    await redis().set(key, JSON.stringify({ id: "other-host-4242-abcd", pid: 999_999_999, at: new Date().toISOString() }), "EX", 30);
    try {
      expect((await healthReport()).checks.worker).toMatchObject({ ok: true, detail: "1 worker(s) alive" });
    } finally {
      await redis().del(key);
    }
  });
});
