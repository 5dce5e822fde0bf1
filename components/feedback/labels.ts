import type { TFeedbackSeverity, TFeedbackSource, TFeedbackStatus, TFeedbackType } from "@/lib/feedback/schemas";

// Copies of the labels in lib/feedback/schemas.ts (importing its values would bring zod into the browser);
// labels.test.ts keeps the two in step. Types only from there.
export type { TFeedbackSeverity, TFeedbackSource, TFeedbackStatus, TFeedbackType };

export const TYPES: TFeedbackType[] = ["bug", "idea", "question", "praise"];
export const TYPE_LABEL: Record<TFeedbackType, string> = { bug: "Bug", idea: "Idea", question: "Question", praise: "Praise" };

export const STATUSES: TFeedbackStatus[] = ["new", "accepted", "planned", "in_progress", "fixed", "released", "declined", "duplicate", "spam"];
export const STATUS_LABEL: Record<TFeedbackStatus, string> = {
  new: "New",
  accepted: "Accepted",
  planned: "Planned",
  in_progress: "In progress",
  fixed: "Fixed",
  released: "Released",
  declined: "Declined",
  duplicate: "Duplicate",
  spam: "Spam",
};
/** After acceptance an item moves along these, in order. */
export const FLOW = ["accepted", "planned", "in_progress", "fixed", "released"] as const satisfies readonly TFeedbackStatus[];
export type TFlowStatus = (typeof FLOW)[number];
export const CLOSED = ["declined", "duplicate", "spam"] as const satisfies readonly TFeedbackStatus[];
export const isFlow = (s: TFeedbackStatus): s is TFlowStatus => (FLOW as readonly string[]).includes(s);

export const SEVERITIES: TFeedbackSeverity[] = ["critical", "high", "medium", "low"];
export const SEVERITY_LABEL: Record<TFeedbackSeverity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

export const SOURCES: TFeedbackSource[] = ["form", "widget", "api", "github", "discord", "team"];
export const SOURCE_LABEL: Record<TFeedbackSource, string> = { form: "Form", widget: "Widget", api: "API", github: "GitHub", discord: "Discord", team: "Team" };

/** Limits the server enforces, so a field can say so before a round trip. */
export const LABEL_MAX = 40;
export const LABELS_MAX = 10;
export const REASON_MIN = 3;
export const REASON_MAX = 1000;
