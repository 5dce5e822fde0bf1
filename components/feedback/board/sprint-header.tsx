"use client";

import { CalendarRange, CircleCheck, Clock } from "lucide-react";
import { useEffect, useState } from "react";
import { formatDay } from "@/components/ui/format";
import { useHydrated } from "@/components/ui/use-hydrated";
import { sprintTiming, type TSprint } from "@/lib/queries/feedback-board";

/** The server's moment until hydration (the same text both sides), then the browser's, ticking each minute. */
function useNow(serverNow: string): number {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  return hydrated ? now : Date.parse(serverNow);
}

/** "1 Jun 2026 – 14 Jun 2026": in the browser's zone once hydrated (the server renders UTC, as RelativeTime does). */
export function SprintDates({ sprint }: { sprint: Pick<TSprint, "startsAt" | "endsAt"> }) {
  const zone = useHydrated() ? undefined : "UTC";
  // The end is the sprint's last millisecond; the day it falls on is the last day people picked.
  const last = new Date(Date.parse(sprint.endsAt) - 1).toISOString();
  return (
    <>
      <time dateTime={sprint.startsAt}>{formatDay(sprint.startsAt, zone)}</time> – <time dateTime={sprint.endsAt}>{formatDay(last, zone)}</time>
    </>
  );
}

/** The chosen sprint: its dates, how long it has left, and how much of it is done (in words and as a bar). */
export function SprintHeader({ sprint, total, done, serverNow }: { sprint: TSprint; total: number; done: number; serverNow: string }) {
  const timing = sprintTiming(sprint, useNow(serverNow));
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="min-w-0">
          <h2 id="sprint-heading" tabIndex={-1} className="text-lg font-semibold break-words outline-none">
            {sprint.name}
          </h2>
          <p className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
            <span className="inline-flex items-center gap-1.5">
              <CalendarRange aria-hidden="true" className="size-4" />
              <SprintDates sprint={sprint} />
            </span>
            <span className="inline-flex items-center gap-1.5 font-medium">
              <Clock aria-hidden="true" className="size-4" />
              {timing.text}
            </span>
          </p>
        </div>
        <div className="w-full min-w-48 sm:w-64">
          <p className="flex items-center justify-between gap-2 text-sm">
            <span className="inline-flex items-center gap-1.5 font-medium">
              <CircleCheck aria-hidden="true" className="size-4 text-emerald-700 dark:text-emerald-400" />
              {total === 0 ? (
                "No items yet"
              ) : (
                <>
                  <span className="tabular-nums">
                    {done} of {total}
                  </span>{" "}
                  done
                </>
              )}
            </span>
            <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{pct}%</span>
          </p>
          <div aria-hidden="true" className="mt-1.5 h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
            <div className="h-full rounded-full bg-emerald-600 dark:bg-emerald-400" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Done means fixed or released.</p>
        </div>
      </div>
    </div>
  );
}
