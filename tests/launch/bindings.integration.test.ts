import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentKind, DeploymentStatus, Prisma } from "@prisma/client";
import { db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { ingest, type ProbeRecord } from "@/lib/monitoring/ingest";
import type { ProbeOutcome } from "@/lib/monitoring/schemas";
import { createTarget } from "@/lib/targets/targets";
import { createRelease } from "@/lib/releases/releases";
import { runDeployment } from "@/lib/deployments/runner";
import { queue } from "@/lib/jobs/enqueue";
import { bindingFromInput, bindingFromTemplate, bindingSource, refreshBindings } from "@/lib/launch/bindings";
import { enqueueLaunchRefresh, launchRefreshJobId, runLaunchRefresh, startLaunchSweep } from "@/lib/launch/refresh";
import { HANDLERS } from "@/workers/handlers";
import { projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";
import { discardNotificationJobsSince } from "@/tests/notifications/helpers";
import { deployWorld } from "@/tests/deployments/helpers";

// Automated checklist items, each source driven through the real facts (ingested results and incidents, deployment
// rows): false keeps or sends the item to "todo", true ticks it with evidence and activity, false again unticks it.

const MIN = 60_000;
const DAY = 86_400_000;
const up: ProbeOutcome = { status: "up", latencyMs: 84, httpStatus: 200, detail: "200 in 84 ms" };
const down: ProbeOutcome = { status: "down", latencyMs: null, httpStatus: 503, error: "answered 503; expected 200-299" };

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(async () => {
  await discardNotificationJobsSince(startedAt);
  // Relayed refresh jobs would otherwise run in a later file's worker.
  const rows = await db.outboxJob.findMany({ where: { name: "launch.refresh", createdAt: { gte: startedAt } }, select: { id: true } });
  for (const { id } of rows) await queue().remove(id);
  await db.outboxJob.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
});

/** A project with a production target (and its default health check, created `minutesAgo` ago) and an active launch. */
async function world(opts: { minutesAgo?: number } = {}) {
  const { project, users } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const target = await createTarget({ ctx: admin, input: { projectId: project.id, data: { name: "production", environment: "production", baseUrl: "https://app.example.test" } } });
  const check = await db.check.findFirstOrThrow({ where: { targetId: target.id } });
  const t0 = Math.floor(Date.now() / MIN) * MIN - (opts.minutesAgo ?? 60) * MIN;
  await db.check.update({ where: { id: check.id }, data: { createdAt: new Date(t0) } });
  const launch = await db.launch.create({ data: { projectId: project.id, name: "v1 launch", createdBy: users.admin.email } });
  let number = 0;
  const bind = (input: Record<string, unknown>) => db.$transaction((tx) => bindingFromInput(tx, project.id, input as { kind: string }));
  const item = async (input: Record<string, unknown>, data: Partial<Prisma.ChecklistItemUncheckedCreateInput> = {}) => {
    const binding = (await bind(input)) as Prisma.InputJsonValue;
    number++;
    return db.checklistItem.create({
      data: { launchId: launch.id, projectId: project.id, number, position: number, section: "Operations", title: `Item ${number}`, binding, ...data },
    });
  };
  const run = (i: number, outcome: ProbeOutcome): ProbeRecord => ({ checkId: check.id, slot: new Date(t0 + (i + 1) * MIN), startedAt: new Date(t0 + (i + 1) * MIN), outcome });
  const refresh = (now = new Date()) => refreshBindings(project.id, now);
  const reload = (id: string) => db.checklistItem.findUniqueOrThrow({ where: { id }, include: { evidence: { orderBy: { createdAt: "asc" } }, activity: { orderBy: { createdAt: "asc" } } } });
  return { project, users, admin, target, check, t0, launch, bind, item, run, refresh, reload };
}
type World = Awaited<ReturnType<typeof world>>;

async function validationIssues(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues!;
}

describe("uptime", () => {
  it("ticks when the window's uptime reaches the bar with no open incident, unticks on an incident, ticks again when it resolves", async () => {
    const w = await world();
    const it1 = await w.item({ kind: "uptime", targetId: w.target.id, windowDays: 1, minPercent: 80 });
    expect(it1.binding).toMatchObject({ kind: "uptime", targetId: w.target.id, checkId: w.check.id, windowDays: 1, minPercent: 80, label: "Uptime ≥ 80% over 24 hours on production (Health endpoint)" });
    const href = `/projects/${w.project.slug}/uptime/${w.check.id}`;

    // No results yet: not true, and the first measurement of a false fact records it without an "unticked" line.
    expect(await w.refresh()).toEqual([]);
    let item = await w.reload(it1.id);
    expect(item).toMatchObject({ status: "todo", bindingOk: false, bindingHref: href });
    expect(item.bindingSummary).toMatch(/^No results yet/);
    expect(item.evidence).toEqual([]);

    await ingest(Array.from({ length: 10 }, (_, i) => w.run(i, up)));
    const ticked = await w.refresh();
    expect(ticked).toEqual([expect.objectContaining({ itemId: it1.id, ok: true })]);
    item = await w.reload(it1.id);
    expect(item).toMatchObject({ status: "done", bindingOk: true, bindingSummary: "100% up over 24 hours (no downtime); no open incident" });
    expect(item.evidence).toEqual([expect.objectContaining({ kind: "auto", url: href, text: item.bindingSummary, addedBy: "T-Minus" })]);
    expect(item.activity).toEqual([expect.objectContaining({ action: "auto.ticked", actor: "T-Minus", text: `T-Minus ticked this: ${item.bindingSummary}` })]);
    // Browsers hear of it.
    const events = await db.liveEvent.findMany({ where: { projectId: w.project.id, type: "launch.updated" } });
    expect(events.map((e) => e.data)).toContainEqual({ launchId: w.launch.id, itemId: it1.id });

    // Nothing changed: no second evidence row.
    expect(await w.refresh()).toEqual([]);
    expect((await w.reload(it1.id)).evidence).toHaveLength(1);

    // Two failures open an incident: 10 of 12 minutes up is still above 80%, but the open incident unticks it.
    await ingest([w.run(10, down), w.run(11, down)]);
    const incident = await db.incident.findFirstOrThrow({ where: { checkId: w.check.id } });
    expect(await w.refresh()).toEqual([expect.objectContaining({ itemId: it1.id, ok: false })]);
    item = await w.reload(it1.id);
    expect(item.status).toBe("todo");
    expect(item.bindingSummary).toMatch(new RegExp(`^83\\.33% up over 24 hours \\(2 min down\\); incident #${incident.number} open for \\d+`));
    expect(item.evidence.map((e) => e.url)).toEqual([href, href]);
    expect(item.activity.map((a) => a.action)).toEqual(["auto.ticked", "auto.unticked"]);

    // It recovers: the incident resolves and the item ticks again.
    await ingest([w.run(12, up)]);
    await w.refresh();
    item = await w.reload(it1.id);
    expect(item).toMatchObject({ status: "done", bindingOk: true, bindingSummary: "84.61% up over 24 hours (2 min down); no open incident" });
    expect(item.activity.map((a) => a.action)).toEqual(["auto.ticked", "auto.unticked", "auto.ticked"]);
  });

  it("is below the bar when the uptime is, and keeps a waived item waived while its measurement moves", async () => {
    const w = await world();
    const strict = await w.item({ kind: "uptime", targetId: w.target.id, windowDays: 7, minPercent: 99.9 });
    const waived = await w.item(
      { kind: "uptime", targetId: w.target.id, windowDays: 7, minPercent: 50 },
      { status: "waived", waivedBy: w.users.admin.email, waiverReason: "beta", waiverExpiresAt: new Date(Date.now() + DAY) },
    );
    await ingest([...Array.from({ length: 9 }, (_, i) => w.run(i, up)), w.run(9, down)]);
    await w.refresh();
    expect(await w.reload(strict.id)).toMatchObject({ status: "todo", bindingOk: false, bindingSummary: "90% up over 7 days (1 min down); no open incident" });
    const after = await w.reload(waived.id);
    expect(after).toMatchObject({ status: "waived", bindingOk: true, waiverReason: "beta" });
    expect(after.evidence).toHaveLength(1);
    expect(after.activity).toEqual([expect.objectContaining({ action: "auto.measured", text: expect.stringContaining("now true") })]);

    // The fact turns false: still waived, measured false, one more evidence row.
    await ingest([w.run(10, down)]);
    await w.refresh();
    const later = await w.reload(waived.id);
    expect(later).toMatchObject({ status: "waived", bindingOk: false });
    expect(later.bindingSummary).toMatch(/^81\.81% up over 7 days \(2 min down\); incident #1 open/);
    expect(later.evidence).toHaveLength(2);
  });

  it("names a check of the target, or picks the target's health-endpoint check", async () => {
    const w = await world();
    const other = await db.check.create({
      data: { projectId: w.project.id, targetId: w.target.id, name: "Search", kind: "http", settings: { url: "https://app.example.test/search" }, intervalSeconds: 60, timeoutSeconds: 10, createdAt: new Date(w.t0 - MIN) },
    });
    // Older, but not on the health URL: the default is still the health-endpoint check.
    expect((await w.bind({ kind: "uptime", targetId: w.target.id })).checkId).toBe(w.check.id);
    expect(await w.bind({ kind: "uptime", targetId: w.target.id, checkId: other.id })).toMatchObject({ checkId: other.id, windowDays: 7, minPercent: 99.9, label: "Uptime ≥ 99.9% over 7 days on production (Search)" });
  });
});

describe("check_healthy", () => {
  it("is true while the check is up with no open incident", async () => {
    const w = await world({ minutesAgo: 10 });
    const it1 = await w.item({ kind: "check_healthy", targetId: w.target.id });
    expect(it1.binding).toMatchObject({ kind: "check_healthy", checkId: w.check.id, label: "Health endpoint on production is up, with no open incident" });
    const at = (i: number) => new Date(w.t0 + (i + 1) * MIN + 5000);

    await w.refresh(at(0));
    expect(await w.reload(it1.id)).toMatchObject({ status: "todo", bindingOk: false, bindingSummary: "Health endpoint: unknown (no results yet)" });

    await ingest([w.run(0, up), w.run(1, up)]);
    await w.refresh(at(1));
    let item = await w.reload(it1.id);
    expect(item).toMatchObject({ status: "done", bindingOk: true, bindingSummary: "Health endpoint: up, 84 ms", bindingHref: `/projects/${w.project.slug}/uptime/${w.check.id}` });
    expect(item.evidence).toHaveLength(1);

    // Results stop coming: the state is unknown, not healthy.
    await w.refresh(at(10));
    expect(await w.reload(it1.id)).toMatchObject({ status: "todo", bindingOk: false, bindingSummary: "Health endpoint: unknown (results stopped coming)" });

    await ingest([w.run(2, up)]);
    await w.refresh(at(2));
    await ingest([w.run(3, down), w.run(4, down)]);
    await w.refresh(at(4));
    item = await w.reload(it1.id);
    expect(item.status).toBe("todo");
    expect(item.bindingSummary).toMatch(/^Health endpoint: down \(answered 503; expected 200-299\); incident #1 open for 1 min$/);
    expect(item.activity.map((a) => a.action)).toEqual(["auto.ticked", "auto.unticked", "auto.ticked", "auto.unticked"]);
  });
});

describe("deployment sources", () => {
  async function deployments(w: World) {
    const release = async (version: string) =>
      createRelease({ ctx: userCtx(w.users.member), input: { projectId: w.project.id, data: { version, commits: [{ hash: `${uid()}abc`, message: "feat: x" }] } } });
    const releases = { v1: await release("1.0.0"), v2: await release("1.1.0") };
    let number = 0;
    const deployment = (kind: DeploymentKind, status: DeploymentStatus, finishedAt: Date | null, data: Partial<Prisma.DeploymentUncheckedCreateInput> = {}) =>
      db.deployment.create({
        data: {
          projectId: w.project.id, targetId: w.target.id, releaseId: releases.v2.id, number: ++number, kind, status, configHash: "h", requestedBy: w.users.member.email,
          startedAt: finishedAt ? new Date(finishedAt.getTime() - MIN) : null, finishedAt, ...data,
        },
      });
    return { releases, deployment };
  }

  it("deployment_succeeded: the latest finished deploy succeeded with its approvals; a bypass or a failure unticks", async () => {
    const w = await world();
    const { deployment } = await deployments(w);
    const it1 = await w.item({ kind: "deployment_succeeded", targetId: w.target.id });
    expect(it1.binding).toMatchObject({ kind: "deployment_succeeded", targetId: w.target.id, label: "The latest deploy to production succeeded, with its approvals" });
    await w.refresh();
    expect(await w.reload(it1.id)).toMatchObject({ status: "todo", bindingOk: false, bindingSummary: "No deploy to production has finished yet", bindingHref: null });

    const now = Date.now();
    const good = await deployment("deploy", "succeeded", new Date(now - 3 * MIN), { approvalsRequired: 2, approvedAt: new Date(now - 5 * MIN) });
    for (const [who, role] of [[w.users.approver, "approver"], [w.users.admin, "admin"]] as const) {
      await db.deploymentApproval.create({ data: { deploymentId: good.id, userId: who.id, userLabel: who.email, role, decision: "approved", configHash: "h", expiresAt: new Date(now + 30 * MIN) } });
    }
    await w.refresh();
    let item = await w.reload(it1.id);
    const href = `/projects/${w.project.slug}/deployments/${good.id}`;
    expect(item).toMatchObject({
      status: "done",
      bindingOk: true,
      bindingHref: href,
      bindingSummary: `Deploy #1 of 1.1.0 succeeded on production, approved by ${w.users.approver.email}, ${w.users.admin.email} (2 of 2)`,
    });
    expect(item.evidence).toEqual([expect.objectContaining({ kind: "auto", url: href })]);

    // A later deploy that went out on an emergency bypass of its approvals does not count as a clean deploy.
    const bypassed = await deployment("deploy", "succeeded", new Date(now - 2 * MIN), {
      approvalsRequired: 1,
      overrides: [{ kind: "approvals", reason: "site down", by: w.users.admin.email, at: new Date().toISOString() }],
    });
    await w.refresh();
    item = await w.reload(it1.id);
    expect(item).toMatchObject({ status: "todo", bindingOk: false, bindingHref: `/projects/${w.project.slug}/deployments/${bypassed.id}` });
    expect(item.bindingSummary).toBe(`Deploy #2 of 1.1.0 succeeded on production, but ${w.users.admin.email} bypassed its approvals (emergency: site down)`);

    // One that failed is still not true (no new evidence); one cancelled before it started is not a finished deploy.
    await deployment("deploy", "failed", new Date(now - MIN));
    await deployment("deploy", "cancelled", new Date(now), { startedAt: null });
    await w.refresh();
    item = await w.reload(it1.id);
    expect(item.bindingSummary).toBe("Deploy #3 of 1.1.0 failed on production");
    expect(item.evidence).toHaveLength(2);

    // A clean deploy with no approval required ticks it again.
    await deployment("deploy", "succeeded", new Date(now + 1000));
    await w.refresh();
    expect(await w.reload(it1.id)).toMatchObject({ status: "done", bindingSummary: "Deploy #5 of 1.1.0 succeeded on production; no approval required" });
  });

  it("rollback_exercised: a person's or an automatic rollback that succeeded within the window", async () => {
    const w = await world();
    const { releases, deployment } = await deployments(w);
    const it1 = await w.item({ kind: "rollback_exercised", targetId: w.target.id });
    expect(it1.binding).toMatchObject({ withinDays: 30, label: "A rollback succeeded on production in the last 30 days" });
    await w.refresh();
    expect(await w.reload(it1.id)).toMatchObject({ status: "todo", bindingOk: false, bindingSummary: "No rollback has succeeded on production yet" });

    // Too long ago; and an automatic rollback whose own deploy failed proves nothing.
    await deployment("rollback", "succeeded", new Date(Date.now() - 40 * DAY), { releaseId: releases.v1.id });
    const broken = await deployment("deploy", "rolled_back", new Date(Date.now() - DAY), { rollbackReleaseId: releases.v1.id, rollbackStartedAt: new Date(Date.now() - DAY) });
    await db.deploymentStep.create({ data: { deploymentId: broken.id, name: "rollback", status: "failed", finishedAt: new Date() } });
    await w.refresh();
    let item = await w.reload(it1.id);
    expect(item).toMatchObject({ status: "todo", bindingOk: false });
    expect(item.bindingSummary).toBe("Rollback #1 to 1.0.0 succeeded on production 40 d ago, not in the last 30 days");

    const auto = await deployment("deploy", "rolled_back", new Date(Date.now() - 2 * DAY), { rollbackReleaseId: releases.v1.id, rollbackStartedAt: new Date(Date.now() - 2 * DAY) });
    await db.deploymentStep.create({ data: { deploymentId: auto.id, name: "rollback", status: "succeeded", finishedAt: new Date() } });
    await w.refresh();
    item = await w.reload(it1.id);
    expect(item).toMatchObject({
      status: "done",
      bindingOk: true,
      bindingHref: `/projects/${w.project.slug}/deployments/${auto.id}`,
      bindingSummary: "Automatic rollback of 1.1.0 to 1.0.0 succeeded on production (deploy #3) 2 d ago",
    });

    // The clock moves past the window: unticked without any new deployment.
    await w.refresh(new Date(Date.now() + 29 * DAY));
    item = await w.reload(it1.id);
    expect(item).toMatchObject({ status: "todo", bindingOk: false });
    expect(item.activity.map((a) => a.action)).toEqual(["auto.ticked", "auto.unticked"]);
  });
});

describe("binding input", () => {
  it("refuses an unknown kind, another project's target or check, and bad params, naming the field", async () => {
    const w = await world();
    const other = await world();
    expect(await validationIssues(w.bind({ kind: "lighthouse", targetId: w.target.id }))).toEqual([expect.objectContaining({ path: "binding.kind", rule: "enum" })]);
    expect(await validationIssues(w.bind({ kind: "uptime", targetId: other.target.id }))).toEqual([expect.objectContaining({ path: "binding.targetId", rule: "not_found" })]);
    expect(await validationIssues(w.bind({ kind: "deployment_succeeded", targetId: other.target.id }))).toEqual([expect.objectContaining({ path: "binding.targetId", rule: "not_found" })]);
    expect(await validationIssues(w.bind({ kind: "check_healthy", targetId: w.target.id, checkId: other.check.id }))).toEqual([expect.objectContaining({ path: "binding.checkId", rule: "not_found" })]);
    expect(await validationIssues(w.bind({ kind: "rollback_exercised" }))).toEqual([expect.objectContaining({ path: "binding.targetId", rule: "required" })]);
    const bad = await validationIssues(w.bind({ kind: "uptime", targetId: w.target.id, windowDays: 5, minPercent: 101 }));
    expect(bad.map((i) => i.path).sort()).toEqual(["binding.minPercent", "binding.windowDays"]);
    expect(await validationIssues(w.bind({ kind: "rollback_exercised", targetId: w.target.id, withinDays: 0 }))).toEqual([expect.objectContaining({ path: "binding.withinDays" })]);
  });

  it("resolves a template's environment to the project's first target of it, and to nothing when there is none", async () => {
    const w = await world();
    await createTarget({ ctx: w.admin, input: { projectId: w.project.id, data: { name: "production-eu", environment: "production", baseUrl: "https://eu.example.test" } } });
    const { binding, note } = await db.$transaction((tx) => bindingFromTemplate(tx, w.project.id, { kind: "uptime", environment: "production", windowDays: 30 }));
    expect(note).toBeNull();
    expect(binding).toEqual({ kind: "uptime", label: "Uptime ≥ 99.9% over 30 days on production (Health endpoint)", targetId: w.target.id, checkId: w.check.id, windowDays: 30, minPercent: 99.9 });

    for (const kind of ["uptime", "check_healthy", "deployment_succeeded", "rollback_exercised"]) {
      expect(await db.$transaction((tx) => bindingSource(kind)!.resolve(tx, w.project.id, { environment: "staging" }))).toBeNull();
    }
    const none = await db.$transaction((tx) => bindingFromTemplate(tx, w.project.id, { kind: "deployment_succeeded", environment: "staging" }));
    expect(none.binding).toBeNull();
    expect(none.note).toMatch(/Could not bind "Latest deploy succeeded"/);
  });
});

describe("refresh wiring", () => {
  const refreshJobs = (projectId: string) => db.outboxJob.findMany({ where: { name: "launch.refresh", payload: { path: ["projectId"], equals: projectId } } });

  it("asks for a launch refresh when an incident opens or resolves, once per project per second, and the job ticks the item", async () => {
    const w = await world();
    const it1 = await w.item({ kind: "check_healthy", targetId: w.target.id });
    // A project without automated items is not asked about.
    const bare = await world();
    await ingest([bare.run(0, down), bare.run(1, down)]);
    expect(await refreshJobs(bare.project.id)).toEqual([]);

    await ingest([w.run(0, down), w.run(1, down)]);
    expect(await db.incident.count({ where: { checkId: w.check.id, status: "open" } })).toBe(1);
    const opened = await refreshJobs(w.project.id);
    expect(opened).toEqual([expect.objectContaining({ payload: { projectId: w.project.id } })]);
    expect(opened[0].id).toMatch(new RegExp(`^launch-refresh-${w.project.id}-\\d+$`));

    await new Promise((r) => setTimeout(r, 1100));
    await ingest([w.run(2, up)]);
    expect(await refreshJobs(w.project.id)).toHaveLength(2);

    // Two asks in one second make one job.
    const at = new Date();
    await db.$transaction((tx) => enqueueLaunchRefresh(tx, [w.project.id], at));
    await db.$transaction((tx) => enqueueLaunchRefresh(tx, [w.project.id, w.project.id], at));
    expect((await refreshJobs(w.project.id)).filter((j) => j.id === launchRefreshJobId(w.project.id, at))).toHaveLength(1);

    // The worker's handler measures the project.
    await db.check.update({ where: { id: w.check.id }, data: { lastResultAt: new Date() } });
    expect(await HANDLERS["launch.refresh"]({ projectId: w.project.id }, {} as never)).toEqual({ projectId: w.project.id, ticked: 1, unticked: 0 });
    expect(await w.reload(it1.id)).toMatchObject({ status: "done", bindingOk: true });
    expect(await runLaunchRefresh({ projectId: w.project.id })).toEqual({ projectId: w.project.id, ticked: 0, unticked: 0 });
  });

  it("asks for a launch refresh when a deployment finishes", async () => {
    const w = await deployWorld({ policy: { approvalsRequired: 0 } });
    try {
      const launch = await db.launch.create({ data: { projectId: w.projectId, name: "launch", createdBy: "x" } });
      const binding = (await db.$transaction((tx) => bindingFromInput(tx, w.projectId, { kind: "deployment_succeeded", targetId: w.target.id }))) as Prisma.InputJsonValue;
      const item = await db.checklistItem.create({ data: { launchId: launch.id, projectId: w.projectId, number: 1, position: 1, section: "Ops", title: "Deploy", binding } });
      const d = await w.request("member");
      expect(await refreshJobs(w.projectId)).toEqual([]);
      expect(await runDeployment(d.id, "test")).toMatchObject({ outcome: "succeeded" });
      expect(await refreshJobs(w.projectId)).toHaveLength(1);
      await refreshBindings(w.projectId);
      const after = await db.checklistItem.findUniqueOrThrow({ where: { id: item.id } });
      expect(after).toMatchObject({ status: "done", bindingOk: true, bindingSummary: `Deploy #${d.number} of 1.1.0 succeeded on ${w.target.name}; no approval required` });
    } finally {
      await w.app.close(100);
    }
  });

  it("the sweep re-measures every project on its own, one sweep at a time", async () => {
    const w = await world({ minutesAgo: 2 });
    const it1 = await w.item({ kind: "check_healthy", targetId: w.target.id });
    await ingest([w.run(0, up), w.run(1, up)]);
    const sweep = startLaunchSweep({ everyMs: 50 });
    try {
      const [a, b] = [sweep.sweep(), sweep.sweep()];
      expect(a).toBe(b);
      await a;
      expect(await w.reload(it1.id)).toMatchObject({ status: "done", bindingOk: true });
    } finally {
      await sweep.stop();
    }
  });

  it("leaves archived launches and unbound items alone", async () => {
    const w = await world();
    const binding = (await w.bind({ kind: "check_healthy", targetId: w.target.id })) as Prisma.InputJsonValue;
    const archived = await db.launch.create({ data: { projectId: w.project.id, name: "old", createdBy: "x", archivedAt: new Date() } });
    const old = await db.checklistItem.create({ data: { launchId: archived.id, projectId: w.project.id, number: 1, position: 1, section: "Ops", title: "Old", binding } });
    await w.refresh();
    expect(await db.checklistItem.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ bindingOk: null, bindingCheckedAt: null });
  });
});
