import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { queue } from "@/lib/jobs/enqueue";
import { systemCtx } from "@/lib/auth/context";
import { Effects } from "@/lib/deployments/core";
import { submit, fromSubmit } from "@/lib/feedback/intake";
import { bulkTriage, getFeedback, linkReleaseMentions, listFeedback, releaseFixedItems, triageFeedback, voteFeedback, commentFeedback } from "@/lib/feedback/items";
import { noCriticalFeedbackSource } from "@/lib/launch/sources/feedback";
import { apiToken, call, projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";

// Feedback from intake to release through the service verbs and the REST handlers, against the real database:
// what is stored, what each triage action does (and refuses), merging duplicates, votes, and the release link.

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(async () => {
  // Jobs these verbs relayed would otherwise run in a later file's worker.
  const rows = await db.outboxJob.findMany({ where: { createdAt: { gte: startedAt } }, select: { id: true } });
  for (const { id } of rows) await queue().remove(id);
  await db.outboxJob.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
});

async function world() {
  const { project, users, outsider } = await projectWithRoles();
  const ctx = (role: keyof typeof users) => userCtx(users[role]);
  const file = (title: string, extra: Partial<Parameters<typeof fromSubmit>[2]> = {}) =>
    submit(fromSubmit(project.id, "form", { type: "bug", title, details: `${title}, details`, ...extra }));
  return { project, users, outsider, ctx, file };
}

const issueOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    return error as { status: number; code: string; message: string; issues?: { path: string; rule: string }[] };
  }
  throw new Error("expected the call to fail");
};

describe("intake", () => {
  it("stores concurrent posts with consecutive FB numbers, and a retried key once", async () => {
    const { project, file } = await world();
    const key = `retry-${uid()}`;
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => file(`Report number ${i}`)),
      file("Same post sent twice", { idempotencyKey: key }),
      file("Same post sent twice", { idempotencyKey: key }),
    ]);
    const rows = await db.feedbackItem.findMany({ where: { projectId: project.id }, orderBy: { number: "asc" } });
    expect(rows).toHaveLength(21);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    const twice = results.slice(20);
    expect(twice[0].id).toBe(twice[1].id);
    expect(twice.filter((r) => r.created)).toHaveLength(1);
    // A later retry with the same key finds the first item too.
    const later = await file("Same post sent twice", { idempotencyKey: key });
    expect(later).toMatchObject({ id: twice[0].id, created: false, ref: twice[0].ref });
    // Every new item is announced through the outbox in the same transaction.
    const jobs = await db.outboxJob.findMany({ where: { name: "feedback.received", createdAt: { gte: startedAt } } });
    const announced = new Set(jobs.flatMap((j) => (j.payload as { itemIds: string[] }).itemIds));
    for (const r of rows) expect(announced.has(r.id)).toBe(true);
  });

  it("files items through the REST API with a member token, 4xx naming the field for bad input", async () => {
    const { project, users } = await world();
    const member = await apiToken(project.id, users.admin, "member");
    const viewer = await apiToken(project.id, users.admin, "viewer");
    const ok = await call("POST", "/projects/{projectId}/feedback", {
      as: { bearer: member },
      params: { projectId: project.id },
      body: { type: "idea", title: "Export the board as CSV", details: "From the support desk", email: "Ana@Example.com", idempotencyKey: `zendesk-${uid()}` },
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ ref: "FB-1", type: "idea", status: "new", source: "api" });
    const stored = await db.feedbackItem.findFirstOrThrow({ where: { projectId: project.id } });
    expect(stored.reporterEmail).toBe("ana@example.com");

    const bad = await call("POST", "/projects/{projectId}/feedback", { as: { bearer: member }, params: { projectId: project.id }, body: { type: "rant", title: "x" } });
    expect(bad.status).toBe(400);
    const paths = (bad.json as { error: { issues: { path: string; rule: string }[] } }).error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["type", "title"]));
    const refused = await call("POST", "/projects/{projectId}/feedback", { as: { bearer: viewer }, params: { projectId: project.id }, body: { type: "bug", title: "Viewer report" } });
    expect(refused.status).toBe(403);
    expect(await db.feedbackItem.count({ where: { projectId: project.id } })).toBe(1);
  });
});

describe("triage", () => {
  it("lists the inbox, searches full text, accepts, declines with a reason and snoozes", async () => {
    const { project, ctx, file } = await world();
    const a = await file("Checkout button does nothing on iPhone");
    const b = await file("Dark mode for the dashboard");
    const c = await file("Invoice PDF shows the wrong currency");
    const inbox = await listFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, query: {} } });
    expect(inbox.map((i) => i.ref)).toEqual([c.ref, b.ref, a.ref]);
    const found = await listFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, query: { q: "checkout iphone", view: "all" } } });
    expect(found.map((i) => i.ref)).toEqual([a.ref]);
    expect((await listFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, query: { q: c.ref, view: "all" } } })).map((i) => i.ref)).toEqual([c.ref]);
    // An id searches within the view: the inbox holds all three, and "FB-n" finds just that one.
    expect((await listFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, query: { q: b.ref } } })).map((i) => i.ref)).toEqual([b.ref]);

    const accepted = await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: a.ref, data: { action: "accept" } } });
    expect(accepted).toMatchObject({ status: "accepted" });
    expect(accepted.triagedAt).not.toBeNull();
    const noReason = await issueOf(triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: b.id, data: { action: "decline" } } }));
    expect(noReason.status).toBe(400);
    expect(noReason.issues?.[0]).toMatchObject({ path: "reason", rule: "required" });
    const declined = await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: b.id, data: { action: "decline", reason: "Dark mode ships with the design refresh" } } });
    expect(declined).toMatchObject({ status: "declined", declineReason: "Dark mode ships with the design refresh" });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: c.id, data: { action: "snooze", until: tomorrow } } });
    expect(await listFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, query: {} } })).toEqual([]);
    expect((await listFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, query: { view: "snoozed" } } })).map((i) => i.ref)).toEqual([c.ref]);

    // Refusals: a viewer cannot triage; accepting twice makes no sense; nothing changed by either.
    expect((await issueOf(triageFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, itemId: c.id, data: { action: "accept" } } }))).status).toBe(403);
    const twice = await issueOf(triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: a.id, data: { action: "accept" } } }));
    expect(twice.status).toBe(409);
    expect(twice.message).toContain("only new items are accepted");
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, action: { startsWith: "feedback." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["feedback.accept", "feedback.decline", "feedback.snooze"]);
  });

  it("marking a duplicate moves its votes, reporters and comments to the original, and suggests it first", async () => {
    const { project, users, ctx, file } = await world();
    const original = await file("Can't pay on mobile Safari, the Pay button is dead", { email: "first@example.com" });
    await file("Add a dark theme");
    const dup = await file("Checkout pay button does nothing on iPhone Safari", { email: "second@example.com" });
    await voteFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: dup.id, on: true } });
    await voteFeedback({ ctx: ctx("admin"), input: { projectId: project.id, itemId: dup.id, on: true } });
    await voteFeedback({ ctx: ctx("admin"), input: { projectId: project.id, itemId: original.id, on: true } });
    await commentFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: dup.id, data: { body: "Reproduced on iOS 18" } } });

    const detail = await getFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: dup.ref } });
    expect(detail.suggestions[0]).toMatchObject({ ref: original.ref });
    expect(detail.suggestions[0].score).toBeGreaterThan(0);

    const self = await issueOf(triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: dup.id, data: { action: "duplicate", duplicateOfId: dup.id } } }));
    expect(self.issues?.[0]).toMatchObject({ path: "duplicateOfId", rule: "not_self" });
    const merged = await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: dup.id, data: { action: "duplicate", duplicateOfId: original.ref } } });
    expect(merged).toMatchObject({ status: "duplicate", duplicateOf: { ref: original.ref }, voteCount: 0, commentCount: 0 });

    const after = await getFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: original.id } });
    // The admin voted on both: counted once.
    expect(after.voteCount).toBe(2);
    expect(after.comments.map((c) => c.body)).toEqual(["Reproduced on iOS 18"]);
    expect(after.reporters.map((r) => r.email).sort()).toEqual(["first@example.com", "second@example.com"]);
    expect(after.reporterCount).toBe(2);
    expect(after.duplicates.map((d) => d.ref)).toEqual([dup.ref]);
    expect(await db.feedbackVote.count({ where: { itemId: dup.id } })).toBe(0);
    // A vote on the duplicate now counts for the original.
    const vote = await voteFeedback({ ctx: ctx("viewer"), input: { projectId: project.id, itemId: dup.id, on: true } });
    expect(vote.voteCount).toBe(3);
    expect(users.viewer.id).toBeTruthy();
  });

  it("bulk changes are all or nothing", async () => {
    const { project, ctx, file } = await world();
    const a = await file("First report");
    const b = await file("Second report");
    await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: b.id, data: { action: "accept" } } });
    const refused = await issueOf(bulkTriage({ ctx: ctx("member"), input: { projectId: project.id, data: { ids: [a.id, b.id], change: { action: "accept" } } } }));
    expect(refused.status).toBe(409);
    expect((await db.feedbackItem.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("new");
    const ok = await bulkTriage({ ctx: ctx("member"), input: { projectId: project.id, data: { ids: [a.id, b.id], change: { action: "update", severity: "high", labels: ["checkout"] } } } });
    expect(ok.updated).toBe(2);
    const rows = await db.feedbackItem.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(rows.map((r) => [r.severity, r.labels])).toEqual([["high", ["checkout"]], ["high", ["checkout"]]]);
  });

  it("spam goes to its folder and comes back; an unknown assignee or sprint names the field", async () => {
    const { project, ctx, file } = await world();
    const a = await file("Buy cheap watches");
    await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: a.id, data: { action: "spam" } } });
    expect((await listFeedback({ ctx: ctx("member"), input: { projectId: project.id, query: { status: "spam" } } })).map((i) => i.id)).toEqual([a.id]);
    await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: a.id, data: { action: "not_spam" } } });
    expect((await db.feedbackItem.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("new");
    const who = await issueOf(triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: a.id, data: { action: "update", assigneeId: "nobody" } } }));
    expect(who.issues?.[0]).toMatchObject({ path: "assigneeId", rule: "member" });
    const sprint = await issueOf(triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: a.id, data: { action: "update", sprintId: "nope" } } }));
    expect(sprint.issues?.[0]).toMatchObject({ path: "sprintId", rule: "exists" });
  });
});

describe("releases", () => {
  it("a changelog mentioning FB-n fixes the item; a production deploy of that release releases it; released by hand is refused before", async () => {
    const { project, ctx, file } = await world();
    const item = await file("Search ignores accents");
    const other = await file("Unrelated");
    await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: item.id, data: { action: "accept" } } });
    const early = await issueOf(triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: other.id, data: { action: "status", status: "planned" } } }));
    expect(early.message).toContain("Accept");

    const release = await db.release.create({ data: { projectId: project.id, version: "1.1.0", notes: `Fixes ${item.ref}: accents are folded.\nAlso fb-99999 (not ours).`, createdBy: "test" } });
    const fx = new Effects();
    const linked = await db.$transaction((tx) => linkReleaseMentions(tx, systemCtx("test"), fx, release));
    expect(linked).toEqual([item.id]);
    const fixed = await getFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: item.id } });
    expect(fixed).toMatchObject({ status: "fixed", fixedIn: { version: "1.1.0" } });
    expect((await db.feedbackItem.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("new");

    const tooSoon = await issueOf(triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: item.id, data: { action: "status", status: "released" } } }));
    expect(tooSoon.code).toBe("not_in_production");

    // A staging deploy releases nothing; a production one does.
    expect(await db.$transaction((tx) => releaseFixedItems(tx, new Effects(), { projectId: project.id, releaseId: release.id, target: { environment: "staging" } }))).toBe(0);
    const fx2 = new Effects();
    expect(await db.$transaction((tx) => releaseFixedItems(tx, fx2, { projectId: project.id, releaseId: release.id, target: { environment: "production" } }))).toBe(1);
    const released = await getFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: item.id } });
    expect(released.status).toBe("released");
    expect(released.releasedAt).not.toBeNull();
    expect(fx2.jobs.length).toBeGreaterThan(0);
  });

  it("the launch item 'no open critical feedback' holds while a critical item is open", async () => {
    const { project, ctx, file } = await world();
    expect((await noCriticalFeedbackSource.evaluate(project.id, { severity: "critical" }, new Date())).ok).toBe(true);
    const item = await file("Payments fail for every card", { severity: "critical" });
    const open = await noCriticalFeedbackSource.evaluate(project.id, { severity: "critical" }, new Date());
    expect(open.ok).toBe(false);
    expect(open.summary).toContain(item.ref);
    await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: item.id, data: { action: "accept" } } });
    expect((await noCriticalFeedbackSource.evaluate(project.id, { severity: "critical" }, new Date())).ok).toBe(false);
    await triageFeedback({ ctx: ctx("member"), input: { projectId: project.id, itemId: item.id, data: { action: "status", status: "fixed" } } });
    expect((await noCriticalFeedbackSource.evaluate(project.id, { severity: "critical" }, new Date())).ok).toBe(true);
  });
});
