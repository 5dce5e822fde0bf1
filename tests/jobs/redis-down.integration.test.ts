import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivateRedis, freePort } from "@/tests/helpers/private-redis";

// This file talks to a Redis of its own, so it can stop it. lib/ reads REDIS_URL on first use, hence the
// dynamic imports below, after the variable points at the private server.
const redis = new PrivateRedis(await freePort());
process.env.REDIS_URL = redis.url;

const { db } = await import("@/lib/db");
const { requestConnectionTest, getConnectionTest } = await import("@/lib/targets/connection-tests");
const { createTarget } = await import("@/lib/targets/targets");
const { startWorker } = await import("@/workers/runtime");
const { projectWithRoles, userCtx } = await import("@/tests/helpers/fixtures");
const { startDemoTarget } = await import("@/examples/demo-target/server.mjs");
const { waitFor } = await import("@/tests/helpers/wait");

describe("work created while Redis is down", () => {
  const target = startDemoTarget({ port: 0, name: "redis-down", version: "9.9.9", log: false });
  beforeAll(async () => {
    await redis.start();
  });
  afterAll(async () => {
    await (await target).close();
    await redis.stop();
  });

  it("is accepted, shown as waiting, and processed once Redis is back", async () => {
    const demo = await target;
    const { project, users } = await projectWithRoles();
    const ctx = userCtx(users.admin);
    const created = await createTarget({ ctx, input: { projectId: project.id, data: { name: "edge", environment: "staging", baseUrl: demo.url } } });

    await redis.stop();
    const test = await requestConnectionTest({ ctx, input: { projectId: project.id, targetId: created.id } });
    expect(test.status).toBe("queued");
    expect(test.queueState).toBe("waiting");
    const outbox = await db.outboxJob.findUniqueOrThrow({ where: { id: test.id } });
    expect(outbox.enqueuedAt).toBeNull();

    await redis.start();
    const worker = await startWorker({ concurrency: 1 });
    try {
      const finished = await waitFor(
        () => getConnectionTest({ ctx, input: { projectId: project.id, connectionTestId: test.id } }),
        (t) => t.status === "succeeded" || t.status === "failed",
      );
      expect(finished.status).toBe("succeeded");
      expect(finished.httpStatus).toBe(200);
      expect(finished.version).toBe("9.9.9");
      expect((await db.outboxJob.findUniqueOrThrow({ where: { id: test.id } })).enqueuedAt).not.toBeNull();
      const audit = await db.auditLog.findMany({ where: { projectId: project.id, action: "target.test.result" } });
      expect(audit).toHaveLength(1);
      expect(audit[0].actorLabel).toMatch(/^system:target\.probe#/);
    } finally {
      await worker.close();
    }
  });
});
