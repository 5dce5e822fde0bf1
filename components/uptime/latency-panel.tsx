"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Spinner } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { fetchLatency, uptimeKeys, type TLatency, type WindowName } from "@/lib/queries/uptime";
import { latencySummary, WINDOW_LABELS, WINDOWS } from "./format";

const LatencyChart = dynamic(() => import("./latency-chart").then((m) => m.LatencyChart), {
  ssr: false,
  loading: () => (
    <p className="flex h-72 items-center justify-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
      <Spinner />
      Loading the chart…
    </p>
  ),
});

/** The latency chart with its window switcher; the summary sentence above it is the chart's text alternative. */
export function LatencyPanel({ projectId, checkId, initial }: { projectId: string; checkId: string; initial: TLatency }) {
  const [window, setWindow] = useState<WindowName>(initial.window);
  const { data, error, isFetching } = useQuery({
    queryKey: uptimeKeys.latency(projectId, checkId, window),
    queryFn: () => fetchLatency(projectId, checkId, window),
    initialData: window === initial.window ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  return (
    <Card aria-labelledby="latency-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="latency-heading" className="text-lg font-semibold">
          Latency
        </h2>
        <div role="group" aria-label="Chart window" className="inline-flex rounded-md ring-1 ring-inset ring-zinc-300 dark:ring-zinc-600">
          {WINDOWS.map((w) => (
            <button
              key={w}
              type="button"
              aria-pressed={w === window}
              aria-label={`Last ${WINDOW_LABELS[w]}`}
              onClick={() => setWindow(w)}
              className="px-3 py-1.5 text-sm font-medium tabular-nums text-zinc-700 first:rounded-l-md last:rounded-r-md hover:bg-zinc-100 aria-pressed:bg-indigo-600 aria-pressed:text-white dark:text-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:bg-indigo-300 dark:aria-pressed:text-zinc-950"
            >
              {w}
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <ErrorText error={error} fallback="The chart could not be loaded. Try another window or reload." className="mt-3" />
      ) : data ? (
        <>
          <p data-testid="latency-summary" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
            {latencySummary(data.points, data.window)}
            {isFetching && data.window !== window ? " Loading the new window…" : ""}
          </p>
          <div className="mt-3" aria-hidden="true">
            <LatencyChart points={data.points} window={data.window} />
          </div>
        </>
      ) : (
        <p className="mt-3 flex items-center gap-2 text-sm">
          <Spinner /> Loading…
        </p>
      )}
    </Card>
  );
}
