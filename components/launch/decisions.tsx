import { ArrowRight, TriangleAlert } from "lucide-react";
import { RelativeTime } from "@/components/ui/time";
import type { TDecision } from "@/lib/queries/launch";
import { STAGE_LABEL, VerdictIcon } from "./labels";

/** Every stage move as a sentence: who, when, from → to, and what readiness said at that moment. */
export function Decisions({ decisions }: { decisions: TDecision[] }) {
  const newest = [...decisions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby="decisions-heading" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="decisions-heading" tabIndex={-1} className="text-base font-semibold">
        Decisions
      </h2>
      {newest.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No stage moves yet. Each move to the next stage is recorded here with the readiness at that moment.</p>
      ) : (
        <ol className="mt-3 space-y-4 border-l border-zinc-300 pl-4 dark:border-zinc-700">
          {newest.map((d) => (
            <li key={d.id} className="text-sm" data-testid="decision">
              <p className="flex flex-wrap items-center gap-x-1.5">
                <strong className="font-semibold">{d.decidedBy}</strong> moved the launch from {STAGE_LABEL[d.fromStage]}
                <ArrowRight aria-label="to" className="size-4" /> <strong className="font-semibold">{STAGE_LABEL[d.toStage]}</strong>
                <span className="text-zinc-600 dark:text-zinc-400">
                  · <RelativeTime iso={d.createdAt} />
                </span>
              </p>
              <p className="mt-1 flex items-start gap-1.5">
                <VerdictIcon go={d.go} className="mt-0.5 size-4 shrink-0" />
                <span>
                  {d.go ? "Go" : "No-go"} at {d.readiness.score}%: {d.readiness.verdict}
                </span>
              </p>
              {d.overridden && (
                <p className="mt-1 flex items-start gap-1.5 font-medium text-red-800 dark:text-red-300">
                  <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
                  Overridden by an admin while {d.readiness.holding.length} {d.readiness.holding.length === 1 ? "item" : "items"} held the launch
                  {d.readiness.holding.length ? ` (${d.readiness.holding.map((h) => h.ref).join(", ")})` : ""}.
                </p>
              )}
              {d.notes && <p className="mt-1 whitespace-pre-line break-words text-zinc-700 dark:text-zinc-300">“{d.notes}”</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
