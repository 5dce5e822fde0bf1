import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import {
  approvalInbox, approveDeployment, cancelDeployment, requestDeployment, getDeployment, getDeploymentLog, lockTarget, rejectDeployment, rollbackToDeployment,
  unlockTarget, updateDeployPolicy,
} from "@/lib/deployments/deployments";
import { createFreezeWindow } from "@/lib/deployments/freeze";
import { reapDeployments, runDeployment } from "@/lib/deployments/runner";
import { updateRelease } from "@/lib/releases/releases";
import { updateTarget } from "@/lib/targets/targets";
import { deployWorld, waitFor } from "./helpers";

type World = Awaited<ReturnType<typeof deployWorld>>;
const worlds: World[] = [];
async function setup(opts: Parameters<typeof deployWorld>[0] = {}) {
  const w = await deployWorld(opts);
  worlds.push(w);
  return w;
}
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.app.close(100);
});

const approve = (w: World, role: "approver" | "admin" | "member" | "viewer", id: string) =>
  approveDeployment({ ctx: w.ctx(role), input: { projectId: w.projectId, deploymentId: id, data: {} } });
const row = (id: string) => db.deployment.findUniqueOrThrow({ where: { id } });
const runJobs = (id: string) => db.outboxJob.count({ where: { name: "deployment.run", payload: { path: ["deploymentId"], equals: id } } });

describe("requesting and approving a production push", () => {
  it("waits for approval; the requester, a viewer and a token cannot approve; an approver's approval queues it at once", async () => {
    const w = await setup();
    const d = await w.request("member", { reason: "ship the search" });
    expect(d.status).toBe("awaiting_approval");
    expect(d.approvalsRequired).toBe(1);
    expect(await runJobs(d.id)).toBe(0);

    // The member who asked is not an approver anyway; make them one to prove the self-approval rule on its own.
    await db.membership.update({ where: { projectId_userId: { projectId: w.projectId, userId: w.users.member.id } }, data: { role: "approver" } });
    await expect(approve(w, "member", d.id)).rejects.toThrow("You requested this deployment; someone else must approve it.");
    await expect(approve(w, "viewer", d.id)).rejects.toBeInstanceOf(ForbiddenError);
    const adminToken = { actor: { type: "token" as const, tokenId: "t-admin", projectId: w.projectId, role: "admin" as const, name: "ci" } };
    await expect(approveDeployment({ ctx: adminToken, input: { projectId: w.projectId, deploymentId: d.id, data: {} } })).rejects.toThrow(/signed-in user|sign in/);
    // Nor can a token bypass the approvals or override a gate: those are a person's decisions.
    await expect(
      requestDeployment({ ctx: adminToken, input: { projectId: w.projectId, data: { targetId: w.target.id, release: "1.1.0", emergencyBypass: { reason: "CI is in a hurry" } } } }),
    ).rejects.toThrow("Overrides and emergency bypasses are made by people");
    const detailForRequester = await getDeployment({ ctx: w.ctx("member"), input: { projectId: w.projectId, deploymentId: d.id } });
    expect(detailForRequester.viewer).toMatchObject({ canApprove: false, whyNot: "You requested this deployment; someone else must approve it." });
    expect(detailForRequester.gates.find((g) => g.id === "approvals")).toMatchObject({ ok: false, reason: "Waiting for 1 more approval (0 of 1)." });

    const inbox = await approvalInbox({ ctx: w.ctx("approver") });
    expect(inbox.map((i) => i.id)).toContain(d.id);
    expect((await approvalInbox({ ctx: w.ctx("member") })).map((i) => i.id)).not.toContain(d.id);

    const approved = await approve(w, "approver", d.id);
    expect(approved.status).toBe("queued");
    expect(approved.approvals).toEqual([expect.objectContaining({ user: w.users.approver.email, state: "valid" })]);
    expect(await runJobs(d.id)).toBe(1);
    await expect(approve(w, "admin", d.id)).rejects.toBeInstanceOf(ConflictError);
    const audit = await db.auditLog.findMany({ where: { projectId: w.projectId, objectId: d.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["deployment.request", "deployment.approve"]);
  });

  it("needs N distinct approvals from the policy's roles, and expired approvals do not count", async () => {
    const w = await setup({ policy: { approvalsRequired: 2, approverRoles: ["approver"] } });
    const d = await w.request("member");
    await expect(approve(w, "admin", d.id)).rejects.toThrow(/approvals come from approvers; your role is admin/);
    const one = await approve(w, "approver", d.id);
    expect(one).toMatchObject({ status: "awaiting_approval", approvalsValid: 1 });
    await expect(approve(w, "approver", d.id)).rejects.toThrow("You already approved this deployment.");

    // A second approver arrives after the first approval expired: it no longer counts.
    await db.deploymentApproval.updateMany({ where: { deploymentId: d.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const second = await db.user.create({ data: { email: `second-${d.id}@example.test`, name: "Second" } });
    await db.membership.create({ data: { projectId: w.projectId, userId: second.id, role: "approver" } });
    const ctx2 = { actor: { type: "user" as const, userId: second.id, email: second.email, name: second.name, isInstanceAdmin: false } };
    const after = await approveDeployment({ ctx: ctx2, input: { projectId: w.projectId, deploymentId: d.id, data: {} } });
    expect(after.status).toBe("awaiting_approval");
    expect(after.approvals.map((a) => a.state)).toEqual(["expired", "valid"]);
    // The first approver may approve again now that their approval expired.
    const done = await approve(w, "approver", d.id);
    expect(done.status).toBe("queued");
  });

  it("voids approvals when the release or the target's configuration changes, and says why", async () => {
    const w = await setup({ policy: { approvalsRequired: 2 } });
    const d = await w.request("member");
    await approve(w, "approver", d.id);
    await updateRelease({ ctx: w.ctx("member"), input: { projectId: w.projectId, release: "1.1.0", patch: { commitSha: "c0ffee0c0ffee0" } } });
    let detail = await getDeployment({ ctx: w.ctx("admin"), input: { projectId: w.projectId, deploymentId: d.id } });
    expect(detail.approvalsValid).toBe(0);
    expect(detail.approvals[0]).toMatchObject({ state: "void", voidReason: expect.stringContaining("release 1.1.0 changed after it was given (commitSha)") });

    // Fully approved and queued, then the target changes before a worker starts it: back to waiting for approval.
    await approve(w, "approver", d.id);
    await approve(w, "admin", d.id);
    expect((await row(d.id)).status).toBe("queued");
    await updateTarget({ ctx: w.ctx("admin"), input: { projectId: w.projectId, targetId: w.target.id, patch: { healthPath: "/version" } } });
    detail = await getDeployment({ ctx: w.ctx("admin"), input: { projectId: w.projectId, deploymentId: d.id } });
    expect(detail.status).toBe("awaiting_approval");
    expect(detail.approvals.filter((a) => a.state === "void").length).toBe(3);
    expect(detail.approvals.at(-1)?.voidReason).toMatch(/configuration changed \(healthPath\)/);
    // A name change alone does not touch what is deployed: no approval is voided.
    await approve(w, "approver", d.id);
    await updateTarget({ ctx: w.ctx("admin"), input: { projectId: w.projectId, targetId: w.target.id, patch: { name: `renamed-${d.id.slice(-6)}` } } });
    expect((await getDeployment({ ctx: w.ctx("admin"), input: { projectId: w.projectId, deploymentId: d.id } })).approvalsValid).toBe(1);
  });

  it("reject needs a reason and cancels; a deployment needing no approval is queued straight away", async () => {
    const w = await setup();
    const d = await w.request("member");
    await expect(rejectDeployment({ ctx: w.ctx("approver"), input: { projectId: w.projectId, deploymentId: d.id, data: {} } })).rejects.toBeInstanceOf(ValidationError);
    const rejected = await rejectDeployment({ ctx: w.ctx("approver"), input: { projectId: w.projectId, deploymentId: d.id, data: { reason: "not during the demo" } } });
    expect(rejected).toMatchObject({ status: "cancelled", cancelReason: `Rejected by ${w.users.approver.email}: not during the demo` });

    const s = await setup({ environment: "staging" });
    const free = await s.request("member");
    expect(free.status).toBe("queued");
    expect(free.steps.map((st) => [st.name, st.status])).toEqual([["request", "succeeded"], ["approval", "skipped"], ["queue", "running"]]);
  });
});

describe("idempotency", () => {
  it("returns the same deployment for a retried key, refuses the key for another request, and survives a race", async () => {
    const w = await setup();
    const a = await w.request("member", { idempotencyKey: "click-0001-abc" });
    const b = await w.request("member", { idempotencyKey: "click-0001-abc" });
    expect(b.id).toBe(a.id);
    await expect(w.request("member", { idempotencyKey: "click-0001-abc", release: "1.0.0" })).rejects.toMatchObject({ status: 409, code: "idempotency_key_reused" });
    const raced = await Promise.all(Array.from({ length: 6 }, () => w.request("member", { idempotencyKey: "click-0002-race" })));
    expect(new Set(raced.map((r) => r.id)).size).toBe(1);
    expect(await db.deployment.count({ where: { projectId: w.projectId } })).toBe(2);
  });
});

describe("gates", () => {
  it("a locked target refuses deployments with the reason; an admin override with a reason goes through and is recorded", async () => {
    const w = await setup({ environment: "staging" });
    await lockTarget({ ctx: w.ctx("approver"), input: { projectId: w.projectId, targetId: w.target.id, data: { reason: "database migration running" } } });
    await expect(w.request("member")).rejects.toThrow(/is locked by .*database migration running\. Unlock it, or an admin can override the lock with a reason\./);
    await expect(w.request("member", { override: { reason: "hotfix" } })).rejects.toBeInstanceOf(ForbiddenError);
    const d = await w.request("admin", { override: { reason: "hotfix for the checkout bug" } });
    expect(d.overrides).toEqual([expect.objectContaining({ kind: "lock", reason: "hotfix for the checkout bug", by: w.users.admin.email })]);
    expect(await db.auditLog.count({ where: { objectId: d.id, action: "target.override" } })).toBe(1);
    await unlockTarget({ ctx: w.ctx("approver"), input: { projectId: w.projectId, targetId: w.target.id, data: { reason: "migration done" } } });
    expect(await db.target.findUniqueOrThrow({ where: { id: w.target.id } })).toMatchObject({ lockedAt: null });
  });

  it("an open freeze window refuses deployments; the worker re-checks gates before it starts", async () => {
    const w = await setup({ environment: "staging" });
    const queued = await w.request("member");
    await createFreezeWindow({
      ctx: w.ctx("admin"),
      input: { projectId: w.projectId, data: { kind: "one_off", name: "Launch weekend", startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString() } },
    });
    await expect(w.request("member")).rejects.toThrow(/Launch weekend/);
    // Queued before the window opened: the worker cancels it with the gate's reason instead of deploying.
    await runDeployment(queued.id, "test-worker");
    const after = await row(queued.id);
    expect(after.status).toBe("cancelled");
    expect(after.cancelReason).toMatch(/^Not started: Freeze window "Launch weekend"/);
  });
});

describe("queue policies and one active deployment per target", () => {
  it("newest wins cancels older waiting deployments with a reason; FIFO keeps them", async () => {
    const w = await setup({ environment: "staging", policy: { queuePolicy: "newest_wins" } });
    const first = await w.request("member");
    const second = await w.request("member", { release: "1.0.0" });
    expect((await row(first.id)).status).toBe("cancelled");
    expect((await row(first.id)).cancelReason).toBe(`Superseded by deployment #${second.number} (1.0.0): this target's queue policy is "newest wins".`);

    const f = await setup({ environment: "staging" });
    const a = await f.request("member");
    const b = await f.request("member", { release: "1.0.0" });
    expect([(await row(a.id)).status, (await row(b.id)).status]).toEqual(["queued", "queued"]);
  });

  it("the database refuses a second running deployment on a target", async () => {
    const w = await setup({ environment: "staging" });
    const a = await w.request("member");
    const b = await w.request("member", { release: "1.0.0" });
    await db.deployment.update({ where: { id: a.id }, data: { status: "running" } });
    await expect(db.deployment.update({ where: { id: b.id }, data: { status: "verifying" } })).rejects.toMatchObject({ code: "P2002" });
    // The runner leaves the second one queued instead of starting it.
    const r = await runDeployment(b.id, "test-worker");
    expect(r.outcome).toMatch(/another deployment is running/);
    expect((await row(b.id)).status).toBe("queued");
  });
});

describe("running a deployment", () => {
  it("deploys through the command adapter, streams numbered log lines, verifies health and records what is live", async () => {
    const w = await setup({ environment: "staging", policy: { verifySeconds: 1 } });
    const d = await w.request("member");
    const r = await runDeployment(d.id, "test-worker");
    expect(r.outcome).toBe("succeeded");
    const detail = await getDeployment({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: d.id } });
    expect(detail.status).toBe("succeeded");
    expect(detail.steps.map((s) => [s.name, s.status])).toEqual([
      ["request", "succeeded"], ["approval", "skipped"], ["queue", "succeeded"], ["trigger", "succeeded"], ["build", "succeeded"], ["verify", "succeeded"],
    ]);
    expect((await (await fetch(`${w.app.url}/health`)).json()).version).toBe("1.1.0");
    const log = await getDeploymentLog({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: d.id } });
    expect(log.lines.map((l) => l.n)).toEqual(log.lines.map((_, i) => i));
    expect(log.lines.map((l) => l.text).join("\n")).toMatch(/Switching traffic to 1\.1\.0[\s\S]*Now serving 1\.1\.0[\s\S]*\[verify\] ok/);
    expect((await getDeploymentLog({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: d.id, query: { after: "3" } } })).lines[0].n).toBe(3);
    expect((await db.target.findUniqueOrThrow({ where: { id: w.target.id } })).liveDeploymentId).toBe(d.id);
    // Running it again (a duplicate job) does nothing.
    expect((await runDeployment(d.id, "late-worker")).outcome).toMatch(/not claimed/);
  });

  it("rolls back once to the last good deployment when health fails after the deploy, and locks the target", async () => {
    const w = await setup({ environment: "staging", policy: { verifySeconds: 1 } });
    const good = await w.request("member", { release: "1.0.0" });
    await runDeployment(good.id, "w");
    await fetch(`${w.app.url}/__deploy`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ breakNextDeploy: true }) });
    const bad = await w.request("member");
    expect((await runDeployment(bad.id, "w")).outcome).toBe("rolled_back");
    const detail = await getDeployment({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: bad.id } });
    expect(detail.status).toBe("rolled_back");
    expect(detail.rollbackVersion).toBe("1.0.0");
    expect(detail.failureReason).toMatch(/Health check failed: .*HTTP 503.*T-Minus rolled back to 1\.0\.0, which answers healthy, and locked/);
    expect(detail.steps.map((s) => [s.name, s.status])).toContainEqual(["rollback", "succeeded"]);
    const target = await db.target.findUniqueOrThrow({ where: { id: w.target.id } });
    expect(target.lockedReason).toMatch(/Automatic rollback of 1\.1\.0 to 1\.0\.0/);
    expect((await (await fetch(`${w.app.url}/health`)).json()).version).toBe("1.0.0");
    // Exactly one rollback: a single extra deploy of 1.0.0 in the log, no second attempt.
    const log = (await getDeploymentLog({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: bad.id } })).lines.map((l) => l.text);
    expect(log.filter((l) => l.includes("Deploying Acme 1.0.0")).length).toBe(1);
  });

  it("fails without rolling back when there is no earlier good deployment", async () => {
    const w = await setup({ environment: "staging", policy: { verifySeconds: 0 } });
    await fetch(`${w.app.url}/__deploy`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ breakNextDeploy: true }) });
    const d = await w.request("member");
    expect((await runDeployment(d.id, "w")).outcome).toBe("failed");
    expect((await row(d.id)).failureReason).toMatch(/There is no earlier good deployment to roll back to/);
  });

  it("stores at most 5,000 numbered log lines, ending with a note that says the log stops there", async () => {
    const w = await setup({ environment: "staging", commandPrefix: "seq 1 6000 && " });
    const d = await w.request("member");
    expect((await runDeployment(d.id, "w")).outcome).toBe("succeeded");
    const after = await row(d.id);
    expect(after).toMatchObject({ logLineCount: 5000, logTruncated: true });
    const log = await getDeploymentLog({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: d.id } });
    expect(log.lines).toHaveLength(5000);
    expect(log.lines.map((l) => l.n)).toEqual(log.lines.map((_, i) => i));
    expect(log.lines.at(-1)?.text).toBe("[T-Minus] The log stops here: it reached 5000 lines. The provider keeps the full log.");
  });

  it("cancel stops a running command (its process group) and ends the deployment as cancelled", async () => {
    const w = await setup({ environment: "staging", command: "echo started; sleep 30; echo never" });
    const d = await w.request("member");
    const running = runDeployment(d.id, "w");
    await waitFor("the command to start", async () => (await row(d.id)).providerDeployId);
    await cancelDeployment({ ctx: w.ctx("member"), input: { projectId: w.projectId, deploymentId: d.id, data: { reason: "wrong build" } } });
    const r = await running;
    expect(r.outcome).toBe("cancelled");
    expect((await row(d.id)).cancelReason).toBe(`Cancelled by ${w.users.member.email}: wrong build`);
    const log = (await getDeploymentLog({ ctx: w.ctx("viewer"), input: { projectId: w.projectId, deploymentId: d.id } })).lines.map((l) => l.text);
    expect(log).toContain("started");
    expect(log).not.toContain("never");
  });

  it("manual rollback deploys the earlier build and locks the target until someone unlocks it", async () => {
    const w = await setup({ environment: "staging" });
    const one = await w.request("member", { release: "1.0.0" });
    await runDeployment(one.id, "w");
    const two = await w.request("member");
    await runDeployment(two.id, "w");
    await expect(rollbackToDeployment({ ctx: w.ctx("member"), input: { projectId: w.projectId, deploymentId: one.id, data: { reason: "checkout broken" } } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rollbackToDeployment({ ctx: w.ctx("approver"), input: { projectId: w.projectId, deploymentId: two.id, data: { reason: "x y z" } } })).rejects.toThrow(/is what .* runs now/);
    const back = await rollbackToDeployment({ ctx: w.ctx("approver"), input: { projectId: w.projectId, deploymentId: one.id, data: { reason: "checkout broken" } } });
    expect(back).toMatchObject({ kind: "rollback", status: "queued", rollbackToId: one.id });
    expect((await runDeployment(back.id, "w")).outcome).toBe("succeeded");
    const target = await db.target.findUniqueOrThrow({ where: { id: w.target.id } });
    expect(target.liveDeploymentId).toBe(back.id);
    expect(target.lockedReason).toMatch(/Rolled back to 1\.0\.0 by .*: checkout broken/);
    expect((await (await fetch(`${w.app.url}/health`)).json()).version).toBe("1.0.0");
  });
});

describe("leases and the reaper", () => {
  it("a worker that lost its lease stops without writing over the worker that took over", async () => {
    const w = await setup({ environment: "staging", command: "echo started; sleep 20" });
    const d = await w.request("member");
    const running = runDeployment(d.id, "old-worker");
    await waitFor("the command to start", async () => (await row(d.id)).providerDeployId);
    // Another worker takes the deployment over (as after a pause longer than the lease).
    await db.deployment.update({ where: { id: d.id }, data: { leaseToken: "someone-else", leaseExpiresAt: new Date(Date.now() + 60_000) } });
    const r = await running;
    expect(r.outcome).toMatch(/lease lost/);
    const after = await row(d.id);
    expect(after).toMatchObject({ status: "running", leaseToken: "someone-else", finishedAt: null });
  });

  it("resumes a deployment whose lease lapsed, and fails one nobody resumed within the grace period, with the reason", async () => {
    const w = await setup({ environment: "staging" });
    const a = await w.request("member");
    const past = new Date(Date.now() - 5_000);
    await db.deployment.update({ where: { id: a.id }, data: { status: "running", leaseToken: "dead-worker", leaseExpiresAt: past, leaseOwner: "host-1" } });
    const r1 = await reapDeployments({ graceMs: 60_000 });
    expect(r1.resumed).toBeGreaterThanOrEqual(1);
    expect((await row(a.id)).leaseToken).toMatch(/^resume:/);
    expect(await runJobs(a.id)).toBe(2);

    const b = await setup({ environment: "staging" });
    const d = await b.request("member");
    await db.deployment.update({ where: { id: d.id }, data: { status: "verifying", leaseToken: "dead-worker", leaseExpiresAt: new Date(Date.now() - 120_000), leaseOwner: "host-2" } });
    await reapDeployments({ graceMs: 60_000 });
    const failed = await row(d.id);
    expect(failed.status).toBe("failed");
    expect(failed.failureReason).toMatch(/The worker running this deployment \(host-2\) stopped answering .* no worker resumed it within 60 s\. T-Minus did not retry/);
  });
});

describe("resuming an automatic rollback", () => {
  it("never starts a second rollback deploy when the provider cannot say whether the first one began", async () => {
    const w = await setup({ environment: "staging" });
    const good = await w.request("member", { release: "1.0.0" });
    await runDeployment(good.id, "w");
    const bad = await w.request("member");
    // As a worker leaves it when killed between deciding to roll back and saving the rollback's provider id.
    await db.deployment.update({
      where: { id: bad.id },
      data: { status: "verifying", providerDeployId: "cmd-gone", rollbackStartedAt: new Date(), rollbackReleaseId: good.release.id, failureReason: "Health check failed: HTTP 503." },
    });
    const before = await (await fetch(`${w.app.url}/__deploy`)).json();
    expect((await runDeployment(bad.id, "resumer")).outcome).toBe("rolled_back");
    const after = await row(bad.id);
    expect(after.failureReason).toMatch(/did not start another; check the provider/);
    expect(await (await fetch(`${w.app.url}/__deploy`)).json()).toEqual(before);
    expect((await db.target.findUniqueOrThrow({ where: { id: w.target.id } })).lockedAt).not.toBeNull();
  });
});

describe("policy", () => {
  it("only admins change it; changing approvals voids pending approvals", async () => {
    const w = await setup({ policy: { approvalsRequired: 2 } });
    const d = await w.request("member");
    await approve(w, "approver", d.id);
    await expect(updateDeployPolicy({ ctx: w.ctx("approver"), input: { projectId: w.projectId, targetId: w.target.id, data: { approvalsRequired: 1 } } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateDeployPolicy({ ctx: w.ctx("admin"), input: { projectId: w.projectId, targetId: w.target.id, data: { approvalsRequired: 9 } } })).rejects.toBeInstanceOf(ValidationError);
    const state = await updateDeployPolicy({ ctx: w.ctx("admin"), input: { projectId: w.projectId, targetId: w.target.id, data: { approvalsRequired: 1 } } });
    expect(state.policy.approvalsRequired).toBe(1);
    expect((await getDeployment({ ctx: w.ctx("admin"), input: { projectId: w.projectId, deploymentId: d.id } })).approvals[0].state).toBe("void");
  });
});
