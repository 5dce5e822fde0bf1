"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, RotateCcw, Rocket } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { EnvironmentBadge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { cancelQaRun, createQaRun, fetchQaRun, isQaActive, qaKeys, type TQaLogLine, type TQaPoint, type TQaRun } from "@/lib/queries/qa";
import { RunDuration } from "./duration";
import { KIND_ICON, KIND_LABEL, QaStatus, runLabel, TRIGGER_WORDS, isProd, prodEdge } from "./labels";
import type { QaDialogState } from "./qa-dialogs";
import { QaError } from "./qa-error";

// Names of a load run's secret headers: few runs have them, so the list loads only when there are some.
const SecretKeyList = lazy(() => import("./secret-keys").then((m) => ({ default: m.SecretKeyList })));
const QaDialog = lazy(() => import("./qa-dialogs").then((m) => ({ default: m.QaDialog })));
// A run page shows one kind's figures: each kind's loads on its own (first-load JavaScript budget), as do the parts
// only some runs have.
const LoadFigures = lazy(() => import("./figures-load").then((m) => ({ default: m.LoadFigures })));
const A11yFigures = lazy(() => import("./figures-a11y").then((m) => ({ default: m.A11yFigures })));
const LinksFigures = lazy(() => import("./figures-links").then((m) => ({ default: m.LinksFigures })));
const FuzzFigures = lazy(() => import("./figures-fuzz").then((m) => ({ default: m.FuzzFigures })));
const DevicesFigures = lazy(() => import("./figures-devices").then((m) => ({ default: m.DevicesFigures })));
const FindingGroups = lazy(() => import("./findings").then((m) => ({ default: m.FindingGroups })));
const ReviewList = lazy(() => import("./findings").then((m) => ({ default: m.ReviewList })));
const RunLog = lazy(() => import("./run-log").then((m) => ({ default: m.RunLog })));
const ArtifactList = lazy(() => import("./artifacts").then((m) => ({ default: m.ArtifactList })));

/** While a run is live its events carry progress; this refetch only catches a missed status change. */
const LIVE_REFETCH_MS = 5000;
const link = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";
const dt = "text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";

type Props = { projectId: string; projectSlug: string; initial: TQaRun; initialLog: TQaLogLine[]; initialPoints: TQaPoint[]; canRun: boolean; canProductionLoad: boolean };

/** Why a run shows no "compared with" run: only a run that passed or failed is compared with an earlier one. */
function notCompared(status: TQaRun["status"]): string {
  if (status === "queued" || status === "running") return "Decided when it finishes";
  if (status === "errored" || status === "cancelled") return "Nothing: a run that could not finish is not compared";
  return "Nothing: the first finished run of this kind here";
}

function liveSentence(run: TQaRun): string {
  if (run.status === "queued") return run.cancelRequested ? "Cancelled before it started." : "Queued: it starts when a worker is free.";
  if (run.cancelRequested) return "Cancel requested: it stops at its next check and keeps what it measured so far.";
  return run.progressMessage ?? "Running…";
}

/** One QA run: live progress and log while it runs; the result, figures, findings against the previous run once done. */
export function RunView({ projectId, projectSlug, initial, initialLog, initialPoints, canRun, canProductionLoad }: Props) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const key = qaKeys.run(projectId, initial.id);
  const { data: run = initial } = useQuery({
    queryKey: key,
    queryFn: () => fetchQaRun(projectId, initial.id),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && isQaActive(q.state.data.status) ? LIVE_REFETCH_MS : false),
  });
  const [dialog, setDialog] = useState<QaDialogState | null>(null);
  const [busy, setBusy] = useState<"cancel" | "again" | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const base = `/projects/${projectSlug}`;
  const live = isQaActive(run.status);
  const prod = isProd(run.environment);
  const metrics = run.metrics ?? {};
  const secretKeys = run.secretKeys ?? [];
  const compared = run.findingsList.filter((f) => !f.needsReview);
  const review = run.findingsList.filter((f) => f.needsReview);
  const KindIcon = KIND_ICON[run.kind];
  // A run that errored or was cancelled compared nothing; its findings section would only say so three times.
  const showFindings = !live && (run.findingsList.length > 0 || run.status === "passed" || run.status === "failed");
  const percent = Math.round(Math.max(0, Math.min(1, run.progress)) * 100);

  async function cancel() {
    setBusy("cancel");
    setActionError(null);
    try {
      const next = await cancelQaRun(projectId, run.id);
      queryClient.setQueryData<TQaRun>(key, next);
      toast({ message: next.status === "cancelled" ? `Cancelled ${run.ref}.` : `Asked ${run.ref} to stop; it keeps what it measured so far.` });
      void queryClient.invalidateQueries({ queryKey: qaKeys.all(projectId) });
      requestAnimationFrame(() => document.getElementById("qa-run-status")?.focus());
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(null);
    }
  }
  const startAgain = (confirmProduction: boolean) => createQaRun(projectId, { targetId: run.targetId, kind: run.kind, settings: run.settings, ...(confirmProduction ? { confirmProduction } : {}) });
  const started = (next: TQaRun) => {
    toast({ message: `${next.ref} queued: ${KIND_LABEL[next.kind]} on ${next.targetName} again.` });
    void queryClient.invalidateQueries({ queryKey: qaKeys.all(projectId) });
    router.push(`${base}/qa/${next.id}`);
  };
  async function again() {
    setActionError(null);
    if (prod) {
      setDialog({ kind: "confirm", what: { label: `${runLabel(run).toLowerCase()} again`, qaKind: run.kind, targetName: run.targetName, environment: run.environment }, start: startAgain, onStarted: started });
      return;
    }
    setBusy("again");
    try {
      started(await startAgain(false));
    } catch (err) {
      setActionError(err);
      setBusy(null);
    }
  }

  const canCancel = canRun && live && !run.cancelRequested;
  const actions = canRun && (canCancel || !live) && (
    <div className="flex flex-wrap gap-2 sm:justify-end">
      {canCancel && (
        <Button variant="secondary" busy={busy === "cancel"} onClick={() => void cancel()}>
          <Ban aria-hidden="true" className="size-4" />
          Cancel run
        </Button>
      )}
      {!live && (
        <Button variant={prod ? "production" : "primary"} busy={busy === "again"} onClick={() => void again()} aria-haspopup={prod ? "dialog" : undefined}>
          {prod ? <Rocket aria-hidden="true" className="size-4" /> : <RotateCcw aria-hidden="true" className="size-4" />}
          Run again
        </Button>
      )}
    </div>
  );
  return (
    <div className="min-w-0 space-y-6">
      <Card className={prodEdge(run.environment)}>
        <p className="text-sm">
          <Link href={`${base}/qa`} className={link}>
            QA
          </Link>
          <span aria-hidden="true" className="text-zinc-500"> / </span>
          <Link href={`${base}/targets/${run.targetId}`} className={link}>
            {run.targetName}
          </Link>
        </p>
        <div className="mt-2 grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
              <h1 className="flex min-w-0 flex-wrap items-center gap-x-2 break-words text-2xl font-semibold tracking-tight sm:text-3xl">
                <span className="tabular-nums">{run.ref}</span>
                <span aria-hidden="true">·</span>
                <KindIcon aria-hidden="true" className="size-6 text-zinc-500 dark:text-zinc-400" />
                {runLabel(run)} → {run.targetName}
              </h1>
              <EnvironmentBadge environment={run.environment} />
            </div>
            {/* Only the status word is announced; the progress sentence changes every second and stays quiet. */}
            <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2">
              <div id="qa-run-status" tabIndex={-1} role="status" className="focus:outline-none">
                <QaStatus status={run.status} large />
              </div>
              {live && <p className="text-base text-zinc-800 dark:text-zinc-200">{liveSentence(run)}</p>}
            </div>
          </div>
          {actions}
        </div>
        <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className={dt}>Requested</dt>
            <dd className="break-words">
              by {run.requestedBy} · {TRIGGER_WORDS[run.trigger]} · <RelativeTime iso={run.createdAt} />
              {run.deploymentId && (
                <>
                  {" "}
                  ·{" "}
                  <Link href={`${base}/deployments/${run.deploymentId}`} className={link}>
                    the deployment
                  </Link>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt className={dt}>Duration</dt>
            <dd className="tabular-nums">
              <RunDuration run={run} soFar />
            </dd>
          </div>
          <div>
            <dt className={dt}>Against</dt>
            <dd className="break-all font-mono text-xs leading-5">{run.baseUrl}</dd>
          </div>
          <div>
            <dt className={dt}>Compared with</dt>
            <dd>
              {run.previous ? (
                <>
                  <Link href={`${base}/qa/${run.previous.id}`} className={link}>
                    {run.previous.ref}
                  </Link>{" "}
                  <span className="text-zinc-600 dark:text-zinc-400">
                    (<RelativeTime iso={run.previous.finishedAt ?? run.previous.createdAt} />)
                  </span>
                </>
              ) : (
                <span className="text-zinc-600 dark:text-zinc-400">{notCompared(run.status)}</span>
              )}
            </dd>
          </div>
        </dl>
        {actionError !== null && <QaError error={actionError} fallback="That did not work. Try again." className="mt-3" />}
      </Card>

      {live ? (
        <Card aria-labelledby="qa-progress-heading">
          <h2 id="qa-progress-heading" className="text-lg font-semibold">
            Progress
          </h2>
          <div className="mt-3 flex items-center gap-3">
            <div
              role="progressbar"
              aria-labelledby="qa-progress-heading"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={`${percent}%: ${liveSentence(run)}`}
              className="h-3 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
            >
              <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-500 motion-reduce:transition-none dark:bg-indigo-400" style={{ width: `${percent}%` }} />
            </div>
            <span className="w-12 text-right text-sm font-semibold tabular-nums">{percent}%</span>
          </div>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{liveSentence(run)}</p>
        </Card>
      ) : (
        <Card aria-labelledby="qa-result-heading">
          <h2 id="qa-result-heading" className="text-lg font-semibold">
            Result
          </h2>
          <p data-testid="qa-summary" className="mt-2 max-w-4xl text-xl font-medium leading-snug sm:text-2xl">
            {run.summary ?? (run.status === "cancelled" ? "Cancelled before it reported anything." : "The run reported no summary.")}
          </p>
          {!run.reliable && (
            <div className="mt-4">
              <Alert tone="warning" title="Unreliable result">
                {run.unreliableReason ?? "Part of the run could not be measured; read the log before trusting the figures."} Treat the figures and findings as incomplete.
              </Alert>
            </div>
          )}
        </Card>
      )}

      {(run.kind === "load" || Object.keys(metrics).length > 0 || run.artifacts.length > 0) && (
        <Card aria-labelledby="qa-figures-heading">
          <h2 id="qa-figures-heading" className="mb-4 text-lg font-semibold">
            {run.kind === "devices" ? "Screenshots" : "Figures"}
          </h2>
          <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the figures…</p>}>
            {run.kind === "load" && <LoadFigures projectId={projectId} runId={run.id} metrics={metrics} live={live} initialPoints={initialPoints} />}
            {run.kind === "a11y" && <A11yFigures metrics={metrics} />}
            {run.kind === "links" && <LinksFigures metrics={metrics} />}
            {run.kind === "fuzz" && <FuzzFigures metrics={metrics} />}
            {run.kind === "devices" && <DevicesFigures metrics={metrics} artifacts={run.artifacts} />}
          </Suspense>
        </Card>
      )}

      {showFindings && (
        <Card aria-labelledby="qa-findings-heading">
          <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="qa-findings-heading" className="text-lg font-semibold">
              Findings
            </h2>
            <p className="text-sm text-zinc-700 dark:text-zinc-300">
              {run.previous ? (
                <>
                  Against{" "}
                  <Link href={`${base}/qa/${run.previous.id}`} className={link}>
                    {run.previous.ref}
                  </Link>
                  : <span className="tabular-nums">{run.findings.new}</span> new, <span className="tabular-nums">{run.findings.persisting}</span> still there, <span className="tabular-nums">{run.findings.fixed}</span> fixed
                </>
              ) : (
                "No earlier run to compare with: everything found is new."
              )}
            </p>
          </div>
          {compared.length ? (
            <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the findings…</p>}>
              <FindingGroups findings={compared} />
            </Suspense>
          ) : (
            <p className="text-sm text-zinc-700 dark:text-zinc-300">No findings: nothing new, nothing still there, nothing fixed.</p>
          )}
        </Card>
      )}

      {review.length > 0 && (
        <Card aria-labelledby="qa-review-heading">
          <h2 id="qa-review-heading" className="text-lg font-semibold">
            Needs review <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({review.length})</span>
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The checks could not decide these on their own; a person should look. They do not fail the run.</p>
          <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>}>
            <ReviewList findings={review} />
          </Suspense>
        </Card>
      )}

      <Card aria-labelledby="qa-log-heading">
        <h2 id="qa-log-heading" className="mb-3 text-lg font-semibold">
          Log {live && <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">· live</span>}
        </h2>
        <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the log…</p>}>
          <RunLog projectId={projectId} runId={run.id} live={live} initial={initialLog} />
        </Suspense>
      </Card>

      <div className={`grid min-w-0 gap-6 ${run.artifacts.length ? "lg:grid-cols-2" : ""}`}>
        {run.artifacts.length > 0 && (
          <Card aria-labelledby="qa-artifacts-heading">
            <h2 id="qa-artifacts-heading" className="mb-2 text-lg font-semibold">
              Files <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({run.artifacts.length})</span>
            </h2>
            <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the list of files…</p>}>
              <ArtifactList artifacts={run.artifacts} />
            </Suspense>
          </Card>
        )}
        <Card aria-labelledby="qa-settings-heading">
          <h2 id="qa-settings-heading" className="mb-2 text-lg font-semibold">
            Settings used
          </h2>
          <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">What the run was asked to do, with the defaults filled in{live ? "" : "; Run again sends the same"}.</p>
          <pre tabIndex={0} aria-label="Settings as JSON" className="max-h-72 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950">
            {JSON.stringify(run.settings, null, 2)}
          </pre>
          {secretKeys.length > 0 && (
            <div className="mt-3">
              <h3 className="text-sm font-semibold">Secret headers</h3>
              <Suspense fallback={<p className="mt-1 font-mono text-xs">{secretKeys.join(", ")}</p>}>
                <SecretKeyList keys={secretKeys} className="mt-1 text-sm" />
              </Suspense>
              {!live && canRun && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Run again sends the settings only, not these values: to send them, start a new run and enter them, or run the profile that holds them.</p>}
            </div>
          )}
        </Card>
      </div>

      <Suspense fallback={null}>
        {dialog && <QaDialog projectId={projectId} projectSlug={projectSlug} targets={[{ id: run.targetId, name: run.targetName, environment: run.environment }]} canProductionLoad={canProductionLoad} state={dialog} onClose={() => setDialog(null)} />}
      </Suspense>
    </div>
  );
}
