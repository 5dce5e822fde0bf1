import { db } from "@/lib/db";
import { queue } from "@/lib/jobs/enqueue";

/** Removes the delivery jobs a file queued, from Redis and from the outbox, so no worker in a later file sends them. */
export async function discardNotificationJobsSince(since: Date) {
  const rows = await db.outboxJob.findMany({ where: { name: "notification.deliver", createdAt: { gte: since } }, select: { id: true } });
  for (const { id } of rows) await queue().remove(id);
  await db.outboxJob.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
}
