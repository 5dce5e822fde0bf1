import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { redis, redisKey } from "../redis";
import { log } from "../observability/log";

export type LiveEvent = { id: string; projectId: string; type: string; data: unknown; createdAt: string };
/** Pushed to open streams but never stored: no id, so no replay and no effect on a client's Last-Event-ID. */
export type TransientEvent = Omit<LiveEvent, "id">;
export type BusEvent = LiveEvent | TransientEvent;
export const isStored = (e: BusEvent): e is LiveEvent => "id" in e;

export const liveChannel = (projectId: string) => redisKey("live", projectId);
export const LIVE_PATTERN = () => redisKey("live", "*");

const toEvent = (row: { id: bigint; projectId: string; type: string; data: unknown; createdAt: Date }): LiveEvent => ({
  id: row.id.toString(),
  projectId: row.projectId,
  type: row.type,
  data: row.data,
  createdAt: row.createdAt.toISOString(),
});

/** Stores the event (for Last-Event-ID replay) in the caller's transaction; publish it after commit. */
export async function recordEvent(tx: Tx, projectId: string, type: string, data: unknown): Promise<LiveEvent> {
  const row = await tx.liveEvent.create({
    data: { projectId, type, data: JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue },
  });
  return toEvent(row);
}

export async function publishEvents(events: LiveEvent[]) {
  for (const event of events) {
    try {
      await redis().publish(liveChannel(event.projectId), JSON.stringify(event));
    } catch (error) {
      // Stored already: clients replay it on reconnect.
      log.warn("live.publish_failed", { type: event.type, error: (error as Error).message });
    }
  }
}

/**
 * For high-rate updates whose state already lives in Postgres (check results): clients that were away refetch it, so
 * nothing is stored for replay. Never throws; a lost push is logged.
 */
export async function publishTransient(projectId: string, type: string, data: unknown): Promise<void> {
  try {
    // A line break would end the SSE field early and let the rest pass for other fields.
    if (/[\r\n]/.test(type)) throw new Error("event type contains a line break");
    const event: TransientEvent = { projectId, type, data, createdAt: new Date().toISOString() };
    await redis().publish(liveChannel(projectId), JSON.stringify(event));
  } catch (error) {
    log.warn("live.publish_failed", { type, transient: true, error: (error as Error).message });
  }
}

export async function eventsSince(projectId: string, lastEventId: string, limit = 500): Promise<LiveEvent[]> {
  if (!/^\d+$/.test(lastEventId)) return [];
  const rows = await db.liveEvent.findMany({
    where: { projectId, id: { gt: BigInt(lastEventId) } },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.map(toEvent);
}

export async function latestEventId(projectId: string): Promise<string> {
  const row = await db.liveEvent.findFirst({ where: { projectId }, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id.toString() ?? "0";
}
