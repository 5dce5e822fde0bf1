import type { TDecision, TItem, TItemDetail, TItemStatus, TLaunch, TLaunchDetail, TLaunchStage, TReadiness, TTemplate } from "@/lib/launch/schemas";
import { api, API, ApiError, type FieldIssue } from "./api";
import type { TMember } from "./members";

// Types only from lib/launch/schemas: the browser never loads zod for the checklist pages.
export type { TDecision, TItem, TItemDetail, TItemStatus, TLaunch, TLaunchDetail, TLaunchStage, TReadiness, TTemplate, TMember };
export type TBindingKind = { kind: string; label: string; description: string; params: { name: string; description: string; required: boolean }[] };
export type TItemPatch = {
  section?: string;
  title?: string;
  description?: string;
  ownerId?: string | null;
  assigneeId?: string | null;
  dueAt?: string | null;
  blocking?: boolean;
  signOffRequired?: boolean;
  renewalDays?: number | null;
  status?: "todo" | "in_progress" | "done" | "not_applicable";
  /** { kind, ...params } as GET /launch-bindings describes them; null makes the item manual. */
  binding?: ({ kind: string } & Record<string, unknown>) | null;
};
export type TItemCreate = Omit<TItemPatch, "status"> & { section: string; title: string };

/** Every key starts with ["launch", projectId]: one "launch.updated" event invalidates them all (events.ts). */
export const launchKeys = {
  all: (projectId: string) => ["launch", projectId] as const,
  active: (projectId: string) => ["launch", projectId, "active"] as const,
  launch: (projectId: string, launchId: string) => ["launch", projectId, "launch", launchId] as const,
  item: (projectId: string, itemId: string) => ["launch", projectId, "item", itemId] as const,
  templates: (projectId: string) => ["launch", projectId, "templates"] as const,
  members: (projectId: string) => ["launch", projectId, "members"] as const,
  bindings: (projectId: string) => ["launch", projectId, "bindings"] as const,
};

const p = (projectId: string) => `/projects/${projectId}`;
const l = (projectId: string, launchId: string) => `${p(projectId)}/launches/${launchId}`;
const i = (projectId: string, itemId: string) => `${p(projectId)}/checklist-items/${itemId}`;

export const fetchActiveLaunch = (projectId: string) => api<{ launch: TLaunchDetail | null }>(`${p(projectId)}/launches/active`).then((r) => r.launch);
export const createLaunch = (projectId: string, body: { name: string; targetDate: string | null; templateId: string | null }) =>
  api<TLaunchDetail>(`${p(projectId)}/launches`, { method: "POST", body });
export const updateLaunch = (projectId: string, launchId: string, body: { name?: string; targetDate?: string | null }) => api<TLaunch>(l(projectId, launchId), { method: "PATCH", body });
export const archiveLaunch = (projectId: string, launchId: string) => api<TLaunch>(`${l(projectId, launchId)}/archive`, { method: "POST" });
export const moveStage = (projectId: string, launchId: string, body: { stage: TLaunchStage; notes: string; override?: { reason: string } }) =>
  api<TDecision>(`${l(projectId, launchId)}/stage`, { method: "POST", body });
export const exportLaunchHref = (projectId: string, launchId: string, format: "markdown" | "csv") => `${API}${l(projectId, launchId)}/export?format=${format}`;
export const createItem = (projectId: string, launchId: string, body: TItemCreate) => api<TItem>(`${l(projectId, launchId)}/items`, { method: "POST", body });

export const fetchItem = (projectId: string, itemId: string) => api<TItemDetail>(i(projectId, itemId));
export const updateItem = (projectId: string, itemId: string, body: TItemPatch) => api<TItem>(i(projectId, itemId), { method: "PATCH", body });
export const deleteItem = (projectId: string, itemId: string) => api<unknown>(i(projectId, itemId), { method: "DELETE" });
export const signOffItem = (projectId: string, itemId: string, note?: string) => api<unknown>(`${i(projectId, itemId)}/sign-off`, { method: "POST", body: note ? { note } : {} });
export const waiveItem = (projectId: string, itemId: string, body: { reason: string; expiresAt: string }) => api<unknown>(`${i(projectId, itemId)}/waiver`, { method: "POST", body });
export const revokeWaiver = (projectId: string, itemId: string) => api<unknown>(`${i(projectId, itemId)}/waiver`, { method: "DELETE" });
export const addEvidence = (projectId: string, itemId: string, body: { kind: "link" | "note"; url?: string; text: string }) =>
  api<unknown>(`${i(projectId, itemId)}/evidence`, { method: "POST", body });
export const deleteEvidence = (projectId: string, itemId: string, evidenceId: string) => api<unknown>(`${i(projectId, itemId)}/evidence/${evidenceId}`, { method: "DELETE" });
export const addComment = (projectId: string, itemId: string, body: string) => api<unknown>(`${i(projectId, itemId)}/comments`, { method: "POST", body: { body } });

export const fetchMembers = (projectId: string) => api<TMember[]>(`${p(projectId)}/members`);
export const fetchBindingKinds = (projectId: string) => api<TBindingKind[]>(`${p(projectId)}/launch-bindings`);

const t = (projectId: string) => `${p(projectId)}/checklist-templates`;
export const fetchTemplates = (projectId: string) => api<TTemplate[]>(t(projectId));
export const importTemplate = (projectId: string, body: { format: "json" | "yaml"; content: string; name?: string }) => api<TTemplate>(`${t(projectId)}/import`, { method: "POST", body });
export const cloneTemplate = (projectId: string, templateId: string, name: string) => api<TTemplate>(`${t(projectId)}/${templateId}/clone`, { method: "POST", body: { name } });
export const deleteTemplate = (projectId: string, templateId: string) => api<unknown>(`${t(projectId)}/${templateId}`, { method: "DELETE" });
export const updateTemplate = (projectId: string, templateId: string, body: { name?: string; description?: string; body?: { sections: unknown } }) =>
  api<TTemplate>(`${t(projectId)}/${templateId}`, { method: "PATCH", body });
/** The template as the YAML document export writes (text, not JSON): what the edit dialog starts from. */
export async function fetchTemplateYaml(projectId: string, templateId: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${API}${t(projectId)}/${templateId}/export?format=yaml`, { credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network", "Could not reach the T-Minus server; check your connection and try again");
  }
  const text = await res.text();
  if (res.ok) return text;
  let e: { code?: string; message?: string; issues?: FieldIssue[]; requestId?: string } | undefined;
  try {
    e = (JSON.parse(text) as { error?: typeof e }).error;
  } catch {
    /* not JSON; the status says enough */
  }
  throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? `The server answered HTTP ${res.status}`, e?.issues ?? [], e?.requestId);
}
export const exportTemplateHref = (projectId: string, templateId: string, format: "json" | "yaml") => `${API}${t(projectId)}/${templateId}/export?format=${format}`;

/** The item as a status change leaves it, until the server's answer (and its readiness) arrives. */
export function withItem(launch: TLaunchDetail | null | undefined, item: Pick<TItem, "id"> & Partial<TItem>): TLaunchDetail | null | undefined {
  if (!launch) return launch;
  return { ...launch, items: launch.items.map((it) => (it.id === item.id ? { ...it, ...item } : it)) };
}

/** The stage after this one, or null after post-launch. */
export function nextStage(stage: TLaunchStage): TLaunchStage | null {
  const order: TLaunchStage[] = ["planned", "soft_launch", "official_launch", "post_launch"];
  return order[order.indexOf(stage) + 1] ?? null;
}
