"use client";

import { Circle, CircleCheck, CircleDot, CircleSlash, MessageSquareText, Milestone, Pencil, Trash2, UserRound, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { controlClass } from "@/components/ui/field";
import { Chip } from "@/components/feedback/badges";
import type { Tone } from "@/components/ui/status-pill";
import type { TRoadmapItem } from "@/lib/queries/runbooks";
import { STATUSES, STATUS_LABEL, isClosed, type TRoadmapStatus } from "./labels";

// Status reads by shape and words as well as colour: an empty ring, a dot, a tick, a slash.
const STATUS: Record<TRoadmapStatus, { tone: Tone; icon: LucideIcon }> = {
  open: { tone: "neutral", icon: Circle },
  in_progress: { tone: "info", icon: CircleDot },
  done: { tone: "success", icon: CircleCheck },
  dropped: { tone: "neutral", icon: CircleSlash },
};

export function RoadmapStatus({ value }: { value: TRoadmapStatus }) {
  return <Chip kind="roadmap-status" value={value} tone={STATUS[value].tone} icon={STATUS[value].icon} label={STATUS_LABEL[value]} />;
}

type Props = {
  item: TRoadmapItem;
  feedbackHref: (feedbackId: string) => string;
  busy: boolean;
  error: unknown;
  /** Absent for viewers: the item is read-only. */
  actions?: { onStatus: (status: TRoadmapStatus) => void; onEdit: () => void; onDelete: () => void };
};

const meta = "inline-flex min-w-0 items-center gap-1";
/** One roadmap item: title and status, who and when, the feedback it came from, its notes; done and dropped ones muted. */
export function RoadmapItemCard({ item, feedbackHref, busy, error, actions }: Props) {
  const closed = isClosed(item.status);
  const titleId = `roadmap-item-${item.id}`;
  return (
    <li
      data-roadmap-item={item.id}
      data-status={item.status}
      className={`rounded-lg border p-4 ${closed ? "border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300" : "border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"}`}
    >
      <article aria-labelledby={titleId} className="space-y-2">
        <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
          <h3 id={titleId} tabIndex={-1} className={`min-w-0 break-words text-base outline-none ${closed ? "font-medium" : "font-semibold"}`}>
            {item.title}
          </h3>
          <RoadmapStatus value={item.status} />
        </div>
        <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
          <span className={meta}>
            <UserRound aria-hidden="true" className="size-4 shrink-0" />
            {item.owner ? <span className="truncate">{item.owner.name}</span> : <span className="italic">No owner</span>}
          </span>
          <span className={meta}>
            <Milestone aria-hidden="true" className="size-4 shrink-0" />
            {item.targetRelease ? (
              <span>
                <span className="sr-only">Target release </span>
                <span className="font-mono">{item.targetRelease}</span>
              </span>
            ) : (
              <span className="italic">No target release</span>
            )}
          </span>
          {item.feedback && (
            <span className={meta}>
              <MessageSquareText aria-hidden="true" className="size-4 shrink-0" />
              <Link href={feedbackHref(item.feedback.id)} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                <span className="font-mono">{item.feedback.ref}</span> · <span className="tabular-nums">{item.feedback.voteCount}</span> {item.feedback.voteCount === 1 ? "vote" : "votes"}
              </Link>
            </span>
          )}
        </p>
        {item.notesHtml && (
          // Rendered on the server by lib/markdown/render.ts with raw HTML off and only safe link schemes; styled by the
          // shared .md rules in app/globals.css.
          <div className="md max-w-prose break-words" dangerouslySetInnerHTML={{ __html: item.notesHtml }} />
        )}
        {actions && (
          <div className="flex flex-wrap items-end gap-2 pt-1">
            <div className="space-y-1">
              <label htmlFor={`${titleId}-status`} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
                Status<span className="sr-only"> of {item.title}</span>
              </label>
              <select
                id={`${titleId}-status`}
                data-status-for={item.id}
                value={item.status}
                aria-busy={busy || undefined}
                onChange={(e) => !busy && actions.onStatus(e.target.value as TRoadmapStatus)}
                className={`${controlClass} w-auto py-1.5`}
              >
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </div>
            <Button variant="secondary" className="py-1.5" onClick={actions.onEdit} aria-haspopup="dialog">
              <Pencil aria-hidden="true" className="size-4" />
              Edit<span className="sr-only"> {item.title}</span>
            </Button>
            <Button variant="ghost" className="py-1.5" onClick={actions.onDelete} aria-haspopup="dialog">
              <Trash2 aria-hidden="true" className="size-4" />
              Delete<span className="sr-only"> {item.title}</span>
            </Button>
          </div>
        )}
        {error !== undefined && error !== null && <ErrorText error={error} fallback="The change was not saved. Try again." />}
      </article>
    </li>
  );
}
