import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createProject } from "@/lib/projects/projects";
import { createRunbook, deleteRunbook, getRunbook, listRunbooks, reviewRunbook, updateRunbook } from "@/lib/runbooks/pages";
import { createRoadmapItem, deleteRoadmapItem, getRoadmap, updateRoadmapItem } from "@/lib/runbooks/roadmap";
import { RUNBOOK_TEMPLATES } from "@/lib/runbooks/templates";
import { runbookPageSource } from "@/lib/launch/sources/runbooks";
import { openPrompts } from "@/lib/markdown/render";
import { createUser, projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";

const DAY = 86_400_000;

async function setup() {
  const { project, users, outsider } = await projectWithRoles();
  const ctx = (role: keyof typeof users) => userCtx(users[role]);
  return { project, users, outsider, ctx };
}

describe("runbook pages", () => {
  it("start from the SOP templates in every new project, each prompt still to fill in and none reviewed", async () => {
    const admin = await createUser({ isInstanceAdmin: true });
    const project = await createProject({ ctx: userCtx(admin), input: { name: `Shop ${uid()}` } });
    const pages = await listRunbooks({ ctx: userCtx(admin), input: { projectId: project.id } });
    expect(pages.map((p) => p.key)).toEqual(RUNBOOK_TEMPLATES.map((t) => t.key));
    for (const p of pages) {
      const template = RUNBOOK_TEMPLATES.find((t) => t.key === p.key)!;
      expect(p).toMatchObject({ title: template.title, template: template.key, owner: { id: admin.id }, reviewedAt: null, reviewDue: true, version: 1 });
      expect(p.openPrompts).toBe(openPrompts(template.body).length);
      expect(p.openPrompts).toBeGreaterThan(0);
    }
    expect(pages.find((p) => p.key === "architecture")!.hasDiagram).toBe(true);
    expect(await db.runbookRevision.count({ where: { page: { projectId: project.id } } })).toBe(RUNBOOK_TEMPLATES.length);
  });

  it("keep every saved version, and refuse a save made from an older version instead of overwriting the newer one", async () => {
    const { project, users, ctx } = await setup();
    const page = await createRunbook({ ctx: ctx("member"), input: { projectId: project.id, data: { title: "Restart the API", body: "1. `systemctl restart api`" } } });
    expect(page).toMatchObject({ key: "restart-the-api", version: 1, owner: { id: users.member.id }, openPrompts: 0 });
    expect(page.html).toContain("<code>systemctl restart api</code>");

    const mine = await updateRunbook({ ctx: ctx("member"), input: { projectId: project.id, key: page.key, data: { body: "1. `systemctl restart api`\n2. Watch the graph", baseVersion: 1 } } });
    expect(mine.version).toBe(2);
    // The approver opened version 1 too; their save now would overwrite the member's: refused, nothing written.
    await expect(updateRunbook({ ctx: ctx("approver"), input: { projectId: project.id, key: page.key, data: { body: "stale text", baseVersion: 1 } } })).rejects.toMatchObject({
      status: 409, code: "stale_version", message: expect.stringMatching(/version 2, you started from 1/),
    });
    const now = await getRunbook({ ctx: ctx("viewer"), input: { projectId: project.id, key: page.key } });
    expect(now.body).toBe("1. `systemctl restart api`\n2. Watch the graph");
    expect(now.revisions.map((r) => [r.version, r.author])).toEqual([[2, users.member.name], [1, users.member.name]]);
    // Changing only the owner is not a new version of the text.
    const owned = await updateRunbook({ ctx: ctx("member"), input: { projectId: project.id, key: page.key, data: { ownerId: users.approver.id, baseVersion: 2 } } });
    expect(owned).toMatchObject({ version: 2, owner: { id: users.approver.id } });
    await expect(updateRunbook({ ctx: ctx("member"), input: { projectId: project.id, key: page.key, data: { ownerId: (await createUser()).id } } })).rejects.toMatchObject({
      status: 400, issues: [{ path: "ownerId", rule: "member" }],
    });
    await expect(createRunbook({ ctx: ctx("member"), input: { projectId: project.id, data: { title: "Restart the API" } } })).rejects.toMatchObject({ status: 409, code: "key_taken" });
    expect(await db.auditLog.count({ where: { projectId: project.id, action: { in: ["runbook.create", "runbook.update"] } } })).toBe(3);
  });

  it("are reviewed only once their prompts are filled in; the checklist binding reads missing, prompts, never reviewed, fresh and overdue", async () => {
    const { project, ctx } = await setup();
    const evaluate = (now = new Date()) => runbookPageSource.evaluate(project.id, { page: "maintenance", reviewedWithinDays: 90 }, now);
    expect(await evaluate()).toMatchObject({ ok: false, summary: 'No runbook page "maintenance" yet: write it under Runbooks' });

    const page = await createRunbook({ ctx: ctx("member"), input: { projectId: project.id, data: { template: "maintenance" } } });
    expect(page.key).toBe("maintenance");
    expect((await evaluate()).summary).toBe(`"Maintenance SOP" has ${page.prompts.length} template prompts left to fill in`);
    await expect(reviewRunbook({ ctx: ctx("member"), input: { projectId: project.id, key: "maintenance" } })).rejects.toMatchObject({ status: 409, code: "prompts_open" });

    const filled = page.body.replace(/\{\{([^{}\n]+)\}\}/g, "done: $1");
    await updateRunbook({ ctx: ctx("member"), input: { projectId: project.id, key: "maintenance", data: { body: filled, baseVersion: 1 } } });
    expect(await evaluate()).toMatchObject({ ok: false, summary: '"Maintenance SOP" has never been marked reviewed' });

    const reviewed = await reviewRunbook({ ctx: ctx("approver"), input: { projectId: project.id, key: "maintenance" } });
    expect(reviewed).toMatchObject({ reviewDue: false, reviewedBy: expect.stringMatching(/^approver /), openPrompts: 0 });
    expect(await evaluate()).toMatchObject({ ok: true, summary: '"Maintenance SOP" reviewed just now', href: `/projects/${project.slug}/runbooks/maintenance` });
    expect(await evaluate(new Date(Date.now() + 91 * DAY))).toMatchObject({ ok: false, summary: expect.stringMatching(/^"Maintenance SOP" was last reviewed 91 d ago; due every 90 days$/) });
    // Reviews ask launches to re-measure, through the outbox in the same transaction (only when a launch watches).
    expect(await db.auditLog.count({ where: { projectId: project.id, action: "runbook.review" } })).toBe(1);
  });

  it("answer by role: viewers read, members write, approvers delete, outsiders see nothing", async () => {
    const { project, outsider, ctx } = await setup();
    const page = await createRunbook({ ctx: ctx("member"), input: { projectId: project.id, data: { title: "On call", body: "Ada" } } });
    expect((await listRunbooks({ ctx: ctx("viewer"), input: { projectId: project.id } })).map((p) => p.key)).toEqual(["on-call"]);
    await expect(updateRunbook({ ctx: ctx("viewer"), input: { projectId: project.id, key: page.key, data: { body: "x" } } })).rejects.toMatchObject({ status: 403 });
    await expect(reviewRunbook({ ctx: ctx("viewer"), input: { projectId: project.id, key: page.key } })).rejects.toMatchObject({ status: 403 });
    await expect(deleteRunbook({ ctx: ctx("member"), input: { projectId: project.id, key: page.key } })).rejects.toMatchObject({ status: 403 });
    await expect(getRunbook({ ctx: userCtx(outsider), input: { projectId: project.id, key: page.key } })).rejects.toMatchObject({ status: 404 });
    await deleteRunbook({ ctx: ctx("approver"), input: { projectId: project.id, key: page.key } });
    expect(await db.runbookRevision.count({ where: { pageId: page.id } })).toBe(0);
    await expect(getRunbook({ ctx: ctx("viewer"), input: { projectId: project.id, key: page.key } })).rejects.toMatchObject({ status: 404 });
  });

  it("render what people write as text: tags, handlers and javascript: links never become markup", async () => {
    const { project, ctx } = await setup();
    const body = '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3)) [tab](java\tscript:alert(4)) [ok](https://ok.example)\n\n```mermaid\ngraph TD; A["<img src=x onerror=alert(5)>"]-->B\n```';
    const page = await createRunbook({ ctx: ctx("member"), input: { projectId: project.id, data: { title: "Payloads", body } } });
    // No element but markdown's own, no attribute starting with "on", no javascript: address (the words stay as text).
    expect(page.html).not.toMatch(/<(script|img|svg)\b|<[^>]*\son\w+=|href="\s*java/i);
    expect(page.html).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
    expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.html).toContain('<a href="https://ok.example" rel="noopener noreferrer nofollow">ok</a>');
    expect(page.html).toContain('<figure class="md-mermaid" data-mermaid="" tabindex="0"><pre class="md-mermaid-source" tabindex="0"><code>');
  });
});

describe("the roadmap", () => {
  it("plans accepted feedback once, keeps hand-written items, and orders planned, known issues, scalability notes", async () => {
    const { project, users, ctx } = await setup();
    const fb = (number: number, title: string, status: "new" | "accepted") => db.feedbackItem.create({ data: { projectId: project.id, number, type: "idea", title, body: title, source: "form", status, voteCount: number } });
    const wish = await fb(1, "Wishlist", "accepted");
    const fresh = await fb(2, "Dark mode", "new");
    expect((await getRoadmap({ ctx: ctx("viewer"), input: { projectId: project.id } })).unplanned.map((u) => u.ref)).toEqual(["FB-1"]);

    const scale = await createRoadmapItem({ ctx: ctx("member"), input: { projectId: project.id, data: { kind: "scalability", title: "Search in Postgres", notes: "Fine to **50k** products" } } });
    expect(scale.notesHtml).toBe("<p>Fine to <strong>50k</strong> products</p>\n");
    const known = await createRoadmapItem({ ctx: ctx("member"), input: { projectId: project.id, data: { kind: "known_issue", title: "Cart 500 on empty body", ownerId: users.member.id, targetRelease: "1.4.1" } } });
    const planned = await createRoadmapItem({ ctx: ctx("member"), input: { projectId: project.id, data: { feedbackItemId: wish.id, targetRelease: "1.5.0" } } });
    expect(planned).toMatchObject({ kind: "planned", title: "Wishlist", targetRelease: "1.5.0", feedback: { ref: "FB-1", voteCount: 1 } });
    await expect(createRoadmapItem({ ctx: ctx("member"), input: { projectId: project.id, data: { feedbackItemId: wish.id } } })).rejects.toMatchObject({ status: 409, code: "already_planned" });
    await expect(createRoadmapItem({ ctx: ctx("member"), input: { projectId: project.id, data: { feedbackItemId: fresh.id } } })).rejects.toMatchObject({
      status: 400, issues: [{ path: "feedbackItemId", rule: "accepted" }],
    });
    // The feedback item's own status is triage's business: planning does not move it.
    expect((await db.feedbackItem.findUniqueOrThrow({ where: { id: wish.id } })).status).toBe("accepted");

    await updateRoadmapItem({ ctx: ctx("member"), input: { projectId: project.id, roadmapItemId: known.id, data: { status: "done" } } });
    const roadmap = await getRoadmap({ ctx: ctx("viewer"), input: { projectId: project.id } });
    expect(roadmap.items.map((i) => [i.kind, i.title, i.status])).toEqual([
      ["planned", "Wishlist", "open"],
      ["known_issue", "Cart 500 on empty body", "done"],
      ["scalability", "Search in Postgres", "open"],
    ]);
    expect(roadmap.unplanned).toEqual([]);
    await expect(updateRoadmapItem({ ctx: ctx("viewer"), input: { projectId: project.id, roadmapItemId: known.id, data: { status: "open" } } })).rejects.toMatchObject({ status: 403 });
    await deleteRoadmapItem({ ctx: ctx("member"), input: { projectId: project.id, roadmapItemId: planned.id } });
    expect((await getRoadmap({ ctx: ctx("viewer"), input: { projectId: project.id } })).unplanned.map((u) => u.ref)).toEqual(["FB-1"]);
    expect(await db.auditLog.count({ where: { projectId: project.id, action: { startsWith: "roadmap." } } })).toBe(5);
  });
});
