"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, Lock, LockOpen, Snowflake, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { productionEdge } from "@/components/ui/environment-badge";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { deploymentKeys, fetchDeployments, fetchTargetState, lockTarget, unlockTarget, type TDeployment, type TTargetDeployState } from "@/lib/queries/deployments";
import type { TRelease } from "@/lib/queries/releases";
import { DeployButton } from "./deploy-dialog";
import { ReasonDialog } from "./reason-dialog";
import { RollbackButton } from "./rollback-button";
import { DeploymentStatus, statusSentence } from "./status";

// Shown only while a deployment runs: its steps load then (first-load JavaScript budget).
const StepList = lazy(() => import("./step-list").then((m) => ({ default: m.StepList })));
// The history table is server-rendered with the page; its code loads as the page hydrates (JS budget).
const DeploymentTable = lazy(() => import("./deployment-table").then((m) => ({ default: m.DeploymentTable })));

type Target = { id: string; name: string; environment: string; baseUrl: string };
type Can = { deploy: boolean; lock: boolean; override: boolean; rollback: boolean };

/** `settings` (policy and freeze windows) comes rendered from the server and refreshes with the page after a change. */
export function TargetDeployView({ projectId, projectSlug, target, initialState, initialHistory, releases, can, rollbackNote, settings }: {
  projectId: string;
  projectSlug: string;
  target: Target;
  initialState: TTargetDeployState;
  initialHistory: TDeployment[];
  releases: TRelease[];
  can: Can;
  rollbackNote: string;
  settings: ReactNode;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const stateKey = deploymentKeys.targetState(projectId, target.id);
  const { data: state = initialState } = useQuery({ queryKey: stateKey, queryFn: () => fetchTargetState(projectId, target.id), initialData: initialState });
  const { data: history = initialHistory } = useQuery({
    queryKey: deploymentKeys.list(projectId, { targetId: target.id }),
    queryFn: () => fetchDeployments(projectId, { targetId: target.id }, 30),
    initialData: initialHistory,
  });
  const [lockDialog, setLockDialog] = useState<"lock" | "unlock" | null>(null);
  const base = `/projects/${projectSlug}`;
  const href = (d: { id: string }) => `${base}/deployments/${d.id}`;
  const live = state.live;

  async function onLockChange(next: TTargetDeployState, message: string) {
    queryClient.setQueryData(stateKey, next);
    setLockDialog(null);
    toast({ message });
  }

  return (
    <div className="min-w-0 space-y-6">
      <section aria-labelledby="live-heading" className={`rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${productionEdge(target.environment)}`}>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h2 id="live-heading" className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
              Live now on {target.name}
            </h2>
            {live ? (
              <>
                <p data-testid="live-version" className="mt-1 break-all font-mono text-4xl font-semibold tracking-tight sm:text-5xl">
                  {live.version}
                </p>
                <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
                  {live.kind === "rollback" ? "Rolled back " : "Deployed "}
                  <RelativeTime iso={live.at} /> by{" "}
                  <Link href={href({ id: live.deploymentId })} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                    deployment #{live.number}
                  </Link>{" "}
                  (requested by {live.requestedBy})
                </p>
              </>
            ) : (
              <>
                <p data-testid="live-version" className="mt-1 font-mono text-4xl font-semibold tracking-tight text-zinc-500 dark:text-zinc-400 sm:text-5xl">
                  —
                </p>
                <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">T-Minus has not deployed to {target.name} yet{can.deploy ? "; Deploy a release puts the first one live." : "."}</p>
              </>
            )}
            <p className="mt-2 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{target.baseUrl}</p>
          </div>
          <div className="flex flex-wrap gap-2">
            {can.deploy && state.deployable.ok && (
              <DeployButton projectId={projectId} projectSlug={projectSlug} target={target} releases={releases} liveVersion={live?.version ?? null} canOverride={can.override} approvalsRequired={state.policy.approvalsRequired} />
            )}
            {can.lock && !state.lock && (
              <Button variant="secondary" onClick={() => setLockDialog("lock")} aria-haspopup="dialog">
                <Lock aria-hidden="true" className="size-4" />
                Lock
              </Button>
            )}
          </div>
        </div>
        <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">{state.deployable.ok ? state.deployable.how : null}</p>
      </section>

      {!state.deployable.ok && (
        <Alert tone="warning" title={`${target.name} cannot be deployed yet`}>
          {state.deployable.how}{" "}
          <Link href={`${base}/targets`} className="font-semibold underline underline-offset-2">
            Open Targets
          </Link>
        </Alert>
      )}

      {state.lock && (
        <section aria-label="Target lock" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-400 bg-amber-50 px-4 py-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p className="flex min-w-0 items-start gap-2 text-sm">
            <Lock aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <span className="min-w-0 break-words">
              <strong>Locked</strong> by {state.lock.by} <RelativeTime iso={state.lock.at} />: {state.lock.reason}. No deployments until it is unlocked{can.override ? " (admins can override with a reason)" : ""}.
            </span>
          </p>
          {can.lock && (
            <Button variant="secondary" onClick={() => setLockDialog("unlock")} aria-haspopup="dialog">
              <LockOpen aria-hidden="true" className="size-4" />
              Unlock
            </Button>
          )}
        </section>
      )}

      {state.freeze && (
        <Alert tone="warning" title={`Freeze window open: ${state.freeze.name}`}>
          <span className="inline-flex items-start gap-1.5">
            <Snowflake aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            {state.freeze.reason}
          </span>
        </Alert>
      )}

      {state.active && (
        <Card aria-labelledby="active-heading" className="border-sky-300 dark:border-sky-800">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="active-heading" className="text-lg font-semibold">
              Running now: <span className="tabular-nums">#{state.active.number}</span> <span className="font-mono">{state.active.release.version}</span>
            </h2>
            <DeploymentStatus status={state.active.status} />
          </div>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{statusSentence(state.active)}</p>
          <div className="mt-4">
            <Suspense fallback={<p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the steps…</p>}>
              <StepList steps={state.active.steps} compact />
            </Suspense>
          </div>
          <Link href={href(state.active)} className="mt-4 inline-flex items-center gap-1 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            Open deployment #{state.active.number} with its live log
            <ArrowRight aria-hidden="true" className="size-4" />
          </Link>
        </Card>
      )}

      {state.waiting.length > 0 && (
        <Card aria-labelledby="waiting-heading">
          <h2 id="waiting-heading" className="text-lg font-semibold tabular-nums">
            Waiting ({state.waiting.length})
          </h2>
          <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
            {state.waiting.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
                <div className="min-w-0">
                  <Link href={href(d)} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
                    <span className="tabular-nums">#{d.number}</span> <span className="font-mono">{d.release.version}</span>
                  </Link>{" "}
                  <span className="text-zinc-700 dark:text-zinc-300">
                    requested by {d.requestedBy} <RelativeTime iso={d.createdAt} />
                  </span>
                  <p className="text-zinc-700 dark:text-zinc-300">{statusSentence(d)}</p>
                </div>
                <DeploymentStatus status={d.status} />
              </li>
            ))}
          </ul>
        </Card>
      )}

      <section aria-labelledby="history-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="history-heading" className="text-lg font-semibold">
            Deploy history
          </h2>
          <Link href={`${base}/deployments?target=${target.id}`} className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            All deployments to {target.name}
          </Link>
        </div>
        {history.length === 0 ? (
          <EmptyState title="No deployments yet">
            {can.deploy ? `Press Deploy a release to send a release to ${target.name}. It is listed here with who asked, who approved and how long it took.` : `Someone with the member role or above deploys releases to ${target.name}; they are listed here.`}
          </EmptyState>
        ) : (
          <Suspense fallback={<p className="text-sm text-zinc-700 dark:text-zinc-300">Loading the deployments to {target.name}…</p>}>
            <DeploymentTable
              rows={history}
              caption={`Deployments to ${target.name}, newest first`}
              href={href}
              action={can.rollback ? (d) => (d.status === "succeeded" && d.id !== live?.deploymentId ? <RollbackButton projectId={projectId} projectSlug={projectSlug} deployment={d} rollbackNote={rollbackNote} compact /> : null) : undefined}
            />
          </Suspense>
        )}
      </section>

      {settings}

      <ReasonDialog
        open={lockDialog === "lock"}
        onClose={() => setLockDialog(null)}
        title={`Lock ${target.name}?`}
        description="Nobody can deploy to it until someone unlocks it; admins can still override with a reason. Rollbacks stay possible."
        label="Why lock it?"
        placeholder="Investigating the payment errors since 14:00"
        confirmLabel={`Lock ${target.name}`}
        onSubmit={async (reason) => onLockChange(await lockTarget(projectId, target.id, reason), `Locked ${target.name}.`)}
      />
      <ReasonDialog
        open={lockDialog === "unlock"}
        onClose={() => setLockDialog(null)}
        title={`Unlock ${target.name}?`}
        description={state.lock ? <>Locked by {state.lock.by}: {state.lock.reason}</> : undefined}
        label="Why is it safe again?"
        placeholder="Payment provider fixed their outage; error rate back to normal"
        confirmLabel={`Unlock ${target.name}`}
        onSubmit={async (reason) => onLockChange(await unlockTarget(projectId, target.id, reason), `Unlocked ${target.name}.`)}
      >
        {state.lock && (
          <p className="flex items-start gap-2 text-sm">
            <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-700 dark:text-amber-400" />
            Deployments waiting for {target.name} may start as soon as it is unlocked.
          </p>
        )}
      </ReasonDialog>
    </div>
  );
}

