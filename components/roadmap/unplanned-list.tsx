"use client";

import { ListPlus, ThumbsUp } from "lucide-react";
import Link from "next/link";
import { SeverityBadge } from "@/components/feedback/badges";
import type { TFeedbackSeverity } from "@/components/feedback/labels";
import { Button } from "@/components/ui/button";
import type { TRoadmap } from "@/lib/queries/runbooks";

export type TUnplanned = TRoadmap["unplanned"][number];

type Props = { items: TUnplanned[]; inboxHref: string; feedbackHref: (id: string) => string; onPlan?: (item: TUnplanned) => void };

/** Accepted feedback that is on no roadmap item yet, most voted first, each with a Plan button for those who may. */
export function UnplannedList({ items, inboxHref, feedbackHref, onPlan }: Props) {
  return (
    <section aria-labelledby="roadmap-unplanned" className="space-y-3">
      <div>
        <h2 id="roadmap-unplanned" tabIndex={-1} className="text-lg font-semibold outline-none">
          Accepted feedback not yet planned
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {onPlan ? "Plan an item to put it on the roadmap with an owner and a target release; it links back to the feedback." : "Members, approvers and admins plan these onto the roadmap."}
        </p>
      </div>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-4 text-sm text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
          All accepted feedback is on the roadmap. Accept new items in the{" "}
          <Link href={inboxHref} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            feedback inbox
          </Link>
          ; they show here, ready to plan.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white px-4 dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {items.map((item) => (
            <li key={item.id} data-unplanned={item.ref} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-x-2 text-sm">
                  <Link href={feedbackHref(item.id)} className="font-mono text-xs font-semibold text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                    {item.ref}
                  </Link>
                  <span className="min-w-0 break-words font-medium">{item.title}</span>
                </p>
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
                  <SeverityBadge value={item.severity as TFeedbackSeverity | null} />
                  <span className="inline-flex items-center gap-1 tabular-nums">
                    <ThumbsUp aria-hidden="true" className="size-3.5" />
                    {item.voteCount} {item.voteCount === 1 ? "vote" : "votes"}
                  </span>
                </p>
              </div>
              {onPlan && (
                <Button variant="secondary" className="shrink-0 self-start sm:self-auto" data-plan-for={item.ref} onClick={() => onPlan(item)} aria-haspopup="dialog">
                  <ListPlus aria-hidden="true" className="size-4" />
                  Plan<span className="sr-only"> {item.ref}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
