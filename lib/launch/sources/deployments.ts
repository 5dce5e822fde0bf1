import { z } from "zod";
import type { DeploymentStatus } from "@prisma/client";
import { db } from "../../db";
import { approvalState, deploymentPath, overridesOf } from "../../deployments/core";
import type { BindingSource } from "../bindings";
import { ZId, ago, projectSlug, resolveTarget, restOf, targetName } from "./shared";

// Deployment facts: the latest deploy to a target went out cleanly (succeeded, with the approvals its policy asked
// for), and a rollback was exercised recently (a person's rollback, or T-Minus's automatic one after a failed
// verification). Both read the deployment rows the runner finished.

const DAY = 86_400_000;

export const ZDeploymentSucceededBinding = z.object({ targetId: ZId });
export type TDeploymentSucceededBinding = z.infer<typeof ZDeploymentSucceededBinding>;

export const ZRollbackExercisedBinding = z.object({
  targetId: ZId,
  withinDays: z.number({ error: "must be a number" }).int("must be a whole number of days").min(1, "must be at least 1 day").max(365, "must be at most 365 days").default(30),
});
export type TRollbackExercisedBinding = z.infer<typeof ZRollbackExercisedBinding>;

const ENDED: Record<Exclude<DeploymentStatus, "succeeded">, string> = {
  failed: "failed",
  rolled_back: "failed verification and was rolled back",
  cancelled: "was cancelled while it ran",
  requested: "is requested",
  awaiting_approval: "is awaiting approval",
  approved: "is approved",
  queued: "is queued",
  running: "is running",
  verifying: "is verifying",
};

export const deploymentSucceededSource: BindingSource<TDeploymentSucceededBinding> = {
  kind: "deployment_succeeded",
  label: "Latest deploy succeeded",
  description: "The latest finished deploy to a target succeeded, with the approvals its policy asked for (no emergency bypass).",
  params: [{ name: "targetId", description: "the target (templates: environment, e.g. \"production\")", required: true }],
  schema: ZDeploymentSucceededBinding,
  resolve: async (tx, projectId, raw) => {
    const target = await resolveTarget(tx, projectId, raw);
    return target && { targetId: target.id };
  },
  describe: async (tx, projectId, p) => `The latest deploy to ${await targetName(tx, projectId, p.targetId)} succeeded, with its approvals`,
  async evaluate(projectId, p) {
    // Finished: it ran to an end. A deployment cancelled or rejected before it started changed nothing, so it does not count.
    const [d, slug, name] = await Promise.all([
      db.deployment.findFirst({
        where: {
          projectId,
          targetId: p.targetId,
          kind: "deploy",
          OR: [{ status: { in: ["succeeded", "failed", "rolled_back"] } }, { status: "cancelled", startedAt: { not: null } }],
        },
        orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { number: "desc" }],
        include: { release: true, approvals: { orderBy: { createdAt: "asc" } } },
      }),
      projectSlug(projectId),
      targetName(db, projectId, p.targetId),
    ]);
    if (!d) return { ok: false, summary: `No deploy to ${name} has finished yet`, href: null };
    const href = deploymentPath(slug, d.id);
    const what = `Deploy #${d.number} of ${d.release.version}`;
    if (d.status !== "succeeded") return { ok: false, summary: `${what} ${ENDED[d.status]} on ${name}`, href };
    const bypass = overridesOf(d).find((o) => o.kind === "approvals");
    if (bypass) return { ok: false, summary: `${what} succeeded on ${name}, but ${bypass.by} bypassed its approvals (emergency: ${bypass.reason})`, href };
    if (d.approvalsRequired === 0) return { ok: true, summary: `${what} succeeded on ${name}; no approval required`, href };
    const valid = d.approvals.filter((a) => approvalState(a, d) === "valid");
    const count = `${valid.length} of ${d.approvalsRequired}`;
    if (valid.length < d.approvalsRequired) return { ok: false, summary: `${what} succeeded on ${name} with only ${count} approvals`, href };
    return { ok: true, summary: `${what} succeeded on ${name}, approved by ${valid.map((a) => a.userLabel).join(", ")} (${count})`, href };
  },
};

export const rollbackExercisedSource: BindingSource<TRollbackExercisedBinding> = {
  kind: "rollback_exercised",
  label: "Rollback exercised",
  description: "A rollback (a person's, or T-Minus's automatic one after a failed verification) succeeded on a target within a number of days.",
  params: [
    { name: "targetId", description: "the target (templates: environment, e.g. \"production\")", required: true },
    { name: "withinDays", description: "how recent, in days (default 30)", required: false },
  ],
  schema: ZRollbackExercisedBinding,
  resolve: async (tx, projectId, raw) => {
    const target = await resolveTarget(tx, projectId, raw);
    return target && ({ ...restOf(raw), targetId: target.id } as TRollbackExercisedBinding);
  },
  describe: async (tx, projectId, p) => `A rollback succeeded on ${await targetName(tx, projectId, p.targetId)} in the last ${p.withinDays} days`,
  async evaluate(projectId, p, now) {
    // A rollback deployment that succeeded, or a deploy whose automatic rollback step succeeded (the deploy itself ends
    // "rolled_back" either way; only a healthy rollback step proves the way back works).
    const where = {
      projectId,
      targetId: p.targetId,
      finishedAt: { not: null, lte: now },
      OR: [
        { kind: "rollback" as const, status: "succeeded" as const },
        { kind: "deploy" as const, status: "rolled_back" as const, steps: { some: { name: "rollback", status: "succeeded" as const } } },
      ],
    };
    const [last, slug, name] = await Promise.all([
      db.deployment.findFirst({ where, orderBy: [{ finishedAt: "desc" }, { number: "desc" }], include: { release: true } }),
      projectSlug(projectId),
      targetName(db, projectId, p.targetId),
    ]);
    const window = `in the last ${p.withinDays} days`;
    if (!last) return { ok: false, summary: `No rollback has succeeded on ${name} yet`, href: null };
    const href = deploymentPath(slug, last.id);
    let what: string;
    if (last.kind === "rollback") what = `Rollback #${last.number} to ${last.release.version} succeeded on ${name}`;
    else {
      const to = last.rollbackReleaseId ? await db.release.findUnique({ where: { id: last.rollbackReleaseId }, select: { version: true } }) : null;
      what = `Automatic rollback of ${last.release.version}${to ? ` to ${to.version}` : ""} succeeded on ${name} (deploy #${last.number})`;
    }
    const recent = last.finishedAt!.getTime() >= now.getTime() - p.withinDays * DAY;
    return { ok: recent, summary: `${what} ${ago(last.finishedAt!, now)}${recent ? "" : `, not ${window}`}`, href };
  },
};
