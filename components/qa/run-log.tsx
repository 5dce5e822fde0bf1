"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown } from "lucide-react";
import { useEffect, useRef } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { useFollowEnd } from "@/components/ui/use-follow-end";
import { useHydrated } from "@/components/ui/use-hydrated";
import { fetchQaLogs, logLineKey, mergeLogLines, qaKeys, type HeldQaLog, type TQaLogLine } from "@/lib/queries/qa";

const POLL_MS = 2000;
// The server renders UTC; after hydration the browser's own zone takes over, so the two renders never disagree.
const clock = (zone?: string) => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: zone });
const utc = clock("UTC");
const local = clock();
const LEVEL: Record<TQaLogLine["level"], string> = { info: "text-zinc-400", warn: "text-amber-300", error: "text-red-300" };

/**
 * The run's log: lines come with "qa.updated" events, and every 2 s while the run is live the lines after the last one
 * the API returned are fetched as the safety net. Follows the end while the reader is at the bottom.
 */
export function RunLog({ projectId, runId, live, initial }: { projectId: string; runId: string; live: boolean; initial: TQaLogLine[] }) {
  const queryClient = useQueryClient();
  const key = qaKeys.log(projectId, runId);
  const { data, error } = useQuery({
    queryKey: key,
    queryFn: async () => {
      const held = queryClient.getQueryData<HeldQaLog>(key) ?? { lines: [], cursor: null };
      return mergeLogLines(held, await fetchQaLogs(projectId, runId, held.cursor), true);
    },
    initialData: () => mergeLogLines({ lines: [], cursor: null }, initial, true),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchInterval: live ? POLL_MS : false,
  });
  // The last lines are written as the run finishes: read once more when it stops being live.
  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live) void queryClient.refetchQueries({ queryKey: key });
    wasLive.current = live;
  }, [live, queryClient, key]);

  const lines = data?.lines ?? [];
  const { ref, behind, onScroll, toEnd } = useFollowEnd(lines.length);
  const time = useHydrated() ? local : utc;

  return (
    <div className="space-y-2">
      <div className="relative">
        <div
          ref={ref}
          onScroll={onScroll}
          role="log"
          aria-live={live ? "polite" : "off"}
          aria-label="QA run log"
          tabIndex={0}
          data-testid="qa-log"
          className="max-h-80 min-h-24 overflow-auto rounded-md border border-zinc-300 bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-zinc-700 sm:max-h-96"
        >
          {lines.length === 0 ? (
            <p className="text-zinc-300">{live ? "Waiting for the first log line…" : "This run wrote no log lines."}</p>
          ) : (
            <ol className="min-w-0">
              {lines.map((l) => (
                <li key={logLineKey(l)} className="flex gap-3 whitespace-pre-wrap break-all">
                  <time dateTime={l.at} className="shrink-0 select-none tabular-nums text-zinc-400">
                    {time.format(new Date(l.at))}
                  </time>
                  {l.level !== "info" && <span className={`shrink-0 font-semibold uppercase ${LEVEL[l.level]}`}>{l.level === "warn" ? "warn" : "error"}</span>}
                  <span>{l.message}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
        {behind && (
          <button type="button" onClick={toEnd} className="absolute bottom-3 right-5 inline-flex items-center gap-1 rounded-full bg-indigo-600 px-3 py-1 text-xs font-semibold text-white shadow hover:bg-indigo-700">
            <ArrowDown aria-hidden="true" className="size-3.5" />
            New lines below
          </button>
        )}
      </div>
      {error && <ErrorText error={error} fallback="The log could not be loaded. Reload the page to try again." />}
    </div>
  );
}
