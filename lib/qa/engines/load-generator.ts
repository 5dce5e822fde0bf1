import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseThresholds } from "../thresholds";
import { startSegment, type RunningSegment, type SegmentPlan } from "./load-segment";
import { fromWire, Tally, type Delta } from "./load-tally";
import type { FromWorker, ToWorker, WorkerData } from "./load-worker";

// Where the load comes from: autocannon in the engine's own thread (workers: 0), or in N worker threads that each
// take an equal share of the connections, the rate and the request cap (workers: N).

/**
 * How busy one generating thread's event loop was while it generated load (summed over segments): time in callbacks
 * (active) and waiting for I/O (idle), from performance.eventLoopUtilization, and its event-loop delay p99.
 */
export type ThreadUsage = { activeMs: number; idleMs: number; eventLoopDelayP99Ms: number };

export type Generator = {
  /** Threads that generate load. */
  threads: number;
  /** Runs one segment to its end: its duration, its request cap, or stop(). */
  run(plan: SegmentPlan): Promise<void>;
  stop(): void;
  /** Everything counted since the last drain. */
  drain(): Promise<Delta>;
  /** Each generating thread's usage while it generated (threads that never ran a segment report zero time). */
  usage(): ThreadUsage[];
  close(): Promise<void>;
};

export function inProcessGenerator(thresholdTexts: string[]): Generator {
  const tally = new Tally(parseThresholds(thresholdTexts));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let running: RunningSegment | undefined;
  // The engine's own thread generates: its event loop's busy share while segments run is the generator's.
  const busy = { activeMs: 0, idleMs: 0 };
  return {
    threads: 1,
    async run(plan) {
      const loopAtStart = performance.eventLoopUtilization();
      running = startSegment(plan, tally);
      try {
        await running.done;
      } finally {
        const { active, idle } = performance.eventLoopUtilization(loopAtStart);
        busy.activeMs += active;
        busy.idleMs += idle;
      }
    },
    stop: () => running?.stop(),
    drain: async () => tally.drain(),
    usage: () => [{ ...busy, eventLoopDelayP99Ms: delay.percentile(99) / 1e6 }],
    async close() {
      delay.disable();
    },
  };
}

/** How long a flush waits for a busy thread; what arrives later is counted in the next second. */
const FLUSH_WAIT_MS = 300;

export async function threadGenerator(count: number, thresholdTexts: string[]): Promise<Generator> {
  const pending = new Tally(parseThresholds(thresholdTexts));
  const workers = Array.from({ length: count }, () => spawnWorker({ thresholds: thresholdTexts }));
  const usage: ThreadUsage[] = Array.from({ length: count }, () => ({ activeMs: 0, idleMs: 0, eventLoopDelayP99Ms: 0 }));
  const flushWaiters = new Map<number, { left: number; resolve: () => void }>();
  let seq = 0;
  let active: Worker[] = [];
  let segmentDone: ((error?: Error) => void) | undefined;
  let left = 0;

  workers.forEach((worker, i) => {
    worker.on("message", (message: FromWorker) => {
      if (message.type === "failed") return segmentDone?.(new Error(message.message));
      pending.absorb(fromWire(message.delta));
      if (message.type === "flushed") {
        const waiter = flushWaiters.get(message.seq);
        if (waiter && --waiter.left === 0) waiter.resolve();
      } else {
        usage[i].activeMs += message.usage.activeMs;
        usage[i].idleMs += message.usage.idleMs;
        usage[i].eventLoopDelayP99Ms = Math.max(usage[i].eventLoopDelayP99Ms, message.usage.eventLoopDelayP99Ms);
        if (--left === 0) segmentDone?.();
      }
    });
    worker.on("error", (error) => segmentDone?.(error));
  });
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => w.once("online", resolve).once("error", reject))));

  const post = (worker: Worker, message: ToWorker) => worker.postMessage(message);
  return {
    threads: count,
    run(plan) {
      const shares = splitPlan(plan, count);
      active = shares.map((_, i) => workers[i]);
      left = shares.length;
      if (!left) return Promise.resolve();
      const done = new Promise<void>((resolve, reject) => (segmentDone = (error) => (error ? reject(error) : resolve())));
      shares.forEach((share, i) => post(workers[i], { cmd: "run", plan: share }));
      return done;
    },
    stop: () => active.forEach((w) => post(w, { cmd: "stop" })),
    async drain() {
      const id = ++seq;
      await new Promise<void>((resolve) => {
        flushWaiters.set(id, { left: workers.length, resolve });
        workers.forEach((w) => post(w, { cmd: "flush", seq: id }));
        setTimeout(resolve, FLUSH_WAIT_MS);
      });
      flushWaiters.delete(id);
      return pending.drain();
    },
    usage: () => usage.map((u) => ({ ...u })),
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Equal shares over as many threads as can each get a connection and a request. In rate mode each thread's rate
 * follows its connections (every connection keeps the same interval) and its schedule is shifted by i / n of a
 * slot, so the threads' requests interleave instead of arriving together.
 */
export function splitPlan(plan: SegmentPlan, threads: number): SegmentPlan[] {
  const n = Math.max(0, Math.min(threads, plan.connections, plan.maxRequests));
  const share = (total: number, i: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);
  return Array.from({ length: n }, (_, i) => {
    const connections = share(plan.connections, i);
    return {
      ...plan,
      connections,
      maxRequests: share(plan.maxRequests, i),
      ...(plan.rate ? { rate: (plan.rate * connections) / plan.connections, phase: i / n } : {}),
    };
  });
}

function spawnWorker(data: WorkerData): Worker {
  // The entry is TypeScript: the thread registers tsx before loading it, under vitest as under `node --import tsx`.
  const require = createRequire(import.meta.url);
  const tsx = require.resolve("tsx/cjs/api");
  const entry = fileURLToPath(new URL("./load-worker.ts", import.meta.url));
  const source = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(source, { eval: true, workerData: data });
}
