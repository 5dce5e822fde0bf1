"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField } from "@/components/ui/field";
import { deploymentKeys, fetchDeployments, STATUS_OPTIONS, type DeploymentFilters, type DeploymentStatusName, type TDeployment } from "@/lib/queries/deployments";
import { DeploymentTable } from "./deployment-table";
import { statusLabel } from "./status";

type Target = { id: string; name: string; environment: string };

/** Newest first, filtered by target and status; the filters live in the URL so a filtered list can be shared. */
export function DeploymentsView({ projectId, projectSlug, targets, initial, initialFilters }: { projectId: string; projectSlug: string; targets: Target[]; initial: TDeployment[]; initialFilters: DeploymentFilters }) {
  const [filters, setFilters] = useState<DeploymentFilters>(initialFilters);
  const same = filters.targetId === initialFilters.targetId && filters.status === initialFilters.status;
  const { data, error, isFetching } = useQuery({
    queryKey: deploymentKeys.list(projectId, filters),
    queryFn: () => fetchDeployments(projectId, filters),
    initialData: same ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const rows = data ?? [];
  const base = `/projects/${projectSlug}`;

  function change(next: DeploymentFilters) {
    setFilters(next);
    const params = new URLSearchParams();
    if (next.targetId) params.set("target", next.targetId);
    if (next.status) params.set("status", next.status);
    const q = params.toString();
    window.history.replaceState(null, "", q ? `?${q}` : window.location.pathname);
  }
  const filtered = Boolean(filters.targetId || filters.status);

  return (
    <section aria-labelledby="deployments-heading" className="space-y-4">
      <h2 id="deployments-heading" className="sr-only">
        Deployments
      </h2>
      <form role="search" aria-label="Filter deployments" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-3">
        <SelectField id="filter-target" label="Target" value={filters.targetId ?? ""} onChange={(e) => change({ ...filters, targetId: e.target.value || undefined })} className="w-full sm:w-56">
          <option value="">All targets</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
              {t.name !== t.environment ? ` (${t.environment})` : ""}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-status" label="Status" value={filters.status ?? ""} onChange={(e) => change({ ...filters, status: (e.target.value || undefined) as DeploymentStatusName | undefined })} className="w-full sm:w-56">
          <option value="">Any status</option>
          {STATUS_OPTIONS.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </SelectField>
        {filtered && (
          <Button variant="ghost" onClick={() => change({})}>
            Clear filters
          </Button>
        )}
        <p role="status" className="pb-2 text-sm tabular-nums text-zinc-600 dark:text-zinc-400">
          {isFetching && !data ? "Loading…" : `${rows.length} ${rows.length === 1 ? "deployment" : "deployments"}${rows.length >= 50 ? " (the newest 50)" : ""}`}
        </p>
      </form>
      {error ? (
        <ErrorText error={error} fallback="The deployments could not be loaded. Reload the page to try again." />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No deployments match these filters" action={<Button variant="secondary" onClick={() => change({})}>Clear filters</Button>}>
            Try another target or status, or clear the filters to see every deployment.
          </EmptyState>
        ) : (
          <EmptyState title="No deployments yet">
            {targets.length ? (
              <>
                Open a target on the{" "}
                <Link href={`${base}/targets`} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                  Targets
                </Link>{" "}
                page and press Deploy a release. CI can request one too: <code className="break-all font-mono text-xs">POST /api/v1/projects/{projectId}/deployments</code>.
              </>
            ) : (
              <>
                Add a target first on the{" "}
                <Link href={`${base}/targets`} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                  Targets
                </Link>{" "}
                page, then deploy a release to it.
              </>
            )}
          </EmptyState>
        )
      ) : (
        <DeploymentTable rows={rows} showTarget caption="Deployments, newest first" href={(d) => `${base}/deployments/${d.id}`} />
      )}
    </section>
  );
}
