"use client";

import { ThumbsUp, UserRound } from "lucide-react";
import Link from "next/link";
import { useState, type DragEvent } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { BOARD_COLUMNS, COLUMN_LABEL, groupByColumn, type TBoardColumn, type TFeedbackSummary } from "@/lib/queries/feedback-board";
import { SeverityBadge, TypeBadge } from "../badges";
import { MoveMenu, type MoveChoice } from "./move-menu";

const NOTE: Record<TBoardColumn, string> = {
  accepted: "Taken on, not yet planned.",
  planned: "Someone will work on these this sprint.",
  in_progress: "Being worked on now.",
  fixed: "Fixed in a release that has not reached production yet.",
  released: "Set by T-Minus when the release that fixed an item reaches production.",
};
const EMPTY: Record<TBoardColumn, string> = {
  accepted: "Nothing waiting to be planned.",
  planned: "Nothing planned yet.",
  in_progress: "Nobody is working on an item.",
  fixed: "Nothing fixed yet.",
  released: "Nothing released yet.",
};
const DRAG_TYPE = "application/x-tminus-feedback";

type Props = {
  items: TFeedbackSummary[];
  itemHref: (item: TFeedbackSummary) => string;
  /** Absent for those who may only look (viewers). */
  onMove?: (item: TFeedbackSummary, to: MoveChoice) => void;
  pending: Record<string, boolean>;
  errors: Record<string, unknown>;
};

/** The sprint's columns in flow order; stacked on phones, side by side from wide screens. */
export function BoardColumns({ items, itemHref, onMove, pending, errors }: Props) {
  const byColumn = groupByColumn(items);
  const byId = new Map(items.map((i) => [i.id, i]));
  const [over, setOver] = useState<TBoardColumn | null>(null);
  // Dragging is a pointer shortcut for the Move menu, which stays the way for keyboards and screen readers.
  const dropProps = (column: TBoardColumn) =>
    onMove
      ? {
          onDragOver: (e: DragEvent) => {
            if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = "move";
            setOver(column);
          },
          onDragLeave: (e: DragEvent) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
          },
          onDrop: (e: DragEvent) => {
            e.preventDefault();
            setOver(null);
            const item = byId.get(e.dataTransfer.getData(DRAG_TYPE));
            if (item && item.status !== column) onMove(item, column);
          },
        }
      : {};
  return (
    <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
      {BOARD_COLUMNS.map((column) => {
        const cards = byColumn[column];
        const headingId = `column-${column}`;
        return (
          <section
            key={column}
            aria-labelledby={headingId}
            data-column={column}
            {...dropProps(column)}
            className={`flex min-w-0 flex-col rounded-lg border bg-zinc-50 p-3 dark:bg-zinc-950 ${over === column ? "border-indigo-500 ring-2 ring-indigo-500/40" : "border-zinc-200 dark:border-zinc-800"}`}
          >
            <h3 id={headingId} className="flex items-center justify-between gap-2 text-sm font-semibold">
              {COLUMN_LABEL[column]}
              <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs tabular-nums text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                {cards.length}
                <span className="sr-only"> {cards.length === 1 ? "item" : "items"}</span>
              </span>
            </h3>
            <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{NOTE[column]}</p>
            {cards.length === 0 ? (
              <p className="mt-3 flex-1 rounded-md border border-dashed border-zinc-300 px-3 py-4 text-center text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">{EMPTY[column]}</p>
            ) : (
              <ul className="mt-3 space-y-2">
                {cards.map((item) => (
                  <Card key={item.id} item={item} column={column} href={itemHref(item)} onMove={onMove} busy={Boolean(pending[item.id])} error={errors[item.id]} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

function Card({ item, column, href, onMove, busy, error }: { item: TFeedbackSummary; column: TBoardColumn; href: string; onMove?: Props["onMove"]; busy: boolean; error: unknown }) {
  const titleId = `card-title-${item.id}`;
  return (
    <li
      draggable={Boolean(onMove) && !busy}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, item.id);
        e.dataTransfer.effectAllowed = "move";
      }}
      className={`rounded-md border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${onMove ? "cursor-grab active:cursor-grabbing" : ""} ${busy ? "opacity-70" : ""}`}
    >
      <article aria-labelledby={titleId} className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span className="font-mono text-xs font-semibold text-zinc-700 dark:text-zinc-300">{item.ref}</span>
          <TypeBadge value={item.type} />
        </div>
        <h4 id={titleId} className="text-sm font-medium break-words">
          {/* Not draggable itself: a drag that starts on the title moves the card, not the link. */}
          <Link href={href} draggable={false} className="hover:underline focus-visible:underline">
            {item.title}
          </Link>
        </h4>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs text-zinc-700 dark:text-zinc-300">
          <SeverityBadge value={item.severity} />
          <span className="inline-flex items-center gap-1 tabular-nums">
            <ThumbsUp aria-hidden="true" className="size-3.5" />
            {item.voteCount}
            <span className="sr-only">{item.voteCount === 1 ? " vote" : " votes"}</span>
          </span>
          <span className="inline-flex min-w-0 items-center gap-1">
            <UserRound aria-hidden="true" className="size-3.5 shrink-0" />
            <span className="truncate">{item.assignee ? item.assignee.name : <span className="italic">Unassigned</span>}</span>
          </span>
        </div>
        {item.fixedIn && (
          <p className="text-xs text-zinc-700 dark:text-zinc-300">
            Fixed in <span className="font-mono">{item.fixedIn.version}</span>
          </p>
        )}
        {/* The right-hand columns open their menu leftwards, so it never runs off the page. */}
        {onMove && <MoveMenu itemRef={item.ref} from={column} busy={busy} align={column === "fixed" || column === "released" ? "right" : "left"} onChoose={(to) => onMove(item, to)} />}
        {error !== undefined && error !== null && <ErrorText error={error} fallback={`${item.ref} was not moved. Try again.`} className="text-xs" />}
      </article>
    </li>
  );
}
