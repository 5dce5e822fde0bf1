import type { Actor } from "../auth/context";
import { redis, redisKey } from "../redis";
import { log } from "../observability/log";

/** Open streams one user or token may hold across all web processes. */
export const MAX_STREAMS_PER_ACTOR = 20;
// A slot lives this long unless its stream's heartbeat refreshes it, so a crashed process frees its slots by itself.
export const SLOT_TTL_MS = 60_000;

export const streamSlotsKey = (actorKey: string) => redisKey("streams", actorKey);

export function actorKey(actor: Actor | null): string | null {
  if (actor?.type === "user") return `user:${actor.userId}`;
  if (actor?.type === "token") return `token:${actor.tokenId}`;
  return null;
}

// Drops lapsed slots, then takes one if fewer than the cap are held: atomic, so parallel opens cannot overshoot.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/** True when the stream may open. Redis down: allowed (logged), since live pushes need Redis anyway. */
export async function acquireSlot(key: string, streamId: string): Promise<boolean> {
  const now = Date.now();
  try {
    const taken = await redis().eval(ACQUIRE, 1, streamSlotsKey(key), now, now + SLOT_TTL_MS, MAX_STREAMS_PER_ACTOR, streamId, SLOT_TTL_MS);
    return taken === 1;
  } catch (error) {
    log.warn("live.slot_unavailable", { error: (error as Error).message });
    return true;
  }
}

export async function refreshSlot(key: string, streamId: string) {
  const slots = streamSlotsKey(key);
  await redis().multi().zadd(slots, "XX", Date.now() + SLOT_TTL_MS, streamId).pexpire(slots, SLOT_TTL_MS).exec().catch(() => {});
}

export async function releaseSlot(key: string, streamId: string) {
  await redis().zrem(streamSlotsKey(key), streamId).catch(() => {});
}
