"use client";

import { ArrowDownToLine, ThumbsUp } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import type { TFeedbackSummary } from "@/lib/queries/feedback-board";
import { SeverityBadge, TypeBadge } from "../badges";

type Props = {
  items: TFeedbackSummary[];
  sprintName: string;
  inboxHref: string;
  itemHref: (item: TFeedbackSummary) => string;
  onPull?: (item: TFeedbackSummary) => void;
  pending: Record<string, boolean>;
  errors: Record<string, unknown>;
};
const FIRST = 5;

/** Accepted items in no sprint, most severe first, each with one button that pulls it into the sprint shown. */
export function PullIn({ items, sprintName, inboxHref, itemHref, onPull, pending, errors }: Props) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <section aria-labelledby="pull-in-heading" className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="pull-in-heading" tabIndex={-1} className="text-base font-semibold outline-none">
          Pull into sprint
        </h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          <span className="tabular-nums">{items.length}</span> accepted {items.length === 1 ? "item waits" : "items wait"} outside a sprint
        </p>
      </div>
      <div className="mt-2">
        {items.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            No accepted item waits outside a sprint. Accept new items in the{" "}
            <Link href={inboxHref} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
              inbox
            </Link>{" "}
            first; they show here, ready to pull in.
          </p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {shown.map((item) => (
              <li key={item.id} className="flex flex-col gap-2 py-2.5 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                <div className="min-w-0 space-y-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-mono text-xs font-semibold text-zinc-700 dark:text-zinc-300">{item.ref}</span>
                    <Link href={itemHref(item)} className="min-w-0 font-medium break-words hover:underline">
                      {item.title}
                    </Link>
                  </p>
                  <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-700 dark:text-zinc-300">
                    <TypeBadge value={item.type} />
                    <SeverityBadge value={item.severity} />
                    <span className="inline-flex items-center gap-1 tabular-nums">
                      <ThumbsUp aria-hidden="true" className="size-3.5" />
                      {item.voteCount}
                      <span className="sr-only">{item.voteCount === 1 ? " vote" : " votes"}</span>
                    </span>
                  </p>
                  {errors[item.id] !== undefined && errors[item.id] !== null && <ErrorText error={errors[item.id]} fallback={`${item.ref} was not pulled in. Try again.`} className="text-xs" />}
                </div>
                {onPull && (
                  <Button variant="secondary" className="shrink-0 self-start sm:self-auto" data-pull-for={item.ref} busy={Boolean(pending[item.id])} onClick={() => onPull(item)} aria-label={`Pull ${item.ref} into ${sprintName}`}>
                    <ArrowDownToLine aria-hidden="true" className="size-4" />
                    Pull in
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {items.length > FIRST && (
          <Button variant="ghost" className="mt-1" aria-expanded={all} onClick={() => setAll(!all)}>
            {all ? "Show fewer" : `Show all ${items.length}`}
          </Button>
        )}
      </div>
    </section>
  );
}
