import type { Role } from "@prisma/client";
import { db } from "@/lib/db";
import { ROUTES } from "@/lib/api/routes";
import { handle, type RouteDef } from "@/lib/api/handler";
import { createTarget } from "@/lib/targets/targets";
import { queue } from "@/lib/jobs/enqueue";
import { isJobName, queueOf } from "@/lib/jobs/contract";
import { createInvitation } from "@/lib/members/members";
import { createToken } from "@/lib/tokens/tokens";
import { createRelease } from "@/lib/releases/releases";
import type { Prisma } from "@prisma/client";
import { updateTarget } from "@/lib/targets/targets";
import { configHashOf } from "@/lib/deployments/core";
import { createFreezeWindow } from "@/lib/deployments/freeze";
import { createChannel } from "@/lib/notifications/channels";
import { apiToken, buildRequest, createUser, projectWithRoles, sessionCookie, uid, userCtx, type Caller } from "./fixtures";

export const ROLE_LIST = ["viewer", "member", "approver", "admin"] as const satisfies readonly Role[];

/** A project with one user per role plus one of each object a route can act on. */
export async function world() {
  const base = await projectWithRoles();
  const ctx = userCtx(base.users.admin);
  const projectId = base.project.id;
  const target = await createTarget({
    ctx,
    input: { projectId, data: { name: `t-${uid()}`, environment: "staging", baseUrl: "https://staging.example.test" } },
  });
  // A row, not a request: no probe job is queued for a fixture, so a worker started by another file has no backlog.
  const connectionTest = await db.connectionTest.create({ data: { projectId, targetId: target.id, url: target.healthUrl } });
  const subject = await createUser({ name: `subject ${uid()}` });
  await db.membership.create({ data: { projectId, userId: subject.id, role: "member" } });
  const invitation = await createInvitation({ ctx, input: { projectId, data: { email: `invitee-${uid()}@example.test`, role: "viewer" } } });
  const token = await createToken({ ctx, input: { projectId, data: { name: `spare-${uid()}`, role: "viewer" } } });
  // For the instance-wide routes (/instance/…), which answer instance admins only.
  const instanceAdmin = await createUser({ isInstanceAdmin: true, name: `instance admin ${uid()}` });
  const release = await createRelease({ ctx, input: { projectId, data: { version: "1.0.0", commits: [{ hash: "a1b2c3d", message: "feat: first release" }] } } });
  // Deployments: the target deploys through a hook and needs one approval, so a request waits instead of queueing work.
  await updateTarget({ ctx, input: { projectId, targetId: target.id, patch: { secrets: { deployHookUrl: "https://hooks.example.test/deploy/h00k" } } } });
  const deployTarget = await db.target.update({ where: { id: target.id }, data: { approvalsRequired: 1 } });
  const rel = await db.release.findUniqueOrThrow({ where: { id: release.id } });
  const row = (number: number, data: Partial<Prisma.DeploymentUncheckedCreateInput>) =>
    db.deployment.create({
      data: { projectId, targetId: target.id, releaseId: release.id, number, configHash: configHashOf(deployTarget, rel), requestedBy: subject.email, requestedById: subject.id, ...data },
    });
  const awaiting = await row(1, { status: "awaiting_approval", approvalsRequired: 1 });
  const done = await row(2, { status: "succeeded", finishedAt: new Date(), approvedAt: new Date() });
  const locked = await db.target.create({
    data: { projectId, name: `locked-${uid()}`, environment: "staging", baseUrl: "https://locked.example.test", lockedAt: new Date(), lockedReason: "fixture", lockedBy: "fixture" },
  });
  const freeze = await createFreezeWindow({ ctx, input: { projectId, data: { kind: "weekly", name: "Fridays", weekdays: [5], startTime: "16:00", endTime: "23:59", timeZone: "UTC" } } });
  const channel = await createChannel({ ctx, input: { projectId, data: { name: `ops-${uid()}`, format: "json", url: "http://127.0.0.1:9/hook", events: ["deployment.failed"] } } });
  // Monitoring: the target's default health check, an open incident on it, a maintenance window; on the status page.
  const check = await db.check.findFirstOrThrow({ where: { targetId: target.id } });
  await db.target.update({ where: { id: target.id }, data: { publicStatus: true } });
  const incident = await db.incident.create({
    data: { projectId, checkId: check.id, number: 1, title: "Health endpoint is down", cause: "answered 503", startedAt: new Date(), lastNotifiedAt: new Date() },
  });
  const maintenance = await db.maintenanceWindow.create({ data: { projectId, name: "Nightly", kind: "weekly", weekdays: [1, 2, 3, 4, 5], startTime: "02:00", endTime: "02:30", timeZone: "UTC", createdBy: "fixture" } });
  // Launch checklist: an active launch with a done blocking item (so it is go), a waived one, evidence, a template.
  const launch = await db.launch.create({ data: { projectId, name: "Fixture launch", createdBy: "fixture" } });
  const item = await db.checklistItem.create({ data: { launchId: launch.id, projectId, number: 1, position: 0, section: "Final testing & QA", title: "Load test", status: "done", blocking: true } });
  const waivedItem = await db.checklistItem.create({
    data: { launchId: launch.id, projectId, number: 2, position: 1, section: "Deployment strategy", title: "CDN linked", status: "waived", blocking: true, waivedBy: "fixture", waiverReason: "static host", waiverExpiresAt: new Date(Date.now() + 7 * 86_400_000) },
  });
  const evidence = await db.checklistEvidence.create({ data: { itemId: item.id, kind: "link", url: "https://ci.example.test/runs/1", text: "run 1", addedBy: "fixture" } });
  const template = await db.checklistTemplate.create({
    data: { projectId, name: `Fixture template ${uid()}`, body: { sections: [{ title: "QA", items: [{ title: "Smoke test", description: "", blocking: true, signOffRequired: false, renewalDays: null, binding: null }] }] }, createdBy: "fixture" },
  });
  // QA: a finished run with a finding and an artifact, a queued one (to cancel), a profile on the staging target.
  const qaRow = (number: number, data: Partial<Prisma.QaRunUncheckedCreateInput>) =>
    db.qaRun.create({ data: { projectId, targetId: target.id, number, kind: "links", settings: {}, baseUrl: target.baseUrl, environment: "staging", requestedByLabel: "fixture", ...data } });
  const qaRun = await qaRow(1, { status: "failed", summary: "1 broken link", startedAt: new Date(), finishedAt: new Date(), findingsNew: 1, findingsGating: 1 });
  await db.qaFinding.create({ data: { runId: qaRun.id, fingerprint: "f1", rule: "broken-link", severity: "serious", title: "/gone answers 404", location: "/gone", advice: "Fix the link." } });
  const qaArtifact = await db.qaArtifact.create({ data: { runId: qaRun.id, name: "report.json", contentType: "application/json", size: 2, data: new Uint8Array(Buffer.from("{}")) } });
  const qaQueued = await qaRow(2, {});
  const qaProfile = await db.qaProfile.create({ data: { projectId, targetId: target.id, kind: "links", name: `Nightly links ${uid()}`, settings: {} } });
  // Feedback: two new items (one to triage, one as the original of a duplicate) and a sprint.
  const feedbackKey = (await db.feedbackSettings.create({ data: { projectId, publicKey: `fbk_${uid()}${uid()}`, nextNumber: 4 } })).publicKey;
  const fbRow = (number: number, title: string) => db.feedbackItem.create({ data: { projectId, number, type: "bug", title, body: `${title} in detail`, source: "form" } });
  const feedbackItem = await fbRow(1, "Checkout button does nothing");
  const feedbackOriginal = await fbRow(2, "Pay button dead on mobile");
  const sprint = await db.feedbackSprint.create({ data: { projectId, name: "Launch week", startsAt: new Date(), endsAt: new Date(Date.now() + 7 * 86_400_000) } });
  // Runbooks and roadmap: a written page (no prompts left, so it can be reviewed), a known issue, and the first item accepted.
  const runbook = await db.runbookPage.create({ data: { projectId, key: `restart-${uid()}`, title: "Restart the API", body: "1. `systemctl restart api`" } });
  const roadmapItem = await db.roadmapItem.create({ data: { projectId, kind: "known_issue", title: "Search is slow on huge carts" } });
  const acceptedFeedback = await fbRow(3, "Add Apple Pay");
  await db.feedbackItem.update({ where: { id: acceptedFeedback.id }, data: { status: "accepted" } });
  return {
    ...base, projectId, target, connectionTest, subject, invitation, token, instanceAdmin, release, awaiting, done, locked, freeze, channel, check, incident, maintenance, launch, item, waivedItem, evidence, template,
    qaRun, qaArtifact, qaQueued, qaProfile, feedbackItem, feedbackOriginal, sprint, feedbackKey, runbook, roadmapItem, acceptedFeedback,
  };
}
export type World = Awaited<ReturnType<typeof world>>;

export type Fixture = { params: Record<string, string>; body?: unknown; query?: Record<string, string> };

/** A valid request for every route, built from a world. Keyed by route id; the matrix fails on a route without one. */
export const ROUTE_FIXTURES: Record<string, (w: World) => Fixture> = {
  "me.get": () => ({ params: {} }),
  "setup.create": () => ({ params: {}, body: { name: "Second", email: `setup-${uid()}@example.test`, password: "correct horse battery" } }),
  "projects.list": () => ({ params: {} }),
  "projects.create": () => ({ params: {}, body: { name: `Created ${uid()}` } }),
  "projects.get": (w) => ({ params: { projectId: w.projectId } }),
  "projects.update": (w) => ({ params: { projectId: w.projectId }, body: { description: "changed" } }),
  "projects.delete": (w) => ({ params: { projectId: w.projectId } }),
  "targets.list": (w) => ({ params: { projectId: w.projectId } }),
  "targets.create": (w) => ({
    params: { projectId: w.projectId },
    body: { name: `new-${uid()}`, environment: "production", baseUrl: "https://www.example.test" },
  }),
  "targets.get": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id } }),
  "targets.update": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id }, body: { healthPath: "/healthz" } }),
  "targets.delete": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id } }),
  "connectionTests.create": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id } }),
  "connectionTests.list": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id } }),
  "connectionTests.get": (w) => ({ params: { projectId: w.projectId, connectionTestId: w.connectionTest.id } }),
  "members.list": (w) => ({ params: { projectId: w.projectId } }),
  "members.update": (w) => ({ params: { projectId: w.projectId, userId: w.subject.id }, body: { role: "approver" } }),
  "members.remove": (w) => ({ params: { projectId: w.projectId, userId: w.subject.id } }),
  "invitations.list": (w) => ({ params: { projectId: w.projectId } }),
  "invitations.create": (w) => ({ params: { projectId: w.projectId }, body: { email: `new-${uid()}@example.test`, role: "member" } }),
  "invitations.revoke": (w) => ({ params: { projectId: w.projectId, invitationId: w.invitation.id } }),
  "invitations.accept": (w) => ({
    params: {},
    body: { token: new URL(w.invitation.acceptUrl!).pathname.split("/").pop(), name: "New Person", password: "correct horse battery" },
  }),
  "tokens.list": (w) => ({ params: { projectId: w.projectId } }),
  "tokens.create": (w) => ({ params: { projectId: w.projectId }, body: { name: `made-${uid()}`, role: "viewer" } }),
  "tokens.revoke": (w) => ({ params: { projectId: w.projectId, tokenId: w.token.id } }),
  "audit.list": (w) => ({ params: { projectId: w.projectId }, query: { limit: "10" } }),
  "audit.export": (w) => ({ params: { projectId: w.projectId }, query: {} }),
  "events.stream": (w) => ({ params: { projectId: w.projectId } }),
  "instance.settings.get": () => ({ params: {} }),
  "instance.settings.update": () => ({ params: {}, body: { projectCreation: "anyone" } }),
  "outbox.deadLetters": () => ({ params: {} }),
  "outbox.retry": () => ({ params: { id: `no-such-job-${uid()}` } }),
  "instance.audit": () => ({ params: {}, query: { limit: "20" } }),
  "releases.list": (w) => ({ params: { projectId: w.projectId } }),
  "releases.create": (w) => ({ params: { projectId: w.projectId }, body: { title: "Checkout", commits: [{ hash: "b2c3d4e", message: "fix(cart): keep items", author: "Ada" }] } }),
  "releases.preview": (w) => ({ params: { projectId: w.projectId }, body: { commits: [{ hash: "c3d4e5f", message: "feat: faster search" }] } }),
  "releases.changelog": (w) => ({ params: { projectId: w.projectId } }),
  "releases.get": (w) => ({ params: { projectId: w.projectId, release: w.release.id } }),
  "releases.update": (w) => ({ params: { projectId: w.projectId, release: w.release.id }, body: { title: "Renamed" } }),
  "deployments.list": (w) => ({ params: { projectId: w.projectId }, query: { limit: "10" } }),
  "deployments.create": (w) => ({ params: { projectId: w.projectId }, body: { targetId: w.target.id, release: w.release.version } }),
  "deployments.get": (w) => ({ params: { projectId: w.projectId, deploymentId: w.awaiting.id } }),
  "deployments.log": (w) => ({ params: { projectId: w.projectId, deploymentId: w.awaiting.id }, query: { after: "0" } }),
  "deployments.approve": (w) => ({ params: { projectId: w.projectId, deploymentId: w.awaiting.id }, body: {} }),
  "deployments.reject": (w) => ({ params: { projectId: w.projectId, deploymentId: w.awaiting.id }, body: { reason: "not during the demo" } }),
  "deployments.cancel": (w) => ({ params: { projectId: w.projectId, deploymentId: w.awaiting.id }, body: {} }),
  "deployments.rollback": (w) => ({ params: { projectId: w.projectId, deploymentId: w.done.id }, body: { reason: "checkout is broken" } }),
  "targets.deployState": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id } }),
  "targets.lock": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id }, body: { reason: "database migration" } }),
  "targets.unlock": (w) => ({ params: { projectId: w.projectId, targetId: w.locked.id }, body: { reason: "migration finished" } }),
  "targets.deployPolicy": (w) => ({ params: { projectId: w.projectId, targetId: w.target.id }, body: { verifySeconds: 10 } }),
  "approvals.inbox": () => ({ params: {} }),
  "freezeWindows.list": (w) => ({ params: { projectId: w.projectId }, query: {} }),
  "freezeWindows.create": (w) => ({ params: { projectId: w.projectId }, body: { kind: "one_off", name: "Launch day", startsAt: "2031-01-01T00:00:00Z", endsAt: "2031-01-02T00:00:00Z" } }),
  "freezeWindows.delete": (w) => ({ params: { projectId: w.projectId, freezeWindowId: w.freeze.id } }),
  "channels.list": (w) => ({ params: { projectId: w.projectId } }),
  "channels.create": (w) => ({ params: { projectId: w.projectId }, body: { name: `new-${uid()}`, format: "slack", url: "http://127.0.0.1:9/slack", events: ["*"] } }),
  "channels.update": (w) => ({ params: { projectId: w.projectId, channelId: w.channel.id }, body: { enabled: false } }),
  "channels.delete": (w) => ({ params: { projectId: w.projectId, channelId: w.channel.id } }),
  "channels.test": (w) => ({ params: { projectId: w.projectId, channelId: w.channel.id } }),
  "channels.deliveries": (w) => ({ params: { projectId: w.projectId, channelId: w.channel.id } }),
  "checks.list": (w) => ({ params: { projectId: w.projectId }, query: {} }),
  "checks.create": (w) => ({ params: { projectId: w.projectId }, body: { kind: "tcp", name: `db-${uid()}`, settings: { host: "db.example.test", port: 5432 }, intervalSeconds: 30, timeoutSeconds: 5 } }),
  "checks.get": (w) => ({ params: { projectId: w.projectId, checkId: w.check.id } }),
  "checks.update": (w) => ({ params: { projectId: w.projectId, checkId: w.check.id }, body: { enabled: false } }),
  "checks.delete": (w) => ({ params: { projectId: w.projectId, checkId: w.check.id } }),
  "checks.results": (w) => ({ params: { projectId: w.projectId, checkId: w.check.id }, query: {} }),
  "checks.uptime": (w) => ({ params: { projectId: w.projectId, checkId: w.check.id } }),
  "checks.latency": (w) => ({ params: { projectId: w.projectId, checkId: w.check.id }, query: { window: "7d" } }),
  "incidents.list": (w) => ({ params: { projectId: w.projectId }, query: {} }),
  "incidents.get": (w) => ({ params: { projectId: w.projectId, incidentId: w.incident.id } }),
  "incidents.acknowledge": (w) => ({ params: { projectId: w.projectId, incidentId: w.incident.id } }),
  "incidents.note": (w) => ({ params: { projectId: w.projectId, incidentId: w.incident.id }, body: { body: "Looking into it" } }),
  "maintenance.list": (w) => ({ params: { projectId: w.projectId } }),
  "maintenance.create": (w) => ({ params: { projectId: w.projectId }, body: { kind: "one_off", name: "DB upgrade", startsAt: "2031-01-01T00:00:00Z", endsAt: "2031-01-01T01:00:00Z" } }),
  "maintenance.delete": (w) => ({ params: { projectId: w.projectId, maintenanceWindowId: w.maintenance.id } }),
  "instance.health": () => ({ params: {} }),
  "status.get": (w) => ({ params: { slug: w.project.slug } }),
  "launches.list": (w) => ({ params: { projectId: w.projectId } }),
  "launches.create": (w) => ({ params: { projectId: w.projectId }, body: { name: "Relaunch", templateId: null, replaceActive: true } }),
  "launches.active": (w) => ({ params: { projectId: w.projectId } }),
  "launches.get": (w) => ({ params: { projectId: w.projectId, launchId: w.launch.id } }),
  "launches.update": (w) => ({ params: { projectId: w.projectId, launchId: w.launch.id }, body: { targetDate: "2031-01-01T09:00:00Z" } }),
  "launches.archive": (w) => ({ params: { projectId: w.projectId, launchId: w.launch.id } }),
  "launches.stage": (w) => ({ params: { projectId: w.projectId, launchId: w.launch.id }, body: { stage: "soft_launch", notes: "internal first" } }),
  "launches.export": (w) => ({ params: { projectId: w.projectId, launchId: w.launch.id }, query: { format: "csv" } }),
  "launches.items.create": (w) => ({ params: { projectId: w.projectId, launchId: w.launch.id }, body: { section: "Launch & post-launch ops", title: "Announce", blocking: false } }),
  "items.get": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id } }),
  "items.update": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id }, body: { status: "in_progress" } }),
  "items.delete": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id } }),
  "items.signOff": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id }, body: {} }),
  "items.waive": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id }, body: { reason: "covered by the provider's tests", expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() } }),
  "items.unwaive": (w) => ({ params: { projectId: w.projectId, itemId: w.waivedItem.id } }),
  "items.evidence.add": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id }, body: { kind: "note", text: "p95 212 ms" } }),
  "items.evidence.delete": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id, evidenceId: w.evidence.id } }),
  "items.comments.add": (w) => ({ params: { projectId: w.projectId, itemId: w.item.id }, body: { body: "Looks good" } }),
  "launchBindings.list": (w) => ({ params: { projectId: w.projectId } }),
  "cockpit.get": (w) => ({ params: { projectId: w.projectId } }),
  "templates.list": (w) => ({ params: { projectId: w.projectId } }),
  "templates.create": (w) => ({ params: { projectId: w.projectId }, body: { name: `Ours ${uid()}`, body: { sections: [{ title: "QA", items: [{ title: "Smoke test", blocking: true }] }] } } }),
  "templates.import": (w) => ({ params: { projectId: w.projectId }, body: { format: "yaml", content: `name: Imported ${uid()}\nsections:\n  - title: QA\n    items:\n      - title: Smoke test\n` } }),
  "templates.get": (w) => ({ params: { projectId: w.projectId, templateId: w.template.id } }),
  "templates.update": (w) => ({ params: { projectId: w.projectId, templateId: w.template.id }, body: { description: "changed" } }),
  "templates.delete": (w) => ({ params: { projectId: w.projectId, templateId: w.template.id } }),
  "templates.clone": (w) => ({ params: { projectId: w.projectId, templateId: w.template.id }, body: { name: `Ours, again ${uid()}` } }),
  "templates.export": (w) => ({ params: { projectId: w.projectId, templateId: w.template.id }, query: { format: "yaml" } }),
  "qa.list": (w) => ({ params: { projectId: w.projectId }, query: { kind: "links" } }),
  "qa.create": (w) => ({ params: { projectId: w.projectId }, body: { targetId: w.target.id, kind: "links", settings: { maxPages: 5 } } }),
  "qa.get": (w) => ({ params: { projectId: w.projectId, runId: w.qaRun.id } }),
  "qa.cancel": (w) => ({ params: { projectId: w.projectId, runId: w.qaQueued.id } }),
  "qa.logs": (w) => ({ params: { projectId: w.projectId, runId: w.qaRun.id } }),
  "qa.points": (w) => ({ params: { projectId: w.projectId, runId: w.qaRun.id } }),
  "qa.artifact": (w) => ({ params: { projectId: w.projectId, runId: w.qaRun.id, artifactId: w.qaArtifact.id } }),
  "qaProfiles.list": (w) => ({ params: { projectId: w.projectId } }),
  "qaProfiles.create": (w) => ({ params: { projectId: w.projectId }, body: { name: `Smoke ${uid()}`, targetId: w.target.id, kind: "links", everyHours: 24 } }),
  "qaProfiles.get": (w) => ({ params: { projectId: w.projectId, profileId: w.qaProfile.id } }),
  "qaProfiles.update": (w) => ({ params: { projectId: w.projectId, profileId: w.qaProfile.id }, body: { afterDeploy: true } }),
  "qaProfiles.delete": (w) => ({ params: { projectId: w.projectId, profileId: w.qaProfile.id } }),
  "qaProfiles.run": (w) => ({ params: { projectId: w.projectId, profileId: w.qaProfile.id }, body: {} }),
  "feedback.list": (w) => ({ params: { projectId: w.projectId }, query: { view: "all", q: "checkout" } }),
  "feedback.create": (w) => ({ params: { projectId: w.projectId }, body: { type: "bug", title: "Filed by a support tool", details: "Ticket 4711" } }),
  "feedback.bulk": (w) => ({ params: { projectId: w.projectId }, body: { ids: [w.feedbackItem.id], change: { action: "update", severity: "high" } } }),
  "feedback.get": (w) => ({ params: { projectId: w.projectId, feedbackId: w.feedbackItem.id } }),
  "feedback.triage": (w) => ({ params: { projectId: w.projectId, feedbackId: w.feedbackItem.id }, body: { action: "duplicate", duplicateOfId: w.feedbackOriginal.id } }),
  "feedback.vote": (w) => ({ params: { projectId: w.projectId, feedbackId: w.feedbackItem.id } }),
  "feedback.unvote": (w) => ({ params: { projectId: w.projectId, feedbackId: w.feedbackItem.id } }),
  "feedback.comment": (w) => ({ params: { projectId: w.projectId, feedbackId: w.feedbackItem.id }, body: { body: "Seen on iOS too" } }),
  "feedback.stats": (w) => ({ params: { projectId: w.projectId }, query: { days: "30" } }),
  "feedbackSprints.list": (w) => ({ params: { projectId: w.projectId } }),
  "feedbackSprints.create": (w) => ({ params: { projectId: w.projectId }, body: { name: "Week two", startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString() } }),
  "feedbackSprints.update": (w) => ({ params: { projectId: w.projectId, sprintId: w.sprint.id }, body: { name: "Launch week (extended)" } }),
  "feedbackSprints.delete": (w) => ({ params: { projectId: w.projectId, sprintId: w.sprint.id } }),
  "feedback.public.submit": (w) => ({ params: { key: w.feedbackKey }, body: { type: "bug", title: "Checkout fails", details: "Pay answers 500" } }),
  "feedback.public.preflight": (w) => ({ params: { key: w.feedbackKey } }),
  "feedback.hooks.github": (w) => ({ params: { project: w.projectId } }),
  "feedback.hooks.discord": (w) => ({ params: { project: w.projectId } }),
  "feedbackSettings.get": (w) => ({ params: { projectId: w.projectId } }),
  "feedbackSettings.update": (w) => ({ params: { projectId: w.projectId }, body: { boardPublic: true, allowedOrigins: ["https://shop.example.test"] } }),
  "runbooks.list": (w) => ({ params: { projectId: w.projectId } }),
  "runbooks.create": (w) => ({ params: { projectId: w.projectId }, body: { title: "Rotate the TLS certificate", body: "1. Renew with `certbot renew`" } }),
  "runbooks.get": (w) => ({ params: { projectId: w.projectId, pageKey: w.runbook.key } }),
  "runbooks.update": (w) => ({ params: { projectId: w.projectId, pageKey: w.runbook.key }, body: { body: "1. `systemctl restart api`\n2. Watch the uptime graph", baseVersion: 1 } }),
  "runbooks.review": (w) => ({ params: { projectId: w.projectId, pageKey: w.runbook.key } }),
  "runbooks.delete": (w) => ({ params: { projectId: w.projectId, pageKey: w.runbook.key } }),
  "roadmap.get": (w) => ({ params: { projectId: w.projectId } }),
  "roadmap.create": (w) => ({ params: { projectId: w.projectId }, body: { feedbackItemId: w.acceptedFeedback.id, targetRelease: "1.5.0" } }),
  "roadmap.update": (w) => ({ params: { projectId: w.projectId, roadmapItemId: w.roadmapItem.id }, body: { status: "in_progress", targetRelease: "1.4.1" } }),
  "handoff.pack": (w) => ({ params: { projectId: w.projectId } }),
  "handoff.html": (w) => ({ params: { projectId: w.projectId } }),
  "roadmap.delete": (w) => ({ params: { projectId: w.projectId, roadmapItemId: w.roadmapItem.id } }),
};

/** The caller of a given kind and role in a world: a session cookie of that member, or an API token with that role. */
export async function callerFor(w: World, kind: "cookie" | "bearer", role: Role): Promise<Caller> {
  if (kind === "cookie") return { cookie: await sessionCookie(w.users[role].id) };
  return { bearer: await apiToken(w.projectId, w.users.admin, role) };
}

export const routeById = (id: string) => {
  const route = ROUTES.find((r) => r.id === id);
  if (!route) throw new Error(`No route ${id}`);
  return route;
};

export type Result = { status: number; json: Record<string, any>; text: string; headers: Headers };

/**
 * Like fixtures.call, but takes the route itself and copes with event streams: it reads the first frame and
 * disconnects, as a browser tab closing would.
 */
export async function invoke(
  route: RouteDef,
  opts: {
    as?: Caller;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    params?: Record<string, string>;
    query?: Record<string, string>;
    /** For event streams: keep reading until the text contains this (it must be on its way, e.g. a replayed event). */
    readUntil?: string;
  } = {},
): Promise<Result> {
  const abort = new AbortController();
  const req = buildRequest(route, opts, abort.signal);
  const res = await handle(route)(req, { params: Promise.resolve(opts.params ?? {}) });
  let text = "";
  if (res.headers.get("content-type")?.startsWith("text/event-stream") && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    do {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    } while (opts.readUntil && !text.includes(opts.readUntil));
    abort.abort();
    await reader.cancel();
  } else {
    text = await res.text();
  }
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* CSV or SSE */
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** Row counts of every table a request can write, to prove a refused request wrote nothing. */
export async function rowCounts() {
  const [users, projects, memberships, invitations, tokens, targets, connectionTests, outbox, events, audit] = await Promise.all([
    db.user.count(),
    db.project.count(),
    db.membership.count(),
    db.invitation.count(),
    db.apiToken.count(),
    db.target.count(),
    db.connectionTest.count(),
    db.outboxJob.count(),
    db.liveEvent.count(),
    db.auditLog.count(),
  ]);
  const [checks, incidents, incidentEvents, maintenanceWindows] = await Promise.all([db.check.count(), db.incident.count(), db.incidentEvent.count(), db.maintenanceWindow.count()]);
  const [deployments, approvals, steps, freezeWindows, channels, deliveries, releases] = await Promise.all([
    db.deployment.count(),
    db.deploymentApproval.count(),
    db.deploymentStep.count(),
    db.freezeWindow.count(),
    db.notificationChannel.count(),
    db.notificationDelivery.count(),
    db.release.count(),
  ]);
  const [launches, items, evidence, comments, activity, decisions, templates] = await Promise.all([
    db.launch.count(),
    db.checklistItem.count(),
    db.checklistEvidence.count(),
    db.checklistComment.count(),
    db.checklistActivity.count(),
    db.launchDecision.count(),
    db.checklistTemplate.count(),
  ]);
  const [qaRuns, qaFindings, qaProfiles, qaArtifacts] = await Promise.all([db.qaRun.count(), db.qaFinding.count(), db.qaProfile.count(), db.qaArtifact.count()]);
  return {
    qaRuns, qaFindings, qaProfiles, qaArtifacts,
    users, projects, memberships, invitations, tokens, targets, connectionTests, outbox, events, audit, deployments, approvals, steps, freezeWindows, channels, deliveries, releases, checks, incidents, incidentEvents, maintenanceWindows,
    launches, items, evidence, comments, activity, decisions, templates,
  };
}

/**
 * Removes from BullMQ the jobs that requests made since `since` queued (connection tests asked for through the API),
 * so a worker started later in the same run does not inherit them.
 */
export async function discardJobsSince(since: Date) {
  const rows = await db.outboxJob.findMany({ where: { createdAt: { gte: since } }, select: { id: true, name: true } });
  for (const { id, name } of rows) await queue(isJobName(name) ? queueOf(name) : undefined).remove(id);
}
