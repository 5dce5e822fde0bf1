import { api } from "./api";

export type Role = "viewer" | "member" | "approver" | "admin";
export const ROLE_OPTIONS: Role[] = ["viewer", "member", "approver", "admin"];
export type TMember = { userId: string; email: string; name: string; role: Role; joinedAt: string };
export type TInvitation = { id: string; email: string; role: Role; status: string; expiresAt: string; createdAt: string; acceptUrl?: string };

export const memberKeys = {
  list: (projectId: string) => ["projects", projectId, "members"] as const,
  invitations: (projectId: string) => ["projects", projectId, "invitations"] as const,
};

const p = (projectId: string) => `/projects/${projectId}`;
export const fetchMembers = (projectId: string) => api<TMember[]>(`${p(projectId)}/members`);
export const updateMemberRole = (projectId: string, userId: string, role: Role) => api<TMember>(`${p(projectId)}/members/${userId}`, { method: "PATCH", body: { role } });
export const removeMember = (projectId: string, userId: string) => api<{ deleted: true }>(`${p(projectId)}/members/${userId}`, { method: "DELETE" });
export const fetchInvitations = (projectId: string) => api<TInvitation[]>(`${p(projectId)}/invitations`);
export const createInvitation = (projectId: string, body: { email: string; role: Role }) => api<TInvitation>(`${p(projectId)}/invitations`, { method: "POST", body });
export const revokeInvitation = (projectId: string, id: string) => api<TInvitation>(`${p(projectId)}/invitations/${id}`, { method: "DELETE" });
