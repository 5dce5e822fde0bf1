"use client";

import { AlarmClock, MessageSquare, Sparkles, ThumbsUp, UserRound, Users } from "lucide-react";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/time";
import type { TFeedbackSummary } from "@/lib/queries/feedback";
import { SeverityBadge, TypeBadge } from "../badges";
import { LabelChips, StatusBadge } from "../status-badges";
import { isSnoozed } from "../item/status-rules";
import { SOURCE_LABEL } from "../labels";

type Props = {
  rows: TFeedbackSummary[];
  activeId: string | null;
  selected: ReadonlySet<string>;
  arrived: ReadonlySet<string>;
  canTriage: boolean;
  showStatus: boolean;
  itemHref: (ref: string) => string;
  onActivate: (id: string) => void;
  onToggle: (id: string) => void;
  label: string;
};

/** Rows in a wide screen select the item into the pane beside the list; on a phone they open its page. */
const WIDE = "(min-width: 1024px)";

/** The inbox list: one row per item, the active one marked by a bar and aria-current, never by colour alone. */
export function FeedbackRows({ rows, activeId, selected, arrived, canTriage, showStatus, itemHref, onActivate, onToggle, label }: Props) {
  return (
    <ul aria-label={label} className="divide-y divide-zinc-200 overflow-hidden rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="feedback-list">
      {rows.map((r) => {
        const active = r.id === activeId;
        return (
          <li
            key={r.id}
            data-feedback-row={r.id}
            data-testid="feedback-row"
            className={`relative flex gap-3 border-l-4 px-3 py-3 sm:px-4 ${active ? "lg:border-l-indigo-600 lg:bg-indigo-50/70 dark:lg:border-l-indigo-400 dark:lg:bg-indigo-950/40" : ""} border-l-transparent ${selected.has(r.id) ? "bg-zinc-50 dark:bg-zinc-800/50" : ""}`}
          >
            {canTriage && (
              <input
                type="checkbox"
                checked={selected.has(r.id)}
                onChange={() => onToggle(r.id)}
                aria-label={`Select ${r.ref} for changes to many`}
                aria-keyshortcuts="x"
                className="relative z-10 mt-1 size-4 shrink-0 accent-indigo-600"
              />
            )}
            <div className="min-w-0 flex-1 space-y-1">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-mono text-xs font-semibold text-zinc-700 dark:text-zinc-300">{r.ref}</span>
                <TypeBadge value={r.type} />
                {showStatus && <StatusBadge value={r.status} />}
                {arrived.has(r.id) && (
                  <span className="inline-flex items-center gap-1 text-xs font-semibold text-indigo-800 dark:text-indigo-200">
                    <Sparkles aria-hidden="true" className="size-3.5" />
                    Just in
                  </span>
                )}
              </p>
              <Link
                href={itemHref(r.ref)}
                data-feedback-row-link={r.id}
                aria-current={active ? "true" : undefined}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || !window.matchMedia(WIDE).matches) return;
                  e.preventDefault();
                  onActivate(r.id);
                }}
                onFocus={() => window.matchMedia(WIDE).matches && onActivate(r.id)}
                className="block break-words font-medium text-zinc-900 underline-offset-2 outline-none after:absolute after:inset-0 after:content-[''] hover:underline focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-indigo-600 dark:text-zinc-50"
              >
                {r.title}
              </Link>
              {r.excerpt && <p className="line-clamp-2 break-words text-sm text-zinc-700 dark:text-zinc-300">{r.excerpt}</p>}
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
                {r.severity && <SeverityBadge value={r.severity} />}
                <LabelChips labels={r.labels} />
                <span className="inline-flex items-center gap-1 tabular-nums" title="Votes">
                  <ThumbsUp aria-hidden="true" className="size-3.5" />
                  {r.voteCount}
                  <span className="sr-only"> {r.voteCount === 1 ? "vote" : "votes"}</span>
                </span>
                <span className="inline-flex items-center gap-1 tabular-nums" title="Reporters">
                  <Users aria-hidden="true" className="size-3.5" />
                  {r.reporterCount}
                  <span className="sr-only"> {r.reporterCount === 1 ? "reporter" : "reporters"}</span>
                </span>
                {r.commentCount > 0 && (
                  <span className="inline-flex items-center gap-1 tabular-nums" title="Comments">
                    <MessageSquare aria-hidden="true" className="size-3.5" />
                    {r.commentCount}
                    <span className="sr-only"> {r.commentCount === 1 ? "comment" : "comments"}</span>
                  </span>
                )}
                {r.assignee && (
                  <span className="inline-flex items-center gap-1">
                    <UserRound aria-hidden="true" className="size-3.5" />
                    <span className="sr-only">Assigned to </span>
                    {r.assignee.name}
                  </span>
                )}
                <span>
                  <span className="sr-only">From </span>
                  {SOURCE_LABEL[r.source]}
                </span>
                <RelativeTime iso={r.createdAt} />
                {r.snoozedUntil && r.status === "new" && isSnoozed(r) && (
                  <span className="inline-flex items-center gap-1">
                    <AlarmClock aria-hidden="true" className="size-3.5" />
                    Snoozed, back <RelativeTime iso={r.snoozedUntil} />
                  </span>
                )}
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
