import Link from "next/link";
import type { TIncident } from "@/lib/queries/uptime";
import { formatSpan } from "./format";
import { RelativeTime } from "@/components/ui/time";
import { IncidentStatus } from "./check-state";

/** Incidents as a list of cards that reads the same on a phone and a projector: open ones come first from the API. */
export function IncidentList({ incidents, base, showCheck, label }: { incidents: TIncident[]; base: string; showCheck?: boolean; label: string }) {
  return (
    <ul aria-label={label} className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {incidents.map((i) => (
        <li key={i.id} data-testid="incident-row" className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-3 text-sm">
          <div className="min-w-0">
            <Link href={`${base}/incidents/${i.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
              <span className="tabular-nums">#{i.number}</span> {i.title}
            </Link>
            <p className="mt-0.5 text-zinc-700 dark:text-zinc-300">
              {showCheck && <>{i.checkName} · </>}
              started <RelativeTime iso={i.startedAt} /> · {i.status === "open" ? "for" : "lasted"} <span className="tabular-nums">{formatSpan(i.durationMs)}</span>
              {i.acknowledgedBy && i.status === "open" && <> · acknowledged by {i.acknowledgedBy}</>}
            </p>
          </div>
          <IncidentStatus status={i.status} acknowledged={Boolean(i.acknowledgedAt)} />
        </li>
      ))}
    </ul>
  );
}
