import type { Prisma, Role } from "@prisma/client";
import { db, type Tx } from "../db";
import { actorLabel, authorize, requireActor, requireUser, type Ctx } from "../auth/context";
import { can } from "../auth/permissions";
import { writeAudit } from "../audit/write";
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError } from "../errors";
import { renderRelease, type GroupedChanges } from "../releases/changelog";
import {
  Effects, announce, closeOpenSteps, configHashOf, enqueueRun, finishStep, loadDeployment, notifyDeploy, overridesOf, startStep,
  toDeployment, validApprovals, withParts, withRollbackVersion, type DeploymentRow,
} from "./core";
import { blocking, evaluateGates } from "./gates";
import { adapterFor } from "./adapters";
import { activeFreezeFor } from "./freeze";
import { recordEvent } from "../live/events";
import {
  ACTIVE_STATUSES, ROLLBACK_NOTE, ZCancel, ZDecision, ZDeployPolicy, ZDeploymentCreate, ZDeploymentQuery, ZLogQuery, ZReasonBody, ZReject,
  type TDeployment, type TDeploymentDetail, type TOverride,
} from "./schemas";

const WAITING = ["requested", "awaiting_approval", "approved", "queued"] as const;
const label = (ctx: Ctx) => actorLabel(requireActor(ctx));
const short = (d: { number: number; release: { version: string }; target: { name: string } }) => `#${d.number} ${d.release.version} → ${d.target.name}`;

async function targetOf(tx: Tx, projectId: string, targetId: string) {
  const target = await tx.target.findFirst({ where: { id: targetId, projectId } });
  if (!target) throw new NotFoundError("Target");
  return target;
}

async function deploymentOf(tx: Tx, projectId: string, id: string): Promise<DeploymentRow> {
  const row = await tx.deployment.findFirst({ where: { projectId, OR: [{ id }, ...(/^\d{1,9}$/.test(id) ? [{ number: Number(id) }] : [])] }, include: withParts });
  if (!row) throw new NotFoundError("Deployment");
  return withRollbackVersion(tx, row);
}

/** Same key, same request: the deployment made the first time. Same key, other request: a 409 naming the key. */
async function replayed(projectId: string, key: string | undefined, want: { targetId: string; releaseId?: string; release: string }) {
  if (!key) return null;
  const existing = await db.deployment.findUnique({ where: { projectId_idempotencyKey: { projectId, idempotencyKey: key } }, include: withParts });
  if (!existing) return null;
  const sameRelease = existing.releaseId === want.release || existing.release.version === want.release;
  if (existing.targetId !== want.targetId || !sameRelease) {
    throw new ConflictError("This idempotency key was already used for another deployment; send a new key for a new request", "idempotency_key_reused", [
      { path: "idempotencyKey", rule: "reused", message: `was used for deployment #${existing.number} (${existing.release.version} to ${existing.target.name})` },
    ]);
  }
  return toDeployment(await withRollbackVersion(db, existing));
}

/** newest_wins: a deployment that enters the queue cancels older ones still waiting on the same target. */
async function applyQueuePolicy(tx: Tx, fx: Effects, d: DeploymentRow) {
  if (d.target.queuePolicy !== "newest_wins") return;
  const older = await tx.deployment.findMany({
    where: { targetId: d.targetId, id: { not: d.id }, status: { in: [...WAITING] }, createdAt: { lte: d.createdAt } },
    select: { id: true },
  });
  for (const o of older) {
    await tx.deployment.update({
      where: { id: o.id },
      data: { status: "cancelled", cancelReason: `Superseded by deployment #${d.number} (${d.release.version}): this target's queue policy is "newest wins".`, finishedAt: new Date() },
    });
    await closeOpenSteps(tx, o.id, "skipped", `Superseded by #${d.number}`);
    await announce(tx, fx, o.id);
  }
}

/** Moves an approved deployment into the queue and asks a worker to start it now. */
async function queueIt(tx: Tx, fx: Effects, d: DeploymentRow) {
  await tx.deployment.update({ where: { id: d.id }, data: { status: "queued", queuedAt: new Date(), approvedAt: d.approvedAt ?? new Date() } });
  await startStep(tx, d.id, "queue");
  await applyQueuePolicy(tx, fx, d);
  await enqueueRun(tx, fx, d.id);
}

async function nextNumber(tx: Tx, projectId: string) {
  // The project row lock serialises numbering within a project.
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
  const max = await tx.deployment.aggregate({ where: { projectId }, _max: { number: true } });
  return (max._max.number ?? 0) + 1;
}

export async function requestDeployment({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TDeployment> {
  const role = await authorize(ctx, input.projectId, "deployment.request");
  const data = parseInput(ZDeploymentCreate, input.data);
  const again = await replayed(input.projectId, data.idempotencyKey, { targetId: data.targetId, release: data.release });
  if (again) return again;
  if ((data.override || data.emergencyBypass) && !can(role, "deployment.override")) {
    throw new ForbiddenError("Only project admins can override a lock or freeze window or bypass approvals.");
  }
  // Like approving, overriding a safeguard is a person's decision: an admin-role API token cannot do it.
  if ((data.override || data.emergencyBypass) && requireActor(ctx).type !== "user") {
    throw new ForbiddenError("Overrides and emergency bypasses are made by people: sign in to T-Minus to make one (API tokens cannot).");
  }
  const actor = requireActor(ctx);
  const by = label(ctx);
  const now = new Date();
  const fx = new Effects();
  let row: DeploymentRow;
  try {
    row = await db.$transaction(async (tx) => {
      const target = await targetOf(tx, input.projectId, data.targetId);
      const release = await tx.release.findFirst({ where: { projectId: input.projectId, OR: [{ id: data.release }, { version: data.release }] } });
      if (!release) throw new ValidationError([{ path: "release", rule: "exists", message: `no release "${data.release}" in this project; create it first` }]);
      const chosen = adapterFor(target.providerKind, target.secretKeys);
      if (!chosen.adapter) throw new ConflictError(chosen.why, "not_deployable", [{ path: "targetId", rule: "deployable", message: chosen.why }]);

      const overrides: TOverride[] = [];
      if (data.override) {
        overrides.push({ kind: "lock", reason: data.override.reason, by, at: now.toISOString() });
        overrides.push({ kind: "freeze", reason: data.override.reason, by, at: now.toISOString() });
        overrides.push({ kind: "launch", reason: data.override.reason, by, at: now.toISOString() });
      }
      if (data.emergencyBypass) overrides.push({ kind: "approvals", reason: data.emergencyBypass.reason, by, at: now.toISOString() });
      const required = target.approvalsRequired;
      const gates = await evaluateGates({ projectId: input.projectId, target, release, kind: "deploy", overrides, approvalsRequired: required, approvalsValid: 0, at: now });
      const stop = blocking(gates).filter((g) => g.id !== "approvals");
      if (stop.length) {
        throw new ConflictError(stop.map((g) => g.reason).join(" "), "gate_closed", stop.map((g) => ({ path: "targetId", rule: g.id, message: g.reason })));
      }
      // An override is recorded only when it let something through.
      const used = overrides.filter((o) => o.kind === "approvals" ? required > 0 : gates.some((g) => g.overridden && g.id === o.kind));

      const needsApproval = required > 0 && !used.some((o) => o.kind === "approvals");
      const created = await tx.deployment.create({
        data: {
          projectId: input.projectId,
          targetId: target.id,
          releaseId: release.id,
          number: await nextNumber(tx, input.projectId),
          status: needsApproval ? "awaiting_approval" : "approved",
          configHash: configHashOf(target, release),
          approvalsRequired: required,
          idempotencyKey: data.idempotencyKey ?? null,
          requestedById: actor.type === "user" ? actor.userId : null,
          requestedBy: by,
          reason: data.reason ?? "",
          overrides: used as unknown as Prisma.InputJsonValue,
          approvedAt: needsApproval ? null : now,
        },
      });
      await finishStep(tx, created.id, "request", "succeeded", `${by} asked to deploy ${release.version} to ${target.name}${data.reason ? `: ${data.reason}` : ""}`);
      if (needsApproval) await startStep(tx, created.id, "approval", `Needs ${required} approval${required === 1 ? "" : "s"} from ${target.approverRoles.join(" or ")}; the requester cannot approve.`);
      else await finishStep(tx, created.id, "approval", "skipped", required === 0 ? "This target needs no approval." : `Approvals bypassed by ${by}: ${data.emergencyBypass?.reason}`);
      await writeAudit(tx, ctx, {
        projectId: input.projectId, action: "deployment.request", objectType: "deployment", objectId: created.id,
        after: { number: created.number, target: target.name, version: release.version, status: created.status, overrides: used },
      });
      const full = (await loadDeployment(tx, created.id))!;
      const link = { title: `Deploy ${release.version} to ${target.name} requested`, text: `${by} requested deployment #${created.number}.`, url: `/deployments/${created.id}` };
      await notifyDeploy(tx, fx, input.projectId, "deployment.requested", link);
      if (needsApproval) await notifyDeploy(tx, fx, input.projectId, "deployment.awaiting_approval", { ...link, title: `${release.version} to ${target.name} is waiting for approval` });
      for (const o of used) {
        const event = o.kind === "approvals" ? "deployment.bypassed" : "target.override";
        await writeAudit(tx, ctx, { projectId: input.projectId, action: event, objectType: "deployment", objectId: created.id, after: o });
        await notifyDeploy(tx, fx, input.projectId, event, { title: `${o.kind === "approvals" ? "Approvals bypassed" : `${OVERRIDDEN[o.kind]} overridden`} for ${short(full)}`, text: `${by}: ${o.reason}`, url: link.url });
      }
      if (!needsApproval) await queueIt(tx, fx, full);
      return (await announce(tx, fx, created.id))!;
    });
  } catch (error) {
    // Two retries with one key racing: the loser returns the winner's deployment.
    if (data.idempotencyKey && (error as { code?: string }).code === "P2002") {
      const winner = await replayed(input.projectId, data.idempotencyKey, { targetId: data.targetId, release: data.release });
      if (winner) return winner;
    }
    throw error;
  }
  await fx.flush();
  return toDeployment(row);
}

const OVERRIDDEN: Record<TOverride["kind"], string> = { lock: "Lock", freeze: "Freeze window", approvals: "Approvals", launch: "No-go launch gate" };

const rolesPlural = (roles: readonly string[]) => roles.map((r) => `${r}s`).join(" or ");

/** Why this caller may not approve this deployment, or null when they may. */
function whyNotApprove(ctx: Ctx, role: Role, d: DeploymentRow): string | null {
  const actor = requireActor(ctx);
  if (actor.type !== "user") return "Approvals are given by people: sign in to approve (API tokens cannot).";
  if (d.status !== "awaiting_approval") return `Deployment #${d.number} is ${d.status.replace("_", " ")}, not waiting for approval.`;
  if (d.requestedById === actor.userId) return "You requested this deployment; someone else must approve it.";
  if (!d.target.approverRoles.includes(role)) return `On ${d.target.name}, approvals come from ${rolesPlural(d.target.approverRoles)}; your role is ${role}.`;
  if (validApprovals(d).some((a) => a.userId === actor.userId)) return "You already approved this deployment.";
  return null;
}

export async function approveDeployment({ ctx, input }: { ctx: Ctx; input: { projectId: string; deploymentId: string; data: unknown } }): Promise<TDeployment> {
  const role = await authorize(ctx, input.projectId, "deployment.approve");
  const data = parseInput(ZDecision, input.data === undefined ? {} : input.data);
  const user = requireUser(ctx);
  const fx = new Effects();
  const row = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Deployment" WHERE id = ${input.deploymentId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    let d = await deploymentOf(tx, input.projectId, input.deploymentId);
    // Bound to what is deployed: if the release or the target changed since the request, earlier approvals are void.
    const hash = configHashOf(d.target, d.release);
    if (hash !== d.configHash) {
      await voidApprovals(tx, fx, d.id, hash, "the release or the target's configuration changed after it was given");
      d = await deploymentOf(tx, input.projectId, d.id);
    }
    const why = whyNotApprove(ctx, role, d);
    if (why) {
      if (d.status !== "awaiting_approval" || validApprovals(d).some((a) => a.userId === user.userId)) throw new ConflictError(why, "not_awaiting_approval");
      throw new ForbiddenError(why);
    }
    const expiresAt = new Date(Date.now() + d.target.approvalExpiryMinutes * 60_000);
    await tx.deploymentApproval.create({
      data: { deploymentId: d.id, userId: user.userId, userLabel: user.email, role, decision: "approved", reason: data.reason ?? "", configHash: d.configHash, expiresAt },
    });
    await writeAudit(tx, ctx, { projectId: d.projectId, action: "deployment.approve", objectType: "deployment", objectId: d.id, after: { number: d.number, version: d.release.version, target: d.target.name } });
    d = await deploymentOf(tx, input.projectId, d.id);
    const valid = validApprovals(d).length;
    if (valid >= d.approvalsRequired) {
      await finishStep(tx, d.id, "approval", "succeeded", `Approved by ${validApprovals(d).map((a) => a.userLabel).join(", ")}.`);
      await tx.deployment.update({ where: { id: d.id }, data: { status: "approved", approvedAt: new Date() } });
      await notifyDeploy(tx, fx, d.projectId, "deployment.approved", { title: `${short(d)} approved`, text: `Approved by ${user.email}; starting now.`, url: `/deployments/${d.id}` });
      await queueIt(tx, fx, d);
    }
    return (await announce(tx, fx, d.id))!;
  });
  await fx.flush();
  return toDeployment(row);
}

export async function rejectDeployment({ ctx, input }: { ctx: Ctx; input: { projectId: string; deploymentId: string; data: unknown } }): Promise<TDeployment> {
  const role = await authorize(ctx, input.projectId, "deployment.approve");
  const data = parseInput(ZReject, input.data);
  const user = requireUser(ctx);
  const fx = new Effects();
  const row = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Deployment" WHERE id = ${input.deploymentId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const d = await deploymentOf(tx, input.projectId, input.deploymentId);
    if (d.status !== "awaiting_approval") throw new ConflictError(`Deployment #${d.number} is ${d.status.replace("_", " ")}, not waiting for approval.`, "not_awaiting_approval");
    if (!d.target.approverRoles.includes(role)) throw new ForbiddenError(`On ${d.target.name}, approvals come from ${rolesPlural(d.target.approverRoles)}; your role is ${role}.`);
    await tx.deploymentApproval.create({
      data: { deploymentId: d.id, userId: user.userId, userLabel: user.email, role, decision: "rejected", reason: data.reason, configHash: d.configHash, expiresAt: new Date() },
    });
    await tx.deployment.update({ where: { id: d.id }, data: { status: "cancelled", cancelReason: `Rejected by ${user.email}: ${data.reason}`, finishedAt: new Date() } });
    await finishStep(tx, d.id, "approval", "failed", `Rejected by ${user.email}: ${data.reason}`);
    await writeAudit(tx, ctx, { projectId: d.projectId, action: "deployment.reject", objectType: "deployment", objectId: d.id, after: { number: d.number, reason: data.reason } });
    await notifyDeploy(tx, fx, d.projectId, "deployment.rejected", { title: `${short(d)} rejected`, text: `${user.email}: ${data.reason}`, url: `/deployments/${d.id}` });
    return (await announce(tx, fx, d.id))!;
  });
  await fx.flush();
  return toDeployment(row);
}

export async function cancelDeployment({ ctx, input }: { ctx: Ctx; input: { projectId: string; deploymentId: string; data: unknown } }): Promise<TDeployment> {
  await authorize(ctx, input.projectId, "deployment.cancel");
  const data = parseInput(ZCancel, input.data === undefined ? {} : input.data);
  const by = label(ctx);
  const fx = new Effects();
  const row = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Deployment" WHERE id = ${input.deploymentId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const d = await deploymentOf(tx, input.projectId, input.deploymentId);
    const why = `Cancelled by ${by}${data.reason ? `: ${data.reason}` : ""}`;
    if ((WAITING as readonly string[]).includes(d.status)) {
      await tx.deployment.update({ where: { id: d.id }, data: { status: "cancelled", cancelReason: why, cancelRequestedAt: new Date(), finishedAt: new Date() } });
      await closeOpenSteps(tx, d.id, "skipped", why);
    } else if (d.status === "running" || d.status === "verifying") {
      // The worker holding the lease sees this within a second, cancels the provider deploy (or kills the command) and ends it.
      if (d.cancelRequestedAt) throw new ConflictError(`Deployment #${d.number} is already being cancelled.`, "already_cancelling");
      await tx.deployment.update({ where: { id: d.id }, data: { cancelRequestedAt: new Date(), cancelReason: why } });
    } else {
      throw new ConflictError(`Deployment #${d.number} already finished (${d.status.replace("_", " ")}); nothing to cancel.`, "finished");
    }
    await writeAudit(tx, ctx, { projectId: d.projectId, action: "deployment.cancel", objectType: "deployment", objectId: d.id, after: { number: d.number, reason: data.reason ?? null, was: d.status } });
    if ((WAITING as readonly string[]).includes(d.status)) await notifyDeploy(tx, fx, d.projectId, "deployment.cancelled", { title: `${short(d)} cancelled`, text: why, url: `/deployments/${d.id}` });
    return (await announce(tx, fx, d.id))!;
  });
  await fx.flush();
  return toDeployment(row);
}

/** "Roll back to this deployment": deploys that deployment's build again, then locks the target until someone unlocks it. */
export async function rollbackToDeployment({ ctx, input }: { ctx: Ctx; input: { projectId: string; deploymentId: string; data: unknown } }): Promise<TDeployment> {
  await authorize(ctx, input.projectId, "deployment.rollback");
  const data = parseInput(ZReasonBody, input.data);
  const actor = requireActor(ctx);
  const by = label(ctx);
  const fx = new Effects();
  const row = await db.$transaction(async (tx) => {
    const to = await deploymentOf(tx, input.projectId, input.deploymentId);
    if (to.status !== "succeeded") {
      throw new ConflictError(`Only a deployment that succeeded can be rolled back to; #${to.number} ${to.status.replace("_", " ")}.`, "not_rollbackable");
    }
    if (to.target.liveDeploymentId === to.id) throw new ConflictError(`#${to.number} (${to.release.version}) is what ${to.target.name} runs now; pick an earlier deployment.`, "already_live");
    const created = await tx.deployment.create({
      data: {
        projectId: input.projectId, targetId: to.targetId, releaseId: to.releaseId, number: await nextNumber(tx, input.projectId),
        kind: "rollback", status: "approved", configHash: configHashOf(to.target, to.release), requestedById: actor.type === "user" ? actor.userId : null,
        requestedBy: by, reason: data.reason, rollbackToId: to.id, approvedAt: new Date(),
      },
    });
    await finishStep(tx, created.id, "request", "succeeded", `${by} rolled ${to.target.name} back to #${to.number} (${to.release.version}): ${data.reason}`);
    await finishStep(tx, created.id, "approval", "skipped", "Rollbacks need the approver role instead of approvals.");
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "deployment.rollback", objectType: "deployment", objectId: created.id, after: { number: created.number, to: to.number, version: to.release.version, reason: data.reason } });
    await queueIt(tx, fx, (await loadDeployment(tx, created.id))!);
    return (await announce(tx, fx, created.id))!;
  });
  await fx.flush();
  return toDeployment(row);
}

async function voidApprovals(tx: Tx, fx: Effects, deploymentId: string, newHash: string, why: string) {
  const d = (await loadDeployment(tx, deploymentId))!;
  const affected = await tx.deploymentApproval.updateMany({
    where: { deploymentId, decision: "approved", voidedAt: null },
    data: { voidedAt: new Date(), voidReason: `Void: ${why}.` },
  });
  const back = d.status === "approved" || d.status === "queued";
  const required = d.target.approvalsRequired;
  const bypassed = overridesOf(d).some((o) => o.kind === "approvals");
  const again = back && required > 0 && !bypassed && d.kind === "deploy";
  await tx.deployment.update({ where: { id: deploymentId }, data: { configHash: newHash, approvalsRequired: required, ...(again ? { status: "awaiting_approval", approvedAt: null, queuedAt: null } : {}) } });
  if (affected.count || back) {
    if (again) {
      await closeOpenSteps(tx, deploymentId, "skipped", `Approvals void: ${why}.`);
      await startStep(tx, deploymentId, "approval", `Approvals were void (${why}); it needs ${required} again.`);
    }
    await announce(tx, fx, deploymentId);
  }
  return affected.count;
}

/**
 * Called when a release or a target changes: deployments not yet started get the new hash, their approvals are void
 * with the reason, and approved-but-waiting ones go back to waiting for approval.
 */
export async function voidApprovalsAfterChange(tx: Tx, where: { targetId?: string; releaseId?: string }, why: string): Promise<Effects> {
  const fx = new Effects();
  const pending = await tx.deployment.findMany({ where: { ...where, status: { in: ["awaiting_approval", "approved", "queued"] } }, include: withParts });
  for (const d of pending) {
    const hash = configHashOf(d.target, d.release);
    if (hash !== d.configHash) await voidApprovals(tx, fx, d.id, hash, why);
  }
  return fx;
}

export async function listDeployments({ ctx, input }: { ctx: Ctx; input: { projectId: string; query: unknown } }): Promise<TDeployment[]> {
  await authorize(ctx, input.projectId, "deployment.read");
  const q = parseInput(ZDeploymentQuery, input.query ?? {});
  const rows = await db.deployment.findMany({
    where: { projectId: input.projectId, ...(q.targetId ? { targetId: q.targetId } : {}), ...(q.status ? { status: q.status } : {}) },
    include: withParts,
    orderBy: { number: "desc" },
    take: q.limit,
  });
  return Promise.all(rows.map(async (r) => toDeployment(await withRollbackVersion(db, r))));
}

export async function getDeployment({ ctx, input }: { ctx: Ctx; input: { projectId: string; deploymentId: string } }): Promise<TDeploymentDetail> {
  const role = await authorize(ctx, input.projectId, "deployment.read");
  const d = await deploymentOf(db, input.projectId, input.deploymentId);
  const changes = { breaking: [], feature: [], fix: [], other: [], ...(d.release.changes as Partial<GroupedChanges>) };
  const changelog = renderRelease({ version: d.release.version, date: d.release.createdAt.toISOString().slice(0, 10), title: d.release.title || null, notes: d.release.notes || null, changes });
  const view = toDeployment(d);
  const gates = await evaluateGates({
    projectId: d.projectId, target: d.target, release: d.release, kind: d.kind, overrides: overridesOf(d),
    approvalsRequired: d.approvalsRequired, approvalsValid: view.approvalsValid, at: new Date(),
  });
  const actor = requireActor(ctx);
  const isRequester = actor.type === "user" && d.requestedById === actor.userId;
  // The requester hears the rule that matters most (nobody approves their own push), whatever their role.
  const whyNot = can(role, "deployment.approve") || (isRequester && d.status === "awaiting_approval")
    ? whyNotApprove(ctx, role, d)
    : `Only ${rolesPlural(d.target.approverRoles)} can approve; your role is ${role}.`;
  return {
    ...view,
    changelog,
    gates,
    viewer: {
      canApprove: whyNot === null,
      whyNot,
      canCancel: can(role, "deployment.cancel") && (ACTIVE_STATUSES as readonly string[]).includes(d.status) && !d.cancelRequestedAt,
      canRollbackTo: can(role, "deployment.rollback") && d.status === "succeeded" && d.target.liveDeploymentId !== d.id,
    },
    rollbackNote: ROLLBACK_NOTE,
  };
}

/** Log lines from line `after` on (0-based), for a page that opens mid-deploy or a CLI following it. */
export async function getDeploymentLog({ ctx, input }: { ctx: Ctx; input: { projectId: string; deploymentId: string; query?: unknown } }) {
  await authorize(ctx, input.projectId, "deployment.read");
  const d = await db.deployment.findFirst({
    where: { projectId: input.projectId, OR: [{ id: input.deploymentId }, ...(/^\d{1,9}$/.test(input.deploymentId) ? [{ number: Number(input.deploymentId) }] : [])] },
    select: { id: true, logTruncated: true, logLineCount: true },
  });
  if (!d) throw new NotFoundError("Deployment");
  const { after } = parseInput(ZLogQuery, input.query ?? {});
  const chunks = await db.deploymentLogChunk.findMany({ where: { deploymentId: d.id }, orderBy: { firstLine: "asc" } });
  const lines: { n: number; text: string }[] = [];
  for (const c of chunks) c.lines.forEach((text, i) => c.firstLine + i >= after && lines.push({ n: c.firstLine + i, text }));
  return { deploymentId: d.id, lines, nextLine: d.logLineCount, truncated: d.logTruncated };
}

// —— Targets: lock, policy, deploy state ——

export async function lockTarget({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "target.lock");
  const { reason } = parseInput(ZReasonBody, input.data);
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    const t = await targetOf(tx, input.projectId, input.targetId);
    if (t.lockedAt) throw new ConflictError(`${t.name} is already locked by ${t.lockedBy}: ${t.lockedReason}`, "already_locked");
    await lockInTx(tx, fx, ctx, t.id, reason, label(ctx));
  });
  await fx.flush();
  return getTargetDeployState({ ctx, input });
}

/** Locks a target (used by people and by the runner after a rollback), audited and notified. */
export async function lockInTx(tx: Tx, fx: Effects, ctx: Ctx, targetId: string, reason: string, by: string) {
  const t = await tx.target.update({ where: { id: targetId }, data: { lockedAt: new Date(), lockedReason: reason, lockedBy: by } });
  await writeAudit(tx, ctx, { projectId: t.projectId, action: "target.lock", objectType: "target", objectId: t.id, after: { name: t.name, reason } });
  await notifyDeploy(tx, fx, t.projectId, "target.locked", { title: `${t.name} locked`, text: `${by}: ${reason}`, url: `/targets/${t.id}` });
  fx.events.push(await recordTargetEvent(tx, t.projectId, t.id));
}

export const TARGET_DEPLOY_STATE_EVENT = "target.deploy-state";
async function recordTargetEvent(tx: Tx, projectId: string, targetId: string) {
  return recordEvent(tx, projectId, TARGET_DEPLOY_STATE_EVENT, { targetId });
}

export async function unlockTarget({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "target.lock");
  const { reason } = parseInput(ZReasonBody, input.data);
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    const t = await targetOf(tx, input.projectId, input.targetId);
    if (!t.lockedAt) throw new ConflictError(`${t.name} is not locked.`, "not_locked");
    await tx.target.update({ where: { id: t.id }, data: { lockedAt: null, lockedReason: null, lockedBy: null } });
    await writeAudit(tx, ctx, { projectId: t.projectId, action: "target.unlock", objectType: "target", objectId: t.id, before: { reason: t.lockedReason, by: t.lockedBy }, after: { reason } });
    await notifyDeploy(tx, fx, t.projectId, "target.unlocked", { title: `${t.name} unlocked`, text: `${label(ctx)}: ${reason}`, url: `/targets/${t.id}` });
    fx.events.push(await recordTargetEvent(tx, t.projectId, t.id));
  });
  await fx.flush();
  return getTargetDeployState({ ctx, input });
}

export async function updateDeployPolicy({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "target.update");
  const patch = parseInput(ZDeployPolicy.partial().refine((v) => Object.keys(v).length > 0, "send at least one field"), input.data);
  const effects = await db.$transaction(async (tx) => {
    const before = await targetOf(tx, input.projectId, input.targetId);
    const after = await tx.target.update({ where: { id: before.id }, data: patch });
    await writeAudit(tx, ctx, { projectId: after.projectId, action: "target.policy", objectType: "target", objectId: after.id, before: policyOf(before), after: policyOf(after) });
    return voidApprovalsAfterChange(tx, { targetId: after.id }, `${after.name}'s approval policy changed`);
  });
  await effects.flush();
  return getTargetDeployState({ ctx, input });
}

const policyOf = (t: { approvalsRequired: number; approverRoles: Role[]; approvalExpiryMinutes: number; queuePolicy: "fifo" | "newest_wins"; verifySeconds: number; autoRollback: boolean }) => ({
  approvalsRequired: t.approvalsRequired,
  approverRoles: t.approverRoles.filter((r): r is "member" | "approver" | "admin" => r !== "viewer"),
  approvalExpiryMinutes: t.approvalExpiryMinutes,
  queuePolicy: t.queuePolicy,
  verifySeconds: t.verifySeconds,
  autoRollback: t.autoRollback,
});

export async function getTargetDeployState({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string } }) {
  await authorize(ctx, input.projectId, "deployment.read");
  const t = await targetOf(db, input.projectId, input.targetId);
  const live = t.liveDeploymentId ? await db.deployment.findUnique({ where: { id: t.liveDeploymentId }, include: { release: true } }) : null;
  const open = await db.deployment.findMany({ where: { targetId: t.id, status: { in: [...ACTIVE_STATUSES] } }, include: withParts, orderBy: { createdAt: "asc" } });
  const views = await Promise.all(open.map(async (r) => toDeployment(await withRollbackVersion(db, r))));
  const freeze = await activeFreezeFor(t.projectId, t.id, new Date());
  const chosen = adapterFor(t.providerKind, t.secretKeys);
  return {
    targetId: t.id,
    policy: policyOf(t),
    lock: t.lockedAt ? { at: t.lockedAt.toISOString(), reason: t.lockedReason ?? "", by: t.lockedBy ?? "" } : null,
    live: live ? { deploymentId: live.id, number: live.number, version: live.release.version, at: (live.finishedAt ?? live.createdAt).toISOString(), kind: live.kind, requestedBy: live.requestedBy } : null,
    active: views.find((v) => v.status === "running" || v.status === "verifying") ?? null,
    waiting: views.filter((v) => v.status !== "running" && v.status !== "verifying"),
    freeze: freeze ? { name: freeze.window.name, reason: freeze.reason } : null,
    deployable: chosen.adapter
      ? { ok: true, how: chosen.label === "command" ? "Deploys by running its command on a T-Minus worker." : `Deploys through the ${chosen.label}.` }
      : { ok: false, how: chosen.why },
  };
}

/** What waits for the signed-in person's approval, across their projects. */
export async function approvalInbox({ ctx }: { ctx: Ctx }): Promise<(TDeployment & { project: { id: string; slug: string; name: string } })[]> {
  const user = requireUser(ctx);
  const memberships = await db.membership.findMany({ where: { userId: user.userId }, select: { projectId: true, role: true } });
  const roleIn = new Map(memberships.map((m) => [m.projectId, m.role]));
  const rows = await db.deployment.findMany({
    where: { status: "awaiting_approval", projectId: { in: [...roleIn.keys()] }, NOT: { requestedById: user.userId } },
    include: { ...withParts, project: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  const now = new Date();
  return rows
    .filter((d) => d.target.approverRoles.includes(roleIn.get(d.projectId)!) && !validApprovals(d, now).some((a) => a.userId === user.userId))
    .map((d) => ({ ...toDeployment(d, now), project: d.project }));
}
