"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CircleAlert, Search } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { controlClass } from "@/components/ui/field";
import { EnvironmentBadge, productionEdge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import { fetchOverview, uptimeKeys, type CheckState as State, type TOverviewRow } from "@/lib/queries/uptime";
import { excludedSentence, formatMs, formatPct, matchesSearch, summarize } from "./format";
import { CheckState, stateIcon } from "./check-state";
import { Sparkline } from "./sparkline";

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const td = "px-3 py-2.5 align-middle";
// On phones each row is a card and each cell a labelled block of it (the label is its column's name, from data-label).
// Written once on the table rather than on every cell: a 1,000-check page repeats no class strings per cell.
const stacked = [
  "max-lg:block max-lg:[&>tbody]:block max-lg:[&>tbody]:space-y-3",
  "max-lg:[&_tbody_tr]:grid max-lg:[&_tbody_tr]:grid-cols-2 max-lg:[&_tbody_tr]:gap-3 max-lg:[&_tbody_tr]:rounded-lg max-lg:[&_tbody_tr]:border max-lg:[&_tbody_tr]:border-zinc-200 max-lg:[&_tbody_tr]:bg-white max-lg:[&_tbody_tr]:p-4",
  "max-lg:dark:[&_tbody_tr]:border-zinc-800 max-lg:dark:[&_tbody_tr]:bg-zinc-900",
  "max-lg:[&_td]:block max-lg:[&_td]:p-0 max-lg:[&_td:first-child]:col-span-2",
  "max-lg:[&_td]:before:mb-0.5 max-lg:[&_td]:before:block max-lg:[&_td]:before:text-xs max-lg:[&_td]:before:text-zinc-600 max-lg:[&_td]:before:content-[attr(data-label)] max-lg:dark:[&_td]:before:text-zinc-400",
].join(" ");
const link = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";

type Props = { projectId: string; projectSlug: string; initial: TOverviewRow[]; initialQ: string; addCheck?: ReactNode };

/**
 * Every check, failing first, kept live by the project's event stream (lib/queries/events.ts). The search box filters
 * the loaded rows at once; `?q=` in the URL is applied by the server on first load, so a filtered view can be shared.
 */
export function UptimeOverview({ projectId, projectSlug, initial, initialQ, addCheck }: Props) {
  const [q, setQ] = useState(initialQ);
  // The server's filter stays only while the box still narrows it; otherwise every row is fetched and filtered here.
  const [serverQ, setServerQ] = useState(initialQ);
  const { data = [], error } = useQuery({
    queryKey: uptimeKeys.overview(projectId, serverQ),
    queryFn: () => fetchOverview(projectId, serverQ),
    initialData: serverQ === initialQ ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const rows = data.filter((r) => matchesSearch(r, q));
  const summary = summarize(data);
  const base = `/projects/${projectSlug}`;

  function search(value: string) {
    setQ(value);
    if (serverQ && !value.toLowerCase().includes(serverQ.toLowerCase())) setServerQ("");
    const url = new URL(window.location.href);
    if (value.trim()) url.searchParams.set("q", value.trim());
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.pathname + url.search);
  }

  if (!data.length && !serverQ && !error) {
    return (
      <EmptyState title="No checks yet" action={addCheck}>
        Every new target gets a health check on its health URL. Add a target on the{" "}
        <Link href={`${base}/targets`} className={link}>
          Targets
        </Link>{" "}
        page{addCheck ? ", or add a check for anything else (an API, a certificate, a database port)." : "; a project admin can add checks for anything else."}
      </EmptyState>
    );
  }

  return (
    <div className="space-y-5">
      <SummaryStrip summary={summary} incidentsHref={`${base}/incidents`} />
      <section aria-labelledby="checks-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="checks-heading" className="text-lg font-semibold">
            Checks
          </h2>
          <form role="search" aria-label="Search checks" onSubmit={(e) => e.preventDefault()} className="flex w-full flex-wrap items-center gap-3 sm:w-auto">
            <label htmlFor="check-search" className="sr-only">
              Search checks and targets
            </label>
            <div className="relative w-full sm:w-72">
              <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-zinc-500 dark:text-zinc-400" />
              <input id="check-search" type="search" value={q} onChange={(e) => search(e.target.value)} placeholder="Search checks and targets" className={`${controlClass} pl-8`} />
            </div>
            <p role="status" className="text-sm tabular-nums text-zinc-600 dark:text-zinc-400">
              {q.trim() ? `${rows.length} of ${data.length} ${data.length === 1 ? "check" : "checks"}` : `${data.length} ${data.length === 1 ? "check" : "checks"}`}
            </p>
          </form>
        </div>
        {error ? (
          <ErrorText error={error} fallback="The checks could not be loaded. Reload the page to try again." />
        ) : rows.length === 0 ? (
          <EmptyState title="No checks match" action={<Button variant="secondary" onClick={() => search("")}>Clear search</Button>}>
            Nothing named like “{q.trim()}”. Search by check name, target name or environment.
          </EmptyState>
        ) : (
          <CheckTable rows={rows} base={base} />
        )}
      </section>
    </div>
  );
}

const TILES: { state: State; label: string }[] = [
  { state: "down", label: "Down" },
  { state: "degraded", label: "Degraded" },
  { state: "up", label: "Up" },
  { state: "unknown", label: "Unknown" },
  { state: "paused", label: "Paused" },
];

function SummaryStrip({ summary, incidentsHref }: { summary: ReturnType<typeof summarize>; incidentsHref: string }) {
  const incidents = summary.openIncidents ? `${summary.openIncidents} open incident${summary.openIncidents === 1 ? "" : "s"}` : "";
  const problem = summary.down ? `${summary.down} down` : summary.degraded ? `${summary.degraded} degraded` : summary.unknown ? `${summary.unknown} without recent results` : "";
  const running = summary.total - summary.paused;
  const headline = [problem, incidents].filter(Boolean).join(" · ") || (running ? `All ${running === 1 ? "running check is" : `${running} running checks are`} up` : "Every check is paused");
  return (
    <section aria-labelledby="summary-heading" className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="summary-heading" className="sr-only">
        Summary
      </h2>
      <p data-testid="uptime-headline" className="text-base font-semibold">
        {headline}
      </p>
      <dl className="mt-3 grid grid-cols-3 gap-3 sm:grid-cols-6">
        {TILES.map(({ state, label }) => {
          const Icon = stateIcon(state);
          const n = summary[state];
          const alarm = n > 0 && (state === "down" || state === "degraded");
          return (
            <div key={state} className={`rounded-md px-3 py-2 ring-1 ring-inset ${alarm ? (state === "down" ? "bg-red-50 ring-red-700/30 dark:bg-red-950 dark:ring-red-400/30" : "bg-amber-50 ring-amber-700/30 dark:bg-amber-950 dark:ring-amber-400/30") : "ring-zinc-200 dark:ring-zinc-700"}`}>
              <dt className="flex items-center gap-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">
                <Icon aria-hidden="true" className="size-3.5" />
                {label}
              </dt>
              <dd className="text-2xl font-semibold tabular-nums">{n}</dd>
            </div>
          );
        })}
        <div className={`rounded-md px-3 py-2 ring-1 ring-inset ${summary.openIncidents ? "bg-red-50 ring-red-700/30 dark:bg-red-950 dark:ring-red-400/30" : "ring-zinc-200 dark:ring-zinc-700"}`}>
          <dt className="flex items-center gap-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">
            <CircleAlert aria-hidden="true" className="size-3.5" />
            Open incidents
          </dt>
          <dd className="text-2xl font-semibold tabular-nums">
            <Link href={incidentsHref} className="underline-offset-2 hover:underline" aria-label={`${summary.openIncidents} open incidents: see all incidents`}>
              {summary.openIncidents}
            </Link>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Uptime({ row }: { row: TOverviewRow }) {
  const excluded = excludedSentence(row.uptime24h);
  return (
    <span className="tabular-nums">
      <span className="font-semibold">{formatPct(row.uptime24h.uptimePct)}</span>
      {excluded && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{excluded}</span>}
    </span>
  );
}

function LastNext({ row }: { row: TOverviewRow }) {
  return (
    <span className="text-sm">
      {row.lastResultAt ? <RelativeTime iso={row.lastResultAt} /> : <span>Not run yet</span>}
      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{row.nextRunAt ? <>next <RelativeTime iso={row.nextRunAt} /></> : "paused"}</span>
    </span>
  );
}

function IncidentLink({ row, base }: { row: TOverviewRow; base: string }) {
  if (!row.openIncidentId) return <span className="text-zinc-600 dark:text-zinc-400">None</span>;
  return (
    <Link href={`${base}/incidents/${row.openIncidentId}`} className={`${link} inline-flex items-center gap-1`}>
      <CircleAlert aria-hidden="true" className="size-4" />
      Open incident<span className="sr-only"> on {row.name}</span>
    </Link>
  );
}

function CheckName({ row, base, id }: { row: TOverviewRow; base: string; id?: boolean }) {
  return (
    <>
      <Link href={`${base}/uptime/${row.id}`} className={link} data-check-link={id ? row.id : undefined}>
        {row.name}
      </Link>
      <span className="block text-xs text-zinc-600 dark:text-zinc-400">
        {row.targetName ?? "Project-wide"} · <span className="uppercase">{row.kind}</span>
      </span>
      {row.state === "down" && row.lastError && <span className="mt-0.5 block max-w-md break-words text-xs text-red-800 dark:text-red-300">{row.lastError}</span>}
    </>
  );
}

/**
 * One table: a table on wide screens, and on phones the same rows stack as cards, each cell led by its column's name
 * (DESIGN.md). One markup for both keeps a 1,000-check page to one row per check in the HTML, not two.
 */
function CheckTable({ rows, base }: { rows: TOverviewRow[]; base: string }) {
  return (
    <div className="lg:overflow-hidden lg:rounded-lg lg:border lg:border-zinc-200 lg:bg-white lg:dark:border-zinc-800 lg:dark:bg-zinc-900">
      <table className={`w-full text-sm ${stacked}`}>
        <caption className="sr-only">Checks, failing first</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950 max-lg:sr-only">
          <tr>
            <th scope="col" className={th}>Check</th>
            <th scope="col" className={th}>Environment</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Last checked</th>
            <th scope="col" className={th}>Uptime 24 h</th>
            <th scope="col" className={th}>Latency</th>
            <th scope="col" className={th}>Incident</th>
          </tr>
        </thead>
        <tbody className="divide-zinc-200 dark:divide-zinc-800 lg:divide-y">
          {rows.map((r) => (
            <tr key={r.id} data-testid="check-row" data-check-id={r.id} className={r.environment ? productionEdge(r.environment) : ""}>
              <td className={td}>
                <CheckName row={r} base={base} id />
              </td>
              <td className={td} data-label="Environment">{r.environment ? <EnvironmentBadge environment={r.environment} /> : "—"}</td>
              <td className={td} data-label="Status">
                <CheckState state={r.state} />
              </td>
              <td className={`${td} whitespace-nowrap`} data-label="Last checked">
                <LastNext row={r} />
              </td>
              <td className={td} data-label="Uptime 24 h">
                <Uptime row={r} />
              </td>
              <td className={td} data-label="Latency">
                <span className="flex items-center gap-2">
                  <Sparkline values={r.recentLatencies} down={r.state === "down"} />
                  <span className="whitespace-nowrap text-xs tabular-nums text-zinc-700 dark:text-zinc-300">{formatMs(r.lastLatencyMs)}</span>
                </span>
              </td>
              <td className={td} data-label="Incident">
                <IncidentLink row={r} base={base} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
