"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField } from "@/components/ui/field";
import { fetchIncidents, uptimeKeys, type IncidentFilters, type TIncident } from "@/lib/queries/uptime";
import { IncidentList } from "./incident-list";

/** Open incidents first, then the newest; live through `incident.updated`. */
export function IncidentsView({ projectId, projectSlug, initial, initialStatus }: { projectId: string; projectSlug: string; initial: TIncident[]; initialStatus?: IncidentFilters["status"] }) {
  const [status, setStatus] = useState(initialStatus);
  const filters: IncidentFilters = { status };
  const { data = [], error } = useQuery({
    queryKey: uptimeKeys.incidentList(projectId, filters),
    queryFn: () => fetchIncidents(projectId, filters),
    initialData: status === initialStatus ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const base = `/projects/${projectSlug}`;
  const open = data.filter((i) => i.status === "open").length;

  function change(next: IncidentFilters["status"]) {
    setStatus(next);
    window.history.replaceState(null, "", next ? `?status=${next}` : window.location.pathname);
  }

  return (
    <section aria-labelledby="incidents-heading" className="space-y-4">
      <h2 id="incidents-heading" className="sr-only">
        Incidents
      </h2>
      <form role="search" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-3">
        <SelectField id="incident-status" label="Status" value={status ?? ""} onChange={(e) => change((e.target.value || undefined) as IncidentFilters["status"])} className="w-full sm:w-56">
          <option value="">Open and resolved</option>
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </SelectField>
        <p role="status" className="pb-2 text-sm tabular-nums text-zinc-600 dark:text-zinc-400">
          {data.length} {data.length === 1 ? "incident" : "incidents"}
          {status ? "" : `, ${open} open`}
          {data.length >= 50 ? " (the newest 50)" : ""}
        </p>
      </form>
      {error ? (
        <ErrorText error={error} fallback="The incidents could not be loaded. Reload the page to try again." />
      ) : data.length === 0 ? (
        <EmptyState title={status === "open" ? "Nothing is open" : "No incidents"}>
          An incident opens when a check fails the number of times in a row it asks for, and closes when it recovers. See every check on the{" "}
          <Link href={`${base}/uptime`} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            Uptime
          </Link>{" "}
          page.
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white px-4 dark:border-zinc-800 dark:bg-zinc-900">
          <IncidentList incidents={data} base={base} showCheck label="Incidents, open first" />
        </div>
      )}
    </section>
  );
}
