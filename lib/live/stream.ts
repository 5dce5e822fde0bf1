import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type IORedis from "ioredis";
import { createRedis } from "../redis";
import { authorize, type Ctx } from "../auth/context";
import { AppError } from "../errors";
import { log } from "../observability/log";
import { LIVE_PATTERN, eventsSince, latestEventId, type LiveEvent } from "./events";
import { ACCESS_PATTERN, checkStreamAccess } from "./access";
import { MAX_STREAMS_PER_ACTOR, acquireSlot, actorKey, refreshSlot, releaseSlot } from "./slots";

/** Safety net behind the access announcements: every stream re-checks its caller this often. */
export const ACCESS_RECHECK_MS = 30_000;
/** Bytes a stream may hold for a client that does not read; past this the client is dropped. */
export const MAX_QUEUED_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

// One Redis subscriber per web process fans events out to every open stream of that process.
const globalForLive = globalThis as unknown as { tminusLiveBus?: { emitter: EventEmitter; sub: IORedis; subscribed: Promise<unknown> } };
function bus() {
  if (!globalForLive.tminusLiveBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    const sub = createRedis("subscriber");
    const subscribed = sub.psubscribe(LIVE_PATTERN(), ACCESS_PATTERN()).catch(() => {
      /* ioredis re-subscribes on reconnect */
    });
    // After an outage, streams re-read what they missed from Postgres: events published while Redis was away
    // are stored but were never pushed. The second pass covers publishers that reconnect a moment later.
    let reconnecting = false;
    sub.on("close", () => (reconnecting = true));
    sub.on("ready", () => {
      if (!reconnecting) return;
      reconnecting = false;
      emitter.emit(RESYNC);
      setTimeout(() => emitter.emit(RESYNC), 3000).unref();
    });
    sub.on("pmessage", (pattern, channel, message) => {
      if (pattern === ACCESS_PATTERN()) {
        emitter.emit(accessEvent(channel.slice(ACCESS_PATTERN().length - 1)));
        return;
      }
      try {
        const event = JSON.parse(message) as LiveEvent;
        emitter.emit(event.projectId, event);
      } catch {
        /* not ours */
      }
    });
    globalForLive.tminusLiveBus = { emitter, sub, subscribed };
  }
  return globalForLive.tminusLiveBus;
}

const RESYNC = Symbol("resync");
const accessEvent = (projectId: string) => `access:${projectId}`;
const encoder = new TextEncoder();
// Encoded once per event and shared by every stream that sends it: fan-out to many dashboards is one copy each.
const frames = new WeakMap<LiveEvent, Uint8Array>();
function frame(e: LiveEvent) {
  let bytes = frames.get(e);
  if (!bytes) frames.set(e, (bytes = encoder.encode(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)));
  return bytes;
}

/**
 * Server-sent events for one project. Replays what the client missed since Last-Event-ID from Postgres,
 * then follows Redis pub/sub; ids only move forward, so a replayed event is never sent twice.
 * Access is re-checked when it changes (announceAccessChange) and every ACCESS_RECHECK_MS; on loss the stream sends
 * `event: access-revoked` and ends. Each caller holds at most MAX_STREAMS_PER_ACTOR streams; non-readers are dropped.
 */
export async function openProjectStream({ ctx, input }: { ctx: Ctx; input: { projectId: string; lastEventId?: string | null; signal: AbortSignal } }) {
  await authorize(ctx, input.projectId, "live.subscribe");
  const slotKey = actorKey(ctx.actor);
  const streamId = randomUUID();
  if (slotKey && !(await acquireSlot(slotKey, streamId))) {
    throw new AppError(
      "too_many_streams",
      `You already have ${MAX_STREAMS_PER_ACTOR} live streams open; close some tabs or clients (a closed stream frees its place within a minute) and try again`,
      429,
    );
  }
  try {
    return await startStream(ctx, input, () => (slotKey ? releaseSlot(slotKey, streamId) : undefined), () => (slotKey ? refreshSlot(slotKey, streamId) : undefined));
  } catch (error) {
    if (slotKey) await releaseSlot(slotKey, streamId);
    throw error;
  }
}

async function startStream(
  ctx: Ctx,
  input: { projectId: string; lastEventId?: string | null; signal: AbortSignal },
  release: () => unknown,
  refresh: () => unknown,
) {
  const { emitter, subscribed } = bus();
  // Subscribed before the replay below, so nothing falls between the two; Redis down only delays the start.
  await Promise.race([subscribed, new Promise((r) => setTimeout(r, 2000))]);
  const resuming = Boolean(input.lastEventId && /^\d+$/.test(input.lastEventId));
  // A fresh stream starts at "now"; a resumed one at the client's Last-Event-ID.
  let lastSent = BigInt(resuming ? input.lastEventId! : await latestEventId(input.projectId));
  let cleanup: (error?: Error) => void = () => {};

  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        let closed = false;
        let replaying = true;
        /** Queues bytes; a client whose unread bytes pass the bound is dropped (its queue is discarded). */
        const push = (bytes: Uint8Array) => {
          if (closed) return;
          try {
            controller.enqueue(bytes);
          } catch {
            return cleanup();
          }
          if (!replaying && (controller.desiredSize ?? 0) < 0) {
            log.info("live.slow_client_dropped", { projectId: input.projectId });
            cleanup(new Error("The client did not read its event stream"));
          }
        };
        const send = (e: LiveEvent) => {
          if (BigInt(e.id) <= lastSent) return;
          lastSent = BigInt(e.id);
          push(frame(e));
        };
        const buffered: LiveEvent[] = [];
        const onEvent = (e: LiveEvent) => (replaying ? buffered.push(e) : send(e));
        let expiryTimer: NodeJS.Timeout | undefined;
        const recheck = async () => {
          if (closed) return;
          const access = await checkStreamAccess(ctx, input.projectId);
          if (closed) return;
          if (!access.ok) {
            push(encoder.encode(`event: access-revoked\ndata: ${JSON.stringify({ reason: access.reason })}\n\n`));
            return cleanup();
          }
          // A token that expires before the next periodic check ends its stream on time.
          const left = access.expiresAt ? access.expiresAt.getTime() - Date.now() : Infinity;
          clearTimeout(expiryTimer);
          if (left < ACCESS_RECHECK_MS) expiryTimer = setTimeout(() => void recheck(), Math.max(left, 0) + 50);
        };
        // After a Redis outage: announcements published meanwhile were lost too, so access is re-checked as well.
        const onResync = async () => {
          void recheck();
          for (const e of await eventsSince(input.projectId, lastSent.toString()).catch(() => [])) send(e);
        };
        const onAccess = () => void recheck();
        emitter.on(input.projectId, onEvent);
        emitter.on(RESYNC, onResync);
        emitter.on(accessEvent(input.projectId), onAccess);
        const heartbeat = setInterval(() => {
          push(encoder.encode(`: keep-alive\n\n`));
          refresh();
        }, HEARTBEAT_MS);
        const periodic = setInterval(onAccess, ACCESS_RECHECK_MS);
        cleanup = (error?: Error) => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          clearInterval(periodic);
          clearTimeout(expiryTimer);
          emitter.off(input.projectId, onEvent);
          emitter.off(RESYNC, onResync);
          emitter.off(accessEvent(input.projectId), onAccess);
          release();
          try {
            if (error) controller.error(error);
            else controller.close();
          } catch {
            /* already closed */
          }
        };
        input.signal.addEventListener("abort", () => cleanup());
        if (input.signal.aborted) return cleanup();
        push(encoder.encode(`retry: 2000\n: connected\n\n`));
        // Also closes the gap between the authorisation above and the access subscription.
        await recheck();
        // Also closes the gap between reading "now" and subscribing for a fresh stream.
        for (const e of await eventsSince(input.projectId, lastSent.toString())) send(e);
        replaying = false;
        for (const e of buffered) send(e);
      },
      cancel() {
        cleanup();
      },
    },
    // Counted in bytes, so the bound above is a memory bound whatever the size of each event.
    { highWaterMark: MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
