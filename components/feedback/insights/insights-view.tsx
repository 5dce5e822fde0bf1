"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ArrowRight, ChevronsUp } from "lucide-react";
import Link from "next/link";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { Spinner } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useHydrated } from "@/components/ui/use-hydrated";
import { boardKeys, fetchStats, type TFeedbackStats } from "@/lib/queries/feedback-board";
import { INSIGHT_DAYS, SEVERITY_KEYS, SEVERITY_TITLES, TYPE_KEYS, TYPE_TITLES, dayTotal, formatHours, formatRate, formatStatDay, severitySummary, typeSummary, type InsightDays, type PerDay } from "./mappers";

const PerDayChart = lazy(() => import("./per-day-charts"));

type Props = { projectId: string; projectSlug: string; initialDays: InsightDays; initialStats: TFeedbackStats };

const link = "font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300";

export function InsightsView({ projectId, projectSlug, initialDays, initialStats }: Props) {
  const inbox = `/projects/${projectSlug}/feedback`;
  const [days, setDays] = useState<InsightDays>(initialDays);
  const query = useQuery({
    queryKey: boardKeys.stats(projectId, days),
    queryFn: () => fetchStats(projectId, days),
    initialData: days === initialDays ? initialStats : undefined,
    placeholderData: keepPreviousData,
  });
  const stats = query.data;
  function pick(d: InsightDays) {
    setDays(d);
    window.history.replaceState(null, "", `?days=${d}`);
  }

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Feedback insights</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">What users report after launch, how fast the team answers, and what is still burning.</p>
        </div>
        <div role="group" aria-label="Period" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-600">
          {INSIGHT_DAYS.map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={days === d}
              onClick={() => pick(d)}
              className="rounded px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 aria-pressed:bg-indigo-600 aria-pressed:text-white dark:text-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:bg-indigo-300 dark:aria-pressed:text-zinc-950"
            >
              Last {d} days
            </button>
          ))}
        </div>
      </div>

      <p role="status" className={query.isPlaceholderData ? "flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300" : "sr-only"}>
        {query.isPlaceholderData && <Spinner />}
        {query.isPlaceholderData ? `Loading the last ${days} days; the figures below are still those of the last ${stats?.days ?? initialDays} days.` : stats ? `Showing the last ${stats.days} days.` : ""}
      </p>
      {query.error ? <ErrorText error={query.error} fallback="The figures could not be loaded. Try the other period, or reload the page." /> : null}

      {stats && (
        <div className="space-y-8" aria-busy={query.isPlaceholderData || undefined}>
          <section aria-labelledby="now-heading">
            <h2 id="now-heading" className="sr-only">
              Key figures
            </h2>
            <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              <Figure label="Open critical items" value={stats.openCriticals.toLocaleString("en-GB")} tone={stats.openCriticals > 0 ? "danger" : undefined} icon={stats.openCriticals > 0}>
                {stats.openCriticals > 0 ? (
                  <Link href={`${inbox}?view=open&severity=critical`} className={`${link} inline-flex items-center gap-1`}>
                    Open them in the inbox
                    <ArrowRight aria-hidden="true" className="size-3.5" />
                  </Link>
                ) : (
                  "None open: nothing critical waits."
                )}
              </Figure>
              <Figure label="Time to triage, median" value={formatHours(stats.timeToTriage.p50Hours)}>
                {stats.timeToTriage.triaged ? `Half of ${stats.timeToTriage.triaged.toLocaleString("en-GB")} triaged items were answered this fast.` : "Nothing triaged in this period yet."}
              </Figure>
              <Figure label="Time to triage, 90th percentile" value={formatHours(stats.timeToTriage.p90Hours)}>
                {stats.timeToTriage.triaged ? "9 in 10 items were triaged within this." : "Figures appear once items are accepted or declined."}
              </Figure>
              <Figure label="Duplicate rate" value={formatRate(stats.duplicateRate)}>
                {stats.duplicateRate === null ? "No items in this period." : "Of the items that came in, the share marked as a duplicate of another."}
              </Figure>
            </dl>
            <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300">
              <span className="tabular-nums">{stats.inbox.toLocaleString("en-GB")}</span> {stats.inbox === 1 ? "item waits" : "items wait"} in the{" "}
              <Link href={inbox} className={link}>
                inbox
              </Link>
              {stats.spam > 0 && (
                <>
                  ; <span className="tabular-nums">{stats.spam.toLocaleString("en-GB")}</span> held as likely spam
                </>
              )}
              .
            </p>
          </section>

          <PerDaySection id="by-type" title="Items per day, by type" summary={typeSummary(stats)} kind="type" stats={stats} keys={TYPE_KEYS} titles={TYPE_TITLES} />
          <PerDaySection id="by-severity" title="Items per day, by severity" summary={severitySummary(stats)} kind="severity" stats={stats} keys={SEVERITY_KEYS} titles={SEVERITY_TITLES} />
        </div>
      )}
    </div>
  );
}

function Figure({ label, value, tone, icon, children }: { label: string; value: string; tone?: "danger"; icon?: boolean; children: ReactNode }) {
  return (
    <div className={`min-w-0 rounded-lg border bg-white px-4 py-3 dark:bg-zinc-900 ${tone === "danger" ? "border-red-300 dark:border-red-800" : "border-zinc-200 dark:border-zinc-800"}`}>
      <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className={`mt-1 flex items-center gap-1.5 text-3xl font-semibold tabular-nums ${tone === "danger" ? "text-red-800 dark:text-red-300" : ""}`}>
        {icon && <ChevronsUp aria-hidden="true" className="size-7 shrink-0" />}
        {value}
      </dd>
      <dd className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{children}</dd>
    </div>
  );
}

function PerDaySection<K extends keyof PerDay & string>({ id, title, summary, kind, stats, keys, titles }: { id: string; title: string; summary: string; kind: "type" | "severity"; stats: TFeedbackStats; keys: readonly K[]; titles: Record<K, string> }) {
  const hydrated = useHydrated();
  const any = stats.perDay.some((d) => dayTotal(d, keys) > 0);
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      <p id={`${id}-summary`} className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        {summary}
      </p>
      {any && (
        <>
          {/* The chart repeats the summary and the table for sighted readers; screen readers get those instead. */}
          <div className="mt-3 h-64" aria-hidden="true">
            {hydrated && (
              <Suspense
                fallback={
                  <p className="flex h-64 items-center justify-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                    <Spinner />
                    Loading the chart…
                  </p>
                }
              >
                <PerDayChart kind={kind} data={stats.perDay} />
              </Suspense>
            )}
          </div>
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">Show the figures as a table</summary>
            <DayTable caption={title} perDay={stats.perDay} keys={keys} titles={titles} />
          </details>
        </>
      )}
    </section>
  );
}

function DayTable<K extends keyof PerDay & string>({ caption, perDay, keys, titles }: { caption: string; perDay: PerDay[]; keys: readonly K[]; titles: Record<K, string> }) {
  const rows = perDay.filter((d) => dayTotal(d, keys) > 0);
  const th = "px-3 py-2 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
  return (
    <div role="region" aria-label={`${caption} (table)`} tabIndex={0} className="mt-2 max-h-96 max-w-full overflow-auto rounded-md border border-zinc-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-800">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}; days with nothing are left out</caption>
        <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-950">
          <tr>
            <th scope="col" className={`${th} text-left`}>
              Day (UTC)
            </th>
            {keys.map((k) => (
              <th key={k} scope="col" className={`${th} text-right`}>
                {titles[k]}
              </th>
            ))}
            <th scope="col" className={`${th} text-right`}>
              Total
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((d) => (
            <tr key={d.day}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal whitespace-nowrap">
                {formatStatDay(d.day, true)}
              </th>
              {keys.map((k) => (
                <td key={k} className="px-3 py-1.5 text-right tabular-nums">
                  {Number(d[k]) || 0}
                </td>
              ))}
              <td className="px-3 py-1.5 text-right font-semibold tabular-nums">{dayTotal(d, keys)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
