// The QA runs this process is running, so a stopping worker can ask each to stop (workers/runtime.ts). Kept apart from
// the runner so the worker's shutdown path loads no engine code.

/** The abort reason a run's signal carries when its worker stops. */
export const WORKER_STOPPING = "worker-stopping";

const running = new Map<string, AbortController>();
/** Workers of this process now closing; while any is, a run that starts is stopped at once. */
let closing = 0;

export function trackRun(runId: string, abort: AbortController): () => void {
  // A job handed out while the worker was closing starts stopped.
  if (closing) abort.abort(new Error(WORKER_STOPPING));
  running.set(runId, abort);
  return () => {
    if (running.get(runId) === abort) running.delete(runId);
  };
}

/**
 * Aborts every QA run in this process, and any that starts until `done` is called (a job handed out while the worker
 * was closing): each ends errored, saying the worker stopped. Called by a closing worker.
 */
export function stopRunningQaJobs(): { count: number; done: () => void } {
  closing++;
  for (const abort of running.values()) abort.abort(new Error(WORKER_STOPPING));
  let released = false;
  return {
    count: running.size,
    done: () => {
      if (!released) closing--;
      released = true;
    },
  };
}
