import { EventEmitter } from "node:events";
import type IORedis from "ioredis";
import { createRedis } from "../redis";
import { authorize, type Ctx } from "../auth/context";
import { LIVE_PATTERN, eventsSince, latestEventId, type LiveEvent } from "./events";

// One Redis subscriber per web process fans events out to every open stream of that process.
const globalForLive = globalThis as unknown as { tminusLiveBus?: { emitter: EventEmitter; sub: IORedis; subscribed: Promise<unknown> } };
function bus() {
  if (!globalForLive.tminusLiveBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    const sub = createRedis("subscriber");
    const subscribed = sub.psubscribe(LIVE_PATTERN()).catch(() => {
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
    sub.on("pmessage", (_pattern, _channel, message) => {
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
 */
export async function openProjectStream({ ctx, input }: { ctx: Ctx; input: { projectId: string; lastEventId?: string | null; signal: AbortSignal } }) {
  await authorize(ctx, input.projectId, "live.subscribe");
  const { emitter, subscribed } = bus();
  // Subscribed before the replay below, so nothing falls between the two; Redis down only delays the start.
  await Promise.race([subscribed, new Promise((r) => setTimeout(r, 2000))]);
  const resuming = Boolean(input.lastEventId && /^\d+$/.test(input.lastEventId));
  // A fresh stream starts at "now"; a resumed one at the client's Last-Event-ID.
  let lastSent = BigInt(resuming ? input.lastEventId! : await latestEventId(input.projectId));
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (e: LiveEvent) => {
        if (BigInt(e.id) <= lastSent) return;
        lastSent = BigInt(e.id);
        try {
          controller.enqueue(frame(e));
        } catch {
          cleanup();
        }
      };
      const buffered: LiveEvent[] = [];
      let replaying = true;
      const onEvent = (e: LiveEvent) => (replaying ? buffered.push(e) : send(e));
      emitter.on(input.projectId, onEvent);
      const onResync = async () => {
        for (const e of await eventsSince(input.projectId, lastSent.toString()).catch(() => [])) send(e);
      };
      emitter.on(RESYNC, onResync);
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(`: keep-alive\n\n`));
        } catch {
          cleanup();
        }
      }, 15_000);
      cleanup = () => {
        clearInterval(heartbeat);
        emitter.off(input.projectId, onEvent);
        emitter.off(RESYNC, onResync);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      input.signal.addEventListener("abort", () => cleanup());
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      // Also closes the gap between reading "now" and subscribing for a fresh stream.
      for (const e of await eventsSince(input.projectId, lastSent.toString())) send(e);
      replaying = false;
      for (const e of buffered) send(e);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
