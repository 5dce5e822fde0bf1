import { EventEmitter } from "node:events";
import type IORedis from "ioredis";
import { createRedis } from "../redis";
import { authorize, type Ctx } from "../auth/context";
import { LIVE_PATTERN, eventsSince, type LiveEvent } from "./events";

// One Redis subscriber per web process fans events out to every open stream of that process.
const globalForLive = globalThis as unknown as { tminusLiveBus?: { emitter: EventEmitter; sub: IORedis } };
function bus() {
  if (!globalForLive.tminusLiveBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    const sub = createRedis("subscriber");
    sub.psubscribe(LIVE_PATTERN()).catch(() => {
      /* retried by ioredis on reconnect */
    });
    sub.on("pmessage", (_pattern, _channel, message) => {
      try {
        const event = JSON.parse(message) as LiveEvent;
        emitter.emit(event.projectId, event);
      } catch {
        /* not ours */
      }
    });
    globalForLive.tminusLiveBus = { emitter, sub };
  }
  return globalForLive.tminusLiveBus;
}

const encoder = new TextEncoder();
const frame = (e: LiveEvent) => encoder.encode(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);

/**
 * Server-sent events for one project. Replays what the client missed since Last-Event-ID from Postgres,
 * then follows Redis pub/sub; ids only move forward, so a replayed event is never sent twice.
 */
export async function openProjectStream({ ctx, input }: { ctx: Ctx; input: { projectId: string; lastEventId?: string | null; signal: AbortSignal } }) {
  await authorize(ctx, input.projectId, "live.subscribe");
  const { emitter } = bus();
  let lastSent = BigInt(input.lastEventId && /^\d+$/.test(input.lastEventId) ? input.lastEventId : "0");
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
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      input.signal.addEventListener("abort", () => cleanup());
      controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
      if (input.lastEventId) for (const e of await eventsSince(input.projectId, lastSent.toString())) send(e);
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
