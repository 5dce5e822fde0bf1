import { api } from "./api";

// Client-side mirrors of lib/notifications/schemas.ts (that module imports zod, which stays out of the browser bundle).
export type ChannelFormat = "slack" | "discord" | "json" | "email";
export type TChannel = { id: string; projectId: string; name: string; format: ChannelFormat; urlOrigin: string; events: string[]; enabled: boolean; createdAt: string };
export type TDelivery = {
  id: string;
  channelId: string;
  event: string;
  title: string;
  status: "queued" | "running" | "succeeded" | "failed";
  httpStatus: number | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
};
export type ChannelCreate = { name: string; format: ChannelFormat; url: string; events: string[] };
/** An event a channel can subscribe to, with the sentence that explains it; passed in by the server page. */
export type EventOption = { event: string; description: string };

export const ALL_EVENTS = "*";
export const FORMAT_LABELS: Record<ChannelFormat, string> = { slack: "Slack", discord: "Discord", json: "JSON webhook", email: "E-mail" };

const base = (projectId: string) => `/projects/${projectId}/notification-channels`;
export const channelKeys = {
  list: (projectId: string) => ["projects", projectId, "notification-channels"] as const,
  deliveries: (projectId: string, channelId: string) => ["projects", projectId, "notification-channels", channelId, "deliveries"] as const,
};
export const fetchChannels = (projectId: string) => api<TChannel[]>(base(projectId));
export const createChannel = (projectId: string, body: ChannelCreate) => api<TChannel>(base(projectId), { method: "POST", body });
export const updateChannel = (projectId: string, id: string, body: Partial<ChannelCreate> & { enabled?: boolean }) => api<TChannel>(`${base(projectId)}/${id}`, { method: "PATCH", body });
export const deleteChannel = (projectId: string, id: string) => api<{ deleted: true }>(`${base(projectId)}/${id}`, { method: "DELETE" });
export const testChannel = (projectId: string, id: string) => api<TDelivery>(`${base(projectId)}/${id}/test`, { method: "POST" });
export const fetchDeliveries = (projectId: string, id: string) => api<TDelivery[]>(`${base(projectId)}/${id}/deliveries`);
