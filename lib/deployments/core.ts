import { randomUUID } from "node:crypto";
import type { Deployment, DeploymentApproval, DeploymentStep, Prisma, Release, Target } from "@prisma/client";
import { db, type Tx } from "../db";
import { sha256 } from "../crypto/secrets";
import { enqueueInTx, relayAfterCommit } from "../jobs/enqueue";
import { publishEvents, recordEvent, type LiveEvent } from "../live/events";
import { enqueueLaunchRefresh } from "../launch/refresh-queue";
import { notifyInTx } from "../notifications/notify";
import type { NotificationData } from "../notifications/schemas";
import { env } from "../env";
import { STEP_LABELS, type TDeployment, type TOverride } from "./schemas";

// What the deployment verbs and the runner share: the row shape, the config hash approvals are bound to, steps,
// live events and the after-commit effects (queue relay, event publish).

export const DEPLOYMENT_EVENT = "deployment.updated";
export const DEPLOYMENT_LOG_EVENT = "deployment.log";

export const withParts = { target: true, release: true, steps: { orderBy: { startedAt: "asc" as const } }, approvals: { orderBy: { createdAt: "asc" as const } } };
export type DeploymentRow = Deployment & { target: Target; release: Release; steps: DeploymentStep[]; approvals: DeploymentApproval[] };

/**
 * The release and the parts of the target a deploy depends on. An approval is given for this hash; when it changes
 * (a new commit on the release, other provider settings or secrets, another health path or approval policy) the
 * approvals given before are void.
 */
export function configHashOf(target: Target, release: Release): string {
  return sha256(
    JSON.stringify({
      release: { id: release.id, version: release.version, gitRef: release.gitRef, commitSha: release.commitSha, notes: release.notes, title: release.title },
      target: {
        environment: target.environment,
        baseUrl: target.baseUrl,
        healthPath: target.healthPath,
        providerKind: target.providerKind,
        providerSettings: target.providerSettings,
        secrets: target.secretsEncrypted ? sha256(target.secretsEncrypted) : null,
        approvalsRequired: target.approvalsRequired,
        approverRoles: [...target.approverRoles].sort(),
      },
    }),
  );
}

export type ApprovalState = "valid" | "expired" | "void" | "rejected";
export function approvalState(a: DeploymentApproval, d: Pick<Deployment, "configHash" | "approvedAt">, now = new Date()): ApprovalState {
  if (a.decision === "rejected") return "rejected";
  if (a.voidedAt || a.configHash !== d.configHash) return "void";
  const at = d.approvedAt ?? now;
  return a.expiresAt <= at ? "expired" : "valid";
}
export const validApprovals = (d: DeploymentRow, now = new Date()) => d.approvals.filter((a) => approvalState(a, d, now) === "valid");

export const overridesOf = (d: Pick<Deployment, "overrides">) => (Array.isArray(d.overrides) ? (d.overrides as TOverride[]) : []);

export function toDeployment(d: DeploymentRow, now = new Date()): TDeployment {
  return {
    id: d.id,
    number: d.number,
    projectId: d.projectId,
    kind: d.kind,
    status: d.status,
    target: { id: d.target.id, name: d.target.name, environment: d.target.environment },
    release: { id: d.release.id, version: d.release.version, title: d.release.title, commitSha: d.release.commitSha },
    requestedBy: d.requestedBy,
    requestedById: d.requestedById,
    reason: d.reason,
    overrides: overridesOf(d),
    rollbackToId: d.rollbackToId,
    rollbackVersion: (d as DeploymentRow & { rollbackVersion?: string | null }).rollbackVersion ?? null,
    failureReason: d.failureReason,
    cancelReason: d.cancelReason,
    providerDeployId: d.providerDeployId,
    providerUrl: d.providerUrl,
    approvalsRequired: d.approvalsRequired,
    approvalsValid: validApprovals(d, now).length,
    approvals: d.approvals.map((a) => ({
      id: a.id,
      userId: a.userId,
      user: a.userLabel,
      role: a.role,
      decision: a.decision,
      reason: a.reason,
      createdAt: a.createdAt.toISOString(),
      expiresAt: a.expiresAt.toISOString(),
      state: approvalState(a, d, now),
      voidReason: a.voidReason ?? (a.decision === "approved" && !a.voidedAt && a.configHash !== d.configHash ? "given for an earlier release or target configuration" : null),
    })),
    steps: d.steps.map((s) => ({
      name: s.name,
      label: STEP_LABELS[s.name] ?? s.name,
      status: s.status,
      detail: s.detail,
      startedAt: s.startedAt.toISOString(),
      finishedAt: s.finishedAt?.toISOString() ?? null,
    })),
    logLineCount: d.logLineCount,
    logTruncated: d.logTruncated,
    createdAt: d.createdAt.toISOString(),
    approvedAt: d.approvedAt?.toISOString() ?? null,
    startedAt: d.startedAt?.toISOString() ?? null,
    finishedAt: d.finishedAt?.toISOString() ?? null,
  };
}

/** The rollback version is not a column: it is the release behind rollbackReleaseId, looked up when shown. */
export async function withRollbackVersion(tx: Tx, d: DeploymentRow): Promise<DeploymentRow> {
  if (!d.rollbackReleaseId) return d;
  const r = await tx.release.findUnique({ where: { id: d.rollbackReleaseId }, select: { version: true } });
  return Object.assign(d, { rollbackVersion: r?.version ?? null });
}

export async function loadDeployment(tx: Tx, id: string): Promise<DeploymentRow | null> {
  const row = await tx.deployment.findUnique({ where: { id }, include: withParts });
  return row ? withRollbackVersion(tx, row) : null;
}

/** Collected inside a transaction, carried out after it commits: jobs relayed to the queue, events published. */
export class Effects {
  jobs: string[] = [];
  events: LiveEvent[] = [];
  async flush() {
    if (this.jobs.length) await relayAfterCommit(this.jobs);
    if (this.events.length) await publishEvents(this.events);
  }
}

export async function enqueueRun(tx: Tx, fx: Effects, deploymentId: string) {
  const jobId = `deploy-${deploymentId}-${randomUUID().slice(0, 8)}`;
  await enqueueInTx(tx, "deployment.run", jobId, { deploymentId });
  fx.jobs.push(jobId);
}

/** A deployment that ran and ended: what launch checklist items about deploys and rollbacks watch. */
const ranToAnEnd = (d: Pick<Deployment, "status" | "startedAt">) =>
  d.status === "succeeded" || d.status === "failed" || d.status === "rolled_back" || (d.status === "cancelled" && d.startedAt !== null);

/**
 * Records the deployment's current shape as a live event (the target page and deployment page listen for it). Every
 * change of a deployment goes through here, so a deployment that ran to an end also asks launches to re-measure.
 */
export async function announce(tx: Tx, fx: Effects, id: string) {
  const row = await loadDeployment(tx, id);
  if (!row) return null;
  fx.events.push(await recordEvent(tx, row.projectId, DEPLOYMENT_EVENT, toDeployment(row)));
  if (ranToAnEnd(row)) fx.jobs.push(...(await enqueueLaunchRefresh(tx, [row.projectId])));
  return row;
}

export async function startStep(tx: Tx, deploymentId: string, name: string, detail: string | null = null) {
  await tx.deploymentStep.create({ data: { deploymentId, name, detail } });
}

/** Closes the newest open step of that name (or records a finished one when none is open). */
export async function finishStep(tx: Tx, deploymentId: string, name: string, status: "succeeded" | "failed" | "skipped", detail?: string | null) {
  const open = await tx.deploymentStep.findFirst({ where: { deploymentId, name, status: "running" }, orderBy: { startedAt: "desc" } });
  const data: Prisma.DeploymentStepUncheckedUpdateInput = { status, finishedAt: new Date(), ...(detail === undefined ? {} : { detail }) };
  if (open) await tx.deploymentStep.update({ where: { id: open.id }, data });
  else await tx.deploymentStep.create({ data: { deploymentId, name, status, detail: detail ?? null, finishedAt: new Date() } });
}

/** Closes every open step (a deployment that ends mid-way leaves none spinning). */
export async function closeOpenSteps(tx: Tx, deploymentId: string, status: "failed" | "skipped", detail?: string) {
  await tx.deploymentStep.updateMany({ where: { deploymentId, status: "running" }, data: { status, finishedAt: new Date(), ...(detail ? { detail } : {}) } });
}

export type DeployEvent =
  | "deployment.requested" | "deployment.awaiting_approval" | "deployment.approved" | "deployment.rejected" | "deployment.succeeded"
  | "deployment.failed" | "deployment.rolled_back" | "deployment.cancelled" | "deployment.bypassed"
  | "target.locked" | "target.unlocked" | "target.override";

const SEVERITY: Record<DeployEvent, NotificationData["severity"]> = {
  "deployment.requested": "info",
  "deployment.awaiting_approval": "warning",
  "deployment.approved": "info",
  "deployment.rejected": "warning",
  "deployment.succeeded": "success",
  "deployment.failed": "danger",
  "deployment.rolled_back": "danger",
  "deployment.cancelled": "info",
  "deployment.bypassed": "warning",
  "target.locked": "warning",
  "target.unlocked": "info",
  "target.override": "warning",
};

/** Queues notifications to the project's channels for a deployment event; sent by workers after commit. */
export async function notifyDeploy(tx: Tx, fx: Effects, projectId: string, event: DeployEvent, data: Omit<NotificationData, "severity" | "url"> & { url?: string }) {
  // Links point into T-Minus (project pages resolve an id as well as a slug).
  const url = data.url ? `${env.NEXTAUTH_URL.replace(/\/+$/, "")}/projects/${projectId}${data.url}` : undefined;
  const ids = await notifyInTx(tx, projectId, event, { ...data, url, severity: SEVERITY[event] });
  fx.jobs.push(...ids);
}

export function deploymentPath(projectSlugOrId: string, id: string) {
  return `/projects/${projectSlugOrId}/deployments/${id}`;
}

export { db };
