import Link from "next/link";
import type { TReadiness } from "@/lib/queries/launch";
import { VerdictIcon } from "./labels";

/** Score, bar, verdict and what holds the launch: the answer to "can we ship?" in two seconds. */
export function ReadinessPanel({ readiness: r, itemHref }: { readiness: TReadiness; itemHref: (id: string) => string }) {
  const tone = r.go
    ? "border-emerald-600 bg-emerald-50 text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950 dark:text-emerald-50"
    : "border-red-600 bg-red-50 text-red-950 dark:border-red-500 dark:bg-red-950 dark:text-red-50";
  return (
    <section aria-labelledby="readiness-heading" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="readiness-heading" className="text-base font-semibold">
        Readiness
      </h2>
      <div className="mt-3 flex flex-wrap items-center gap-x-6 gap-y-3">
        <p className="text-5xl font-bold tabular-nums" data-testid="readiness-score">
          {r.score}
          <span className="text-2xl">%</span>
          <span className="sr-only"> ready</span>
        </p>
        <div className="min-w-48 flex-1">
          <div role="progressbar" aria-label="Readiness score" aria-valuemin={0} aria-valuemax={100} aria-valuenow={r.score} className="h-3 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700">
            <div className={`h-full rounded-full ${r.go ? "bg-emerald-600 dark:bg-emerald-500" : "bg-amber-500"}`} style={{ width: `${r.score}%` }} />
          </div>
          <p className="mt-1 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
            {r.total - r.counts.not_applicable} items count; {r.counts.done} done, {r.counts.waived} waived, {r.counts.in_progress} in progress, {r.counts.todo} to do
            {r.counts.not_applicable ? `, ${r.counts.not_applicable} not applicable` : ""}. Blocking items weigh three times as much.
          </p>
        </div>
      </div>
      <p data-testid="verdict" data-go={r.go} className={`mt-4 flex items-start gap-2 rounded-md border-l-4 px-3 py-2 text-base font-semibold ${tone}`}>
        <VerdictIcon go={r.go} className="mt-0.5 size-5 shrink-0" />
        {r.verdict}
      </p>
      {r.holding.length > 0 && (
        <div className="mt-4">
          <h3 id="holding-heading" className="text-sm font-semibold">
            Holding the launch ({r.holding.length})
          </h3>
          <ul aria-labelledby="holding-heading" className="mt-2 divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {r.holding.map((h) => (
              <li key={h.id} className="px-3 py-2 text-sm">
                <Link href={itemHref(h.id)} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                  <span className="font-mono">{h.ref}</span> {h.title}
                </Link>
                <span className="text-zinc-600 dark:text-zinc-400"> — {h.section}. </span>
                <span>{h.problem}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Per-section score, satisfied/total and open blocking items; a table on wide screens, stacked rows on phones. */
export function SectionBreakdown({ sections }: { sections: TReadiness["sections"] }) {
  if (!sections.length) return null;
  return (
    <section aria-labelledby="sections-heading" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="sections-heading" className="text-base font-semibold">
        By section
      </h2>
      <ul className="mt-3 space-y-3">
        {sections.map((s) => (
          <li key={s.title} className="text-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <a href={`#section-${slugify(s.title)}`} className="font-medium underline-offset-2 hover:underline">
                {s.title}
              </a>
              <span className="tabular-nums text-zinc-700 dark:text-zinc-300">
                {s.score}% · {s.satisfied}/{s.total} complete
                {s.blockingOpen > 0 && <strong className="font-semibold text-red-700 dark:text-red-400"> · {s.blockingOpen} blocking open</strong>}
              </span>
            </div>
            <div aria-hidden="true" className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700">
              <div className={`h-full ${s.blockingOpen ? "bg-amber-500" : "bg-emerald-600 dark:bg-emerald-500"}`} style={{ width: `${s.score}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "section";
