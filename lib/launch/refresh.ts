import "./sources";
import { log } from "../observability/log";
import { refreshBindings, type BindingChange } from "./bindings";

export { enqueueLaunchRefresh, launchRefreshJobId } from "./refresh-queue";

// Keeping automated checklist items true to their facts: the "launch.refresh" job (asked for by the transactions that
// change a fact) re-measures one project at once; the sweep re-measures every project every 30 s, because uptime
// windows move with the clock and a lost job must not leave an item wrong for long.

export const SWEEP_EVERY_MS = 30_000;

/** The "launch.refresh" handler. */
export async function runLaunchRefresh(payload: { projectId: string }) {
  const changes = await refreshBindings(payload.projectId);
  return { projectId: payload.projectId, ticked: changes.filter((c) => c.ok).length, unticked: changes.filter((c) => !c.ok).length };
}

export type RunningSweep = {
  /** Runs a sweep now, or joins the one under way (never two at once in this process). */
  sweep(): Promise<BindingChange[]>;
  stop(): Promise<void>;
};

/**
 * Sweeps every `everyMs` until stopped, the next one timed from the end of the last, so a slow sweep is never
 * overlapped by the next. Other processes may sweep too: refreshBindings' writes are conditional, so they cannot
 * tick or record evidence twice.
 */
export function startLaunchSweep(opts: { everyMs?: number } = {}): RunningSweep {
  const everyMs = opts.everyMs ?? SWEEP_EVERY_MS;
  let running: Promise<BindingChange[]> | null = null;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const sweep = () =>
    (running ??= refreshBindings()
      .then((changes) => {
        if (changes.length) log.info("launch.swept", { ticked: changes.filter((c) => c.ok).length, unticked: changes.filter((c) => !c.ok).length });
        return changes;
      })
      .finally(() => (running = null)));

  const loop = async () => {
    if (stopping) return;
    try {
      await sweep();
    } catch (error) {
      log.warn("launch.sweep_failed", { error: (error as Error).message });
    }
    if (!stopping) timer = setTimeout(loop, everyMs);
  };
  timer = setTimeout(loop, everyMs);

  return {
    sweep,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
