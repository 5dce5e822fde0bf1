import { API, api, qs } from "./api";

export type TAuditEntry = { id: string; createdAt: string; actorType: string; actorLabel: string; action: string; objectType: string; objectId: string | null; before: unknown; after: unknown; requestId: string | null };
export type TAuditPage = { items: TAuditEntry[]; nextCursor: string | null };
export type AuditFilters = { action?: string; actor?: string; objectType?: string; from?: string; to?: string };

export const KNOWN_ACTIONS = ["project.create", "project.update", "target.create", "target.update", "target.delete", "target.test", "target.test.result", "member.invite", "member.invite.revoke", "member.join", "member.update", "member.remove", "token.create", "token.revoke"];
export const OBJECT_TYPES = ["project", "target", "member", "invitation", "api_token"];

export const auditKeys = { list: (projectId: string, filters: AuditFilters) => ["projects", projectId, "audit", filters] as const };

/** Date inputs (YYYY-MM-DD) become whole UTC days, the form the API's from/to expect. */
export function auditQuery(filters: AuditFilters) {
  return {
    action: filters.action || undefined,
    actor: filters.actor || undefined,
    objectType: filters.objectType || undefined,
    from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
    to: filters.to ? `${filters.to}T23:59:59.999Z` : undefined,
  };
}

export const fetchAuditPage = (projectId: string, filters: AuditFilters, cursor?: string) =>
  api<TAuditPage>(`/projects/${projectId}/audit${qs({ ...auditQuery(filters), cursor, limit: "50" })}`);

export const auditExportHref = (projectId: string, filters: AuditFilters) => `${API}/projects/${projectId}/audit/export${qs(auditQuery(filters))}`;
