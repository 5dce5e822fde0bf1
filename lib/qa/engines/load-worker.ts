import { parentPort, workerData } from "node:worker_threads";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseThresholds } from "../thresholds";
import { startSegment, type RunningSegment, type SegmentPlan } from "./load-segment";
import type { ThreadUsage } from "./load-generator";
import { Tally, toWire, type WireDelta } from "./load-tally";

// A generator thread (settings.workers ≥ 1): runs its share of each segment and hands its counts to the engine
// whenever asked, so the engine's per-second points and early-abort checks see every thread. With each segment's end it
// reports how busy its own event loop was (performance.eventLoopUtilization in a worker measures that worker alone).

export type WorkerData = { thresholds: string[] };
export type ToWorker = { cmd: "run"; plan: SegmentPlan } | { cmd: "flush"; seq: number } | { cmd: "stop" };
export type FromWorker =
  | { type: "flushed"; seq: number; delta: WireDelta }
  | { type: "done"; delta: WireDelta; usage: ThreadUsage }
  | { type: "failed"; message: string };

if (parentPort) {
  const port = parentPort;
  const tally = new Tally(parseThresholds((workerData as WorkerData).thresholds));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let running: RunningSegment | undefined;
  const send = (message: FromWorker) => port.postMessage(message);

  port.on("message", (message: ToWorker) => {
    if (message.cmd === "flush") send({ type: "flushed", seq: message.seq, delta: toWire(tally.drain()) });
    else if (message.cmd === "stop") running?.stop();
    else {
      const loopAtStart = performance.eventLoopUtilization();
      running = startSegment(message.plan, tally);
      running.done.then(
        () => {
          const { active, idle } = performance.eventLoopUtilization(loopAtStart);
          send({ type: "done", delta: toWire(tally.drain()), usage: { activeMs: active, idleMs: idle, eventLoopDelayP99Ms: delay.percentile(99) / 1e6 } });
        },
        (error: Error) => send({ type: "failed", message: error.message }),
      );
    }
  });
}
