import { Card, EmptyState } from "@/components/ui/card";
import type { TDeadLetter } from "@/lib/jobs/dead-letters";
import { RetryDeadLetter } from "./retry-dead-letter";

// Rendered on the server and in UTC, so the first paint matches on every machine; the title holds the full ISO time.
function At({ iso }: { iso: string | null }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {iso.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}

/**
 * Jobs that never reached the queue (dead letters), for instance admins: load them with listDeadLetters({ ctx }).
 * Each shows its job name, attempts and last error, never its payload, with a Retry button.
 */
export function DeadLetters({ items }: { items: TDeadLetter[] }) {
  return (
    <Card aria-labelledby="dead-letters-heading">
      <h2 id="dead-letters-heading" className="text-lg font-semibold">
        Stuck jobs
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Work recorded in the database that could not be handed to the job queue. Retry one after fixing its cause; it
        goes back to the outbox and is relayed at once.
      </p>
      <div className="mt-4">
        {items.length === 0 ? (
          <EmptyState title="No stuck jobs">Nothing stuck: every recorded job reached the queue.</EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {items.map((job) => (
              <li key={job.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0 space-y-1 text-sm">
                  <p className="font-medium">
                    <span className="font-mono">{job.name}</span>
                    <span className="text-zinc-600 dark:text-zinc-400">
                      {" "}
                      · {job.attempts} {job.attempts === 1 ? "attempt" : "attempts"}
                    </span>
                  </p>
                  <p className="break-words text-red-800 dark:text-red-300">{job.lastError ?? "No error was recorded"}</p>
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">
                    Recorded <At iso={job.createdAt} /> · stopped <At iso={job.failedAt} /> ·{" "}
                    <span className="break-all font-mono">{job.id}</span>
                  </p>
                </div>
                <RetryDeadLetter id={job.id} name={job.name} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
