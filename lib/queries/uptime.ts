import type { TCheck } from "@/lib/monitoring/checks";
import type { TIncident, TIncidentEvent } from "@/lib/monitoring/incidents";
import type { TMaintenanceWindow } from "@/lib/monitoring/maintenance";
import type { TOverviewRow } from "@/lib/monitoring/overview";
import type { DayBar, Figures, LatencyPoint, WindowName } from "@/lib/monitoring/uptime";
import { api, qs } from "./api";

// Types only from the monitoring modules: the browser never loads zod or the server code for these pages.
// Kept small: the project layout loads it for the live events; the pages' formatting is in components/uptime/format.ts.
export type { DayBar, Figures, LatencyPoint, TCheck, TIncident, TIncidentEvent, TMaintenanceWindow, TOverviewRow, WindowName };
export type CheckState = TCheck["state"];
export type TUptime = { checkId: string; windows: Record<WindowName, Figures>; days: DayBar[] };
export type TLatency = { checkId: string; window: WindowName; points: LatencyPoint[] };
export type IncidentFilters = { status?: "open" | "resolved"; checkId?: string };
/** The transient `check.result` event: one new result, not stored for replay. */
export type CheckResultEvent = { checkId: string; targetId: string | null; at: string; status: "up" | "degraded" | "down" | "unknown"; maintenance: boolean; latencyMs: number | null; error: string | null; openIncidentId: string | null };
export type IncidentUpdatedEvent = { incidentId: string; checkId: string; status: "open" | "resolved" };


export const uptimeKeys = {
  all: (projectId: string) => ["projects", projectId, "uptime"] as const,
  overviews: (projectId: string) => ["projects", projectId, "uptime", "overview"] as const,
  overview: (projectId: string, q: string) => ["projects", projectId, "uptime", "overview", q] as const,
  check: (projectId: string, checkId: string) => ["projects", projectId, "uptime", "check", checkId] as const,
  figures: (projectId: string, checkId: string) => ["projects", projectId, "uptime", "figures", checkId] as const,
  latency: (projectId: string, checkId: string, window: WindowName) => ["projects", projectId, "uptime", "latency", checkId, window] as const,
  latencies: (projectId: string, checkId: string) => ["projects", projectId, "uptime", "latency", checkId] as const,
  maintenance: (projectId: string) => ["projects", projectId, "uptime", "maintenance"] as const,
  incidents: (projectId: string) => ["projects", projectId, "incidents"] as const,
  incidentList: (projectId: string, f: IncidentFilters) => ["projects", projectId, "incidents", "list", f] as const,
  incident: (projectId: string, id: string) => ["projects", projectId, "incidents", "detail", id] as const,
};

const p = (projectId: string) => `/projects/${projectId}`;
export const fetchOverview = (projectId: string, q = "") => api<TOverviewRow[]>(`${p(projectId)}/checks${qs({ q: q.trim() || undefined })}`);
export const fetchCheck = (projectId: string, checkId: string) => api<TCheck>(`${p(projectId)}/checks/${checkId}`);
export const fetchUptime = (projectId: string, checkId: string) => api<TUptime>(`${p(projectId)}/checks/${checkId}/uptime`);
export const fetchLatency = (projectId: string, checkId: string, window: WindowName) => api<TLatency>(`${p(projectId)}/checks/${checkId}/latency${qs({ window })}`);
export const createCheck = (projectId: string, body: unknown) => api<TCheck>(`${p(projectId)}/checks`, { method: "POST", body });
export const updateCheck = (projectId: string, checkId: string, body: unknown) => api<TCheck>(`${p(projectId)}/checks/${checkId}`, { method: "PATCH", body });
export const deleteCheck = (projectId: string, checkId: string) => api<{ deleted: true }>(`${p(projectId)}/checks/${checkId}`, { method: "DELETE" });
export const fetchIncidents = (projectId: string, f: IncidentFilters) => api<TIncident[]>(`${p(projectId)}/incidents${qs({ status: f.status, checkId: f.checkId })}`);
export const fetchIncident = (projectId: string, id: string) => api<TIncident>(`${p(projectId)}/incidents/${id}`);
export const acknowledgeIncident = (projectId: string, id: string) => api<TIncident>(`${p(projectId)}/incidents/${id}/acknowledge`, { method: "POST" });
export const addIncidentNote = (projectId: string, id: string, body: { body: string; public: boolean }) => api<TIncident>(`${p(projectId)}/incidents/${id}/notes`, { method: "POST", body });
export const fetchMaintenance = (projectId: string) => api<TMaintenanceWindow[]>(`${p(projectId)}/maintenance-windows`);
export const createMaintenance = (projectId: string, body: unknown) => api<TMaintenanceWindow>(`${p(projectId)}/maintenance-windows`, { method: "POST", body });
export const deleteMaintenance = (projectId: string, id: string) => api<{ deleted: true }>(`${p(projectId)}/maintenance-windows/${id}`, { method: "DELETE" });

const RECENT = 30;

/** A live result applied to a check as the server would after ingesting it: state, last run, sparkline, incident. */
export function applyResult<T extends TCheck>(check: T, e: CheckResultEvent): T {
  if (check.id !== e.checkId) return check;
  // Results of one check arrive in slot order, but a refetch may already hold a newer one.
  if (check.lastResultAt && Date.parse(check.lastResultAt) >= Date.parse(e.at)) return check;
  const latencies = e.latencyMs === null ? check.recentLatencies : [...check.recentLatencies, e.latencyMs].slice(-RECENT);
  return {
    ...check,
    state: !check.enabled ? "paused" : e.status,
    stale: false,
    lastResultAt: e.at,
    nextRunAt: check.enabled ? new Date(Date.parse(e.at) + check.intervalSeconds * 1000).toISOString() : null,
    lastLatencyMs: e.latencyMs,
    lastError: e.error,
    openIncidentId: e.openIncidentId,
    recentLatencies: latencies,
  };
}

const ORDER: Record<CheckState, number> = { down: 0, degraded: 1, unknown: 2, up: 3, paused: 4 };
/** Failing first, as the server orders them: a live change can move a row. */
export const byUrgency = (a: TCheck, b: TCheck) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name);

