import { CircleCheck, CircleQuestionMark, CircleX, TriangleAlert, type LucideIcon } from "lucide-react";
import { StatusPill, toneClasses } from "@/components/ui/status-pill";
import type { PublicIncident, PublicStatus, PublicTarget } from "@/lib/monitoring/status-page";
import { LEVEL_CLASS, LEVEL_HEIGHT, LEVEL_LABEL, STATUS_TONE, formatMinutes, formatPct, formatUtc, toBars, type DayLevel } from "./bars";
import { UptimeBars } from "./uptime-bars";

// The public status page: what publicStatus returns and nothing else (no URLs, settings, assertions or errors), no
// app chrome and no links into the app. Server-rendered; the bars' keyboard handling is the only client code it adds.

const STATUS_ICON: Record<PublicTarget["status"], LucideIcon> = { operational: CircleCheck, degraded: TriangleAlert, outage: CircleX, unknown: CircleQuestionMark };
const LEGEND: DayLevel[] = ["up", "degraded", "partial", "major", "maintenance", "none"];

const Time = ({ iso }: { iso: string }) => <time dateTime={iso}>{formatUtc(iso)}</time>;

export function StatusView({ status }: { status: PublicStatus }) {
  const Icon = STATUS_ICON[status.overall];
  // Open incidents first, then the most recent (publicStatus gives newest first).
  const incidents = [...status.incidents].sort((a, b) => Number(b.status === "open") - Number(a.status === "open"));
  return (
    <div className="mx-auto max-w-3xl px-4 pb-10 pt-8 sm:pt-12">
      <header>
        <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Service status</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words sm:text-3xl">{status.project.name}</h1>
      </header>
      <main id="main" className="mt-6 space-y-10">
        <section aria-labelledby="status-headline" className={`flex items-center gap-3 rounded-lg px-4 py-4 ring-1 ring-inset sm:px-5 ${toneClasses[STATUS_TONE[status.overall]]}`}>
          <Icon aria-hidden="true" className="size-8 shrink-0" />
          <div className="min-w-0">
            <h2 id="status-headline" className="text-lg font-semibold">
              {status.headline}
            </h2>
            <p className="text-sm">
              Updated <Time iso={status.generatedAt} />
            </p>
          </div>
        </section>

        <section aria-labelledby="services-heading">
          <h2 id="services-heading" className="text-lg font-semibold">
            Services
          </h2>
          <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white px-4 dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 sm:px-5">
            {status.targets.map((t) => (
              <TargetRow key={t.name} target={t} />
            ))}
          </ul>
          <Legend />
        </section>

        <section aria-labelledby="incidents-heading">
          <h2 id="incidents-heading" className="text-lg font-semibold">
            Incidents
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Open incidents and those of the last 14 days, with updates from the team.</p>
          {incidents.length === 0 ? (
            <p className="mt-3 rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
              No incidents in the last 14 days.
            </p>
          ) : (
            <ol className="mt-3 space-y-4">
              {incidents.map((i) => (
                <IncidentItem key={i.number} incident={i} />
              ))}
            </ol>
          )}
        </section>
      </main>
      <footer className="mt-12 flex flex-wrap items-center justify-between gap-2 border-t border-zinc-200 pt-5 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <p>All times are in UTC.</p>
        <p className="flex items-center gap-1.5">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4 text-indigo-600 dark:text-indigo-400" fill="currentColor">
            <path d="M12 2c3 2.5 4.5 6 4.5 9.5 0 1.3-.2 2.6-.6 3.8l2.1 2.2-1.5 3.5-2.6-2H10.1l-2.6 2L6 17.5l2.1-2.2c-.4-1.2-.6-2.5-.6-3.8C7.5 8 9 4.5 12 2Z" />
          </svg>
          Powered by T-Minus
        </p>
      </footer>
    </div>
  );
}

function TargetRow({ target: t }: { target: PublicTarget }) {
  const uptime = t.uptime90dPct === null ? "No uptime figures yet" : `${formatPct(t.uptime90dPct, 2)} uptime over 90 days`;
  return (
    <li className="py-5">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-1.5">
        <h3 className="min-w-0 font-semibold break-words">{t.name}</h3>
        <StatusPill tone={STATUS_TONE[t.status]} label={t.label} />
      </div>
      <p className="sr-only">{uptime}.</p>
      <UptimeBars name={t.name} bars={toBars(t.days)} summary={uptime} />
    </li>
  );
}

function Legend() {
  return (
    <div className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
      <p id="status-bars-help">Each bar is one UTC day; focus a bar and use the arrow keys, Home and End to read each day.</p>
      <ul aria-label="Legend" className="mt-2 flex flex-wrap gap-x-4 gap-y-1.5">
        {LEGEND.map((level) => (
          <li key={level} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="flex h-3.5 w-2 items-end">
              <span className={`block w-full rounded-[1px] ${LEVEL_CLASS[level]} ${LEVEL_HEIGHT[level]}`} />
            </span>
            {LEVEL_LABEL[level]}
          </li>
        ))}
      </ul>
    </div>
  );
}

function IncidentItem({ incident: i }: { incident: PublicIncident }) {
  const open = i.status === "open";
  const id = `incident-${i.number}`;
  return (
    <li>
      <article aria-labelledby={id} className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900 sm:p-5">
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1.5">
          <h3 id={id} className="min-w-0 font-semibold break-words">
            {i.title}
          </h3>
          <StatusPill tone={open ? "danger" : "success"} label={open ? "Ongoing" : "Resolved"} />
        </div>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Started <Time iso={i.startedAt} />
          {i.resolvedAt && (
            <>
              {" "}
              · resolved <Time iso={i.resolvedAt} /> after {formatMinutes(Date.parse(i.resolvedAt) - Date.parse(i.startedAt))}
            </>
          )}
        </p>
        {i.updates.length > 0 && (
          <ol aria-label="Updates, newest first" className="mt-4 space-y-3 border-l-2 border-zinc-200 pl-4 dark:border-zinc-700">
            {i.updates.map((u, n) => (
              <li key={n} className="text-sm">
                <p className="text-xs font-medium text-zinc-600 tabular-nums dark:text-zinc-400">
                  <Time iso={u.at} />
                </p>
                <p className="mt-0.5 whitespace-pre-line break-words">{u.body}</p>
              </li>
            ))}
          </ol>
        )}
      </article>
    </li>
  );
}
