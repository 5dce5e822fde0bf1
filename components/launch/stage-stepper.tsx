import { Check, CircleDot } from "lucide-react";
import type { TLaunchStage } from "@/lib/queries/launch";
import { STAGE_LABEL, STAGE_ORDER } from "./labels";

/** The four stages in order; the current one is named in words and marked with its own icon, not colour alone. */
export function StageStepper({ stage }: { stage: TLaunchStage }) {
  const at = STAGE_ORDER.indexOf(stage);
  return (
    <ol aria-label="Launch stages" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {STAGE_ORDER.map((s, i) => {
        const state = i < at ? "done" : i === at ? "current" : "next";
        return (
          <li
            key={s}
            aria-current={state === "current" ? "step" : undefined}
            data-stage={s}
            className={`flex items-center gap-2 rounded-md border px-3 py-2 text-sm ${
              state === "current"
                ? "border-indigo-600 bg-indigo-50 font-semibold text-indigo-950 dark:border-indigo-400 dark:bg-indigo-950 dark:text-indigo-50"
                : state === "done"
                  ? "border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300"
                  : "border-dashed border-zinc-300 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
            }`}
          >
            <span aria-hidden="true" className="flex size-6 shrink-0 items-center justify-center rounded-full border border-current text-xs tabular-nums">
              {state === "done" ? <Check className="size-3.5" /> : state === "current" ? <CircleDot className="size-3.5" /> : i + 1}
            </span>
            <span className="min-w-0">
              {STAGE_LABEL[s]}
              <span className="block text-xs font-normal">{state === "current" ? "Now" : state === "done" ? "Passed" : "Ahead"}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
