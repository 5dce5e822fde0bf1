"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Save } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { useToast } from "@/components/ui/toast";
import { fetchQaProfiles, fetchQaRuns, loadLatest, qaKeys, runQaProfile, type QaFilters, type TQaProfile, type TQaRun, type TQaRunSummary } from "@/lib/queries/qa";
import { KINDS, isProd, runLabel } from "./labels";
import { LatestGrid, type QaTarget } from "./latest-grid";
import type { QaDialogState } from "./qa-dialogs";

// The forms and confirmations load on first use, behind one lazy import (first-load JavaScript budget).
const QaDialog = lazy(() => import("./qa-dialogs").then((m) => ({ default: m.QaDialog })));
// Below the fold: the history table and the profiles load on their own, after the latest results.
const RunHistory = lazy(() => import("./run-history").then((m) => ({ default: m.RunHistory })));
const ProfileList = lazy(() => import("./profiles").then((m) => ({ default: m.ProfileList })));

type Props = {
  projectId: string;
  projectSlug: string;
  targets: QaTarget[];
  initialLatest: Record<string, TQaRunSummary>;
  initialRuns: TQaRunSummary[];
  initialFilters: QaFilters;
  initialProfiles: TQaProfile[];
  canRun: boolean;
  canProductionLoad: boolean;
};

const link = "font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300";

/** The QA page: the latest result of each kind per target first, then every run, then the saved profiles. */
export function QaView({ projectId, projectSlug, targets, initialLatest, initialRuns, initialFilters, initialProfiles, canRun, canProductionLoad }: Props) {
  const base = `/projects/${projectSlug}`;
  const runHref = (id: string) => `${base}/qa/${id}`;
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const latestQuery = useQuery({
    queryKey: qaKeys.latest(projectId),
    queryFn: () => loadLatest((f) => fetchQaRuns(projectId, f), targets.map((t) => t.id), KINDS),
    initialData: initialLatest,
  });
  const profilesQuery = useQuery({ queryKey: qaKeys.profiles(projectId), queryFn: () => fetchQaProfiles(projectId), initialData: initialProfiles });
  const [dialog, setDialog] = useState<QaDialogState | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [runError, setRunError] = useState<{ id: string; error: unknown } | null>(null);
  const latest = latestQuery.data ?? {};
  const anyRun = Object.keys(latest).length > 0;
  const close = () => setDialog(null);

  const started = (run: TQaRun) => {
    toast({ message: `${run.ref} queued: ${runLabel(run)} on ${run.targetName}.` });
    void queryClient.invalidateQueries({ queryKey: qaKeys.all(projectId) });
    router.push(runHref(run.id));
  };
  async function runProfile(p: TQaProfile) {
    setRunError(null);
    if (isProd(p.environment)) {
      setDialog({ kind: "confirm", what: { label: `“${p.name}”`, qaKind: p.kind, targetName: p.targetName, environment: p.environment }, start: (c) => runQaProfile(projectId, p.id, c), onStarted: started });
      return;
    }
    setRunning(p.id);
    try {
      started(await runQaProfile(projectId, p.id));
    } catch (error) {
      setRunError({ id: p.id, error });
    } finally {
      setRunning(null);
    }
  }

  const newRun = canRun && targets.length > 0 && (
    <Button onClick={() => setDialog({ kind: "form", mode: { type: "run" } })} aria-haspopup="dialog">
      <Plus aria-hidden="true" className="size-4" />
      New QA run
    </Button>
  );

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">QA</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            Load tests, accessibility audits, link crawls, bad-input hammering and device screenshots, run by workers against a target. Each run is compared with the one before it: what is new, what is still there, what was fixed.
          </p>
        </div>
        {newRun}
      </div>

      {targets.length === 0 ? (
        <section aria-labelledby="qa-no-targets" className="rounded-lg border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700">
          <h2 id="qa-no-targets" className="text-base font-semibold">
            Add a target first
          </h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
            QA runs against a target: one deployable environment such as staging or production. Add one on the{" "}
            <Link href={`${base}/targets`} className={link}>
              Targets
            </Link>{" "}
            page, then come back to run checks against it.
          </p>
        </section>
      ) : (
        <>
          <section aria-labelledby="qa-latest-heading" className="space-y-3">
            <h2 id="qa-latest-heading" className="text-lg font-semibold">
              Latest results
            </h2>
            {latestQuery.error ? <ErrorText error={latestQuery.error} fallback="The latest results could not be refreshed. Reload the page to try again." /> : null}
            {anyRun ? (
              <LatestGrid targets={targets} latest={latest} runHref={runHref} onRun={canRun ? (targetId, kind) => setDialog({ kind: "form", mode: { type: "run", targetId, kind } }) : undefined} />
            ) : (
              <EmptyState title="No QA runs yet">
                QA runs answer the questions a launch depends on: does the site hold the expected load, pass an accessibility audit, have no broken links, survive bad input, and look right on phones and in dark mode?{" "}
                {canRun ? "Start one with the New QA run button at the top of this page" : "Members, approvers and admins start them"}; the latest result of each kind on each target then shows here.
              </EmptyState>
            )}
          </section>

          {anyRun && (
            <section aria-labelledby="qa-history-heading" className="space-y-3">
              <h2 id="qa-history-heading" className="text-lg font-semibold">
                History
              </h2>
              <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the history…</p>}>
                <RunHistory projectId={projectId} targets={targets} initial={initialRuns} initialFilters={initialFilters} runHref={runHref} />
              </Suspense>
            </section>
          )}

          <section aria-labelledby="qa-profiles-heading" className="space-y-3">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <div>
                <h2 id="qa-profiles-heading" className="text-lg font-semibold">
                  Saved profiles
                </h2>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">Settings kept for a kind on a target: run by hand, every few hours, or after each deploy.</p>
              </div>
              {canRun && (
                <Button variant="secondary" onClick={() => setDialog({ kind: "form", mode: { type: "profile" } })} aria-haspopup="dialog">
                  <Save aria-hidden="true" className="size-4" />
                  Save a profile
                </Button>
              )}
            </div>
            {profilesQuery.error ? <ErrorText error={profilesQuery.error} fallback="The profiles could not be refreshed. Reload the page to try again." /> : null}
            <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the profiles…</p>}>
              <ProfileList
                profiles={profilesQuery.data ?? []}
                runHref={runHref}
                actions={
                  canRun
                    ? { onRun: (p) => void runProfile(p), onEdit: (profile) => setDialog({ kind: "form", mode: { type: "edit", profile } }), onDelete: (profile) => setDialog({ kind: "delete", profile }), running, runError }
                    : undefined
                }
              />
            </Suspense>
          </section>
        </>
      )}

      <Suspense fallback={null}>{dialog && <QaDialog projectId={projectId} projectSlug={projectSlug} targets={targets} canProductionLoad={canProductionLoad} state={dialog} onClose={close} />}</Suspense>
    </div>
  );
}
