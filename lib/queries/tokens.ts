import { api } from "./api";
import type { Role } from "./members";

export type TApiToken = { id: string; name: string; role: Role; prefix: string; lastUsedAt: string | null; revokedAt: string | null; expiresAt: string | null; createdAt: string; token?: string };

export const tokenKeys = { list: (projectId: string) => ["projects", projectId, "tokens"] as const };
export const fetchTokens = (projectId: string) => api<TApiToken[]>(`/projects/${projectId}/tokens`);
export const createToken = (projectId: string, body: { name: string; role: Role; expiresInDays: number | null }) => api<TApiToken>(`/projects/${projectId}/tokens`, { method: "POST", body });
export const revokeToken = (projectId: string, id: string) => api<TApiToken>(`/projects/${projectId}/tokens/${id}`, { method: "DELETE" });
