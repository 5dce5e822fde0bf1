"use client";

import { useQuery } from "@tanstack/react-query";
import { TechnicalDetails } from "@/components/ui/error-text";
import { formatDuration } from "@/components/ui/format";
import { StatusPill } from "@/components/ui/status-pill";
import { RelativeTime } from "@/components/ui/time";
import { explainConnectionError } from "./explain-error";
import { fetchConnectionTest, isFinished, targetKeys, type TConnectionTest } from "@/lib/queries/targets";

export function testPill(test: TConnectionTest | null) {
  if (!test) return <StatusPill tone="neutral" label="Never tested" />;
  if (test.status === "queued" && test.queueState === "waiting") return <StatusPill tone="warning" label="Waiting for queue" />;
  if (test.status === "queued") return <StatusPill tone="info" label="Queued" spinning />;
  if (test.status === "running") return <StatusPill tone="info" label="Running" spinning />;
  if (test.status === "succeeded") return <StatusPill tone="success" label="Succeeded" />;
  return <StatusPill tone="danger" label="Failed" />;
}

/** The live state of one connection test: the event stream keeps the cache current; a slow poll covers a dropped stream. */
export function ConnectionTestStatus({ projectId, test: initial, detailed = true }: { projectId: string; test: TConnectionTest; detailed?: boolean }) {
  const { data: test = initial } = useQuery({
    queryKey: targetKeys.test(projectId, initial.id),
    queryFn: () => fetchConnectionTest(projectId, initial.id),
    initialData: initial,
    staleTime: Infinity,
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data) ? false : 10_000),
  });
  return (
    <div className="space-y-1.5 text-sm" data-testid="connection-test">
      <div className="flex flex-wrap items-center gap-2">
        {testPill(test)}
        {isFinished(test) && test.finishedAt && (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            <RelativeTime iso={test.finishedAt} />
          </span>
        )}
      </div>
      {test.status === "queued" && test.queueState === "waiting" && (
        <p className="text-amber-900 dark:text-amber-200">Waiting for the job queue — it will run when Redis is back.</p>
      )}
      {detailed && isFinished(test) && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 tabular-nums text-zinc-700 dark:text-zinc-300">
          <dt className="text-zinc-600 dark:text-zinc-400">HTTP status</dt>
          <dd>{test.httpStatus ? `HTTP ${test.httpStatus}` : "No response"}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Latency</dt>
          <dd>{test.latencyMs !== null ? formatDuration(test.latencyMs) : "—"}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Version</dt>
          <dd className={test.version ? "font-mono" : ""}>{test.version ?? "Not reported"}</dd>
          {test.error && (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Reason</dt>
              <dd className="font-medium text-red-800 dark:text-red-300">
                {explainConnectionError(test.error)?.sentence}
                <TechnicalDetails code={explainConnectionError(test.error)?.code} />
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
