import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import type { TInstanceAuditEntry } from "@/lib/audit/instance";
import { describeInstanceEntry } from "@/lib/audit/instance-sentences";

/** The instance's own events as sentences (sign-ins, lockouts, GitHub links, settings), newest first. */
export function InstanceActivity({ items }: { items: TInstanceAuditEntry[] }) {
  return (
    <Card aria-labelledby="instance-activity-heading">
      <h2 id="instance-activity-heading" className="text-lg font-semibold">
        Instance activity
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Sign-ins, lockouts, GitHub links and settings changes across the whole instance; each project&apos;s own changes are
        in its audit log. The API serves the full history at <span className="font-mono">GET /api/v1/instance/audit</span>.
      </p>
      <div className="mt-4">
        {items.length === 0 ? (
          <EmptyState title="Nothing yet">Sign-ins and settings changes appear here as they happen.</EmptyState>
        ) : (
          <ol className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {items.map((e) => (
              <li key={e.id} className="flex flex-col gap-1 p-3 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                <span className="min-w-0 break-words">{describeInstanceEntry(e)}</span>
                <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                  <span className="font-mono">{e.action}</span> · <RelativeTime iso={e.createdAt} />
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
