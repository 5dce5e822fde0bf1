import type { QueryClient } from "@tanstack/react-query";
import type { TQaArtifact, TQaEvent, TQaFinding, TQaKind, TQaLogLine, TQaPoint, TQaProfile, TQaRun, TQaRunSummary, TQaStatus } from "@/lib/qa/schemas";
import { api, qs } from "./api";

// Types only from lib/qa/schemas: the browser never loads zod for the QA pages.
export type { TQaArtifact, TQaEvent, TQaFinding, TQaKind, TQaLogLine, TQaPoint, TQaProfile, TQaRun, TQaRunSummary, TQaStatus };
export type QaFilters = { kind?: TQaKind; targetId?: string; status?: TQaStatus };
/** The log as held in the cache: lines in id order; `cursor` is the last id the API itself returned (polls go on from there). */
export type HeldQaLog = { lines: TQaLogLine[]; cursor: string | null };
export type QaRunBody = { targetId: string; kind?: TQaKind; profileId?: string; settings?: Record<string, unknown>; confirmProduction?: boolean };
export type QaProfileBody = { name: string; targetId: string; kind: TQaKind; settings: Record<string, unknown>; everyHours: number | null; afterDeploy: boolean; confirmProduction?: boolean };
export type QaProfilePatch = Partial<Pick<QaProfileBody, "name" | "settings" | "everyHours" | "afterDeploy" | "confirmProduction">>;

export const QA_PAGE_SIZE = 50;
/** The grid reads the newest runs in one request; only when they fill the page are older runs looked up kind by kind. */
const GRID_SCAN = 200;

export const QA_ACTIVE: readonly TQaStatus[] = ["queued", "running"];
export const isQaActive = (status: TQaStatus) => QA_ACTIVE.includes(status);

/** Every key starts with ["projects", projectId, "qa"]: one invalidation refreshes everything QA-shaped. */
export const qaKeys = {
  all: (projectId: string) => ["projects", projectId, "qa"] as const,
  lists: (projectId: string) => ["projects", projectId, "qa", "list"] as const,
  list: (projectId: string, filters: QaFilters) => ["projects", projectId, "qa", "list", filters] as const,
  latest: (projectId: string) => ["projects", projectId, "qa", "latest"] as const,
  run: (projectId: string, runId: string) => ["projects", projectId, "qa", "run", runId] as const,
  log: (projectId: string, runId: string) => ["projects", projectId, "qa", "log", runId] as const,
  points: (projectId: string, runId: string) => ["projects", projectId, "qa", "points", runId] as const,
  profiles: (projectId: string) => ["projects", projectId, "qa", "profiles"] as const,
};

const r = (projectId: string) => `/projects/${projectId}/qa-runs`;
const pr = (projectId: string) => `/projects/${projectId}/qa-profiles`;

export const fetchQaRuns = (projectId: string, f: QaFilters & { before?: string; limit?: number }) =>
  api<TQaRunSummary[]>(`${r(projectId)}${qs({ kind: f.kind, targetId: f.targetId, status: f.status, before: f.before, limit: String(f.limit ?? QA_PAGE_SIZE) })}`);
export const fetchQaRun = (projectId: string, runId: string) => api<TQaRun>(`${r(projectId)}/${runId}`);
export const fetchQaLogs = (projectId: string, runId: string, after: string | null) => api<TQaLogLine[]>(`${r(projectId)}/${runId}/logs${qs({ after, limit: "2000" })}`);
export const fetchQaPoints = (projectId: string, runId: string) => api<TQaPoint[]>(`${r(projectId)}/${runId}/points`);
export const createQaRun = (projectId: string, body: QaRunBody) => api<TQaRun>(r(projectId), { method: "POST", body });
export const cancelQaRun = (projectId: string, runId: string) => api<TQaRun>(`${r(projectId)}/${runId}/cancel`, { method: "POST" });

export const fetchQaProfiles = (projectId: string) => api<TQaProfile[]>(pr(projectId));
export const createQaProfile = (projectId: string, body: QaProfileBody) => api<TQaProfile>(pr(projectId), { method: "POST", body });
export const updateQaProfile = (projectId: string, profileId: string, body: QaProfilePatch) => api<TQaProfile>(`${pr(projectId)}/${profileId}`, { method: "PATCH", body });
export const deleteQaProfile = (projectId: string, profileId: string) => api<{ deleted: true }>(`${pr(projectId)}/${profileId}`, { method: "DELETE" });
export const runQaProfile = (projectId: string, profileId: string, confirmProduction?: boolean) =>
  api<TQaRun>(`${pr(projectId)}/${profileId}/run`, { method: "POST", body: confirmProduction ? { confirmProduction } : {} });

/**
 * The newest run of each kind on each target ("targetId:kind" → run), from runs listed newest first. A cancelled run
 * says nothing about the target, so an older run that finished or is under way stands in front of it.
 */
export function latestByTarget(runs: TQaRunSummary[]): Record<string, TQaRunSummary> {
  const out: Record<string, TQaRunSummary> = {};
  for (const run of runs) {
    // The grid's hammering row is the bad-input verdict (as on the checklist); partial-network-failure runs are in the history.
    if (run.mode === "faults") continue;
    const key = `${run.targetId}:${run.kind}`;
    if (!out[key] || (out[key].status === "cancelled" && run.status !== "cancelled")) out[key] = run;
  }
  return out;
}

/** What the grid shows; `list` is how the caller lists runs (the service verb on the server, the API in the browser). */
export async function loadLatest(list: (f: QaFilters & { limit: number }) => Promise<TQaRunSummary[]>, targetIds: string[], kinds: readonly TQaKind[]) {
  const newest = await list({ limit: GRID_SCAN });
  const latest = latestByTarget(newest);
  if (newest.length < GRID_SCAN) return latest;
  const missing = targetIds.flatMap((targetId) => kinds.filter((kind) => !latest[`${targetId}:${kind}`]).map((kind) => ({ targetId, kind })));
  const found = await Promise.all(missing.map((m) => list({ ...m, limit: 5 })));
  for (const run of found.flat().filter((r) => r.mode !== "faults")) latest[`${run.targetId}:${run.kind}`] ??= run;
  return latest;
}

const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
/** Streamed lines carry no id (the runner writes them to the database afterwards); this is what ties the two copies. */
const sameLine = (l: TQaLogLine) => `${l.at}|${l.level}|${l.message}`;
/** A React key for a held line: its id, or for a streamed line not yet read back, its time and text. */
export const logLineKey = (l: TQaLogLine) => l.id || `live:${sameLine(l)}`;

/**
 * Adds lines from a poll (with ids) or the stream (without) in time order, each once: a polled line replaces its
 * streamed copy. `cursor` moves only with lines the API returned, so a poll never skips a line the stream dropped.
 */
export function mergeLogLines(held: HeldQaLog, lines: TQaLogLine[], fromApi: boolean): HeldQaLog {
  const ids = lines.filter((l) => l.id).map((l) => l.id);
  const cursor = fromApi && ids.length ? ids.reduce((max, id) => (byId(id, max) > 0 ? id : max), held.cursor ?? "0") : held.cursor;
  const stored = new Map(held.lines.filter((l) => l.id).map((l) => [l.id, l]));
  const streamed = new Map(held.lines.filter((l) => !l.id).map((l) => [sameLine(l), l]));
  let changed = false;
  for (const l of lines) {
    if (l.id ? stored.has(l.id) : streamed.has(sameLine(l))) continue;
    if (l.id) stored.set(l.id, l);
    else streamed.set(sameLine(l), l);
    changed = true;
  }
  for (const l of stored.values()) changed = streamed.delete(sameLine(l)) || changed;
  if (!changed) return cursor === held.cursor ? held : { ...held, cursor };
  const all = [...stored.values(), ...streamed.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : byId(a.id || "9".repeat(19), b.id || "9".repeat(19))));
  return { lines: all, cursor };
}

/** Adds per-second points, one per second (a later copy of a second replaces the earlier one). */
export function mergePoints(held: TQaPoint[], points: TQaPoint[]): TQaPoint[] {
  const byT = new Map(held.map((p) => [p.t, p]));
  for (const p of points) byT.set(p.t, p);
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Start to finish (or to now while it runs), in ms; null before it starts. */
export function qaDurationMs(run: Pick<TQaRunSummary, "startedAt" | "finishedAt">, now = Date.now()): number | null {
  if (!run.startedAt) return null;
  return (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt);
}

/**
 * A "qa.updated" event (lib/queries/events.ts loads this with the first one): progress goes straight into the run and
 * the rows that show it; a new status (or a run nobody here has seen) refetches what follows from it.
 */
export function onQaEvent(queryClient: QueryClient, projectId: string, e: Partial<TQaEvent> & { runId: string }) {
  let known = false;
  let changed = false;
  // Log and point events carry only the status: progress and its sentence change only when the event has them.
  const patch = <T extends TQaRunSummary>(run: T): T => {
    if (run.id !== e.runId) return run;
    known = true;
    const status = e.status ?? run.status;
    if (run.status !== status) changed = true;
    return {
      ...run,
      status,
      ...(typeof e.progress === "number" ? { progress: e.progress } : {}),
      ...(e.progressMessage !== undefined ? { progressMessage: e.progressMessage } : {}),
    };
  };
  queryClient.setQueryData<TQaRun>(qaKeys.run(projectId, e.runId), (run) => run && patch(run));
  queryClient.setQueriesData<{ pages: TQaRunSummary[][]; pageParams: unknown[] }>({ queryKey: qaKeys.lists(projectId) }, (data) =>
    data?.pages ? { ...data, pages: data.pages.map((page) => page.map(patch)) } : data,
  );
  queryClient.setQueryData<Record<string, TQaRunSummary>>(qaKeys.latest(projectId), (latest) =>
    latest ? Object.fromEntries(Object.entries(latest).map(([k, run]) => [k, patch(run)])) : latest,
  );
  if (e.log) queryClient.setQueryData<HeldQaLog>(qaKeys.log(projectId, e.runId), (log) => (log ? mergeLogLines(log, [e.log!], false) : log));
  if (e.point) queryClient.setQueryData<TQaPoint[]>(qaKeys.points(projectId, e.runId), (points) => (points ? mergePoints(points, [e.point!]) : points));
  // Progress of a run shown nowhere here (another kind under a filter) needs nothing; a new or finished one does.
  if (known ? !changed : (e.status ?? "running") === "running") return;
  void queryClient.invalidateQueries({ queryKey: qaKeys.run(projectId, e.runId) });
  void queryClient.invalidateQueries({ queryKey: qaKeys.lists(projectId) });
  void queryClient.invalidateQueries({ queryKey: qaKeys.latest(projectId) });
  void queryClient.invalidateQueries({ queryKey: qaKeys.profiles(projectId) });
}
