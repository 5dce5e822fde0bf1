"use client";

import { ArrowRightLeft, ChevronDown } from "lucide-react";
import { useRef } from "react";
import { useDismissableDetails } from "@/components/ui/use-dismissable-details";
import { COLUMN_LABEL, moveTargets, type TBoardColumn } from "@/lib/queries/feedback-board";

export type MoveChoice = TBoardColumn | "out";

/**
 * "Move…" on each card: a disclosure of plain buttons (Tab moves through them, Esc closes), so moving a card never
 * needs a pointer or a drag.
 */
export function MoveMenu({ itemRef, from, onChoose, busy, align = "left" }: { itemRef: string; from: TBoardColumn; onChoose: (to: MoveChoice) => void; busy: boolean; align?: "left" | "right" }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useDismissableDetails(ref, { contain: true });
  const choose = (to: MoveChoice) => {
    if (ref.current) ref.current.open = false;
    ref.current?.querySelector("summary")?.focus();
    onChoose(to);
  };
  const item = "flex w-full items-center justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";
  return (
    <details ref={ref} className="relative">
      <summary
        data-move-for={itemRef}
        aria-label={`Move ${itemRef}`}
        aria-busy={busy || undefined}
        className="inline-flex min-h-8 cursor-pointer list-none items-center gap-1.5 rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium text-zinc-800 hover:bg-zinc-100 dark:border-zinc-600 dark:text-zinc-100 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden"
      >
        <ArrowRightLeft aria-hidden="true" className="size-3.5" />
        {busy ? "Moving…" : "Move to…"}
        <ChevronDown aria-hidden="true" className="size-3.5" />
      </summary>
      <div className={`absolute z-20 mt-1 w-56 ${align === "right" ? "right-0" : "left-0"} overflow-hidden rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900`}>
        <p className="px-3 pb-1 pt-1.5 text-xs font-semibold text-zinc-600 dark:text-zinc-400">Move {itemRef} to</p>
        <ul>
          {moveTargets(from).map((to) => (
            <li key={to}>
              <button type="button" className={item} onClick={() => choose(to)}>
                {COLUMN_LABEL[to]}
                {to === "fixed" && <span className="text-xs text-zinc-600 dark:text-zinc-400">asks for the release</span>}
                {to === "released" && <span className="text-xs text-zinc-600 dark:text-zinc-400">usually automatic</span>}
              </button>
            </li>
          ))}
          <li className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-700">
            <button type="button" className={item} onClick={() => choose("out")}>
              Take out of this sprint
            </button>
          </li>
        </ul>
      </div>
    </details>
  );
}
