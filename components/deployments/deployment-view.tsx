"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, Check, CircleCheck, CircleMinus, CircleX, ExternalLink, ShieldAlert, X } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { EnvironmentBadge, productionEdge } from "@/components/ui/environment-badge";
import { formatDuration } from "@/components/ui/format";
import { Badge, type Tone } from "@/components/ui/status-pill";
import { RelativeTime } from "@/components/ui/time";
import { useToast } from "@/components/ui/toast";
import { approveDeployment, cancelDeployment, deploymentKeys, durationMs, fetchDeployment, isActive, mergeDetail, rejectDeployment, type TDeployment, type TDeploymentDetail } from "@/lib/queries/deployments";
import { LogPanel } from "./log-panel";
import { ReasonDialog } from "./reason-dialog";
import { RollbackButton } from "./rollback-button";
import { DeploymentStatus, statusSentence } from "./status";
import { StepList } from "./step-list";

type Props = { projectId: string; projectSlug: string; initial: TDeploymentDetail; changelog: ReactNode; initialLog?: { lines: { n: number; text: string }[]; truncated: boolean } };

const APPROVAL_STATE: Record<TDeployment["approvals"][number]["state"], { label: string; tone: Tone }> = {
  valid: { label: "Valid", tone: "success" },
  expired: { label: "Expired", tone: "warning" },
  void: { label: "Void", tone: "neutral" },
  rejected: { label: "Rejected", tone: "danger" },
};

/** `changelog` comes rendered from the server: it does not change while the page is open, and its renderer stays out of the browser. */
const OVERRIDE_TITLES: Record<TDeployment["overrides"][number]["kind"], string> = {
  approvals: "Approvals bypassed in an emergency",
  lock: "Target lock overridden",
  freeze: "Freeze window overridden",
  launch: "No-go launch overridden",
};

export function DeploymentView({ projectId, projectSlug, initial, changelog, initialLog }: Props) {
  const queryClient = useQueryClient();
  const key = deploymentKeys.detail(projectId, initial.id);
  const { data: d = initial } = useQuery({ queryKey: key, queryFn: () => fetchDeployment(projectId, initial.id), initialData: initial });
  const toast = useToast();
  const [dialog, setDialog] = useState<"approve" | "reject" | "cancel" | null>(null);
  const close = () => setDialog(null);
  const active = isActive(d.status);
  const took = durationMs(d);

  async function after(result: TDeployment, message: string) {
    queryClient.setQueryData<TDeploymentDetail>(key, (cur) => mergeDetail(cur, result));
    setDialog(null);
    toast({ message });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: key }),
      queryClient.invalidateQueries({ queryKey: deploymentKeys.inbox() }),
      queryClient.invalidateQueries({ queryKey: deploymentKeys.targetState(projectId, d.target.id) }),
    ]);
  }

  const lock = d.overrides.find((o) => o.kind === "lock");
  const freeze = d.overrides.find((o) => o.kind === "freeze");
  const bypass = d.overrides.find((o) => o.kind === "approvals");
  const launch = d.overrides.find((o) => o.kind === "launch");
  // The API counts approvals against the target's policy as it is now; a skipped approval step means none were needed.
  const noneNeeded = d.approvalsRequired === 0 || d.steps.some((s) => s.name === "approval" && s.status === "skipped");

  return (
    <div className="min-w-0 space-y-6">
      <Card className={productionEdge(d.target.environment)}>
        <p className="text-sm">
          <Link href={`/projects/${projectSlug}/deployments`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            Deployments
          </Link>
          <span aria-hidden="true" className="text-zinc-500"> / </span>
          <Link href={`/projects/${projectSlug}/targets/${d.target.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            {d.target.name}
          </Link>
        </p>
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 className="min-w-0 break-words text-2xl font-semibold tracking-tight sm:text-3xl">
            <span className="tabular-nums">#{d.number}</span> · <span className="break-all font-mono">{d.release.version}</span> → {d.target.name}
          </h1>
          <EnvironmentBadge environment={d.target.environment} />
          {d.kind === "rollback" && <Badge tone="warning">Rollback</Badge>}
        </div>
        <div role="status" className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2">
          <DeploymentStatus status={d.status} large />
          <p data-testid="status-sentence" className="text-base text-zinc-800 dark:text-zinc-200">
            {statusSentence(d)}
          </p>
        </div>
        <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Requested</dt>
            <dd className="break-words">
              by {d.requestedBy} · <RelativeTime iso={d.createdAt} />
            </dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Release</dt>
            <dd className="break-words">
              <span className="font-mono">{d.release.version}</span>
              {d.release.title && ` · ${d.release.title}`}
              {d.release.commitSha && <span className="font-mono text-zinc-600 dark:text-zinc-400"> · {d.release.commitSha.slice(0, 7)}</span>}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Duration</dt>
            <dd className="tabular-nums">{took === null ? "Not started" : `${formatDuration(took)}${d.finishedAt ? "" : " so far"}`}</dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Provider</dt>
            <dd className="break-all">
              {d.providerUrl ? (
                <a href={d.providerUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
                  Open the provider&apos;s deploy
                  <ExternalLink aria-hidden="true" className="size-3.5" />
                  <span className="sr-only">(opens in a new tab)</span>
                </a>
              ) : d.providerDeployId ? (
                <span className="font-mono">{d.providerDeployId}</span>
              ) : (
                <span className="text-zinc-600 dark:text-zinc-400">Not started at the provider yet</span>
              )}
            </dd>
          </div>
        </dl>
        {d.reason && <p className="mt-3 break-words text-sm">
          <span className="font-semibold">Why: </span>
          {d.reason}
        </p>}
      </Card>

      {(d.failureReason || d.rollbackVersion || d.cancelReason || d.overrides.length > 0) && (
        <div className="space-y-3">
          {d.failureReason && <Alert title={d.kind === "rollback" ? "The rollback failed" : "The deployment failed"}>{d.failureReason}</Alert>}
          {d.rollbackVersion && (
            <Alert tone="warning" title={`Rolled back to ${d.rollbackVersion}`}>
              T-Minus put {d.rollbackVersion} back on {d.target.name} after {d.release.version} failed its health check. {d.target.name} stays locked until someone unlocks it on the{" "}
              <Link href={`/projects/${projectSlug}/targets/${d.target.id}`} className="font-semibold underline underline-offset-2">
                target page
              </Link>
              .
            </Alert>
          )}
          {d.cancelReason && <Alert tone="warning" title="Cancelled">{d.cancelReason}</Alert>}
          {[lock, freeze, launch, bypass].filter((o) => o !== undefined).map((o) => (
            <Alert key={o.kind} tone="warning" title={OVERRIDE_TITLES[o.kind]}>
              {o.by}, <RelativeTime iso={o.at} />: {o.reason}
            </Alert>
          ))}
        </div>
      )}

      <DecisionBar d={d} onApprove={() => setDialog("approve")} onReject={() => setDialog("reject")} onCancel={() => setDialog("cancel")} projectId={projectId} projectSlug={projectSlug} />

      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <Card aria-labelledby="steps-heading">
            <h2 id="steps-heading" className="mb-4 text-lg font-semibold">
              Progress
            </h2>
            <StepList steps={d.steps} />
          </Card>
          <Card aria-labelledby="log-heading">
            <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="log-heading" className="text-lg font-semibold">
                Log
              </h2>
              <p className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                {d.logLineCount} {d.logLineCount === 1 ? "line" : "lines"}
                {active && " · live"}
              </p>
            </div>
            <LogPanel projectId={projectId} deploymentId={d.id} lineCount={d.logLineCount} truncated={d.logTruncated} live={active} initial={initialLog} />
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card aria-labelledby="approvals-heading">
            <h2 id="approvals-heading" className="text-lg font-semibold">
              Approvals {!noneNeeded && <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({d.approvalsValid} of {d.approvalsRequired} needed)</span>}
            </h2>
            {d.approvals.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
                {bypass ? "Approvals were bypassed." : noneNeeded ? "No approval was needed." : "Nobody has decided yet."}
              </p>
            ) : (
              <ul className="mt-3 space-y-3">
                {d.approvals.map((a) => {
                  const st = APPROVAL_STATE[a.state];
                  return (
                    <li key={a.id} className="text-sm">
                      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                        {a.decision === "approved" ? <Check aria-hidden="true" className="size-4 text-emerald-700 dark:text-emerald-400" /> : <X aria-hidden="true" className="size-4 text-red-700 dark:text-red-400" />}
                        <span className="font-semibold">{a.user}</span>
                        <span className="text-zinc-600 dark:text-zinc-400">({a.role})</span>
                        <span>{a.decision === "approved" ? "approved" : "rejected"}</span>
                        <RelativeTime iso={a.createdAt} className="text-zinc-600 dark:text-zinc-400" />
                        <Badge tone={st.tone}>{st.label}</Badge>
                      </p>
                      {a.reason && <p className="mt-0.5 break-words pl-6 text-zinc-700 dark:text-zinc-300">“{a.reason}”</p>}
                      {a.state === "void" && a.voidReason && <p className="mt-0.5 pl-6 text-zinc-700 dark:text-zinc-300">Void: {a.voidReason}</p>}
                      {a.state === "valid" && (
                        <p className="mt-0.5 pl-6 text-xs text-zinc-600 dark:text-zinc-400">
                          Expires <RelativeTime iso={a.expiresAt} /> unless the deployment starts first.
                        </p>
                      )}
                      {a.state === "expired" && <p className="mt-0.5 pl-6 text-zinc-700 dark:text-zinc-300">Expired before the deployment started; approve again.</p>}
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
          <Card aria-labelledby="gates-heading">
            <h2 id="gates-heading" className="text-lg font-semibold">
              Gates
            </h2>
            {!active ? (
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Gates are checked before a deployment starts; this one has finished, so they no longer apply. The steps above say what happened.</p>
            ) : d.gates.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No gates apply to {d.kind === "rollback" ? "a rollback" : "this deployment"}.</p>
            ) : (
              <ul className="mt-3 space-y-3">
                {d.gates.map((g) => (
                  <li key={g.id} className="flex gap-2 text-sm">
                    {g.ok ? (
                      <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-emerald-700 dark:text-emerald-400" />
                    ) : g.overridden ? (
                      <CircleMinus aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-700 dark:text-amber-400" />
                    ) : (
                      <CircleX aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-red-700 dark:text-red-400" />
                    )}
                    <div className="min-w-0">
                      <p className="font-semibold">
                        {g.label}: <span className={g.ok ? "text-emerald-800 dark:text-emerald-300" : g.overridden ? "text-amber-800 dark:text-amber-300" : "text-red-800 dark:text-red-300"}>{g.ok ? "open" : g.overridden ? "overridden" : "closed"}</span>
                      </p>
                      <p className="break-words text-zinc-700 dark:text-zinc-300">{g.reason}</p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card aria-labelledby="changelog-heading">
            <h2 id="changelog-heading" className="mb-3 text-lg font-semibold">
              What ships
            </h2>
            {changelog}
          </Card>
        </div>
      </div>

      <ReasonDialog
        open={dialog === "approve"}
        onClose={close}
        title={`Approve ${d.release.version} to ${d.target.name}?`}
        description={`Your approval is bound to this release and ${d.target.name}'s current configuration; if either changes before the deployment starts, it is void.`}
        label="Note (optional)"
        required={false}
        confirmLabel={`Approve ${d.release.version} to ${d.target.name}`}
        onSubmit={async (reason) => after(await approveDeployment(projectId, d.id, reason || undefined), `Approved #${d.number}: ${d.release.version} to ${d.target.name}.`)}
      />
      <ReasonDialog
        open={dialog === "reject"}
        onClose={close}
        title={`Reject ${d.release.version} to ${d.target.name}?`}
        description="The deployment is cancelled; the requester sees your reason."
        label="Why reject?"
        confirmLabel={`Reject #${d.number}`}
        danger
        onSubmit={async (reason) => after(await rejectDeployment(projectId, d.id, reason), `Rejected #${d.number}.`)}
      />
      <ReasonDialog
        open={dialog === "cancel"}
        onClose={close}
        title={`Cancel #${d.number}?`}
        description={d.status === "running" || d.status === "verifying" ? `It is running: T-Minus stops it at the provider. What already reached ${d.target.name} stays until the next deployment or a rollback.` : "It has not started; nothing changes on the target."}
        label="Reason (optional)"
        required={false}
        confirmLabel={`Cancel #${d.number}`}
        danger
        onSubmit={async (reason) => after(await cancelDeployment(projectId, d.id, reason || undefined), `Cancelled #${d.number}.`)}
      />
    </div>
  );
}

function DecisionBar({ d, onApprove, onReject, onCancel, projectId, projectSlug }: { d: TDeploymentDetail; onApprove: () => void; onReject: () => void; onCancel: () => void; projectId: string; projectSlug: string }) {
  const waiting = d.status === "awaiting_approval";
  const { canApprove, whyNot, canCancel, canRollbackTo } = d.viewer;
  if (!canApprove && !canCancel && !canRollbackTo && !(waiting && whyNot)) return null;
  return (
    <section aria-label="Decisions" className="flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      {canApprove && (
        <>
          <Button onClick={onApprove} aria-haspopup="dialog">
            <Check aria-hidden="true" className="size-4" />
            Approve
          </Button>
          <Button variant="secondary" onClick={onReject} aria-haspopup="dialog">
            <X aria-hidden="true" className="size-4" />
            Reject
          </Button>
        </>
      )}
      {!canApprove && waiting && whyNot && (
        <p data-testid="why-not" className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
          <ShieldAlert aria-hidden="true" className="size-4 shrink-0 text-amber-700 dark:text-amber-400" />
          {whyNot}
        </p>
      )}
      <div className="ml-auto flex flex-wrap gap-2">
        {canRollbackTo && <RollbackButton projectId={projectId} projectSlug={projectSlug} deployment={d} rollbackNote={d.rollbackNote} />}
        {canCancel && (
          <Button variant="ghost" onClick={onCancel} aria-haspopup="dialog">
            <Ban aria-hidden="true" className="size-4" />
            Cancel deployment
          </Button>
        )}
      </div>
    </section>
  );
}
