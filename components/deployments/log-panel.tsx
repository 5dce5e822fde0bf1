"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, TriangleAlert } from "lucide-react";
import { useEffect, useRef } from "react";
import { ErrorText } from "@/components/ui/error-text";
import { useFollowEnd } from "@/components/ui/use-follow-end";
import { deploymentKeys, fetchLog, mergeLogPage, type HeldLog } from "@/lib/queries/deployments";
import { refetchLogFrom } from "@/lib/queries/deploy-log";

const toHeld = (page: { lines: { n: number; text: string }[]; truncated: boolean }): HeldLog => mergeLogPage({ lines: [], truncated: false }, page);

/**
 * The deploy log: lines arrive over the project's event stream (lib/queries/events.ts appends them by number). It
 * follows the end while the reader is at the bottom and stays put when they scrolled up to read.
 */
export function LogPanel({ projectId, deploymentId, lineCount, truncated, live, initial }: { projectId: string; deploymentId: string; lineCount: number; truncated: boolean; live: boolean; initial?: { lines: { n: number; text: string }[]; truncated: boolean } }) {
  const queryClient = useQueryClient();
  const key = deploymentKeys.log(projectId, deploymentId);
  const { data, error } = useQuery({
    queryKey: key,
    queryFn: async () => toHeld(await fetchLog(projectId, deploymentId, 0)),
    initialData: initial ? toHeld(initial) : undefined,
    // Live lines come from the stream; a refetch would only race with it.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const lines = data?.lines ?? [];
  const { ref, behind, onScroll, toEnd } = useFollowEnd(lines.length);

  // The deployment says it has more lines than we hold (we opened between events, or missed one): fetch the rest.
  const fetching = useRef(false);
  useEffect(() => {
    if (!data || lineCount <= data.lines.length || fetching.current) return;
    fetching.current = true;
    refetchLogFrom(queryClient, projectId, deploymentId, data.lines.length)
      .catch(() => undefined)
      .finally(() => (fetching.current = false));
  }, [data, lineCount, queryClient, projectId, deploymentId]);

  const isTruncated = truncated || Boolean(data?.truncated);

  return (
    <div className="space-y-2">
      <div className="relative">
        <div
          ref={ref}
          onScroll={onScroll}
          role="log"
          aria-live="polite"
          aria-label="Deploy log"
          tabIndex={0}
          data-testid="deploy-log"
          className="max-h-80 min-h-24 overflow-auto rounded-md border border-zinc-300 bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-zinc-700 sm:max-h-96"
        >
          {lines.length === 0 ? (
            <p className="text-zinc-300">{live ? "Waiting for the first log line…" : "This deployment wrote no log lines."}</p>
          ) : (
            <ol className="min-w-0">
              {lines.map((text, n) => (
                <li key={n} className="flex gap-3 whitespace-pre-wrap break-all">
                  <span aria-hidden="true" className="w-10 shrink-0 select-none text-right tabular-nums text-zinc-400">
                    {n + 1}
                  </span>
                  <span>{text}</span>
                </li>
              ))}
            </ol>
          )}
          {isTruncated && (
            <p className="mt-2 flex items-center gap-1.5 font-sans font-semibold text-amber-300">
              <TriangleAlert aria-hidden="true" className="size-4" />
              Log truncated: the rest was not kept. The provider&apos;s own log has everything.
            </p>
          )}
        </div>
        {behind && (
          <button
            type="button"
            onClick={toEnd}
            className="absolute bottom-3 right-5 inline-flex items-center gap-1 rounded-full bg-indigo-600 px-3 py-1 text-xs font-semibold text-white shadow hover:bg-indigo-700"
          >
            <ArrowDown aria-hidden="true" className="size-3.5" />
            New lines below
          </button>
        )}
      </div>
      {error && <ErrorText error={error} fallback="The log could not be loaded. Reload the page to try again." />}
    </div>
  );
}
