import type { QueryClient } from "@tanstack/react-query";
import { applyResult, byUrgency, uptimeKeys, type CheckResultEvent, type IncidentUpdatedEvent, type TCheck, type TOverviewRow } from "./uptime";

// The uptime half of the project's event stream (lib/queries/events.ts), loaded with the first uptime event.

/** A check's figures and chart are refetched at most this often, however fast its results come. */
export const FIGURES_REFETCH_MS = 2000;

/** A new result moves its overview row and check header at once; figures and chart follow by a (throttled) refetch. */
export function onCheckResult(queryClient: QueryClient, projectId: string, e: CheckResultEvent, refetchFigures: (checkId: string) => void) {
  let incidentChanged = false;
  queryClient.setQueriesData<TOverviewRow[]>({ queryKey: uptimeKeys.overviews(projectId) }, (rows) => {
    if (!rows?.some((r) => r.id === e.checkId)) return rows;
    return rows
      .map((r) => {
        if (r.id !== e.checkId) return r;
        if (r.openIncidentId !== e.openIncidentId) incidentChanged = true;
        return applyResult(r, e);
      })
      .sort(byUrgency);
  });
  queryClient.setQueryData<TCheck>(uptimeKeys.check(projectId, e.checkId), (c) => {
    if (c && c.openIncidentId !== e.openIncidentId) incidentChanged = true;
    return c ? applyResult(c, e) : c;
  });
  if (incidentChanged) void queryClient.invalidateQueries({ queryKey: uptimeKeys.incidents(projectId) });
  refetchFigures(e.checkId);
}

export function onIncidentUpdated(queryClient: QueryClient, projectId: string, e: IncidentUpdatedEvent) {
  void queryClient.invalidateQueries({ queryKey: uptimeKeys.incidents(projectId) });
  // The incident's opening or closing also changes its check's row (openIncidentId) when no result said so yet.
  void queryClient.invalidateQueries({ queryKey: uptimeKeys.check(projectId, e.checkId) });
  void queryClient.invalidateQueries({ queryKey: uptimeKeys.overviews(projectId) });
}

/** At most one call per `ms` per key: the first at once, the last of a burst when the interval ends. */
export function throttlePerKey(run: (key: string) => void, ms: number) {
  const last = new Map<string, number>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const fire = (key: string) => {
    pending.delete(key);
    last.set(key, Date.now());
    run(key);
  };
  return {
    call(key: string) {
      if (pending.has(key)) return;
      const wait = (last.get(key) ?? -Infinity) + ms - Date.now();
      if (wait <= 0) fire(key);
      else pending.set(key, setTimeout(() => fire(key), wait));
    },
    cancel() {
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    },
  };
}

export type UptimeLive = ReturnType<typeof uptimeLive>;

/** One per open stream: results and incident changes into the cache; figures refetched at most every 2 s per check. */
export function uptimeLive(queryClient: QueryClient, projectId: string) {
  // invalidateQueries refetches only the queries on screen; the others are marked stale.
  const figures = throttlePerKey((checkId) => {
    void queryClient.invalidateQueries({ queryKey: uptimeKeys.figures(projectId, checkId) });
    void queryClient.invalidateQueries({ queryKey: uptimeKeys.latencies(projectId, checkId) });
  }, FIGURES_REFETCH_MS);
  return {
    result: (e: CheckResultEvent) => onCheckResult(queryClient, projectId, e, figures.call),
    incident: (e: IncidentUpdatedEvent) => onIncidentUpdated(queryClient, projectId, e),
    cancel: figures.cancel,
  };
}
