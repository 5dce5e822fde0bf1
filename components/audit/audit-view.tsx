"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Alert, EmptyState } from "@/components/ui/card";
import { Badge } from "@/components/ui/status-pill";
import { ApiError } from "@/lib/queries/api";
import { auditKeys, fetchAuditPage, type AuditFilters, type TAuditPage } from "@/lib/queries/audit";

const summary = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

export function AuditTable({ projectId, filters, first }: { projectId: string; filters: AuditFilters; first: TAuditPage }) {
  const query = useInfiniteQuery({
    queryKey: auditKeys.list(projectId, filters),
    queryFn: ({ pageParam }) => fetchAuditPage(projectId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: { pages: [first], pageParams: [undefined] },
  });
  const entries = query.data.pages.flatMap((p) => p.items);
  if (!entries.length) {
    return <EmptyState title="No audit entries match">Clear or widen the filters above; every change in this project is recorded here.</EmptyState>;
  }
  return (
    <div className="space-y-4">
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit log entries, newest first</caption>
          <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              {["Time", "Actor", "Action", "Object", "Change"].map((h) => (
                <th key={h} scope="col" className="px-4 py-2 font-semibold">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap px-4 py-2">
                  <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
                </td>
                <td className="px-4 py-2">{e.actorLabel}</td>
                <td className="px-4 py-2">
                  <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">{e.action}</code>
                </td>
                <td className="px-4 py-2">
                  <Badge>{e.objectType}</Badge>
                </td>
                <td className="max-w-md px-4 py-2">
                  <span className="line-clamp-2 break-all font-mono text-xs text-zinc-700 dark:text-zinc-300">{summary(e.after ?? e.before)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {query.error && <Alert title="More entries could not be loaded">{query.error instanceof ApiError ? query.error.message : "Try again"}</Alert>}
      {query.hasNextPage ? (
        <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
          Load more
        </Button>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">End of the log · {entries.length} entries</p>
      )}
    </div>
  );
}
