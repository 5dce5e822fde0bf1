import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { createChannel } from "@/lib/notifications/channels";
import { archiveLaunch, createLaunch, getActiveLaunch, getLaunch, moveStage } from "@/lib/launch/launches";
import { addComment, addEvidence, createItem, deleteEvidence, getItem, revokeWaiver, signOffItem, updateItem, waiveItem } from "@/lib/launch/items";
import { createTarget } from "@/lib/targets/targets";
import { getDeployment } from "@/lib/deployments/deployments";
import { call, projectWithRoles, sessionCookie, userCtx } from "@/tests/helpers/fixtures";
import { deployWorld } from "@/tests/deployments/helpers";

type World = Awaited<ReturnType<typeof deployWorld>>;
const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.app.close(100);
});

const day = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * day).toISOString();

/** A project with a production target (a real demo app), one user per role, an empty launch and a few items. */
async function world() {
  const w = await deployWorld();
  worlds.push(w);
  const launch = await createLaunch({ ctx: w.ctx("approver"), input: { projectId: w.projectId, data: { name: "Acme 2.0", targetDate: inDays(10) } } });
  const item = (data: Record<string, unknown>) => createItem({ ctx: w.ctx("approver"), input: { projectId: w.projectId, launchId: launch.id, data: { section: "Final testing & QA", ...data } } });
  const update = (role: "viewer" | "member" | "approver" | "admin", itemId: string, patch: unknown) => updateItem({ ctx: w.ctx(role), input: { projectId: w.projectId, itemId, patch } });
  const readiness = async () => (await getLaunch({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, launchId: launch.id } })).readiness;
  return { ...w, launch, item, update, readiness };
}

describe("readiness and go/no-go", () => {
  it("weighs blocking items, holds on any open blocking item, waits for a required sign-off, and lets go once signed", async () => {
    const w = await world();
    expect((await w.readiness()).go).toBe(true); // an empty checklist holds nothing
    const load = await w.item({ title: "Load test", blocking: true, signOffRequired: true, ownerId: w.users.member.id });
    const docs = await w.item({ title: "README", section: "Documentation & handoff" });
    const na = await w.item({ title: "CDN", section: "Deployment strategy", blocking: true });

    let r = await w.readiness();
    expect(r).toMatchObject({ go: false, score: 0, verdict: "No-go: 2 blocking items open." });
    expect(r.holding.map((h) => [h.ref, h.problem])).toEqual([[load.ref, "Not started."], [na.ref, "Not started."]]);

    await w.update("member", na.id, { status: "not_applicable" });
    await w.update("member", docs.id, { status: "done" });
    r = await w.readiness();
    // README (weight 1) done of load test (3) + README (1): 25%, and "not applicable" does not count at all.
    expect(r).toMatchObject({ go: false, score: 25, total: 3 });
    expect(r.sections.find((s) => s.title === "Deployment strategy")).toMatchObject({ total: 0, score: 100 });

    await w.update("member", load.id, { status: "done" });
    r = await w.readiness();
    expect(r.go).toBe(false);
    expect(r.holding[0].problem).toBe("Done, waiting for an approver's sign-off.");
    expect(r.score).toBe(25); // still weight 1 of 4: a done-but-unsigned blocking item does not count yet

    // The owner signs nothing off; members cannot; an approver who does not own it can.
    await db.membership.update({ where: { projectId_userId: { projectId: w.projectId, userId: w.users.member.id } }, data: { role: "approver" } });
    await expect(signOffItem({ ctx: w.ctx("member"), input: { projectId: w.projectId, itemId: load.id, data: {} } })).rejects.toThrow(/You own L-1; another approver signs it off/);
    await db.membership.update({ where: { projectId_userId: { projectId: w.projectId, userId: w.users.member.id } }, data: { role: "member" } });
    await expect(signOffItem({ ctx: w.ctx("member"), input: { projectId: w.projectId, itemId: load.id, data: {} } })).rejects.toThrow(ForbiddenError);
    const signed = await signOffItem({ ctx: w.ctx("approver"), input: { projectId: w.projectId, itemId: load.id, data: { note: "p95 212 ms at 400 rps" } } });
    expect(signed.signOff).toMatchObject({ by: w.users.approver.email, expired: false, expiresAt: null });
    r = await w.readiness();
    expect(r).toMatchObject({ go: true, score: 100, verdict: "Go: every blocking item is done or validly waived." });

    // Moving it back to "in progress" clears the sign-off: done work that is reopened is signed again.
    await w.update("member", load.id, { status: "in_progress" });
    expect((await getItem({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, itemId: load.id } })).signOff).toBeNull();
    expect((await w.readiness()).go).toBe(false);
  });

  it("an expired sign-off holds the launch, even on a non-blocking item, until it is signed again", async () => {
    const w = await world();
    const a11y = await w.item({ title: "Accessibility audit", renewalDays: 30, signOffRequired: true });
    await w.update("member", a11y.id, { status: "done" });
    const signed = await signOffItem({ ctx: w.ctx("approver"), input: { projectId: w.projectId, itemId: a11y.id, data: {} } });
    expect(Date.parse(signed.signOff!.expiresAt!) - Date.parse(signed.signOff!.at)).toBe(30 * day);
    expect((await w.readiness()).go).toBe(true);

    await db.checklistItem.update({ where: { id: a11y.id }, data: { signedOffAt: new Date(Date.now() - 31 * day) } });
    const r = await w.readiness();
    expect(r.go).toBe(false);
    expect(r.verdict).toBe("No-go: 1 sign-off expired.");
    expect(r.holding[0].problem).toMatch(/^The sign-off expired on \d{4}-\d{2}-\d{2}; it needs signing again\.$/);
    const item = await getItem({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, itemId: a11y.id } });
    expect(item.signOff?.expired).toBe(true);

    await signOffItem({ ctx: w.ctx("admin"), input: { projectId: w.projectId, itemId: a11y.id, data: {} } });
    expect((await w.readiness()).go).toBe(true);
    const detail = await getItem({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, itemId: a11y.id } });
    expect(detail.activity.map((a) => a.action)).toEqual(["signed_off", "signed_off", "updated", "created"]);
  });
});

describe("waivers", () => {
  it("need an approver who does not own the item, a reason and a future expiry; an expired waiver holds again", async () => {
    const w = await world();
    const cdn = await w.item({ title: "CDN linked", blocking: true, ownerId: w.users.approver.id });
    const waive = (role: "member" | "approver" | "admin", data: unknown) => waiveItem({ ctx: w.ctx(role), input: { projectId: w.projectId, itemId: cdn.id, data } });

    await expect(waive("member", { reason: "static site", expiresAt: inDays(7) })).rejects.toThrow(ForbiddenError);
    await expect(waive("approver", { reason: "static site", expiresAt: inDays(7) })).rejects.toThrow("You own L-1; a waiver needs an approver who does not.");
    const noReason = await waive("admin", { expiresAt: inDays(7) }).catch((e) => e);
    expect(noReason).toBeInstanceOf(ValidationError);
    expect(noReason.issues[0]).toMatchObject({ path: "reason" });
    const past = await waive("admin", { reason: "static site", expiresAt: inDays(-1) }).catch((e) => e);
    expect(past.issues).toEqual([{ path: "expiresAt", rule: "future", message: "must be in the future" }]);
    const tooLong = await waive("admin", { reason: "static site", expiresAt: inDays(400) }).catch((e) => e);
    expect(tooLong.issues[0]).toMatchObject({ path: "expiresAt", rule: "max" });
    expect((await db.checklistItem.findUniqueOrThrow({ where: { id: cdn.id } })).status).toBe("todo"); // nothing half-written

    const waived = await waive("admin", { reason: "Static site on the provider's CDN; revisit after launch", expiresAt: inDays(14) });
    expect(waived).toMatchObject({ status: "waived", satisfied: true, waiver: { by: w.users.admin.email, expired: false } });
    expect((await w.readiness()).go).toBe(true);

    await db.checklistItem.update({ where: { id: cdn.id }, data: { waiverExpiresAt: new Date(Date.now() - 1000) } });
    const r = await w.readiness();
    expect(r).toMatchObject({ go: false, verdict: "No-go: 1 waiver expired." });

    const revoked = await revokeWaiver({ ctx: w.ctx("admin"), input: { projectId: w.projectId, itemId: cdn.id } });
    expect(revoked).toMatchObject({ status: "todo", waiver: null });
    const audit = await db.auditLog.findMany({ where: { projectId: w.projectId, objectId: cdn.id }, orderBy: { id: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["checklist.item_create", "checklist.waive", "checklist.waiver_revoke"]);
  });
});

describe("the production gate", () => {
  it("refuses production pushes while the active launch is no-go, names the items, lets staging through, and an admin override is recorded and notified", async () => {
    const w = await world();
    await createChannel({ ctx: w.ctx("admin"), input: { projectId: w.projectId, data: { name: "ops", format: "json", url: "http://127.0.0.1:9/hook", events: ["target.override", "launch.stage_changed"] } } });
    const smoke = await w.item({ title: "Smoke test on production", blocking: true });
    const launchGate = async (d: { id: string }) => (await getDeployment({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: d.id } })).gates.find((g) => g.id === "launch");

    const refused = await w.request("member").catch((e) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.code).toBe("gate_closed");
    expect(refused.message).toContain("Acme 2.0 is no-go (1 blocking item open): L-1 Smoke test on production.");
    expect(refused.issues).toEqual([expect.objectContaining({ path: "targetId", rule: "launch" })]);

    // A staging target in the same project is not held.
    const staging = await createTarget({ ctx: w.ctx("admin"), input: { projectId: w.projectId, data: { name: "staging", environment: "staging", baseUrl: w.app.url, providerKind: "command", providerSettings: { host: "localhost", command: "true" } } } });
    const onStaging = await w.request("member", { targetId: staging.id });
    expect(await launchGate(onStaging)).toMatchObject({ ok: true, reason: "staging is not a production target; the launch gate does not apply." });

    // Members cannot override; an admin can, with a reason, and the override is on the deployment, audited and notified.
    await expect(w.request("member", { override: { reason: "hotfix" } })).rejects.toThrow(ForbiddenError);
    const forced = await w.request("admin", { override: { reason: "Security hotfix; checklist is catching up" } });
    expect(forced.overrides).toEqual([expect.objectContaining({ kind: "launch", reason: "Security hotfix; checklist is catching up", by: w.users.admin.email })]);
    expect(await launchGate(forced)).toMatchObject({ ok: false, overridden: true });
    const audit = await db.auditLog.findFirst({ where: { projectId: w.projectId, action: "target.override", objectId: forced.id } });
    expect(audit?.after).toMatchObject({ kind: "launch" });
    const sent = await db.notificationDelivery.findMany({ where: { projectId: w.projectId, event: "target.override" } });
    expect(sent.map((d) => (d.data as { title: string }).title)).toEqual([expect.stringContaining("No-go launch gate overridden")]);

    // Done → go → the push goes through with the gate open; archiving the launch also lifts it.
    await w.update("member", smoke.id, { status: "done" });
    await db.deployment.updateMany({ where: { projectId: w.projectId }, data: { status: "cancelled" } });
    const through = await w.request("member");
    expect(await launchGate(through)).toMatchObject({ ok: true, reason: "Acme 2.0 (Planned) is go: readiness 100%." });
    await w.update("member", smoke.id, { status: "todo" });
    await archiveLaunch({ ctx: w.ctx("approver"), input: { projectId: w.projectId, launchId: w.launch.id } });
    const afterArchive = await w.request("member", { idempotencyKey: "after-archive-1" });
    expect(await launchGate(afterArchive)).toMatchObject({ ok: true, reason: "No launch is active in this project." });
  });
});

describe("launch stages", () => {
  it("records each move as a go/no-go decision with the readiness at that moment; moving on while no-go needs an admin's reason", async () => {
    const w = await world();
    const push = await w.item({ title: "Production push", blocking: true });
    const move = (role: "member" | "approver" | "admin", data: unknown) => moveStage({ ctx: w.ctx(role), input: { projectId: w.projectId, launchId: w.launch.id, data } });

    await expect(move("member", { stage: "soft_launch" })).rejects.toThrow(ForbiddenError);
    const noGo = await move("approver", { stage: "soft_launch" }).catch((e) => e);
    expect(noGo).toBeInstanceOf(ConflictError);
    expect(noGo.code).toBe("launch_no_go");
    expect(noGo.message).toBe("No-go: 1 blocking item open. Finish or waive the items holding it; only an admin can override.");
    expect(noGo.issues).toEqual([{ path: "stage", rule: "no_go", message: "L-1 Production push: Not started." }]);
    await expect(move("approver", { stage: "soft_launch", override: { reason: "go anyway" } })).rejects.toThrow(ForbiddenError);
    const invalid = await move("admin", { stage: "launched" }).catch((e) => e);
    expect(invalid.issues[0]).toMatchObject({ path: "stage", rule: "invalid_value" });

    const forced = await move("admin", { stage: "soft_launch", notes: "internal users only", override: { reason: "internal soft launch, push verified by hand" } });
    expect(forced).toMatchObject({ fromStage: "planned", toStage: "soft_launch", go: false, overridden: true, decidedBy: w.users.admin.email });
    expect(forced.readiness).toMatchObject({ score: 0, verdict: "No-go: 1 blocking item open." });
    expect(forced.notes).toBe("Override: internal soft launch, push verified by hand\n\ninternal users only");

    await w.update("member", push.id, { status: "done" });
    const go = await move("approver", { stage: "official_launch", notes: "announce at 10:00" });
    expect(go).toMatchObject({ fromStage: "soft_launch", toStage: "official_launch", go: true, overridden: false, readiness: { score: 100 } });
    await expect(move("approver", { stage: "official_launch" })).rejects.toThrow(ValidationError);
    // Pulling a launch back is always allowed (and recorded).
    await w.update("member", push.id, { status: "todo" });
    const back = await move("approver", { stage: "soft_launch", notes: "rollback of the announcement" });
    expect(back).toMatchObject({ go: false, overridden: false });

    const detail = await getLaunch({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, launchId: w.launch.id } });
    expect(detail.stage).toBe("soft_launch");
    expect(detail.decisions.map((d) => `${d.fromStage}→${d.toStage}`)).toEqual(["planned→soft_launch", "soft_launch→official_launch", "official_launch→soft_launch"]);
  });

  it("allows one active launch per project, also when two starts race", async () => {
    const { project, users } = await projectWithRoles();
    const ctx = userCtx(users.admin);
    const start = (name: string) => createLaunch({ ctx, input: { projectId: project.id, data: { name } } });
    const results = await Promise.allSettled([start("A"), start("B"), start("C")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await db.launch.count({ where: { projectId: project.id } })).toBe(1);
    const active = await getActiveLaunch({ ctx: userCtx(users.viewer), input: { projectId: project.id } });
    await archiveLaunch({ ctx, input: { projectId: project.id, launchId: active!.id } });
    expect(await getActiveLaunch({ ctx, input: { projectId: project.id } })).toBeNull();
    await expect(start("D")).resolves.toMatchObject({ name: "D", stage: "planned" });
    await expect(createLaunch({ ctx: userCtx(users.member), input: { projectId: project.id, data: { name: "E" } } })).rejects.toThrow(ForbiddenError);
  });
});

describe("working an item", () => {
  it("members set status, assignee, evidence and comments but not the item's shape; assignments and mentions are notified", async () => {
    const w = await world();
    await createChannel({ ctx: w.ctx("admin"), input: { projectId: w.projectId, data: { name: "team", format: "json", url: "http://127.0.0.1:9/hook", events: ["checklist.assigned", "checklist.mentioned"] } } });
    const item = await w.item({ title: "Edge-case hammering" });

    await expect(w.update("member", item.id, { title: "Renamed" })).rejects.toThrow(/Members can change an item's status, assignee and due date; changing its title needs the approver or admin role/);
    await expect(w.update("viewer", item.id, { status: "done" })).rejects.toThrow(ForbiddenError);
    const notMember = await w.update("member", item.id, { assigneeId: w.outsider.id }).catch((e) => e);
    expect(notMember.issues).toEqual([{ path: "assigneeId", rule: "member", message: "must be a member of this project" }]);
    const badStatus = await w.update("member", item.id, { status: "waived" }).catch((e) => e);
    expect(badStatus.issues[0]).toMatchObject({ path: "status" });

    await w.update("member", item.id, { assigneeId: w.users.member.id, status: "in_progress", dueAt: inDays(-1) });
    const link = await addEvidence({ ctx: w.ctx("member"), input: { projectId: w.projectId, itemId: item.id, data: { kind: "link", url: "https://ci.example.test/runs/42", text: "fuzz run" } } });
    const badLink = await addEvidence({ ctx: w.ctx("member"), input: { projectId: w.projectId, itemId: item.id, data: { kind: "link", url: "javascript:alert(1)" } } }).catch((e) => e);
    expect(badLink.issues[0]).toMatchObject({ path: "url" });
    const emptyNote = await addEvidence({ ctx: w.ctx("member"), input: { projectId: w.projectId, itemId: item.id, data: { kind: "note" } } }).catch((e) => e);
    expect(emptyNote.issues[0]).toMatchObject({ path: "text", message: "is required for a note" });
    const firstName = w.users.approver.email.split("@")[0];
    await addComment({ ctx: w.ctx("member"), input: { projectId: w.projectId, itemId: item.id, data: { body: `Found two 500s, @${firstName} can you look?` } } });

    const detail = await getItem({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, itemId: item.id } });
    expect(detail).toMatchObject({ status: "in_progress", assignee: { id: w.users.member.id }, overdue: true, evidenceCount: 1, commentCount: 1 });
    expect(detail.evidence).toEqual([expect.objectContaining({ id: link.id, kind: "link", url: "https://ci.example.test/runs/42", addedBy: w.users.member.email })]);
    expect(detail.activity.map((a) => a.text)).toEqual([
      `${w.users.member.email} commented, mentioning ${w.users.approver.name}.`,
      `${w.users.member.email} attached a link (ci.example.test).`,
      `${w.users.member.email} set the due date to ${inDays(-1).slice(0, 10)}, assigned it to ${w.users.member.name}, marked it in progress.`,
      `${w.users.approver.email} added this item.`,
    ]);
    const deliveries = await db.notificationDelivery.findMany({ where: { projectId: w.projectId }, orderBy: { createdAt: "asc" } });
    expect(deliveries.map((d) => d.event)).toEqual(["checklist.assigned", "checklist.mentioned"]);
    expect((deliveries[1].data as { title: string }).title).toBe(`${w.users.member.email} mentioned ${w.users.approver.name} on L-1 Edge-case hammering`);

    await deleteEvidence({ ctx: w.ctx("member"), input: { projectId: w.projectId, itemId: item.id, evidenceId: link.id } });
    const auto = await db.checklistEvidence.create({ data: { itemId: item.id, kind: "auto", text: "measured", addedBy: "T-Minus" } });
    await expect(deleteEvidence({ ctx: w.ctx("admin"), input: { projectId: w.projectId, itemId: item.id, evidenceId: auto.id } })).rejects.toThrow(ConflictError);

    await archiveLaunch({ ctx: w.ctx("admin"), input: { projectId: w.projectId, launchId: w.launch.id } });
    await expect(w.update("member", item.id, { status: "done" })).rejects.toThrow(/is archived; its checklist is read-only/);
  });

  it("exports the checklist as Markdown and CSV through the API, and refuses an unknown format", async () => {
    const w = await world();
    await w.item({ title: "=HYPERLINK(\"http://evil\")", blocking: true });
    const cookie = await sessionCookie(w.users.viewer.id);
    const md = await call("GET", "/projects/{projectId}/launches/{launchId}/export", { as: { cookie }, params: { projectId: w.projectId, launchId: w.launch.id }, query: { format: "markdown" } });
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.text).toContain("Acme 2.0");
    const csv = await call("GET", "/projects/{projectId}/launches/{launchId}/export", { as: { cookie }, params: { projectId: w.projectId, launchId: w.launch.id }, query: { format: "csv" } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const bad = await call("GET", "/projects/{projectId}/launches/{launchId}/export", { as: { cookie }, params: { projectId: w.projectId, launchId: w.launch.id }, query: { format: "pdf" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0]).toMatchObject({ path: "format" });
  });
});
