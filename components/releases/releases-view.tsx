"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Download, Rocket } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { changelogUrl, creatorLabel, fetchReleases, releaseKeys, type TRelease } from "@/lib/queries/releases";
import { ChangeCounts, ChangeGroups } from "./release-changes";
import { NewReleaseForm } from "./new-release-form";

const headingId = (version: string) => `release-${version.replace(/[^0-9A-Za-z-]/g, "_")}`;

export function ReleasesView({ projectId, initial, canCreate }: { projectId: string; initial: TRelease[]; canCreate: boolean }) {
  const queryClient = useQueryClient();
  const { data: releases = initial } = useQuery({ queryKey: releaseKeys.list(projectId), queryFn: () => fetchReleases(projectId), initialData: initial });
  const [creating, setCreating] = useState(false);
  const focusVersion = useRef<string | null>(null);
  const toast = useToast();
  const latest = releases[0];

  // After the commit that shows the new release (and closed the dialog, which returned focus to its opener).
  useEffect(() => {
    if (!focusVersion.current) return;
    const el = document.getElementById(headingId(focusVersion.current));
    if (!el) return;
    focusVersion.current = null;
    el.focus();
  }, [releases]);

  function onCreated(r: TRelease) {
    setCreating(false);
    toast({ message: `Released ${r.version}${r.title ? ` (${r.title})` : ""}.` });
    focusVersion.current = r.version;
    void queryClient.invalidateQueries({ queryKey: releaseKeys.list(projectId) });
  }

  const newButton = canCreate && (
    <Button onClick={() => setCreating(true)} aria-haspopup="dialog">
      <Rocket aria-hidden="true" className="size-4" />
      New release
    </Button>
  );

  return (
    <div className="min-w-0 space-y-8">
      <Dialog open={creating} onClose={() => setCreating(false)} title="New release" description="Paste the commits since the last release; Preview shows the version T-Minus suggests and the changelog entry before anything is created." wide>
        <NewReleaseForm projectId={projectId} onCreated={onCreated} onCancel={() => setCreating(false)} />
      </Dialog>

      {latest ? (
        <section aria-labelledby="latest-heading" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div className="min-w-0">
              <h2 id="latest-heading" className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
                Latest release
              </h2>
              <p data-testid="latest-version" className="mt-1 break-all font-mono text-4xl font-semibold tracking-tight sm:text-5xl">
                {latest.version}
              </p>
              <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
                {latest.title && <span className="font-medium text-zinc-900 dark:text-zinc-100">{latest.title} · </span>}
                released <RelativeTime iso={latest.createdAt} />
              </p>
              <ChangeCounts changes={latest.changes} className="mt-3" />
            </div>
            <div className="flex flex-wrap gap-2">
              {newButton}
              <a href={changelogUrl(projectId)} download="CHANGELOG.md" className={buttonClass("secondary")}>
                <Download aria-hidden="true" className="size-4" />
                Export CHANGELOG.md
              </a>
            </div>
          </div>
        </section>
      ) : (
        <EmptyState title="No releases yet" action={newButton || undefined}>
          <p>
            {canCreate ? "Create the first release with New release, or let CI post one: " : "Someone with the member role or above creates releases, or CI posts one: "}
            <code className="break-all font-mono text-xs">POST /api/v1/projects/{projectId}/releases</code> with the commits since the last tag. See the{" "}
            <Link href="/docs/api" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
              API docs
            </Link>
            .
          </p>
        </EmptyState>
      )}

      {latest && (
        <section aria-labelledby="history-heading" className="space-y-3">
          <h2 id="history-heading" className="text-lg font-semibold tabular-nums">
            History <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">({releases.length} {releases.length === 1 ? "release" : "releases"})</span>
          </h2>
          <ol className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
            {releases.map((r) => (
              <li key={r.id} data-testid="release" className="min-w-0 space-y-3 p-4 sm:p-5">
                <div className="flex flex-col gap-1 sm:flex-row sm:flex-wrap sm:items-baseline sm:justify-between sm:gap-x-4">
                  <h3 id={headingId(r.version)} tabIndex={-1} className="flex min-w-0 flex-wrap items-baseline gap-x-2 text-base font-semibold">
                    <span className="break-all font-mono text-lg">{r.version}</span>{" "}
                    {r.title && <span className="break-words">{r.title}</span>}
                  </h3>
                  <p className="min-w-0 break-words text-sm text-zinc-600 dark:text-zinc-400">
                    by <span className="break-all">{creatorLabel(r.createdBy)}</span> · <RelativeTime iso={r.createdAt} />
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
                  <ChangeCounts changes={r.changes} />
                  {(r.gitRef || r.commitSha) && (
                    <p className="text-xs text-zinc-600 dark:text-zinc-400">
                      {r.gitRef && <span className="break-all font-mono">{r.gitRef}</span>}
                      {r.gitRef && r.commitSha && " at "}
                      {r.commitSha && <span className="font-mono">{r.commitSha.slice(0, 7)}</span>}
                    </p>
                  )}
                </div>
                {r.notes && <p className="whitespace-pre-line break-words text-sm">{r.notes}</p>}
                <ChangeGroups changes={r.changes} />
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
