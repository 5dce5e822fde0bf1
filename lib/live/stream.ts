import { randomUUID } from "node:crypto";
import { authorize, type Ctx } from "../auth/context";
import { AppError } from "../errors";
import { log } from "../observability/log";
import { eventsSince, isStored, latestEventId, type BusEvent } from "./events";
import { sharedStreamAccess } from "./access";
import { RESYNC, accessEvent, accessMark, accessUnchangedSince, bus, currentHead, knownHead, type AccessMark } from "./bus";
import { MAX_STREAMS_PER_ACTOR, acquireSlot, actorKey, refreshSlot, releaseSlot } from "./slots";

/** Safety net behind the access announcements: every stream re-checks its caller this often. */
export const ACCESS_RECHECK_MS = 30_000;
/** Bytes a stream may hold for a client that does not read; past this the client is dropped. */
export const MAX_QUEUED_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();
// Encoded once per event and shared by every stream that sends it: fan-out to many dashboards is one copy each.
// Transient events carry no id line, so a browser's Last-Event-ID stays at the last stored event.
const frames = new WeakMap<BusEvent, Uint8Array>();
function frame(e: BusEvent) {
  let bytes = frames.get(e);
  if (!bytes) frames.set(e, (bytes = encoder.encode(`${isStored(e) ? `id: ${e.id}\n` : ""}event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)));
  return bytes;
}

/**
 * Server-sent events for one project. Replays what the client missed since Last-Event-ID from Postgres,
 * then follows Redis pub/sub; ids only move forward, so a replayed event is never sent twice.
 * Access is re-checked when it changes (announceAccessChange) and every ACCESS_RECHECK_MS; on loss the stream sends
 * `event: access-revoked` and ends. Each caller holds at most MAX_STREAMS_PER_ACTOR streams; non-readers are dropped.
 * A fresh stream costs no query once its web process follows the project (see knownHead and the start-up recheck).
 */
export async function openProjectStream({ ctx, input }: { ctx: Ctx; input: StreamInput }) {
  // Taken before authorize reads the membership, so a change announced after that read is noticed by the stream.
  const mark = accessMark(input.projectId);
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
  const release = () => (slotKey ? releaseSlot(slotKey, streamId) : undefined);
  const refresh = () => (slotKey ? refreshSlot(slotKey, streamId) : undefined);
  try {
    return await startStream(ctx, input, { mark, release, refresh });
  } catch (error) {
    await release();
    throw error;
  }
}

type StreamInput = { projectId: string; lastEventId?: string | null; signal: AbortSignal };

async function startStream(ctx: Ctx, input: StreamInput, hooks: { mark: AccessMark; release: () => unknown; refresh: () => unknown }) {
  const live = bus();
  const { emitter } = live;
  // Subscribed before the replay below, so nothing falls between the two; Redis down only delays the start.
  if (!live.following) await Promise.race([live.subscribed, new Promise((r) => setTimeout(r, 2000))]);
  const resuming = Boolean(input.lastEventId && /^\d+$/.test(input.lastEventId));
  // A fresh stream starts at "now"; a resumed one at the client's Last-Event-ID.
  const head = resuming ? undefined : await knownHead(input.projectId);
  let lastSent = BigInt(resuming ? input.lastEventId! : (head ?? (await latestEventId(input.projectId))));
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
        // Transient events have no id: they are neither ordered against stored ones nor deduplicated.
        const send = (e: BusEvent) => {
          if (isStored(e)) {
            if (BigInt(e.id) <= lastSent) return;
            lastSent = BigInt(e.id);
          }
          push(frame(e));
        };
        const buffered: BusEvent[] = [];
        const onEvent = (e: BusEvent) => (replaying ? buffered.push(e) : send(e));
        let expiryTimer: NodeJS.Timeout | undefined;
        const recheck = async () => {
          if (closed) return;
          const access = await sharedStreamAccess(ctx, input.projectId);
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
        // Nothing to replay when the stream starts at the bus's head and the head did not move before the listener
        // above was attached: every later event reaches that listener.
        const replay = resuming || head === undefined || currentHead(input.projectId) !== head;
        const heartbeat = setInterval(() => {
          push(encoder.encode(`: keep-alive\n\n`));
          hooks.refresh();
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
          hooks.release();
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
        // Closes the gap between the authorisation above and the access subscription. A user's membership was read by
        // authorize in this request, so unless a change was announced since, that read stands; a token's row (and its
        // expiry) was read before the request reached us, so it is read again, once for all its streams.
        if (!(ctx.actor?.type === "user" && accessUnchangedSince(hooks.mark, input.projectId))) await recheck();
        // Also closes the gap between reading "now" and subscribing for a fresh stream.
        if (replay) for (const e of await eventsSince(input.projectId, lastSent.toString())) send(e);
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
