"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { RelativeTime } from "@/components/ui/time";
import { auditKeys, fetchAuditPage, type AuditFilters, type TAuditEntry, type TAuditPage } from "@/lib/queries/audit";
import { actorName, describeEntry, diff } from "./describe";

const isAutomated = (e: TAuditEntry) => e.actorType === "system" || e.action === "target.test.result";

export function AuditTable({ projectId, projectBase, targetNames, filters, first }: { projectId: string; projectBase: string; targetNames: Record<string, string>; filters: AuditFilters; first: TAuditPage }) {
  const query = useInfiniteQuery({
    queryKey: auditKeys.list(projectId, filters),
    queryFn: ({ pageParam }) => fetchAuditPage(projectId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: { pages: [first], pageParams: [undefined] },
  });
  const [hideAutomated, setHideAutomated] = useState(false);
  const all = query.data.pages.flatMap((p) => p.items);
  const entries = hideAutomated ? all.filter((e) => !isAutomated(e)) : all;
  if (!all.length) {
    return <EmptyState title="No audit entries match">Clear or widen the filters above; every change in this project is recorded here.</EmptyState>;
  }
  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={hideAutomated} onChange={(e) => setHideAutomated(e.target.checked)} className="size-4" />
        Hide automated entries (connection test results)
      </label>
      <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">Audit log entries, newest first</caption>
          <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              {["When", "What happened", "Action", "Change"].map((h) => (
                <th key={h} scope="col" className="px-4 py-2 font-semibold">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
            {entries.map((e) => (
              <AuditRow key={e.id} entry={e} base={projectBase} targetNames={targetNames} />
            ))}
          </tbody>
        </table>
      </div>
      {query.error && <ErrorText error={query.error} fallback="More entries could not be loaded. Try again." />}
      {query.hasNextPage ? (
        <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
          Load more
        </Button>
      ) : (
        <p className="text-sm tabular-nums text-zinc-600 dark:text-zinc-400">End of the log · {all.length} entries</p>
      )}
    </div>
  );
}

function AuditRow({ entry: e, base, targetNames }: { entry: TAuditEntry; base: string; targetNames: Record<string, string> }) {
  const s = describeEntry(e, { base, targetNames });
  const changes = diff(e.before, e.after);
  return (
    <tr>
      <td data-label="When" className="whitespace-nowrap px-4 py-2 text-zinc-700 dark:text-zinc-300">
        <RelativeTime iso={e.createdAt} />
      </td>
      <td data-label="What" className="px-4 py-2 [overflow-wrap:anywhere]">
        <p>
          <span className="font-medium" title={e.actorLabel}>{actorName(e.actorLabel)}</span> {s.verb}{" "}
          {s.object && (s.object.href ? <Link href={s.object.href} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">{s.object.label}</Link> : <span className="font-medium">{s.object.label}</span>)}
          {s.detail && <> {s.detail}</>}
        </p>
      </td>
      <td data-label="Action" className="px-4 py-2">
        <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">{e.action}</code>
      </td>
      <td data-label="Change" className="px-4 py-2">
        {changes.length > 0 ? (
          <details>
            <summary className="text-sm text-zinc-700 dark:text-zinc-300">
              {changes.length} {changes.length === 1 ? "field" : "fields"}
            </summary>
            <table className="mt-2 text-xs">
              <caption className="sr-only">Before and after</caption>
              <thead>
                <tr className="text-zinc-600 dark:text-zinc-400">
                  <th scope="col" className="pr-3 text-left font-semibold">Field</th>
                  <th scope="col" className="pr-3 text-left font-semibold">Before</th>
                  <th scope="col" className="text-left font-semibold">After</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row" className="pr-3 text-left font-medium">{c.label}</th>
                    <td className="max-w-48 break-all pr-3 font-mono text-red-800 line-through decoration-red-800/40 dark:text-red-300">{c.before || "—"}</td>
                    <td className="max-w-48 break-all font-mono text-emerald-800 dark:text-emerald-300">{c.after || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : (
          <span className="text-zinc-500 dark:text-zinc-400">—</span>
        )}
      </td>
    </tr>
  );
}
