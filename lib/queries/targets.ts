import type { TConnectionTest, TTarget } from "@/lib/targets/schemas";
import { api } from "./api";

export type { TConnectionTest, TTarget };

export const targetKeys = {
  list: (projectId: string) => ["projects", projectId, "targets"] as const,
  test: (projectId: string, testId: string) => ["projects", projectId, "connection-tests", testId] as const,
};

const base = (projectId: string) => `/projects/${projectId}/targets`;
export const fetchTargets = (projectId: string) => api<TTarget[]>(base(projectId));
export const createTarget = (projectId: string, body: unknown) => api<TTarget>(base(projectId), { method: "POST", body });
export const updateTarget = (projectId: string, targetId: string, body: unknown) => api<TTarget>(`${base(projectId)}/${targetId}`, { method: "PATCH", body });
export const deleteTarget = (projectId: string, targetId: string) => api<{ deleted: true }>(`${base(projectId)}/${targetId}`, { method: "DELETE" });
export const requestConnectionTest = (projectId: string, targetId: string) =>
  api<TConnectionTest>(`${base(projectId)}/${targetId}/connection-tests`, { method: "POST" });
export const fetchConnectionTest = (projectId: string, testId: string) => api<TConnectionTest>(`/projects/${projectId}/connection-tests/${testId}`);

const progress = { queued: 0, running: 1, succeeded: 2, failed: 2 } as const;
export const isFinished = (t: TConnectionTest) => progress[t.status] === 2;

/**
 * The later of two snapshots of one test. The stream can deliver "running" before the POST that queued it
 * returns, so a write must never move a test backwards.
 */
export function laterTest(current: TConnectionTest | undefined, incoming: TConnectionTest): TConnectionTest {
  if (!current || current.id !== incoming.id) return incoming;
  return progress[incoming.status] >= progress[current.status] ? incoming : current;
}
