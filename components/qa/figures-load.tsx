"use client";

import { useQuery } from "@tanstack/react-query";
import { CircleCheck, CircleX } from "lucide-react";
import dynamic from "next/dynamic";
import { Spinner } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { fetchQaPoints, qaKeys, type TQaPoint } from "@/lib/queries/qa";
import { Stat, StatGrid, Table } from "./figures-parts";
import { count, list, ms, num, obj, percent, perSecond, pointsSummary, str, type Json } from "./metrics";

const LoadCharts = dynamic(() => import("./load-charts").then((m) => m.LoadCharts), {
  ssr: false,
  loading: () => (
    <p className="flex h-56 items-center justify-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
      <Spinner />
      Loading the charts…
    </p>
  ),
});

const PERCENTILES: [string, string][] = [
  ["p50", "p50"],
  ["p75", "p75"],
  ["p90", "p90"],
  ["p95", "p95"],
  ["p99", "p99"],
  ["p99_9", "p99.9"],
  ["max", "max"],
  ["mean", "mean"],
];
/** While a run is live, points arrive with its events; this refetch only fills what a dropped connection lost. */
const POINTS_REFETCH_MS = 10_000;

export function LoadFigures({ projectId, runId, metrics, live, initialPoints }: { projectId: string; runId: string; metrics: Json; live: boolean; initialPoints: TQaPoint[] }) {
  const { data: points = [] } = useQuery({
    queryKey: qaKeys.points(projectId, runId),
    queryFn: () => fetchQaPoints(projectId, runId),
    initialData: initialPoints,
    staleTime: live ? POINTS_REFETCH_MS : Infinity,
    refetchInterval: live ? POINTS_REFETCH_MS : false,
  });
  const latency = obj(metrics.latency);
  const requests = obj(metrics.requests);
  const errors = obj(metrics.errors);
  const byKind = Object.entries(obj(errors.byKind)).filter(([, v]) => (num(v) ?? 0) > 0);
  const thresholds = list(metrics.thresholds).map(obj);
  const generator = obj(metrics.generator);
  // Runs since the per-thread measure record `elu` (the busiest generating thread's event-loop utilisation); older rows `cpu`.
  const elu = num(generator.elu);
  const cpu = elu === null ? num(generator.cpu) : null;
  const threads = list(generator.threadElu).length;
  const loop = num(generator.eventLoopDelayP99Ms) ?? num(generator.eventLoopDelay);
  const hasFigures = Object.keys(latency).length > 0 || Object.keys(requests).length > 0;

  return (
    <div className="space-y-6">
      {metrics.abortedEarly === true && <Alert tone="warning" title="Stopped early">A threshold could no longer hold, so the run stopped before its planned duration. The figures cover the time it ran.</Alert>}
      {hasFigures && (
        <StatGrid>
          <Stat label="Requests" value={count(num(requests.total))} note={num(requests.perSecond) !== null ? `${perSecond(num(requests.perSecond))} on average` : undefined} />
          <Stat label="p95 latency" value={ms(num(latency.p95))} note={num(latency.p99) !== null ? `p99 ${ms(num(latency.p99))}` : undefined} />
          <Stat label="Errors" value={count(num(errors.total))} note={num(errors.rate) !== null ? `${percent(num(errors.rate))} of requests` : undefined} />
          <Stat label="Slowest" value={ms(num(latency.max))} note={num(latency.mean) !== null ? `mean ${ms(num(latency.mean))}` : undefined} />
        </StatGrid>
      )}

      <div>
        <h3 className="text-base font-semibold">Per second</h3>
        <p data-testid="load-summary" className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
          {pointsSummary(points)}
          {live ? " Drawn live while the run goes on." : ""}
        </p>
        {points.length > 0 && (
          <div className="mt-3" aria-hidden="true">
            <LoadCharts points={points} />
          </div>
        )}
      </div>

      {thresholds.length > 0 && (
        <div>
          <h3 className="text-base font-semibold">Thresholds</h3>
          <Table caption="Thresholds and what was measured" head={["Threshold", "Observed", "Result", "What it means"]}>
            {thresholds.map((t, i) => {
              const pass = t.pass === true;
              const observed = num(t.observed);
              const text = str(t.text) ?? "";
              return (
                <tr key={i}>
                  <td className="px-3 py-2 font-mono text-xs">{text}</td>
                  <td className="px-3 py-2 tabular-nums">{observed === null ? "not measured" : text.startsWith("rate(") ? percent(observed) : text.startsWith("p(") || /^(avg|med|max|min)/.test(text) ? ms(observed) : count(observed)}</td>
                  <td className="px-3 py-2">
                    <span className={`inline-flex items-center gap-1 font-semibold ${pass ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}`}>
                      {pass ? <CircleCheck aria-hidden="true" className="size-4" /> : <CircleX aria-hidden="true" className="size-4" />}
                      {pass ? "Pass" : "Fail"}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">{str(t.sentence) ?? ""}</td>
                </tr>
              );
            })}
          </Table>
        </div>
      )}

      {Object.keys(latency).length > 0 && (
        <div>
          <h3 className="text-base font-semibold">Latency</h3>
          <dl className="mt-2 grid grid-cols-4 gap-2 text-sm sm:grid-cols-8">
            {PERCENTILES.map(([k, label]) => (
              <div key={k} className="rounded-md bg-zinc-50 px-2 py-1.5 dark:bg-zinc-950">
                <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
                <dd className="font-semibold tabular-nums">{ms(num(latency[k]))}</dd>
              </div>
            ))}
          </dl>
          {/* lib/qa/engines/load.ts writes latency.measuredFrom: "scheduled send" in rate mode, "actual send" otherwise. */}
          {str(latency.measuredFrom) === "scheduled send" && (
            <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Corrected for coordinated omission: each request is timed from when the schedule wanted it sent, so a slow answer also counts against the requests that waited behind it.</p>
          )}
          {str(latency.measuredFrom) === "actual send" && (
            <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Timed from when each request was sent: with fixed connections a slow target also slows the sending, so these figures can look better than what waiting users see. A fixed-rate run corrects for that.</p>
          )}
        </div>
      )}

      {(byKind.length > 0 || elu !== null || cpu !== null || loop !== null) && (
        <div className="grid gap-6 md:grid-cols-2">
          {byKind.length > 0 && (
            <div>
              <h3 className="text-base font-semibold">Errors by kind</h3>
              <ul className="mt-2 space-y-1 text-sm">
                {byKind.map(([k, v]) => (
                  <li key={k} className="flex justify-between gap-3 border-b border-zinc-100 pb-1 dark:border-zinc-800">
                    <span className="break-all font-mono text-xs">{k}</span>
                    <span className="tabular-nums">{count(num(v))}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {(elu !== null || cpu !== null || loop !== null) && (
            <div>
              <h3 className="text-base font-semibold">Load generator</h3>
              <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
                {elu !== null && `${threads > 1 ? `Busiest of ${threads} threads` : "Event loop"} busy ${percent(elu)} of the time`}
                {cpu !== null && `CPU ${percent(cpu)} of ${num(generator.cores) ?? 1} ${(num(generator.cores) ?? 1) === 1 ? "core" : "cores"}`}
                {(elu !== null || cpu !== null) && loop !== null && "; "}
                {loop !== null && `event loop delay p99 ${ms(loop)}`}.
              </p>
              {generator.saturated ? (
                <p className="mt-1 text-sm font-medium text-amber-800 dark:text-amber-300">{str(generator.saturated) ?? "The load generator was saturated: latencies include its own queueing, so the target may handle more than measured."}</p>
              ) : (
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The generator kept up; the latencies are the target&apos;s.</p>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
