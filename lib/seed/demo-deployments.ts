import type { Prisma, PrismaClient } from "@prisma/client";
import { systemCtx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { configHashOf } from "../deployments/core";
import { DEMO_RELEASES } from "./demo-releases";

// Acme Web's deploy history: both demo targets deploy through the command adapter, which runs
// examples/demo-target/deploy.mjs against the demo app (a real deploy of a new version on localhost). Production runs
// 1.3.2 and staging 1.4.0, as the demo apps start; 1.4.0 waits for approval on production, requested by the member,
// so whoever signs in as the approver has something to approve and watch deploy.

export const DEMO_DEPLOY_COMMAND = (baseUrl: string) => `node examples/demo-target/deploy.mjs ${baseUrl}`;

// The staging rollback to 1.3.0 is the team's rollback drill (the launch checklist's "rollback safety" item watches it).
const HISTORY: { target: "staging" | "production"; version: string; by: "member" | "admin" | "approver"; approvedBy?: "approver" | "admin"; rollbackAfter?: string }[] = [
  { target: "staging", version: "1.2.0", by: "member" },
  { target: "production", version: "1.2.0", by: "member", approvedBy: "approver" },
  { target: "staging", version: "1.3.0", by: "member" },
  { target: "production", version: "1.3.0", by: "admin", approvedBy: "approver" },
  { target: "staging", version: "1.3.2", by: "member" },
  { target: "production", version: "1.3.2", by: "member", approvedBy: "admin" },
  { target: "staging", version: "1.3.0", by: "approver", rollbackAfter: "1.3.2" },
  { target: "staging", version: "1.4.0", by: "member" },
];

type Users = Record<string, string>;

/** Idempotent: runs only for a demo project without deployments, and only changes targets still without a provider. */
export async function seedDemoDeployments(db: PrismaClient, projectId: string, users: Users) {
  if (await db.deployment.count({ where: { projectId } })) return;
  const ctx = systemCtx("seed");
  const people = await db.user.findMany({ where: { id: { in: Object.values(users) } }, select: { id: true, email: true } });
  const email = (role: string) => people.find((p) => p.id === users[role])?.email ?? role;

  await db.$transaction(async (tx) => {
    const targets = new Map<string, Awaited<ReturnType<typeof tx.target.update>>>();
    for (const name of ["staging", "production"] as const) {
      const t = await tx.target.findFirst({ where: { projectId, name } });
      if (!t) return;
      const updated =
        t.providerKind === "none" && !t.secretKeys.length
          ? await tx.target.update({
              where: { id: t.id },
              data: {
                providerKind: "command",
                providerSettings: { host: "127.0.0.1", command: DEMO_DEPLOY_COMMAND(t.baseUrl) } as Prisma.InputJsonValue,
                approvalsRequired: name === "production" ? 1 : 0,
                verifySeconds: name === "production" ? 10 : 5,
              },
            })
          : t;
      targets.set(name, updated);
    }
    const releases = new Map((await tx.release.findMany({ where: { projectId } })).map((r) => [r.version, r]));
    const days = new Map(DEMO_RELEASES.map((r) => [r.version, r.daysAgo]));
    let number = 0;
    const live = new Map<string, string>();
    for (const h of HISTORY) {
      const target = targets.get(h.target)!;
      const release = releases.get(h.version);
      if (!release) continue;
      // Staging the day of the release, production a day later.
      // A rollback drill: a day after the release it rolled back from.
      const at = h.rollbackAfter
        ? new Date(Date.now() - (days.get(h.rollbackAfter) ?? 1) * 86_400_000 + 86_400_000 + 7200_000)
        : new Date(Date.now() - (days.get(h.version) ?? 1) * 86_400_000 + (h.target === "production" ? 86_400_000 : 3600_000));
      const rollbackTo = h.rollbackAfter ? await tx.deployment.findFirst({ where: { projectId, targetId: target.id, releaseId: release.id, kind: "deploy" }, select: { id: true } }) : null;
      const minutes = (n: number) => new Date(at.getTime() + n * 60_000);
      const d = await tx.deployment.create({
        data: {
          projectId, targetId: target.id, releaseId: release.id, number: ++number, status: "succeeded", kind: h.rollbackAfter ? "rollback" : "deploy", rollbackToId: rollbackTo?.id ?? null,
          reason: h.rollbackAfter ? "Rollback drill before the launch: back to 1.3.0 and forward again." : "", configHash: configHashOf(target, release), approvalsRequired: h.approvedBy ? 1 : 0,
          requestedById: users[h.by], requestedBy: email(h.by), createdAt: at, approvedAt: minutes(h.approvedBy ? 4 : 0), queuedAt: minutes(h.approvedBy ? 4 : 0),
          startedAt: minutes(h.approvedBy ? 4 : 0), finishedAt: minutes(h.approvedBy ? 6 : 2), providerDeployId: `cmd-seed-${number}`, logLineCount: 3,
        },
      });
      const steps: [string, "succeeded" | "skipped", number, number, string][] = [
        ["request", "succeeded", 0, 0, h.rollbackAfter ? `${email(h.by)} rolled ${h.target} back to ${h.version}` : `${email(h.by)} asked to deploy ${h.version} to ${h.target}`],
        ["approval", h.approvedBy ? "succeeded" : "skipped", 0, h.approvedBy ? 4 : 0, h.approvedBy ? `Approved by ${email(h.approvedBy)}.` : "This target needs no approval."],
        ["queue", "succeeded", h.approvedBy ? 4 : 0, h.approvedBy ? 4 : 0, "Started by a worker."],
        ["trigger", "succeeded", h.approvedBy ? 4 : 0, h.approvedBy ? 4 : 0, `Provider deploy cmd-seed-${number}`],
        ["build", "succeeded", h.approvedBy ? 4 : 0, h.approvedBy ? 5 : 1, null as unknown as string],
        ["verify", "succeeded", h.approvedBy ? 5 : 1, h.approvedBy ? 6 : 2, `Healthy for ${h.target === "production" ? 10 : 5} s.`],
      ];
      for (const [name, status, from, to, detail] of steps) {
        await tx.deploymentStep.create({ data: { deploymentId: d.id, name, status, startedAt: minutes(from), finishedAt: minutes(to), detail } });
      }
      if (h.approvedBy) {
        await tx.deploymentApproval.create({
          data: { deploymentId: d.id, userId: users[h.approvedBy], userLabel: email(h.approvedBy), role: h.approvedBy, decision: "approved", configHash: d.configHash, createdAt: minutes(4), expiresAt: minutes(34) },
        });
      }
      await tx.deploymentLogChunk.create({
        data: { deploymentId: d.id, firstLine: 0, lines: [`${h.rollbackAfter ? "Rolling back to" : "Deploying"} Acme ${h.version} on ${h.target}`, `Now serving ${h.version}`, `[verify] ok — ${target.baseUrl}/health answered HTTP 200`] },
      });
      live.set(target.id, d.id);
    }
    for (const [targetId, deploymentId] of live) await tx.target.update({ where: { id: targetId }, data: { liveDeploymentId: deploymentId } });

    // Waiting for the approver: 1.4.0 to production, asked for by the member an hour ago.
    const production = targets.get("production")!;
    const next = releases.get("1.4.0");
    if (next) {
      const asked = new Date(Date.now() - 3600_000);
      const d = await tx.deployment.create({
        data: {
          projectId, targetId: production.id, releaseId: next.id, number: ++number, status: "awaiting_approval", configHash: configHashOf(production, next), approvalsRequired: 1,
          requestedById: users.member, requestedBy: email("member"), reason: "Search and the new pricing page are verified on staging.", createdAt: asked,
        },
      });
      await tx.deploymentStep.create({ data: { deploymentId: d.id, name: "request", status: "succeeded", startedAt: asked, finishedAt: asked, detail: `${email("member")} asked to deploy 1.4.0 to production` } });
      await tx.deploymentStep.create({ data: { deploymentId: d.id, name: "approval", status: "running", startedAt: asked, detail: "Needs 1 approval from approver or admin; the requester cannot approve." } });
      await writeAudit(tx, ctx, { projectId, action: "deployment.request", objectType: "deployment", objectId: d.id, after: { number: d.number, target: "production", version: "1.4.0", status: d.status } });
    }
  });
}
