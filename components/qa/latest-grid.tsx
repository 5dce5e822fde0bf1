import Link from "next/link";
import { Play } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import type { TQaKind, TQaRunSummary } from "@/lib/queries/qa";
import { FindingCounts, KIND_ICON, KIND_LABEL, KINDS, QaStatus, isProd, plural, prodEdge } from "./labels";

export type QaTarget = { id: string; name: string; environment: string };

const link = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";

/** One line per target: what is failing there now, so the grid answers "can we ship?" before it is read. */
function targetLine(runs: (TQaRunSummary | undefined)[]): string {
  const count = (s: TQaRunSummary["status"][]) => runs.filter((r) => r && s.includes(r.status)).length;
  const failing = count(["failed", "errored"]);
  const running = count(["running"]);
  const queued = count(["queued"]);
  const passed = count(["passed"]);
  const never = runs.filter((r) => !r).length;
  const parts = [failing && `${plural(failing, "kind")} failing`, running && `${running} running`, queued && `${queued} queued`, passed && `${passed} passed`, never && `${never} not run yet`].filter(Boolean);
  return parts.join(" · ");
}

/** For each target, the latest run of each kind: status in words and icon, when, the summary and what changed. */
export function LatestGrid({ targets, latest, runHref, onRun }: { targets: QaTarget[]; latest: Record<string, TQaRunSummary>; runHref: (id: string) => string; onRun?: (targetId: string, kind: TQaKind) => void }) {
  return (
    <div className="grid min-w-0 gap-4 xl:grid-cols-2">
      {targets.map((t) => {
        const runs = KINDS.map((k) => latest[`${t.id}:${k}`]);
        return (
          <section key={t.id} aria-labelledby={`latest-${t.id}`} className={`min-w-0 rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${prodEdge(t.environment)}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
              <h3 id={`latest-${t.id}`} className="flex items-center gap-2 text-base font-semibold">
                {t.name}
                {t.name !== t.environment || isProd(t.environment) ? <EnvironmentBadge environment={t.environment} /> : null}
              </h3>
              <p className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{targetLine(runs)}</p>
            </div>
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {KINDS.map((kind, i) => {
                const run = runs[i];
                const Icon = KIND_ICON[kind];
                return (
                  <li key={kind} data-testid="latest-cell" data-kind={kind} className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 px-4 py-3 sm:grid-cols-[11rem_minmax(0,1fr)_auto]">
                    <p className="flex items-center gap-2 text-sm font-medium">
                      <Icon aria-hidden="true" className="size-4 shrink-0 text-zinc-500 dark:text-zinc-400" />
                      {KIND_LABEL[kind]}
                    </p>
                    {run ? (
                      <>
                        <div className="col-span-2 row-start-2 min-w-0 text-sm sm:col-span-1 sm:col-start-2 sm:row-start-1">
                          <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                            <QaStatus status={run.status} />
                            {run.status === "running" && <span className="text-xs tabular-nums text-zinc-700 dark:text-zinc-300">{Math.round(run.progress * 100)}%</span>}
                            <FindingCounts findings={run.findings} compact />
                            {!run.reliable && <span className="text-xs font-semibold text-amber-800 dark:text-amber-300">unreliable</span>}
                          </p>
                          <p className="mt-1 line-clamp-2 break-words text-zinc-700 dark:text-zinc-300">{run.summary ?? run.progressMessage ?? (run.status === "queued" ? "Waiting for a worker." : "Starting…")}</p>
                        </div>
                        <p className="col-start-2 row-start-1 text-right text-xs text-zinc-600 sm:col-start-3 dark:text-zinc-400">
                          <Link href={runHref(run.id)} className={`${link} text-sm`}>
                            {run.ref}
                            <span className="sr-only">
                              : {KIND_LABEL[kind]} on {t.name}
                            </span>
                          </Link>
                          <br />
                          <RelativeTime iso={run.finishedAt ?? run.startedAt ?? run.createdAt} />
                        </p>
                      </>
                    ) : (
                      <div className="col-start-1 row-start-2 flex items-center justify-between gap-3 text-sm text-zinc-600 sm:col-span-2 sm:col-start-2 sm:row-start-1 dark:text-zinc-400">
                        <span>Not run yet</span>
                        {onRun && (
                          <Button variant="ghost" className="!px-2 !py-1" onClick={() => onRun(t.id, kind)} aria-haspopup="dialog">
                            <Play aria-hidden="true" className="size-3.5" />
                            Run<span className="sr-only"> {KIND_LABEL[kind]} on {t.name}</span>
                          </Button>
                        )}
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
