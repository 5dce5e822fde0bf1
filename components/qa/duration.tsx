"use client";

import { formatDuration } from "@/components/ui/format";
import { useHydrated } from "@/components/ui/use-hydrated";
import { qaDurationMs, type TQaRunSummary } from "@/lib/queries/qa";

/** Start to finish; for a live run, "so far" counted in the browser only (the server's clock would not match it). */
export function RunDuration({ run, soFar }: { run: Pick<TQaRunSummary, "startedAt" | "finishedAt">; soFar?: boolean }) {
  const hydrated = useHydrated();
  if (!run.startedAt) return <>{soFar ? "Not started" : "—"}</>;
  if (!run.finishedAt && !hydrated) return <>…</>;
  const ms = qaDurationMs(run);
  return <>{ms === null ? "—" : `${formatDuration(ms)}${soFar && !run.finishedAt ? " so far" : ""}`}</>;
}
