import type { ChecklistItemStatus, Prisma, PrismaClient } from "@prisma/client";
import { systemCtx } from "../auth/context";
import { createLaunch } from "../launch/launches";
import { PHASE5_ID } from "../launch/phase5";
import { readinessOf } from "../launch/view";

// Acme Web's launch: in soft launch, the Phase 5 checklist partly done, one waiver (the CDN comes with the host) and one
// blocking item open (edge-case hammering, in progress), so the production gate shows what it does. Automated items
// (production push, rollback drill on staging, uptime) are measured by T-Minus itself and are not set here.

const day = 86_400_000;
type Who = "member" | "approver" | "admin";
type Plan = { status: ChecklistItemStatus; assignee?: Who; owner?: Who; signedBy?: Who; daysAgo?: number; evidence?: { url?: string; text: string }[]; comment?: { by: Who; body: string } };

const PLAN: Record<string, Plan> = {
  "High-traffic simulation (load test)": {
    status: "done", owner: "member", assignee: "member", signedBy: "approver", daysAgo: 3,
    evidence: [{ url: "https://ci.acme.example/load/1842", text: "k6 run: 400 rps for 10 min, p95 212 ms, p99 480 ms, 0.02% errors" }],
  },
  "Edge-case hammering: invalid inputs, partial network failures, odd user behaviour": {
    status: "in_progress", owner: "member", assignee: "member",
    evidence: [{ text: "Forms and the public API done; the checkout flow under a flaky network still to do." }],
    comment: { by: "member", body: "Two 500s left on `/api/cart` with an empty body; fix is in 1.4.1. @approver can you review the retry change?" },
  },
  "Accessibility (WCAG) checks": { status: "done", owner: "member", signedBy: "admin", daysAgo: 5, evidence: [{ url: "https://ci.acme.example/axe/311", text: "axe: 0 violations on 24 pages; keyboard pass by hand" }] },
  "Usability feedback loop with a final batch of testers": { status: "in_progress", assignee: "member" },
  "Final image built and lean": { status: "done", evidence: [{ text: "Image 148 MB (was 611 MB): multi-stage build, production dependencies only." }] },
  "Version tagged": { status: "done" },
  "Changelog written": { status: "done" },
  "Production database linked": { status: "done", owner: "admin", signedBy: "approver", daysAgo: 9, evidence: [{ text: "Managed Postgres 15, TLS required, daily backups, PITR 7 days." }] },
  "Front end minified, tree-shaken, assets lazy-loaded": { status: "done" },
  "Database indexes": { status: "done" },
  "Caching layer (Redis or Memcached)": { status: "in_progress", assignee: "member" },
  "Logs set up": { status: "done", evidence: [{ text: "JSON logs shipped to the log service; 30 days kept." }] },
  README: { status: "done" },
  "API endpoints documented": { status: "done" },
  "Maintenance SOP: restart services, deploy hotfixes, database backups": { status: "done", owner: "admin", signedBy: "approver", daysAgo: 6 },
  "Soft launch (internal, then limited public)": { status: "done" },
  "Feedback loop open (form, Discord, GitHub issues)": { status: "in_progress", assignee: "approver" },
};
const WAIVED = "CDN linked";
const SIGNED_AUTOMATED = "CI/CD finalised with rollback safety";

/** Idempotent: only for a demo project without launches. */
export async function seedDemoLaunch(db: PrismaClient, projectId: string, users: Record<string, string>) {
  if (await db.launch.count({ where: { projectId } })) return;
  const ctx = systemCtx("seed");
  const people = new Map((await db.user.findMany({ where: { id: { in: Object.values(users) } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
  const email = (who: Who) => people.get(users[who]) ?? who;
  const launch = await createLaunch({
    ctx,
    input: { projectId, data: { name: "Acme Web 2.0", templateId: PHASE5_ID, targetDate: new Date(Date.now() + 9 * day + 3 * 3600_000).toISOString() } },
  });
  const now = Date.now();
  await db.$transaction(async (tx) => {
    for (const item of launch.items) {
      if (item.title === WAIVED) {
        await tx.checklistItem.update({
          where: { id: item.id },
          data: { status: "waived", ownerId: users.admin, waivedBy: email("approver"), waiverReason: "The host serves static assets from its own CDN; a separate CDN waits until traffic needs it.", waiverExpiresAt: new Date(now + 21 * day) },
        });
        await tx.checklistActivity.create({ data: { itemId: item.id, actor: email("approver"), action: "waived", text: `${email("approver")} waived this for 21 days: the host's own CDN covers launch traffic.` } });
        continue;
      }
      // The rollback drill on staging ticked this already (createLaunch measures automated items); the approver signed it.
      if (item.title === SIGNED_AUTOMATED && item.status === "done") {
        await tx.checklistItem.update({ where: { id: item.id }, data: { signedOffBy: email("approver"), signedOffAt: new Date(now - day) } });
        await tx.checklistActivity.create({ data: { itemId: item.id, actor: email("approver"), action: "signed_off", text: `${email("approver")} signed this off after the rollback drill.` } });
        continue;
      }
      const plan = PLAN[item.title];
      // Automated items measured true when the launch was made (the seeded QA runs): signed off where the plan says.
      if (plan?.signedBy && item.binding && item.status === "done") {
        const at = new Date(now - (plan.daysAgo ?? 2) * day);
        await tx.checklistItem.update({ where: { id: item.id }, data: { ownerId: plan.owner ? users[plan.owner] : undefined, signedOffBy: email(plan.signedBy), signedOffAt: at } });
        await tx.checklistActivity.create({ data: { itemId: item.id, actor: email(plan.signedBy), action: "signed_off", text: `${email(plan.signedBy)} signed this off.`, createdAt: at } });
        continue;
      }
      if (!plan || item.binding) continue;
      const at = new Date(now - (plan.daysAgo ?? 2) * day);
      const data: Prisma.ChecklistItemUncheckedUpdateInput = {
        status: plan.status,
        ownerId: plan.owner ? users[plan.owner] : undefined,
        assigneeId: plan.assignee ? users[plan.assignee] : undefined,
        dueAt: plan.status === "done" ? undefined : new Date(now + 4 * day),
      };
      if (plan.signedBy) Object.assign(data, { signedOffBy: email(plan.signedBy), signedOffAt: at });
      await tx.checklistItem.update({ where: { id: item.id }, data });
      await tx.checklistActivity.create({ data: { itemId: item.id, actor: email(plan.assignee ?? "member"), action: "updated", text: `${email(plan.assignee ?? "member")} marked it ${plan.status.replace("_", " ")}.`, createdAt: new Date(at.getTime() - 3600_000) } });
      if (plan.signedBy) await tx.checklistActivity.create({ data: { itemId: item.id, actor: email(plan.signedBy), action: "signed_off", text: `${email(plan.signedBy)} signed this off.`, createdAt: at } });
      for (const e of plan.evidence ?? []) {
        await tx.checklistEvidence.create({ data: { itemId: item.id, kind: e.url ? "link" : "note", url: e.url ?? null, text: e.text, addedBy: email("member"), createdAt: new Date(at.getTime() - 7200_000) } });
      }
      if (plan.comment) await tx.checklistComment.create({ data: { itemId: item.id, author: email(plan.comment.by), body: plan.comment.body } });
    }
    // The move into soft launch: staff only, decided by the admin while edge-case hammering was still running.
    const readiness = await readinessOf(tx, launch.id);
    await tx.launchDecision.create({
      data: {
        launchId: launch.id, fromStage: "planned", toStage: "soft_launch", go: readiness.go, overridden: !readiness.go,
        readiness: { score: readiness.score, verdict: readiness.verdict, holding: readiness.holding } as unknown as Prisma.InputJsonValue,
        notes: readiness.go ? "Staff only for the first week." : "Override: staff-only soft launch; edge-case hammering finishes before the official launch.",
        decidedBy: email("admin"), createdAt: new Date(now - 2 * day),
      },
    });
    await tx.launch.update({ where: { id: launch.id }, data: { stage: "soft_launch", createdAt: new Date(now - 14 * day) } });
  });
}
