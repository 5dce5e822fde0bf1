"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { ErrorText } from "@/components/ui/error-text";
import { SelectField } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { fetchQaRuns, QA_PAGE_SIZE, qaKeys, type QaFilters, type TQaKind, type TQaRunSummary, type TQaStatus } from "@/lib/queries/qa";
import { FindingCounts, KIND_LABEL, KINDS, runLabel, QaStatus, STATUS_LABEL, STATUSES, TRIGGER_LABEL, isProd } from "./labels";
import { RunDuration } from "./duration";
import type { QaTarget } from "./latest-grid";

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const td = "px-3 py-2.5 align-top";
const link = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";


/** Every run, newest first, filtered by kind, target and status (kept in the URL so a filtered list can be shared). */
export function RunHistory({ projectId, targets, initial, initialFilters, runHref }: { projectId: string; targets: QaTarget[]; initial: TQaRunSummary[]; initialFilters: QaFilters; runHref: (id: string) => string }) {
  const [filters, setFilters] = useState<QaFilters>(initialFilters);
  const same = filters.kind === initialFilters.kind && filters.targetId === initialFilters.targetId && filters.status === initialFilters.status;
  const { data, error, isFetching, hasNextPage, fetchNextPage, isFetchingNextPage } = useInfiniteQuery({
    queryKey: qaKeys.list(projectId, filters),
    queryFn: ({ pageParam }) => fetchQaRuns(projectId, { ...filters, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length >= QA_PAGE_SIZE ? last[last.length - 1]?.id : undefined),
    initialData: same ? { pages: [initial], pageParams: [undefined] } : undefined,
    placeholderData: keepPreviousData,
  });
  const rows = data?.pages.flat() ?? [];

  function change(next: QaFilters) {
    setFilters(next);
    const params = new URLSearchParams();
    if (next.kind) params.set("kind", next.kind);
    if (next.targetId) params.set("target", next.targetId);
    if (next.status) params.set("status", next.status);
    const q = params.toString();
    window.history.replaceState(null, "", q ? `?${q}` : window.location.pathname);
  }
  const filtered = Boolean(filters.kind || filters.targetId || filters.status);
  const targetOf = (r: TQaRunSummary) => (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      {r.targetName}
      {isProd(r.environment) && <EnvironmentBadge environment={r.environment} />}
    </span>
  );

  return (
    <div className="space-y-4">
      <form role="search" aria-label="Filter QA runs" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-end gap-3">
        <SelectField id="qa-filter-kind" label="Kind" value={filters.kind ?? ""} onChange={(e) => change({ ...filters, kind: (e.target.value || undefined) as TQaKind | undefined })} className="w-full sm:w-52">
          <option value="">All kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </SelectField>
        <SelectField id="qa-filter-target" label="Target" value={filters.targetId ?? ""} onChange={(e) => change({ ...filters, targetId: e.target.value || undefined })} className="w-full sm:w-52">
          <option value="">All targets</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
              {t.name !== t.environment ? ` (${t.environment})` : ""}
            </option>
          ))}
        </SelectField>
        <SelectField id="qa-filter-status" label="Status" value={filters.status ?? ""} onChange={(e) => change({ ...filters, status: (e.target.value || undefined) as TQaStatus | undefined })} className="w-full sm:w-44">
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </SelectField>
        {filtered && (
          <Button variant="ghost" onClick={() => change({})}>
            Clear filters
          </Button>
        )}
        <p role="status" className="pb-2 text-sm tabular-nums text-zinc-600 dark:text-zinc-400">
          {isFetching && !data ? "Loading…" : `${rows.length} ${rows.length === 1 ? "run" : "runs"}${hasNextPage ? " so far" : ""}`}
        </p>
      </form>
      {error ? (
        <ErrorText error={error} fallback="The QA runs could not be loaded. Reload the page to try again." />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No runs match these filters" : "No QA runs yet"} action={filtered ? <Button variant="secondary" onClick={() => change({})}>Clear filters</Button> : undefined}>
          {filtered ? "Try another kind, target or status, or clear the filters to see every run." : "Runs appear here as soon as someone, CI, a schedule or a deploy starts one."}
        </EmptyState>
      ) : (
        <>
          <div className="hidden overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900 lg:block">
            <table className="w-full text-sm">
              <caption className="sr-only">QA runs, newest first</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950">
                <tr>
                  <th scope="col" className={th}>Run</th>
                  <th scope="col" className={th}>Kind</th>
                  <th scope="col" className={th}>Target</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Trigger</th>
                  <th scope="col" className={th}>Requested by</th>
                  <th scope="col" className={th}>Started</th>
                  <th scope="col" className={`${th} text-right`}>Duration</th>
                  <th scope="col" className={th}>Findings</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rows.map((r) => (
                  <tr key={r.id} data-testid="qa-run-row">
                    <td className={td}>
                      <Link href={runHref(r.id)} className={`${link} whitespace-nowrap tabular-nums`}>
                        {r.ref}
                      </Link>
                    </td>
                    <td className={td}>{runLabel(r)}</td>
                    <td className={td}>{targetOf(r)}</td>
                    <td className={td}>
                      <QaStatus status={r.status} />
                    </td>
                    <td className={td}>{TRIGGER_LABEL[r.trigger]}</td>
                    <td className={`${td} break-words`}>{r.requestedBy}</td>
                    <td className={`${td} whitespace-nowrap`}>{r.startedAt ? <RelativeTime iso={r.startedAt} /> : <span className="text-zinc-600 dark:text-zinc-400">Not started</span>}</td>
                    <td className={`${td} whitespace-nowrap text-right tabular-nums`}><RunDuration run={r} /></td>
                    <td className={td}>
                      <FindingCounts findings={r.findings} compact />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul aria-label="QA runs, newest first" className="space-y-3 lg:hidden">
            {rows.map((r) => (
              <li key={r.id} className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Link href={runHref(r.id)} className={link}>
                    <span className="tabular-nums">{r.ref}</span> · {runLabel(r)} → {r.targetName}
                  </Link>
                  <QaStatus status={r.status} />
                </div>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-zinc-700 dark:text-zinc-300">
                  <dt className="text-zinc-600 dark:text-zinc-400">Requested</dt>
                  <dd className="min-w-0 break-words">
                    {r.requestedBy} · {TRIGGER_LABEL[r.trigger]}
                  </dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Started</dt>
                  <dd>{r.startedAt ? <RelativeTime iso={r.startedAt} /> : "Not started"}</dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Duration</dt>
                  <dd className="tabular-nums"><RunDuration run={r} /></dd>
                  <dt className="text-zinc-600 dark:text-zinc-400">Findings</dt>
                  <dd>
                    <FindingCounts findings={r.findings} compact />
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
          {hasNextPage && (
            <Button variant="secondary" busy={isFetchingNextPage} onClick={() => void fetchNextPage()}>
              Show older runs
            </Button>
          )}
        </>
      )}
    </div>
  );
}
