import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRedis } from "@/lib/redis";
import { MAX_RELAY_ATTEMPTS, outboxState, queue, relayOutbox } from "@/lib/jobs/enqueue";
import { apiToken, createUser, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";
import { invoke, routeById } from "@/tests/helpers/api-world";
import { freePort } from "@/tests/helpers/private-redis";

// A queue of this file's own: relayed jobs land where no worker of another file can take them.
const q = new Queue(`outbox-test-${randomUUID()}`, { connection: createRedis("queue"), prefix: env.REDIS_PREFIX });
afterAll(async () => {
  await q.obliterate({ force: true });
  await q.close();
});

const tag = () => `outbox-${randomUUID().slice(0, 8)}`;
let clock = Date.now() - 3600_000;
/** Outbox rows created one millisecond apart, so the relay meets them in the order given. */
async function rows(prefix: string, specs: { suffix: string; name?: string; payload?: unknown; failedAt?: Date; lastError?: string }[]) {
  for (const spec of specs) {
    await db.outboxJob.create({
      data: {
        id: `${prefix}${spec.suffix}`,
        name: spec.name ?? "target.probe",
        payload: (spec.payload ?? { connectionTestId: `ct-${spec.suffix}` }) as object,
        createdAt: new Date(clock++),
        failedAt: spec.failedAt,
        lastError: spec.lastError,
      },
    });
  }
  return specs.map((s) => `${prefix}${s.suffix}`);
}
const row = (id: string) => db.outboxJob.findUniqueOrThrow({ where: { id } });

describe("outbox relay", () => {
  it("dead-letters a bad payload and an unknown job name, and still relays the rows behind them", async () => {
    const t = tag();
    const ids = await rows(`${t}-`, [
      { suffix: "bad", payload: { connectionTestId: 42, secretish: "do-not-show" } },
      { suffix: "unknown", name: "nobody.knows" },
      { suffix: "good" },
    ]);
    expect(await relayOutbox({ ids, q })).toBe(1);
    const [bad, unknown, good] = await Promise.all(ids.map(row));
    expect(good.enqueuedAt).not.toBeNull();
    expect(await q.getJob(good.id)).toBeTruthy();
    expect(bad).toMatchObject({ enqueuedAt: null, failedAt: expect.any(Date), lastError: expect.stringMatching(/^invalid payload: connectionTestId/) });
    expect(bad.lastError).not.toContain("do-not-show");
    expect(unknown).toMatchObject({ enqueuedAt: null, failedAt: expect.any(Date), lastError: "unknown job name" });
    expect(await Promise.all(ids.map(outboxState))).toEqual(["failed", "failed", "queued"]);
    // Dead rows are not tried again by later passes.
    expect(await relayOutbox({ ids, q })).toBe(0);
    expect(await q.getJob(bad.id)).toBeUndefined();
  });

  it(`dead-letters a row the queue keeps refusing after ${MAX_RELAY_ATTEMPTS} attempts, relaying the next row each time`, async () => {
    const t = tag();
    // BullMQ refuses custom job ids with a colon: an error of this row, while Redis itself answers.
    const [refused] = await rows(`${t}:`, [{ suffix: "refused" }]);
    const next: string[] = [];
    for (let pass = 1; pass <= MAX_RELAY_ATTEMPTS; pass++) {
      next.push(...(await rows(`${t}-`, [{ suffix: `next-${pass}` }])));
      expect(await relayOutbox({ ids: [refused, next.at(-1)!], q })).toBe(1);
      const r = await row(refused);
      expect(r.attempts).toBe(pass);
      expect(r.lastError).toMatch(/cannot contain :/);
      expect(Boolean(r.failedAt), `pass ${pass}`).toBe(pass === MAX_RELAY_ATTEMPTS);
    }
    for (const id of next) expect((await row(id)).enqueuedAt).not.toBeNull();
  });

  it("stops the pass without dead-lettering while Redis is unreachable; rows wait in order", async () => {
    const t = tag();
    const ids = await rows(`${t}-`, [{ suffix: "first" }, { suffix: "second" }]);
    const nowhere = createRedis("queue", `redis://127.0.0.1:${await freePort()}`);
    const down = new Queue(`outbox-down-${randomUUID()}`, { connection: nowhere, prefix: env.REDIS_PREFIX });
    try {
      expect(await relayOutbox({ ids, q: down })).toBe(0);
    } finally {
      nowhere.disconnect(); // the queue's own close() waits for a connection that never comes
    }
    const [first, second] = await Promise.all(ids.map(row));
    expect(first).toMatchObject({ enqueuedAt: null, failedAt: null, attempts: 0, lastError: expect.stringContaining("Redis") });
    expect(second).toMatchObject({ enqueuedAt: null, failedAt: null, attempts: 0, lastError: null });
    expect(await relayOutbox({ ids, q })).toBe(2);
  });
});

describe("dead letters for instance admins", () => {
  const list = routeById("outbox.deadLetters");
  const retry = routeById("outbox.retry");

  it("lists dead rows without their payload, and only to instance admins", async () => {
    const t = tag();
    const [dead] = await rows(`${t}-`, [{ suffix: "dead", payload: { connectionTestId: "PAYLOAD-VALUE" }, failedAt: new Date(), lastError: "invalid payload: x" }]);
    await rows(`${t}-`, [{ suffix: "pending" }]);
    const admin = await createUser({ isInstanceAdmin: true });
    const res = await invoke(list, { as: { cookie: await sessionCookie(admin.id) } });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain("PAYLOAD-VALUE");
    const mine = res.json.filter((d: { id: string }) => d.id.startsWith(t));
    expect(mine).toEqual([
      { id: dead, name: "target.probe", attempts: 0, lastError: "invalid payload: x", createdAt: expect.any(String), failedAt: expect.any(String), state: "failed" },
    ]);

    const { project, users } = await projectWithRoles();
    for (const as of [{ cookie: await sessionCookie(users.admin.id) }, { bearer: await apiToken(project.id, users.admin, "admin") }]) {
      const listed = await invoke(list, { as });
      expect(listed.status, listed.text).toBe(403);
      expect(listed.json.error.code).toBe("forbidden");
    }
    const listed = await invoke(list, { as: { cookie: await sessionCookie(users.admin.id) } });
    expect(listed.json.error.message).toBe("Only instance admins can see and retry stuck jobs");
    // Retrying hides whether the id exists (404) from anyone but an instance admin; a token is no user at all (403).
    const asProjectAdmin = await invoke(retry, { as: { cookie: await sessionCookie(users.admin.id) }, params: { id: dead } });
    expect([asProjectAdmin.status, asProjectAdmin.json.error.code]).toEqual([404, "not_found"]);
    const asToken = await invoke(retry, { as: { bearer: await apiToken(project.id, users.admin, "admin") }, params: { id: dead } });
    expect([asToken.status, asToken.json.error.code]).toEqual([403, "forbidden"]);
    expect((await row(dead)).failedAt).not.toBeNull();
  });

  it("retries a dead row: back in the outbox with fresh attempts, relayed at once, and audited", async () => {
    const t = tag();
    // A harmless job, should a worker of another file take it from the shared queue before the cleanup below.
    const payload = { liveEventsOlderThanHours: 100_000, signInAttemptsOlderThanHours: 100_000, deliveredOutboxOlderThanHours: 100_000 };
    const [dead] = await rows(`${t}-`, [{ suffix: "dead", name: "maintenance.prune", payload, failedAt: new Date(), lastError: "Redis said no" }]);
    await db.outboxJob.update({ where: { id: dead }, data: { attempts: MAX_RELAY_ATTEMPTS } });
    const admin = await createUser({ isInstanceAdmin: true });
    try {
      const res = await invoke(retry, { as: { cookie: await sessionCookie(admin.id) }, params: { id: dead } });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ id: dead, state: "queued", failedAt: null, lastError: null, attempts: 1 });
      expect((await row(dead)).enqueuedAt).not.toBeNull();
      const audit = await db.auditLog.findMany({ where: { action: "outbox.retry", objectId: dead } });
      expect(audit).toEqual([expect.objectContaining({ actorId: admin.id, projectId: null, objectType: "outbox_job" })]);
      const again = await invoke(retry, { as: { cookie: await sessionCookie(admin.id) }, params: { id: dead } });
      expect(again.status).toBe(404);
    } finally {
      await queue().remove(dead);
    }
  });
});
