import type { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import type { Tally } from "./load-tally";

// One stretch of constant load (one stage) run by autocannon in the calling thread, every event counted in a Tally.
// Used by the engine directly (workers: 0) and by each generator thread (load-worker.ts).

export type SegmentRequest = { method: string; path: string; headers: Record<string, string>; body?: string };

export type SegmentPlan = {
  /** Points at the address the policy checked (http://127.0.0.1:4101), never at a name to resolve again. */
  url: string;
  /** TLS: the name for SNI, since the URL holds an address. */
  servername?: string;
  /** Each with the Host header of the original URL. */
  requests: SegmentRequest[];
  connections: number;
  /** Requests per second over all connections (rate mode, paced here); absent: as fast as the connections go. */
  rate?: number;
  /** Rate mode, 0..1: where in its slot this generator's schedule starts (threads interleave). */
  phase?: number;
  /** Hard cap on requests sent in this segment. */
  maxRequests: number;
  durationSeconds: number;
  timeoutSeconds: number;
};

/** autocannon's client as the engine uses it: the typings leave out its request, connError and timeout events,
 * destroy(), `destroyed` and `_doRequest` (which rate mode paces). */
type CannonClient = EventEmitter & { destroy(): void; destroyed: boolean; _doRequest?: () => void };

export type RunningSegment = { stop(): void; done: Promise<void> };

export function startSegment(plan: SegmentPlan, tally: Tally): RunningSegment {
  // autocannon gives a connection without a share of the cap an unlimited one: never open more connections than
  // there are requests to share.
  const connections = Math.min(plan.connections, plan.maxRequests);
  if (connections < 1) return { stop: () => {}, done: Promise.resolve() };
  const clients = new Set<CannonClient>();
  const started = performance.now();
  const intervalMs = plan.rate ? (connections * 1000) / plan.rate : 0;
  let instance: autocannon.Instance | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearTimeout(timer);
    // Destroying the clients ends the traffic at once; autocannon itself notices only at its next sample tick.
    for (const client of clients) client.destroy();
    // Absent when autocannon refused the options (the error reaches `done`).
    instance?.stop?.();
  };
  const setupClient = (raw: autocannon.Client) => {
    const client = raw as unknown as CannonClient;
    // Rate mode: connection i of n sends at started + ((i + phase) / n + k) × interval: arrivals spread evenly.
    const firstSlot = started + ((clients.size + (plan.phase ?? 0)) / connections) * intervalMs;
    clients.add(client);
    watch(client, tally, intervalMs ? pace(client, firstSlot, intervalMs) : null);
  };
  const done = new Promise<void>((resolve, reject) => {
    instance = autocannon(
      {
        url: plan.url,
        connections,
        // The engine ends the segment itself (timer below); autocannon's own clock is only a backstop.
        duration: plan.durationSeconds + 5,
        sampleInt: 100,
        timeout: plan.timeoutSeconds,
        maxOverallRequests: plan.maxRequests,
        ...(plan.servername ? { servername: plan.servername } : {}),
        requests: plan.requests.map((r) => ({ method: r.method as autocannon.Request["method"], path: r.path, headers: r.headers, body: r.body })),
        setupClient,
      },
      (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      },
    );
    timer = setTimeout(stop, plan.durationSeconds * 1000);
  });
  return { stop, done };
}

type Schedule = { intendedAt: number };

/**
 * Rate mode, as wrk2 does it: each connection sends on a fixed schedule (one slot per interval), and late
 * answers delay the next send without moving the schedule, so a connection that fell behind sends at once until
 * it has caught up. Latency is measured from the slot, not from the actual send, which is what a user arriving on
 * time would have waited: this is the coordinated-omission correction. (autocannon's overallRate instead sends
 * each second's quota back to back at the start of the second, and corrects with a 1 ms interval.)
 */
function pace(client: CannonClient, firstSlot: number, intervalMs: number): Schedule {
  const send = client._doRequest?.bind(client);
  if (!send) throw new Error("This autocannon version has no Client._doRequest: rate mode needs updating (lib/qa/engines/load-segment.ts).");
  const schedule: Schedule = { intendedAt: firstSlot };
  let next = firstSlot;
  let waiting: NodeJS.Timeout | undefined;
  client._doRequest = () => {
    // One send pending at most: a reconnect while the next send waits for its slot sends on the new connection.
    if (waiting) return;
    const slot = next;
    next += intervalMs;
    const fire = () => {
      waiting = undefined;
      if (client.destroyed) return;
      schedule.intendedAt = slot;
      send();
    };
    const wait = slot - performance.now();
    if (wait <= 0) fire();
    else waiting = setTimeout(fire, wait);
  };
  client.on("done", () => clearTimeout(waiting));
  return schedule;
}

function watch(client: CannonClient, tally: Tally, schedule: Schedule | null) {
  client.on("request", () => tally.request());
  client.on("response", (status: number, _bytes: number, latencyMs: number) => {
    const ms = schedule ? Math.max(latencyMs, performance.now() - schedule.intendedAt) : latencyMs;
    tally.response(status, ms * 1000);
  });
  client.on("connError", (error: NodeJS.ErrnoException) => tally.transportError(error));
  client.on("timeout", () => tally.timeout());
}
