"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert, Card } from "@/components/ui/card";
import { EnvironmentBadge, productionEdge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import { fetchCheck, fetchIncidents, fetchUptime, uptimeKeys, type Figures, type TCheck, type TIncident, type TLatency, type TUptime } from "@/lib/queries/uptime";
import { describeCheck, everyLabel, excludedSentence, formatMs, formatPct, formatSpan, WINDOW_LABELS, WINDOWS } from "./format";
import { CheckState } from "./check-state";
import { IncidentList } from "./incident-list";
import { LatencyPanel } from "./latency-panel";
import { UptimeBars } from "./uptime-bars";

type Props = {
  projectId: string;
  projectSlug: string;
  target: { name: string; environment: string } | null;
  initial: { check: TCheck; uptime: TUptime; latency: TLatency; incidents: TIncident[] };
  actions?: ReactNode;
};

/** One check's health; results arriving on the event stream update the header at once and the figures every ~2 s. */
export function CheckHealthView({ projectId, projectSlug, target, initial, actions }: Props) {
  const id = initial.check.id;
  const { data: check = initial.check } = useQuery({ queryKey: uptimeKeys.check(projectId, id), queryFn: () => fetchCheck(projectId, id), initialData: initial.check });
  const { data: uptime = initial.uptime } = useQuery({ queryKey: uptimeKeys.figures(projectId, id), queryFn: () => fetchUptime(projectId, id), initialData: initial.uptime });
  const incidentFilter = { checkId: id };
  const { data: incidents = initial.incidents } = useQuery({ queryKey: uptimeKeys.incidentList(projectId, incidentFilter), queryFn: () => fetchIncidents(projectId, incidentFilter), initialData: initial.incidents });
  const base = `/projects/${projectSlug}`;
  const open = incidents.find((i) => i.status === "open");

  return (
    <div className="min-w-0 space-y-6">
      <Card className={target ? productionEdge(target.environment) : ""}>
        <p className="text-sm">
          <Link href={`${base}/uptime`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            Uptime
          </Link>
        </p>
        <div className="mt-1 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
              {check.name}
              <CheckState state={check.state} large />
            </h1>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
              {target ? (
                <>
                  {target.name} <EnvironmentBadge environment={target.environment} />
                </>
              ) : (
                "Project-wide check"
              )}
            </p>
          </div>
          {actions}
        </div>
        <p data-testid="check-describes" className="mt-3 break-all font-mono text-sm">
          {describeCheck(check)}
        </p>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Last run</dt>
            <dd data-testid="last-run">
              {check.lastResultAt ? <RelativeTime iso={check.lastResultAt} /> : "Not run yet"}
              {check.lastLatencyMs !== null && <span className="tabular-nums"> · {formatMs(check.lastLatencyMs)}</span>}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Next run</dt>
            <dd>{check.nextRunAt ? <RelativeTime iso={check.nextRunAt} /> : "Paused"}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">Schedule</dt>
            <dd>
              Runs {everyLabel(check.intervalSeconds)}, times out after {check.timeoutSeconds} s; {check.failuresToOpen === 1 ? "one failure opens" : `${check.failuresToOpen} failures in a row open`} an incident, {check.successesToClose === 1 ? "one success closes" : `${check.successesToClose} successes in a row close`} it.
            </dd>
          </div>
        </dl>
        {check.state === "down" && check.lastError && (
          <div className="mt-4">
            <Alert title="The last run failed">{check.lastError}</Alert>
          </div>
        )}
        {open && (
          <p className="mt-3 text-sm">
            <Link href={`${base}/incidents/${open.id}`} className="font-semibold text-red-800 underline underline-offset-2 dark:text-red-300">
              Incident #{open.number} is open: {open.title}
            </Link>
          </p>
        )}
      </Card>

      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading" className="sr-only">
          Uptime and latency by window
        </h2>
        <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
          {WINDOWS.map((w) => (
            <FigureCard key={w} label={`Last ${WINDOW_LABELS[w]}`} f={uptime.windows[w]} />
          ))}
        </div>
      </section>

      <LatencyPanel projectId={projectId} checkId={id} initial={initial.latency} />

      <Card aria-labelledby="days-heading">
        <h2 id="days-heading" className="text-lg font-semibold">
          Uptime by day
        </h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">One bar per UTC day, today last. Focus the bars and use the arrow keys to read each day.</p>
        <UptimeBars days={uptime.days} />
      </Card>

      <Card aria-labelledby="check-incidents-heading">
        <h2 id="check-incidents-heading" className="text-lg font-semibold">
          Incidents
        </h2>
        {incidents.length ? (
          <IncidentList incidents={incidents} base={base} label={`Incidents of ${check.name}`} />
        ) : (
          <p className="mt-2 text-sm">None so far. An incident opens after {check.failuresToOpen} failed run{check.failuresToOpen === 1 ? "" : "s"} in a row.</p>
        )}
      </Card>
    </div>
  );
}

function FigureCard({ label, f }: { label: string; f: Figures }) {
  const excluded = excludedSentence(f);
  return (
    <div data-testid="figure-card" className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{label}</h3>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{formatPct(f.uptimePct)}</p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{f.uptimePct === null ? "no results in this window" : `up${f.downMs >= 1000 ? ` · ${formatSpan(f.downMs)} down` : ""}${excluded ? ` · ${excluded}` : ""}`}</p>
      <dl className="mt-2 grid grid-cols-3 gap-2 text-sm tabular-nums">
        {(["p50", "p95", "p99"] as const).map((k) => (
          <div key={k}>
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">{k}</dt>
            <dd className="font-medium">{formatMs(f[k])}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
