import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type {
  TDuplicateSuggestion, TFeedbackDetail, TFeedbackListQuery, TFeedbackSeverity, TFeedbackSource, TFeedbackStats, TFeedbackStatus, TFeedbackSummary, TFeedbackTriage, TFeedbackType,
} from "@/lib/feedback/schemas";
import { api, qs } from "./api";

// Types only from lib/feedback/schemas: the browser never loads zod for the feedback pages.
export type { TDuplicateSuggestion, TFeedbackDetail, TFeedbackSeverity, TFeedbackSource, TFeedbackStats, TFeedbackStatus, TFeedbackSummary, TFeedbackTriage, TFeedbackType };
export type TFeedbackView = NonNullable<TFeedbackListQuery["view"]>;
/** What a list shows: the API's query without paging (the key of one list in the cache). */
export type FeedbackQuery = Omit<Partial<TFeedbackListQuery>, "limit" | "before">;
export type TFeedbackComment = TFeedbackDetail["comments"][number];
type Pages = InfiniteData<TFeedbackSummary[], string | undefined>;

export const FEEDBACK_PAGE_SIZE = 50;

/** Every key starts with ["projects", projectId, "feedback"]: one "feedback.updated" event refreshes them all (events.ts). */
export const feedbackKeys = {
  all: (projectId: string) => ["projects", projectId, "feedback"] as const,
  lists: (projectId: string) => ["projects", projectId, "feedback", "list"] as const,
  list: (projectId: string, query: FeedbackQuery) => ["projects", projectId, "feedback", "list", normalizeQuery(query)] as const,
  items: (projectId: string) => ["projects", projectId, "feedback", "item"] as const,
  item: (projectId: string, itemId: string) => ["projects", projectId, "feedback", "item", itemId] as const,
  stats: (projectId: string, days: number) => ["projects", projectId, "feedback", "stats", days] as const,
};

/** Drops empty filters so `{ view: "inbox", q: "" }` and `{}` are one list (inbox is the API's default view). */
export function normalizeQuery(query: FeedbackQuery): FeedbackQuery {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === "string" && v.trim() !== "") out[k] = k === "q" ? v.trim() : v;
  if (out.view === "inbox") delete out.view;
  return out as FeedbackQuery;
}

const p = (projectId: string) => `/projects/${projectId}`;
const f = (projectId: string, itemId: string) => `${p(projectId)}/feedback/${encodeURIComponent(itemId)}`;

export const fetchFeedbackList = (projectId: string, query: FeedbackQuery & { before?: string; limit?: number }) =>
  api<TFeedbackSummary[]>(`${p(projectId)}/feedback${qs({ ...normalizeQuery(query), before: query.before, limit: String(query.limit ?? FEEDBACK_PAGE_SIZE) })}`);
export const fetchFeedbackItem = (projectId: string, itemId: string) => api<TFeedbackDetail>(f(projectId, itemId));
export const triageFeedback = (projectId: string, itemId: string, change: TFeedbackTriage) => api<TFeedbackDetail>(`${f(projectId, itemId)}/triage`, { method: "POST", body: change });
export const bulkTriageFeedback = (projectId: string, ids: string[], change: TFeedbackTriage) => api<{ updated: number }>(`${p(projectId)}/feedback/bulk`, { method: "POST", body: { ids, change } });
export const voteFeedback = (projectId: string, itemId: string, vote: boolean) => api<{ voteCount: number; votedByMe: boolean }>(`${f(projectId, itemId)}/vote`, { method: vote ? "POST" : "DELETE" });
export const commentFeedback = (projectId: string, itemId: string, body: string) => api<TFeedbackComment>(`${f(projectId, itemId)}/comments`, { method: "POST", body: { body } });
export const fetchFeedbackStats = (projectId: string, days = 30) => api<TFeedbackStats>(`${p(projectId)}/feedback-stats${qs({ days: String(days) })}`);

const FLOW_OR_NEW: readonly TFeedbackStatus[] = ["new", "accepted", "planned", "in_progress", "fixed"];

/**
 * Whether an item still belongs in a list after a change, judged in the browser so it leaves the inbox the moment it
 * is triaged (the refetch that follows has the last word). Full-text search is the server's to judge: kept.
 */
export function belongsTo(item: TFeedbackSummary, query: FeedbackQuery, now = Date.now()): boolean {
  const q = normalizeQuery(query);
  const snoozed = item.snoozedUntil !== null && Date.parse(item.snoozedUntil) > now;
  // As the server reads it: a status filter overrides the view.
  const view = q.status ? "all" : (q.view ?? "inbox");
  if (view === "inbox" && (item.status !== "new" || snoozed)) return false;
  if (view === "open" && !FLOW_OR_NEW.includes(item.status)) return false;
  if (view === "snoozed" && (item.status !== "new" || !snoozed)) return false;
  if (q.status && item.status !== q.status) return false;
  if (q.type && item.type !== q.type) return false;
  if (q.severity && item.severity !== q.severity) return false;
  if (q.label && !item.labels.includes(q.label)) return false;
  if (q.assigneeId && item.assignee?.id !== q.assigneeId) return false;
  if (q.source && item.source !== q.source) return false;
  if (q.sprintId && item.sprintId !== q.sprintId) return false;
  return true;
}

const SUMMARY_KEYS = [
  "id", "number", "ref", "type", "title", "excerpt", "status", "severity", "labels", "assignee", "source", "voteCount", "commentCount", "reporterCount", "spamReasons", "snoozedUntil",
  "duplicateOf", "fixedIn", "sprintId", "externalUrl", "createdAt", "updatedAt",
] as const satisfies readonly (keyof TFeedbackSummary)[];

/** The summary fields of a detail (what a list row shows). */
export function toSummary(d: TFeedbackDetail): TFeedbackSummary {
  return Object.fromEntries(SUMMARY_KEYS.map((k) => [k, d[k]])) as TFeedbackSummary;
}

/** Writes changed items into every list held in the cache, dropping those that no longer belong to that list. */
export function patchLists(queryClient: QueryClient, projectId: string, changed: TFeedbackSummary[], now = Date.now()) {
  const byId = new Map(changed.map((c) => [c.id, c]));
  for (const [key, data] of queryClient.getQueriesData<Pages>({ queryKey: feedbackKeys.lists(projectId) })) {
    if (!data?.pages) continue;
    const query = (key[4] ?? {}) as FeedbackQuery;
    let touched = false;
    const pages = data.pages.map((page) =>
      page.flatMap((row) => {
        const next = byId.get(row.id);
        if (!next) return [row];
        touched = true;
        return belongsTo(next, query, now) ? [{ ...row, ...next }] : [];
      }),
    );
    if (touched) queryClient.setQueryData<Pages>(key, { ...data, pages });
  }
}

/**
 * The item as a change will leave it, shown before the server answers so triage by keyboard keeps pace (the answer,
 * or a rollback on refusal, follows). Null where the browser cannot tell.
 */
export function predict(item: TFeedbackSummary, change: TFeedbackTriage): TFeedbackSummary | null {
  switch (change.action) {
    case "accept":
      return { ...item, status: "accepted", snoozedUntil: null };
    case "decline":
      return { ...item, status: "declined", snoozedUntil: null };
    case "duplicate":
      return { ...item, status: "duplicate", snoozedUntil: null };
    case "spam":
      return { ...item, status: "spam", snoozedUntil: null };
    case "not_spam":
    case "reopen":
      return { ...item, status: "new" };
    case "snooze":
      return change.until ? { ...item, snoozedUntil: change.until } : null;
    case "unsnooze":
      return { ...item, snoozedUntil: null };
    case "status":
      return change.status ? { ...item, status: change.status } : null;
    case "update": {
      const next = { ...item };
      if (change.severity !== undefined) next.severity = change.severity;
      if (change.labels !== undefined) next.labels = [...new Set(change.labels)];
      if (change.assigneeId === null) next.assignee = null;
      if (change.type !== undefined) next.type = change.type;
      if (change.title !== undefined) next.title = change.title;
      return next;
    }
  }
}

/** The summary of an item from any list or detail the cache holds. */
function heldSummary(queryClient: QueryClient, projectId: string, itemId: string): TFeedbackSummary | null {
  const detail = queryClient.getQueryData<TFeedbackDetail>(feedbackKeys.item(projectId, itemId));
  if (detail) return toSummary(detail);
  for (const [, data] of queryClient.getQueriesData<Pages>({ queryKey: feedbackKeys.lists(projectId) })) {
    const row = data?.pages?.flat().find((r) => r.id === itemId);
    if (row) return row;
  }
  return null;
}

/** Shows changes at once; returns what the cache held, for a rollback if the server refuses. */
async function optimistic(queryClient: QueryClient, projectId: string, ids: string[], change: TFeedbackTriage) {
  await queryClient.cancelQueries({ queryKey: feedbackKeys.lists(projectId) });
  const snapshot = queryClient.getQueriesData({ queryKey: feedbackKeys.all(projectId) });
  const next = ids.map((id) => heldSummary(queryClient, projectId, id)).flatMap((held) => (held ? [predict(held, change)] : [])).filter((n): n is TFeedbackSummary => n !== null);
  patchLists(queryClient, projectId, next);
  for (const n of next) queryClient.setQueryData<TFeedbackDetail>(feedbackKeys.item(projectId, n.id), (d) => (d ? { ...d, ...n } : d));
  return snapshot;
}

function rollback(queryClient: QueryClient, snapshot: [readonly unknown[], unknown][] | undefined) {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
}

/** After any change: the server recounts lists and figures (search, sort, stats are its to say). */
export function refreshFeedback(queryClient: QueryClient, projectId: string) {
  void queryClient.invalidateQueries({ queryKey: feedbackKeys.lists(projectId) });
  void queryClient.invalidateQueries({ queryKey: ["projects", projectId, "feedback", "stats"] });
}

/**
 * Items that arrived since the list was last seen: newer than anything seen before and not seen before. An item that
 * comes back (unsnoozed, reopened) is not news.
 */
export function newArrivals(seen: ReadonlySet<string>, newestSeen: string | null, rows: TFeedbackSummary[]): TFeedbackSummary[] {
  if (newestSeen === null) return [];
  return rows.filter((r) => !seen.has(r.id) && r.createdAt > newestSeen);
}

// Hooks ----------------------------------------------------------------------------------------------------------

export function useFeedbackList(projectId: string, query: FeedbackQuery, initial?: { query: FeedbackQuery; rows: TFeedbackSummary[] }) {
  const key = feedbackKeys.list(projectId, query);
  const same = initial && JSON.stringify(normalizeQuery(initial.query)) === JSON.stringify(key[4]);
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchFeedbackList(projectId, { ...query, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length >= FEEDBACK_PAGE_SIZE ? last[last.length - 1]?.id : undefined),
    initialData: same ? { pages: [initial.rows], pageParams: [undefined] } : undefined,
    placeholderData: keepPreviousData,
  });
}

export function useFeedbackItem(projectId: string, itemId: string | null, initial?: TFeedbackDetail) {
  return useQuery({
    queryKey: feedbackKeys.item(projectId, itemId ?? ""),
    queryFn: () => fetchFeedbackItem(projectId, itemId!),
    enabled: Boolean(itemId),
    initialData: initial && itemId && (initial.id === itemId || initial.ref === itemId) ? initial : undefined,
  });
}

export function useFeedbackStats(projectId: string, days = 30, initial?: TFeedbackStats) {
  return useQuery({ queryKey: feedbackKeys.stats(projectId, days), queryFn: () => fetchFeedbackStats(projectId, days), initialData: initial?.days === days ? initial : undefined });
}

/** Holds a detail under both its id and its ref, so the item page (opened as FB-12) and the inbox pane share it. */
function holdDetail(queryClient: QueryClient, projectId: string, d: TFeedbackDetail) {
  queryClient.setQueryData(feedbackKeys.item(projectId, d.id), d);
  if (queryClient.getQueryData(feedbackKeys.item(projectId, d.ref))) queryClient.setQueryData(feedbackKeys.item(projectId, d.ref), d);
}

/** One triage change to one item; the answer (the item as it is now) goes straight into the cache. */
export function useTriage(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, change }: { itemId: string; change: TFeedbackTriage }) => triageFeedback(projectId, itemId, change),
    onMutate: ({ itemId, change }) => optimistic(queryClient, projectId, [itemId], change),
    onError: (_error, _vars, snapshot) => rollback(queryClient, snapshot),
    onSuccess: (detail, { change }) => {
      holdDetail(queryClient, projectId, detail);
      patchLists(queryClient, projectId, [toSummary(detail)]);
      // A duplicate moves votes, reporters and comments to its original: that one changed too.
      if (change.action === "duplicate") void queryClient.invalidateQueries({ queryKey: feedbackKeys.items(projectId) });
      refreshFeedback(queryClient, projectId);
    },
  });
}

/** One change to many items, all or nothing. */
export function useBulkTriage(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, change }: { ids: string[]; change: TFeedbackTriage }) => bulkTriageFeedback(projectId, ids, change),
    onMutate: ({ ids, change }) => optimistic(queryClient, projectId, ids, change),
    onError: (_error, _vars, snapshot) => rollback(queryClient, snapshot),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: feedbackKeys.items(projectId) });
      refreshFeedback(queryClient, projectId);
    },
  });
}

export function useVote(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ item, vote }: { item: Pick<TFeedbackDetail, "id" | "ref">; vote: boolean }) => voteFeedback(projectId, item.id, vote),
    onSuccess: (r, { item }) => {
      for (const key of [feedbackKeys.item(projectId, item.id), feedbackKeys.item(projectId, item.ref)])
        queryClient.setQueryData<TFeedbackDetail>(key, (d) => (d ? { ...d, voteCount: r.voteCount, votedByMe: r.votedByMe } : d));
      queryClient.setQueriesData<Pages>({ queryKey: feedbackKeys.lists(projectId) }, (data) =>
        data?.pages ? { ...data, pages: data.pages.map((page) => page.map((row) => (row.id === item.id ? { ...row, voteCount: r.voteCount } : row))) } : data,
      );
    },
  });
}

export function useComment(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ item, body }: { item: Pick<TFeedbackDetail, "id" | "ref">; body: string }) => commentFeedback(projectId, item.id, body),
    onSuccess: (comment, { item }) => {
      for (const key of [feedbackKeys.item(projectId, item.id), feedbackKeys.item(projectId, item.ref)])
        queryClient.setQueryData<TFeedbackDetail>(key, (d) =>
          d && !d.comments.some((c) => c.id === comment.id) ? { ...d, comments: [...d.comments, comment], commentCount: d.commentCount + 1 } : d,
        );
    },
  });
}
