import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/auth/context";
import { clearInstanceSettingsCache, updateInstanceSettings } from "@/lib/settings/instance";
import { createTarget } from "@/lib/targets/targets";
import { requestConnectionTest, runConnectionTest } from "@/lib/targets/connection-tests";
import { createUser, projectWithRoles, userCtx } from "@/tests/helpers/fixtures";
import { discardJobsSince } from "@/tests/helpers/api-world";
import { localServer } from "./local-server";

// No worker runs in this file: the verbs are called directly and the jobs they queue are removed afterwards.
let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(() => discardJobsSince(startedAt));
afterEach(async () => {
  await db.instanceSettings.deleteMany();
  clearInstanceSettingsCache();
});

async function targetAt(baseUrl: string) {
  const { project, users } = await projectWithRoles();
  const ctx = userCtx(users.member);
  const target = await createTarget({ ctx: userCtx(users.admin), input: { projectId: project.id, data: { name: "edge", environment: "staging", baseUrl } } });
  return { ctx, projectId: project.id, target };
}

describe("connection tests go through the guarded client", () => {
  it("fail with the policy sentence when the instance refuses the address, without touching it", async () => {
    const server = await localServer((_req, res) => res.end(JSON.stringify({ version: "4.5.6" })));
    try {
      const { ctx, projectId, target } = await targetAt(server.url);
      const admin = await createUser({ isInstanceAdmin: true });
      await updateInstanceSettings({ ctx: userCtx(admin), input: { network: { allowLoopback: false } } });

      const requested = await requestConnectionTest({ ctx, input: { projectId, targetId: target.id } });
      const refused = await runConnectionTest({ ctx: systemCtx("target.probe"), input: { connectionTestId: requested.id } });
      expect(refused).toMatchObject({ status: "failed", httpStatus: null, version: null });
      expect(refused!.error).toBe(
        "This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.",
      );
      expect(server.seen).toEqual([]);

      await updateInstanceSettings({ ctx: userCtx(admin), input: { network: { allowedCidrs: ["127.0.0.1/32"] } } });
      const again = await requestConnectionTest({ ctx, input: { projectId, targetId: target.id } });
      const allowed = await runConnectionTest({ ctx: systemCtx("target.probe"), input: { connectionTestId: again.id } });
      expect(allowed).toMatchObject({ status: "succeeded", httpStatus: 200, version: "4.5.6", error: null });
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("read a capped body, and explain in a sentence when nothing answers", async () => {
    const huge = await localServer((_req, res) => {
      res.write(`{"version":"1.0.0","padding":"`);
      res.end("x".repeat(2 * 1024 * 1024) + `"}`);
    });
    try {
      const { ctx, projectId, target } = await targetAt(huge.url);
      const requested = await requestConnectionTest({ ctx, input: { projectId, targetId: target.id } });
      const capped = await runConnectionTest({ ctx: systemCtx("target.probe"), input: { connectionTestId: requested.id } });
      // The JSON is cut off at the cap, so no version is read from it; the answer itself still counts.
      expect(capped).toMatchObject({ status: "succeeded", httpStatus: 200, version: null });
    } finally {
      await huge.close();
    }
    const { ctx, projectId, target } = await targetAt(huge.url);
    const requested = await requestConnectionTest({ ctx, input: { projectId, targetId: target.id } });
    const down = await runConnectionTest({ ctx: systemCtx("target.probe"), input: { connectionTestId: requested.id } });
    expect(down!.error).toBe(`Nothing answers at 127.0.0.1:${huge.port} — is the server running? (ECONNREFUSED)`);
  });

  it("are announced as queued while Redis is healthy, never first as waiting for the queue", async () => {
    const { ctx, projectId, target } = await targetAt("http://127.0.0.1:9");
    const requested = await requestConnectionTest({ ctx, input: { projectId, targetId: target.id } });
    expect(requested).toMatchObject({ status: "queued", queueState: "queued" });
    const events = await db.liveEvent.findMany({ where: { projectId, type: "connection-test.updated" }, orderBy: { id: "asc" } });
    expect(events.map((e) => (e.data as { queueState: string | null }).queueState)).toEqual(["queued"]);
  });
});
