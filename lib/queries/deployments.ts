import type { z } from "zod";
import type { TDeployPolicy, TDeployment, TDeploymentDetail, ZLogPage, ZTargetDeployState, DeploymentStatusName } from "@/lib/deployments/schemas";
import type { TFreezeWindow } from "@/lib/deployments/freeze-schemas";
import { api, qs } from "./api";

// Types only from the schema modules: the browser never loads zod for these pages.
export type { TDeployPolicy, TDeployment, TDeploymentDetail, TFreezeWindow, DeploymentStatusName };
export type TTargetDeployState = z.infer<typeof ZTargetDeployState>;
export type TLogPage = z.infer<typeof ZLogPage>;
export type TInboxItem = TDeployment & { project: { id: string; slug: string; name: string } };
export type DeploymentFilters = { targetId?: string; status?: DeploymentStatusName };

/** The log as held in the cache: `lines[n]` is line n (0-based), always contiguous from line 0. */
export type HeldLog = { lines: string[]; truncated: boolean };

export const STATUS_OPTIONS: DeploymentStatusName[] = ["requested", "awaiting_approval", "approved", "queued", "running", "verifying", "succeeded", "failed", "cancelled", "rolled_back"];
export const ACTIVE: readonly DeploymentStatusName[] = ["requested", "awaiting_approval", "approved", "queued", "running", "verifying"];
export const isActive = (status: DeploymentStatusName) => ACTIVE.includes(status);

export const deploymentKeys = {
  all: (projectId: string) => ["projects", projectId, "deployments"] as const,
  lists: (projectId: string) => ["projects", projectId, "deployments", "list"] as const,
  list: (projectId: string, filters: DeploymentFilters) => ["projects", projectId, "deployments", "list", filters] as const,
  detail: (projectId: string, id: string) => ["projects", projectId, "deployments", "detail", id] as const,
  log: (projectId: string, id: string) => ["projects", projectId, "deployments", "log", id] as const,
  // Not under ["projects", id, "targets"]: invalidating the target list must not refetch every deploy state.
  targetState: (projectId: string, targetId: string) => ["projects", projectId, "deploy-state", targetId] as const,
  freeze: (projectId: string, targetId: string) => ["projects", projectId, "freeze-windows", targetId] as const,
  inbox: () => ["approvals", "inbox"] as const,
};

const p = (projectId: string) => `/projects/${projectId}`;
export const fetchDeployments = (projectId: string, f: DeploymentFilters, limit = 50) =>
  api<TDeployment[]>(`${p(projectId)}/deployments${qs({ targetId: f.targetId, status: f.status, limit: String(limit) })}`);
export const fetchDeployment = (projectId: string, id: string) => api<TDeploymentDetail>(`${p(projectId)}/deployments/${id}`);
export const fetchLog = (projectId: string, id: string, after = 0) => api<TLogPage>(`${p(projectId)}/deployments/${id}/log${qs({ after: String(after) })}`);
export const fetchTargetState = (projectId: string, targetId: string) => api<TTargetDeployState>(`${p(projectId)}/targets/${targetId}/deploy-state`);
export const fetchFreezeWindows = (projectId: string, targetId: string) => api<TFreezeWindow[]>(`${p(projectId)}/freeze-windows${qs({ targetId })}`);
export const fetchInbox = () => api<TInboxItem[]>("/approvals");

export type DeployBody = { targetId: string; release: string; idempotencyKey: string; reason?: string; override?: { reason: string }; emergencyBypass?: { reason: string } };
export const requestDeployment = (projectId: string, body: DeployBody) => api<TDeployment>(`${p(projectId)}/deployments`, { method: "POST", body });
export const approveDeployment = (projectId: string, id: string, reason?: string) => api<TDeployment>(`${p(projectId)}/deployments/${id}/approve`, { method: "POST", body: reason ? { reason } : {} });
export const rejectDeployment = (projectId: string, id: string, reason: string) => api<TDeployment>(`${p(projectId)}/deployments/${id}/reject`, { method: "POST", body: { reason } });
export const cancelDeployment = (projectId: string, id: string, reason?: string) => api<TDeployment>(`${p(projectId)}/deployments/${id}/cancel`, { method: "POST", body: reason ? { reason } : {} });
export const rollbackTo = (projectId: string, id: string, reason: string) => api<TDeployment>(`${p(projectId)}/deployments/${id}/rollback`, { method: "POST", body: { reason } });
export const lockTarget = (projectId: string, targetId: string, reason: string) => api<TTargetDeployState>(`${p(projectId)}/targets/${targetId}/lock`, { method: "POST", body: { reason } });
export const unlockTarget = (projectId: string, targetId: string, reason: string) => api<TTargetDeployState>(`${p(projectId)}/targets/${targetId}/unlock`, { method: "POST", body: { reason } });
export const updatePolicy = (projectId: string, targetId: string, body: Partial<TDeployPolicy>) =>
  api<TTargetDeployState>(`${p(projectId)}/targets/${targetId}/deploy-policy`, { method: "PATCH", body });
export const createFreezeWindow = (projectId: string, body: unknown) => api<TFreezeWindow>(`${p(projectId)}/freeze-windows`, { method: "POST", body });
export const deleteFreezeWindow = (projectId: string, id: string) => api<{ deleted: true }>(`${p(projectId)}/freeze-windows/${id}`, { method: "DELETE" });

/** A fresh idempotency key per click; crypto.randomUUID needs a secure context, so plain http on a LAN falls back. */
export function newIdempotencyKey() {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Appends live lines (`firstLine` is the number of `lines[0]`) to the held log. Lines already held are skipped (a
 * replay after reconnect); a batch that starts past the end leaves a gap, and `gapFrom` says where to refetch from.
 */
export function appendLog(held: HeldLog, firstLine: number, lines: string[]): { log: HeldLog; gapFrom: number | null } {
  const have = held.lines.length;
  if (firstLine > have) return { log: held, gapFrom: have };
  const fresh = lines.slice(have - firstLine);
  if (!fresh.length) return { log: held, gapFrom: null };
  return { log: { ...held, lines: [...held.lines, ...fresh] }, gapFrom: null };
}

/** Merges a page from GET …/log?after=N: numbered lines, possibly overlapping what is held. */
export function mergeLogPage(held: HeldLog, page: Pick<TLogPage, "lines" | "truncated">): HeldLog {
  const out = held.lines.slice();
  for (const { n, text } of [...page.lines].sort((a, b) => a.n - b.n)) {
    if (n === out.length) out.push(text);
  }
  return { lines: out.length === held.lines.length ? held.lines : out, truncated: held.truncated || page.truncated };
}

/** A live snapshot of a deployment over the detail the page holds: viewer, gates and changelog stay until refetched. */
export const mergeDetail = (current: TDeploymentDetail | undefined, update: TDeployment): TDeploymentDetail | undefined =>
  current && current.id === update.id ? { ...current, ...update } : current;

/** Who approved, for a list row: the valid approvals' names, or how approval was skipped. */
export function approvedBy(d: TDeployment): string {
  const names = d.approvals.filter((a) => a.decision === "approved" && a.state === "valid").map((a) => a.user);
  if (names.length) return names.join(", ");
  const bypass = d.overrides.find((o) => o.kind === "approvals");
  if (bypass) return `Bypassed by ${bypass.by}`;
  // approvalsRequired is the target's policy now; a skipped approval step says none was needed then.
  if (d.approvalsRequired === 0 || d.steps.some((s) => s.name === "approval" && s.status === "skipped")) return "Not required";
  return "—";
}

/** Start to finish (or to now while it runs), in ms; null before it starts. */
export function durationMs(d: Pick<TDeployment, "startedAt" | "finishedAt" | "createdAt">, now = Date.now()): number | null {
  const start = d.startedAt ?? null;
  if (!start) return null;
  return (d.finishedAt ? Date.parse(d.finishedAt) : now) - Date.parse(start);
}
