import type { TFeedbackDetail, TFeedbackSettings, TFeedbackStats, TFeedbackStatus, TFeedbackSummary, TSprint } from "@/lib/feedback/schemas";
import { api, qs } from "./api";

// The sprint board, insights and intake settings. Types only from lib/feedback/schemas: no zod in the browser.
export type { TFeedbackDetail, TFeedbackSettings, TFeedbackStats, TFeedbackStatus, TFeedbackSummary, TSprint };

/** The board's columns, in order (FEEDBACK_FLOW in lib/feedback/schemas, repeated here as a value the browser may load). */
export const BOARD_COLUMNS = ["accepted", "planned", "in_progress", "fixed", "released"] as const satisfies readonly TFeedbackStatus[];
export type TBoardColumn = (typeof BOARD_COLUMNS)[number];
export const COLUMN_LABEL: Record<TBoardColumn, string> = { accepted: "Accepted", planned: "Planned", in_progress: "In progress", fixed: "Fixed", released: "Released" };
export const isBoardColumn = (s: string): s is TBoardColumn => (BOARD_COLUMNS as readonly string[]).includes(s);
/** Counted as done in a sprint's header. */
export const DONE: readonly TBoardColumn[] = ["fixed", "released"];

export type SprintBody = { name: string; startsAt: string; endsAt: string };
export type SettingsPatch = {
  allowedOrigins?: string[];
  boardPublic?: boolean;
  githubSecret?: string | null;
  discordPublicKey?: string | null;
  discordApplicationId?: string | null;
  rotatePublicKey?: true;
};
export type TriageBody = { action: "status"; status: TBoardColumn; releaseId?: string | null } | { action: "update"; sprintId: string | null };

/** Under ["projects", id, "feedback"], the prefix the inbox's keys share: one invalidation refreshes every feedback view. */
export const boardKeys = {
  all: (projectId: string) => ["projects", projectId, "feedback"] as const,
  sprints: (projectId: string) => ["projects", projectId, "feedback", "sprints"] as const,
  // Not under "list": the inbox keeps paged lists there and walks them by that prefix.
  sprintItems: (projectId: string, sprintId: string) => ["projects", projectId, "feedback", "board", "sprint", sprintId] as const,
  unplanned: (projectId: string) => ["projects", projectId, "feedback", "board", "unplanned"] as const,
  stats: (projectId: string, days: number) => ["projects", projectId, "feedback", "stats", days] as const,
  settings: (projectId: string) => ["projects", projectId, "feedback", "settings"] as const,
};

const p = (projectId: string) => `/projects/${projectId}`;
/** The most the list API gives in one page; a sprint or the pull-in list longer than this is not a post-launch sprint. */
export const BOARD_LIMIT = 200;

/** Every item in a sprint, whatever its status; the board keeps those in its columns. */
export const boardQuery = (sprintId: string) => ({ view: "all", sprintId, limit: BOARD_LIMIT, sort: "severity" }) as const;
/** Accepted items; the ones in no sprint are what can be pulled in. */
export const unplannedQuery = { status: "accepted", limit: BOARD_LIMIT, sort: "severity" } as const;

export const fetchSprintItems = (projectId: string, sprintId: string) => api<TFeedbackSummary[]>(`${p(projectId)}/feedback${qs(stringify(boardQuery(sprintId)))}`).then(onBoard);
export const fetchUnplanned = (projectId: string) => api<TFeedbackSummary[]>(`${p(projectId)}/feedback${qs(stringify(unplannedQuery))}`).then(notInSprint);
export const triageItem = (projectId: string, itemId: string, body: TriageBody) => api<TFeedbackDetail>(`${p(projectId)}/feedback/${itemId}/triage`, { method: "POST", body });

export const fetchSprints = (projectId: string) => api<TSprint[]>(`${p(projectId)}/feedback-sprints`);
export const createSprint = (projectId: string, body: SprintBody) => api<TSprint>(`${p(projectId)}/feedback-sprints`, { method: "POST", body });

export const fetchStats = (projectId: string, days: number) => api<TFeedbackStats>(`${p(projectId)}/feedback-stats${qs({ days: String(days) })}`);

export const fetchSettings = (projectId: string) => api<TFeedbackSettings>(`${p(projectId)}/feedback-settings`);
export const updateSettings = (projectId: string, body: SettingsPatch) => api<TFeedbackSettings>(`${p(projectId)}/feedback-settings`, { method: "PATCH", body });

function stringify(q: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)]));
}

// Pure helpers: the page's server render and the browser use the same ones ------------------------------------------

/** Items on the board: those in one of its columns (a declined or duplicate item left in a sprint is off it). */
export const onBoard = (items: TFeedbackSummary[]) => items.filter((i) => isBoardColumn(i.status));
export const notInSprint = (items: TFeedbackSummary[]) => items.filter((i) => i.status === "accepted" && !i.sprintId);

export function groupByColumn(items: TFeedbackSummary[]): Record<TBoardColumn, TFeedbackSummary[]> {
  const out = Object.fromEntries(BOARD_COLUMNS.map((c) => [c, [] as TFeedbackSummary[]])) as Record<TBoardColumn, TFeedbackSummary[]>;
  for (const item of items) if (isBoardColumn(item.status)) out[item.status].push(item);
  return out;
}

/**
 * The sprint to open with: the one running now (the latest-starting if they overlap), else the next to start,
 * else the one that ended last. Null when there is none.
 */
export function currentSprint<T extends Pick<TSprint, "startsAt" | "endsAt">>(sprints: T[], now = Date.now()): T | null {
  const t = (iso: string) => Date.parse(iso);
  const running = sprints.filter((s) => t(s.startsAt) <= now && now < t(s.endsAt)).sort((a, b) => t(b.startsAt) - t(a.startsAt));
  if (running.length) return running[0];
  const next = sprints.filter((s) => t(s.startsAt) > now).sort((a, b) => t(a.startsAt) - t(b.startsAt));
  if (next.length) return next[0];
  const past = [...sprints].sort((a, b) => t(b.endsAt) - t(a.endsAt));
  return past[0] ?? null;
}

const DAY = 86_400_000;
/** "5 days left", "ends today", "starts in 3 days", "ended 2 days ago": whole calendar days, counted as the end date reads. */
export function sprintTiming(s: Pick<TSprint, "startsAt" | "endsAt">, now = Date.now()): { phase: "upcoming" | "running" | "ended"; text: string } {
  const start = Date.parse(s.startsAt);
  const end = Date.parse(s.endsAt);
  const days = (ms: number) => {
    const n = Math.ceil(ms / DAY);
    return `${n} ${n === 1 ? "day" : "days"}`;
  };
  if (now < start) return { phase: "upcoming", text: `Starts in ${days(start - now)}` };
  if (now >= end) {
    const ago = Math.floor((now - end) / DAY);
    return { phase: "ended", text: ago === 0 ? "Ended today" : `Ended ${ago} ${ago === 1 ? "day" : "days"} ago` };
  }
  const left = end - now;
  return { phase: "running", text: left < DAY ? "Ends today" : `${days(left)} left` };
}

/** Where a card in `from` may go: every other column, in the board's order. */
export const moveTargets = (from: TBoardColumn): TBoardColumn[] => BOARD_COLUMNS.filter((c) => c !== from);

/**
 * A date picked in a form (yyyy-mm-dd, the browser's own day) as an instant: the start of that day for a start,
 * the last millisecond of it for an end, so a sprint "1 to 14 June" includes all of 14 June.
 */
export function dayToInstant(day: string, edge: "start" | "end"): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
  if (Number.isNaN(d.getTime())) return null;
  if (edge === "end") d.setHours(23, 59, 59, 999);
  return d.toISOString();
}

/** yyyy-mm-dd of a Date in the browser's zone (for <input type="date"> values). */
export const toDayInput = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
