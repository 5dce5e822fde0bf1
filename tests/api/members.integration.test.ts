import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { createUser, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";
import { invoke, routeById, rowCounts } from "@/tests/helpers/api-world";

const inviteRoute = routeById("invitations.create");
const acceptRoute = routeById("invitations.accept");
const tokenOf = (acceptUrl: string) => new URL(acceptUrl).pathname.split("/").pop()!;

async function invite(projectId: string, adminId: string, email: string, role = "approver") {
  const res = await invoke(inviteRoute, { as: { cookie: await sessionCookie(adminId) }, params: { projectId }, body: { email, role } });
  expect(res.status, res.text).toBe(201);
  expect(res.json).toMatchObject({ email: email.toLowerCase(), role, status: "pending" });
  return { ...res.json, token: tokenOf(res.json.acceptUrl) } as { id: string; token: string; acceptUrl: string };
}

describe("invitations", () => {
  it("turn into an account and a membership with the invited role, once", async () => {
    const { project, users } = await projectWithRoles();
    const email = `Newcomer-${Date.now().toString(36)}@Example.test`;
    const inv = await invite(project.id, users.admin.id, email);
    const normalised = email.toLowerCase();
    expect(new URL(inv.acceptUrl).origin).toBe("http://localhost:3000");
    expect((await db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).tokenHash).not.toContain(inv.token);

    const accepted = await invoke(acceptRoute, { body: { token: inv.token, name: "New Comer", password: "a long enough password" } });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toEqual({ projectId: project.id, email: normalised, role: "approver" });

    const user = await db.user.findUniqueOrThrow({ where: { email: normalised } });
    expect(user.name).toBe("New Comer");
    expect(await verifyPassword("a long enough password", user.passwordHash!)).toBe(true);
    const members = await invoke(routeById("members.list"), { as: { cookie: await sessionCookie(users.viewer.id) }, params: { projectId: project.id } });
    expect(members.json).toContainEqual(expect.objectContaining({ userId: user.id, email: normalised, role: "approver" }));
    const asNewcomer = await invoke(routeById("audit.list"), { as: { cookie: await sessionCookie(user.id) }, params: { projectId: project.id }, query: { action: "member.join" } });
    expect(asNewcomer.status).toBe(200);
    expect(asNewcomer.json.items).toEqual([expect.objectContaining({ actorLabel: normalised, objectId: user.id })]);

    const before = await rowCounts();
    const again = await invoke(acceptRoute, { body: { token: inv.token, name: "Someone Else", password: "another long password" } });
    expect(again.status).toBe(422);
    expect(again.json.error.code).toBe("invitation_accepted");
    expect(await rowCounts()).toEqual(before);
    const list = await invoke(routeById("invitations.list"), { as: { cookie: await sessionCookie(users.admin.id) }, params: { projectId: project.id } });
    expect(list.json.find((i: { id: string }) => i.id === inv.id).status).toBe("accepted");
    expect(JSON.stringify(list.json)).not.toContain(inv.token);
  });

  it("reject expired, revoked, replaced and unknown invitations", async () => {
    const { project, users } = await projectWithRoles();
    const admin = { cookie: await sessionCookie(users.admin.id) };
    const body = (token: string) => ({ token, name: "Late Comer", password: "a long enough password" });

    const expired = await invite(project.id, users.admin.id, "expired@example.test");
    await db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await invite(project.id, users.admin.id, "revoked@example.test");
    const revoke = await invoke(routeById("invitations.revoke"), { as: admin, params: { projectId: project.id, invitationId: revoked.id } });
    expect(revoke.status).toBe(200);
    expect(revoke.json.status).toBe("revoked");
    const replaced = await invite(project.id, users.admin.id, "twice@example.test");
    const replacement = await invite(project.id, users.admin.id, "twice@example.test");

    const before = await rowCounts();
    for (const [token, code] of [
      [expired.token, "invitation_expired"],
      [revoked.token, "invitation_revoked"],
      [replaced.token, "invitation_revoked"],
    ]) {
      const res = await invoke(acceptRoute, { body: body(token) });
      expect(res.status, code).toBe(422);
      expect(res.json.error.code).toBe(code);
    }
    const unknown = await invoke(acceptRoute, { body: body("x".repeat(43)) });
    expect(unknown.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
    expect((await invoke(acceptRoute, { body: body(replacement.token) })).status).toBe(200);
  });

  it("ask existing accounts to sign in as the invited address, and new people for name and password", async () => {
    const { project, users } = await projectWithRoles();
    const existing = await createUser();
    const inv = await invite(project.id, users.admin.id, existing.email, "member");
    const anonymous = await invoke(acceptRoute, { body: { token: inv.token } });
    expect(anonymous.status).toBe(422);
    expect(anonymous.json.error.code).toBe("sign_in_required");
    const wrongUser = await invoke(acceptRoute, { as: { cookie: await sessionCookie(users.viewer.id) }, body: { token: inv.token } });
    expect(wrongUser.json.error.code).toBe("sign_in_required");
    const right = await invoke(acceptRoute, { as: { cookie: await sessionCookie(existing.id) }, body: { token: inv.token } });
    expect(right.status).toBe(200);
    expect((await db.membership.findUniqueOrThrow({ where: { projectId_userId: { projectId: project.id, userId: existing.id } } })).role).toBe("member");

    const fresh = await invite(project.id, users.admin.id, "fresh@example.test");
    const missing = await invoke(acceptRoute, { body: { token: fresh.token } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["name", "password"]);

    const already = await invoke(inviteRoute, { as: { cookie: await sessionCookie(users.admin.id) }, params: { projectId: project.id }, body: { email: users.member.email } });
    expect(already.status).toBe(409);
    expect(already.json.error.code).toBe("already_member");
  });

  it("accepted twice at the same moment makes one membership and never a 500", async () => {
    const { project, users } = await projectWithRoles();
    const inv = await invite(project.id, users.admin.id, "race@example.test");
    const body = { token: inv.token, name: "Racer", password: "a long enough password" };
    const results = await Promise.all([invoke(acceptRoute, { body }), invoke(acceptRoute, { body })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(await db.user.count({ where: { email: "race@example.test" } })).toBe(1);
    expect(await db.auditLog.count({ where: { projectId: project.id, action: "member.join" } })).toBe(1);
  });
});

describe("an inviter's pending invitations", () => {
  async function secondAdminWithInvitations() {
    const { project, users } = await projectWithRoles();
    const second = users.approver;
    await db.membership.update({ where: { projectId_userId: { projectId: project.id, userId: second.id } }, data: { role: "admin" } });
    const pending = await invite(project.id, second.id, `pending-${Date.now().toString(36)}@example.test`);
    const accepted = await invite(project.id, second.id, `accepted-${Date.now().toString(36)}@example.test`);
    expect((await invoke(acceptRoute, { body: { token: accepted.token, name: "Joined", password: "a long enough password" } })).status).toBe(200);
    const others = await invite(project.id, users.admin.id, `others-${Date.now().toString(36)}@example.test`);
    return { project, users, second, pending, others, owner: { cookie: await sessionCookie(users.admin.id) } };
  }
  const body = (token: string) => ({ token, name: "Late Comer", password: "a long enough password" });

  it("are revoked when the inviter is removed, each audited, and nobody else's are", async () => {
    const { project, second, pending, others, owner } = await secondAdminWithInvitations();
    const removed = await invoke(routeById("members.remove"), { as: owner, params: { projectId: project.id, userId: second.id } });
    expect(removed.status).toBe(200);
    const refused = await invoke(acceptRoute, { body: body(pending.token) });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe("invitation_revoked");
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, action: "member.invite.revoke" } });
    expect(audit.map((a) => [a.objectId, a.after])).toEqual([[pending.id, { status: "revoked", reason: "inviter left the project" }]]);
    expect((await invoke(acceptRoute, { body: body(others.token) })).status).toBe(200);
  });

  it("are revoked when the inviter loses the right to invite", async () => {
    const { project, second, pending, owner } = await secondAdminWithInvitations();
    const demoted = await invoke(routeById("members.update"), { as: owner, params: { projectId: project.id, userId: second.id }, body: { role: "approver" } });
    expect(demoted.status).toBe(200);
    expect((await invoke(acceptRoute, { body: body(pending.token) })).json.error.code).toBe("invitation_revoked");
  });
});

describe("the last admin", () => {
  it("cannot be demoted or removed (409), by themselves or anyone; with a second admin they can", async () => {
    const { project, users } = await projectWithRoles();
    const admin = { cookie: await sessionCookie(users.admin.id) };
    const params = { projectId: project.id, userId: users.admin.id };
    const before = await rowCounts();
    for (const role of ["approver", "member", "viewer"]) {
      const demote = await invoke(routeById("members.update"), { as: admin, params, body: { role } });
      expect(demote.status).toBe(409);
      expect(demote.json.error.code).toBe("last_admin");
    }
    const remove = await invoke(routeById("members.remove"), { as: admin, params });
    expect(remove.status).toBe(409);
    expect(remove.json.error.code).toBe("last_admin");
    expect(await rowCounts()).toEqual(before);
    expect((await db.membership.findUniqueOrThrow({ where: { projectId_userId: { projectId: project.id, userId: users.admin.id } } })).role).toBe("admin");

    const keepAdmin = await invoke(routeById("members.update"), { as: admin, params, body: { role: "admin" } });
    expect(keepAdmin.status).toBe(200);

    const promote = await invoke(routeById("members.update"), { as: admin, params: { projectId: project.id, userId: users.approver.id }, body: { role: "admin" } });
    expect(promote.status).toBe(200);
    const step = await invoke(routeById("members.update"), { as: admin, params, body: { role: "member" } });
    expect(step.status).toBe(200);
    expect(step.json.role).toBe("member");
    const gone = await invoke(routeById("members.remove"), { as: { cookie: await sessionCookie(users.approver.id) }, params: { projectId: project.id, userId: users.admin.id } });
    expect(gone.status).toBe(200);
    const lastOne = await invoke(routeById("members.remove"), { as: { cookie: await sessionCookie(users.approver.id) }, params: { projectId: project.id, userId: users.approver.id } });
    expect(lastOne.status).toBe(409);
  });

  it("survives two admins demoting each other at the same moment", async () => {
    const { project, users } = await projectWithRoles();
    await db.membership.update({ where: { projectId_userId: { projectId: project.id, userId: users.approver.id } }, data: { role: "admin" } });
    const a = { cookie: await sessionCookie(users.admin.id) };
    const b = { cookie: await sessionCookie(users.approver.id) };
    const update = routeById("members.update");
    const results = await Promise.all([
      invoke(update, { as: a, params: { projectId: project.id, userId: users.approver.id }, body: { role: "viewer" } }),
      invoke(update, { as: b, params: { projectId: project.id, userId: users.admin.id }, body: { role: "viewer" } }),
    ]);
    for (const r of results) expect([200, 403, 409], r.text).toContain(r.status);
    expect(await db.membership.count({ where: { projectId: project.id, role: "admin" } })).toBe(1);
  });
});
