import { Copy, Gauge, Inbox, OctagonAlert } from "lucide-react";
import { formatDuration } from "@/components/ui/format";
import type { TFeedbackStats } from "@/lib/queries/feedback";

const hours = (h: number | null) => (h === null ? "—" : h < 1 / 60 ? "under 1 m" : formatDuration(h * 3_600_000));

/** What a triager needs before the list: what waits, what burns, how fast the team triages, how much repeats. */
export function Figures({ stats, onCriticals }: { stats: TFeedbackStats; onCriticals?: () => void }) {
  const tile = "rounded-lg border bg-white p-4 shadow-sm dark:bg-zinc-900";
  const calm = "border-zinc-200 dark:border-zinc-800";
  const burning = stats.openCriticals > 0;
  const tt = stats.timeToTriage;
  return (
    <section aria-labelledby="fb-figures" className="space-y-2">
      <h2 id="fb-figures" className="sr-only">
        Figures for the last {stats.days} days
      </h2>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <div className={`${tile} ${calm}`}>
          <dt className="flex items-center gap-1.5 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            <Inbox aria-hidden="true" className="size-4" />
            Waiting in the inbox
          </dt>
          <dd className="mt-1 text-3xl font-semibold tabular-nums" data-testid="figure-inbox">
            {stats.inbox}
          </dd>
        </div>
        <div className={`${tile} ${burning ? "border-l-4 border-red-300 border-l-red-600 dark:border-red-800 dark:border-l-red-500" : calm}`}>
          <dt className={`flex items-center gap-1.5 text-xs font-medium ${burning ? "text-red-800 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400"}`}>
            <OctagonAlert aria-hidden="true" className="size-4" />
            Open criticals
          </dt>
          <dd className="mt-1 flex flex-wrap items-baseline gap-x-2">
            <span className="text-3xl font-semibold tabular-nums" data-testid="figure-criticals">
              {stats.openCriticals}
            </span>
            {burning && onCriticals && (
              <button type="button" onClick={onCriticals} className="text-sm font-medium text-red-800 underline underline-offset-2 hover:no-underline dark:text-red-300">
                Show them
              </button>
            )}
            {!burning && <span className="text-xs text-zinc-600 dark:text-zinc-400">none open</span>}
          </dd>
        </div>
        <div className={`${tile} ${calm}`}>
          <dt className="flex items-center gap-1.5 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            <Gauge aria-hidden="true" className="size-4" />
            Time to triage
          </dt>
          <dd className="mt-1">
            <span className="text-3xl font-semibold tabular-nums">{hours(tt.p50Hours)}</span>
            <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">median</span>
            <span className="block text-xs tabular-nums text-zinc-700 dark:text-zinc-300">
              {tt.p90Hours === null ? `no items triaged in ${stats.days} days` : `90% within ${hours(tt.p90Hours)} · ${tt.triaged} triaged`}
            </span>
          </dd>
        </div>
        <div className={`${tile} ${calm}`}>
          <dt className="flex items-center gap-1.5 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            <Copy aria-hidden="true" className="size-4" />
            Duplicate rate
          </dt>
          <dd className="mt-1">
            <span className="text-3xl font-semibold tabular-nums">{stats.duplicateRate === null ? "—" : `${Math.round(stats.duplicateRate * 100)}%`}</span>
            <span className="block text-xs text-zinc-700 dark:text-zinc-300">{stats.duplicateRate === null ? `no items in ${stats.days} days` : `of items in ${stats.days} days`}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
