import type { NotificationChannel, Prisma } from "@prisma/client";
import type { Tx } from "../db";
import { enqueueInTx } from "../jobs/enqueue";
import { ALL_EVENTS, ZNotificationData, type NotificationData, type NotificationEvent } from "./schemas";

/** One delivery row and its outbox job (job id = delivery id, so relaying twice sends once). */
export async function queueDelivery(tx: Tx, channel: Pick<NotificationChannel, "id" | "projectId">, event: string, data: NotificationData) {
  const delivery = await tx.notificationDelivery.create({
    data: { channelId: channel.id, projectId: channel.projectId, event, data: data as Prisma.InputJsonValue },
  });
  await enqueueInTx(tx, "notification.deliver", delivery.id, { deliveryId: delivery.id });
  return delivery;
}

/**
 * For verbs that change something worth telling: inside the caller's transaction, one delivery per enabled channel of
 * the project subscribed to `event` (or to "*"). Returns the outbox ids; the caller passes them to relayAfterCommit
 * once its transaction has committed, so nothing is sent about a change that rolled back.
 */
export async function notifyInTx(tx: Tx, projectId: string, event: NotificationEvent, data: NotificationData): Promise<string[]> {
  // A malformed notification is a bug in the calling verb: it fails that verb's transaction loudly, in tests first.
  const parsed = ZNotificationData.parse(data);
  const channels = await tx.notificationChannel.findMany({
    where: { projectId, enabled: true, events: { hasSome: [event, ALL_EVENTS] } },
    select: { id: true, projectId: true },
    orderBy: { createdAt: "asc" },
  });
  const ids: string[] = [];
  for (const channel of channels) ids.push((await queueDelivery(tx, channel, event, parsed)).id);
  return ids;
}
