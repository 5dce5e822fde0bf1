import type { TRoadmap, TRoadmapItem, TRunbookDetail, TRunbookSummary } from "@/lib/runbooks/schemas";
import { api } from "./api";

// Runbooks and the roadmap. Types only from lib/runbooks/schemas: no zod in the browser.
export type { TRoadmap, TRoadmapItem, TRunbookDetail, TRunbookSummary };

export const runbookKeys = {
  list: (projectId: string) => ["projects", projectId, "runbooks"] as const,
  page: (projectId: string, key: string) => ["projects", projectId, "runbooks", key] as const,
  roadmap: (projectId: string) => ["projects", projectId, "roadmap"] as const,
};

const p = (projectId: string) => `/projects/${projectId}`;

export type RunbookCreateBody = { key?: string; title?: string; body?: string; template?: string; ownerId?: string | null };
export type RunbookPatch = { title?: string; body?: string; ownerId?: string | null; baseVersion?: number };
export type RoadmapCreateBody = { kind?: TRoadmapItem["kind"]; title?: string; notes?: string; ownerId?: string | null; targetRelease?: string | null; feedbackItemId?: string };
export type RoadmapPatch = Partial<Pick<TRoadmapItem, "kind" | "status" | "title" | "notes" | "targetRelease" | "position">> & { ownerId?: string | null };

export const fetchRunbooks = (projectId: string) => api<TRunbookSummary[]>(`${p(projectId)}/runbooks`);
export const fetchRunbook = (projectId: string, key: string) => api<TRunbookDetail>(`${p(projectId)}/runbooks/${encodeURIComponent(key)}`);
export const createRunbook = (projectId: string, body: RunbookCreateBody) => api<TRunbookDetail>(`${p(projectId)}/runbooks`, { method: "POST", body });
export const updateRunbook = (projectId: string, key: string, body: RunbookPatch) => api<TRunbookDetail>(`${p(projectId)}/runbooks/${encodeURIComponent(key)}`, { method: "PATCH", body });
export const reviewRunbook = (projectId: string, key: string) => api<TRunbookDetail>(`${p(projectId)}/runbooks/${encodeURIComponent(key)}/review`, { method: "POST" });
export const deleteRunbook = (projectId: string, key: string) => api<void>(`${p(projectId)}/runbooks/${encodeURIComponent(key)}`, { method: "DELETE" });

export const fetchRoadmap = (projectId: string) => api<TRoadmap>(`${p(projectId)}/roadmap`);
export const createRoadmapItem = (projectId: string, body: RoadmapCreateBody) => api<TRoadmapItem>(`${p(projectId)}/roadmap`, { method: "POST", body });
export const updateRoadmapItem = (projectId: string, id: string, body: RoadmapPatch) => api<TRoadmapItem>(`${p(projectId)}/roadmap/${id}`, { method: "PATCH", body });
export const deleteRoadmapItem = (projectId: string, id: string) => api<void>(`${p(projectId)}/roadmap/${id}`, { method: "DELETE" });
