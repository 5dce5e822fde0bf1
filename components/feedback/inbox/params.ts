import type { FeedbackQuery } from "@/lib/queries/feedback";
import { SEVERITIES, SOURCES, TYPES, type TFeedbackSeverity, type TFeedbackSource, type TFeedbackType } from "../labels";

// The inbox's state in the URL (?view=open&severity=critical&q=checkout&item=FB-12), so a filtered inbox can be
// shared and survives a reload; read the same way by the server page and the browser.

export const VIEWS = ["inbox", "open", "snoozed", "spam", "all"] as const;
export type InboxView = (typeof VIEWS)[number];
export const SORTS = ["newest", "oldest", "votes", "severity"] as const;
export type InboxSort = (typeof SORTS)[number];
export const SORT_LABEL: Record<InboxSort, string> = { newest: "Newest first", oldest: "Oldest first", votes: "Most votes", severity: "Most severe" };

export type InboxFilters = {
  view: InboxView;
  type?: TFeedbackType;
  severity?: TFeedbackSeverity;
  label?: string;
  assigneeId?: string;
  source?: TFeedbackSource;
  q?: string;
  sort?: InboxSort;
};

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

const one = (params: Params, key: string): string | undefined => {
  const v = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
};
const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined => (value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined);

export function readFilters(params: Params): InboxFilters {
  return {
    view: pick(one(params, "view"), VIEWS) ?? "inbox",
    type: pick(one(params, "type"), TYPES),
    severity: pick(one(params, "severity"), SEVERITIES),
    label: one(params, "label")?.slice(0, 40),
    assigneeId: one(params, "assignee")?.slice(0, 200),
    source: pick(one(params, "source"), SOURCES),
    q: one(params, "q")?.slice(0, 200),
    sort: pick(one(params, "sort"), SORTS),
  };
}

/** The list the API is asked for: the spam view is every item in status spam. */
export function toQuery(f: InboxFilters): FeedbackQuery {
  const { view, ...rest } = f;
  return { ...(view === "spam" ? { status: "spam" as const } : view === "inbox" ? {} : { view }), ...rest };
}

/** The query string for a state (defaults left out), and the item shown in the pane. */
export function toSearch(f: InboxFilters, item?: string | null): string {
  const p = new URLSearchParams();
  if (f.view !== "inbox") p.set("view", f.view);
  for (const [key, value] of [["type", f.type], ["severity", f.severity], ["label", f.label], ["assignee", f.assigneeId], ["source", f.source], ["q", f.q], ["sort", f.sort]] as const) if (value) p.set(key, value);
  if (item) p.set("item", item);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** How many filters narrow the view (search and sort aside): what the Filters button says on a phone. */
export const filterCount = (f: InboxFilters) => [f.type, f.severity, f.label, f.assigneeId, f.source].filter(Boolean).length;
