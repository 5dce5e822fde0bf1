import { afterAll, beforeAll, beforeEach } from "vitest";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/auth/context";
import { queue } from "@/lib/jobs/enqueue";
import { deliverNotification } from "@/lib/notifications/deliver";
import { clearInstanceSettingsCache, updateInstanceSettings } from "@/lib/settings/instance";
import { createUser, userCtx } from "@/tests/helpers/fixtures";

/** Removes the delivery jobs a file queued, from Redis and from the outbox, so no worker in a later file sends them. */
export async function discardNotificationJobsSince(since: Date) {
  const rows = await db.outboxJob.findMany({ where: { name: "notification.deliver", createdAt: { gte: since } }, select: { id: true } });
  for (const { id } of rows) await queue().remove(id);
  await db.outboxJob.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
}

/**
 * For a file whose receivers live on loopback: before each test loopback is allowed the way an instance admin would
 * (`allowLoopback(false)` refuses it again); afterwards the file's delivery jobs and the instance settings go.
 * `deliver` runs the worker's verb directly.
 */
export function loopbackDeliveries() {
  let startedAt = new Date(0);
  let instanceAdmin: Awaited<ReturnType<typeof createUser>>;
  const allowLoopback = (allowed: boolean) => updateInstanceSettings({ ctx: userCtx(instanceAdmin), input: { network: { allowLoopback: allowed } } });
  beforeAll(async () => {
    startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
    instanceAdmin = await createUser({ isInstanceAdmin: true });
  });
  beforeEach(() => allowLoopback(true));
  afterAll(async () => {
    await discardNotificationJobsSince(startedAt);
    await db.instanceSettings.deleteMany();
    clearInstanceSettingsCache();
  });
  const worker = systemCtx("notification.deliver#test");
  return {
    deliver: (deliveryId: string) => deliverNotification({ ctx: worker, input: { deliveryId } }),
    row: (id: string) => db.notificationDelivery.findUniqueOrThrow({ where: { id } }),
    allowLoopback,
    /** Only this test's jobs should run in a worker: the verb was called directly before, so earlier jobs go. */
    discardEarlierJobs: () => discardNotificationJobsSince(startedAt),
  };
}
