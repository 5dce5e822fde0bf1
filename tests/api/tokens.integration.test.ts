import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sha256 } from "@/lib/crypto/secrets";
import { apiToken, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";
import { invoke, routeById, rowCounts } from "@/tests/helpers/api-world";

const create = routeById("tokens.create");
const me = routeById("me.get");

describe("API tokens", () => {
  it("work as bearer tokens with their own role, record last use, and show their secret only once", async () => {
    const { project, users } = await projectWithRoles();
    const admin = { cookie: await sessionCookie(users.admin.id) };
    const made = await invoke(create, { as: admin, params: { projectId: project.id }, body: { name: "ci", role: "member" } });
    expect(made.status).toBe(201);
    const secret: string = made.json.token;
    expect(secret).toMatch(/^tmn_/);
    expect(secret.startsWith(made.json.prefix)).toBe(true);
    expect(made.json.lastUsedAt).toBeNull();

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: made.json.id } });
    expect(row.tokenHash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret);

    const who = await invoke(me, { as: { bearer: secret } });
    expect(who.status).toBe(200);
    expect(who.json).toEqual({ type: "token", name: "ci", projectId: project.id, role: "member" });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: made.json.id } })).lastUsedAt).toBeInstanceOf(Date);

    const listed = await invoke(routeById("tokens.list"), { as: admin, params: { projectId: project.id } });
    const entry = listed.json.find((t: { id: string }) => t.id === made.json.id);
    expect(entry.lastUsedAt).not.toBeNull();
    expect(entry).not.toHaveProperty("token");
    expect(listed.text).not.toContain(secret);

    // The token acts with its role, not its creator's.
    const test = await invoke(routeById("connectionTests.create"), { as: { bearer: secret }, params: { projectId: project.id, targetId: "missing" } });
    expect(test.status).toBe(404);
    const target = await invoke(routeById("targets.create"), {
      as: { bearer: secret },
      params: { projectId: project.id },
      body: { name: "web", environment: "production", baseUrl: "https://example.test" },
    });
    expect(target.status).toBe(403);
    const audit = await invoke(routeById("audit.list"), { as: { bearer: secret }, params: { projectId: project.id } });
    expect(audit.status).toBe(403);
  });

  it("stop working once revoked (401), and revoking again keeps the first revocation time", async () => {
    const { project, users } = await projectWithRoles();
    const admin = { cookie: await sessionCookie(users.admin.id) };
    const made = await invoke(create, { as: admin, params: { projectId: project.id }, body: { name: "deploy-bot", role: "viewer" } });
    expect((await invoke(me, { as: { bearer: made.json.token } })).status).toBe(200);

    const revoke = routeById("tokens.revoke");
    const first = await invoke(revoke, { as: admin, params: { projectId: project.id, tokenId: made.json.id } });
    expect(first.status).toBe(200);
    expect(first.json.revokedAt).not.toBeNull();
    const second = await invoke(revoke, { as: admin, params: { projectId: project.id, tokenId: made.json.id } });
    expect(second.json.revokedAt).toBe(first.json.revokedAt);

    for (const route of [me, routeById("projects.get")]) {
      const res = await invoke(route, { as: { bearer: made.json.token }, params: { projectId: project.id } });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthenticated");
    }
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, objectId: made.json.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["token.create", "token.revoke", "token.revoke"]);
  });

  it("cannot outrank their creator, and only admins make them", async () => {
    const { project, users } = await projectWithRoles();
    for (const role of ["viewer", "member", "approver"] as const) {
      const before = await rowCounts();
      const res = await invoke(create, { as: { cookie: await sessionCookie(users[role].id) }, params: { projectId: project.id }, body: { name: "mine", role: "admin" } });
      expect(res.status, role).toBe(403);
      expect(await rowCounts()).toEqual(before);
      const viaToken = await invoke(create, { as: { bearer: await apiToken(project.id, users.admin, role) }, params: { projectId: project.id }, body: { name: "mine", role: "viewer" } });
      expect(viaToken.status, `${role} token`).toBe(403);
    }
    const adminToken = await apiToken(project.id, users.admin, "admin");
    const child = await invoke(create, { as: { bearer: adminToken }, params: { projectId: project.id }, body: { name: "child", role: "admin" } });
    expect(child.status).toBe(201);
    expect(child.json.role).toBe("admin");
  });

  it("refuse malformed authorization headers and other projects", async () => {
    const { project, users } = await projectWithRoles();
    const other = await projectWithRoles();
    const secret = await apiToken(project.id, users.admin, "admin");
    for (const header of [`Basic ${secret}`, "Bearer", `Bearer ${secret}x`, `Bearer ${secret.replace(/^tmn_/, "")}`, `Token ${secret}`]) {
      const res = await invoke(me, { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
    }
    const foreign = await invoke(routeById("projects.get"), { as: { bearer: secret }, params: { projectId: other.project.id } });
    expect(foreign.status).toBe(404);
    // A bearer token wins over a session cookie, so a cookie cannot widen a token's reach.
    const both = await invoke(routeById("projects.get"), { as: { bearer: secret, cookie: await sessionCookie(other.users.admin.id) }, params: { projectId: other.project.id } });
    expect(both.status).toBe(404);
  });
});

describe("tokens follow their creator's membership", () => {
  it("are revoked above a demoted creator's new role, and all of them when the creator leaves", async () => {
    const { project, users } = await projectWithRoles();
    const second = users.approver;
    await db.membership.update({ where: { projectId_userId: { projectId: project.id, userId: second.id } }, data: { role: "admin" } });
    const adminToken = await apiToken(project.id, second, "admin");
    const viewerToken = await apiToken(project.id, second, "viewer");
    const owner = { cookie: await sessionCookie(users.admin.id) };
    const read = (bearer: string) => invoke(routeById("targets.list"), { as: { bearer }, params: { projectId: project.id } });

    const demoted = await invoke(routeById("members.update"), { as: owner, params: { projectId: project.id, userId: second.id }, body: { role: "member" } });
    expect(demoted.status).toBe(200);
    expect((await read(adminToken)).status).toBe(401);
    expect((await read(viewerToken)).status).toBe(200);
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, action: "token.revoke" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ reason: "creator's role changed to member" });

    const removed = await invoke(routeById("members.remove"), { as: owner, params: { projectId: project.id, userId: second.id } });
    expect(removed.status).toBe(200);
    expect((await read(viewerToken)).status).toBe(401);
    expect(await db.apiToken.count({ where: { projectId: project.id, createdById: second.id, revokedAt: null } })).toBe(0);
  });
});

describe("token chains", () => {
  async function chain() {
    const { project, users } = await projectWithRoles();
    const second = users.approver;
    await db.membership.update({ where: { projectId_userId: { projectId: project.id, userId: second.id } }, data: { role: "admin" } });
    const mint = async (as: { cookie?: string; bearer?: string }, name: string, role: string) => {
      const res = await invoke(create, { as, params: { projectId: project.id }, body: { name, role } });
      expect(res.status, res.text).toBe(201);
      return res.json as { id: string; token: string };
    };
    const first = await mint({ cookie: await sessionCookie(second.id) }, "first", "admin");
    const child = await mint({ bearer: first.token }, "child", "admin");
    const grandchild = await mint({ bearer: child.token }, "grandchild", "viewer");
    const owner = { cookie: await sessionCookie(users.admin.id) };
    const read = async (bearer: string) => (await invoke(routeById("targets.list"), { as: { bearer }, params: { projectId: project.id } })).status;
    return { project, second, owner, first, child, grandchild, read };
  }

  it("keep their root user as creator, so removing that admin revokes tokens minted by tokens too", async () => {
    const { project, second, owner, first, child, grandchild, read } = await chain();
    const rows = await db.apiToken.findMany({ where: { id: { in: [first.id, child.id, grandchild.id] } } });
    expect(rows.map((r) => r.createdById)).toEqual([second.id, second.id, second.id]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.createdByTokenId]))).toEqual({ [first.id]: null, [child.id]: first.id, [grandchild.id]: child.id });

    const removed = await invoke(routeById("members.remove"), { as: owner, params: { projectId: project.id, userId: second.id } });
    expect(removed.status).toBe(200);
    expect([await read(first.token), await read(child.token), await read(grandchild.token)]).toEqual([401, 401, 401]);
  });

  it("follow a demotion down the chain: tokens above the new role go, and so does everything minted from them", async () => {
    const { project, second, owner, first, child, grandchild, read } = await chain();
    const keeper = await invoke(create, { as: { bearer: first.token }, params: { projectId: project.id }, body: { name: "kept", role: "viewer" } });
    const demoted = await invoke(routeById("members.update"), { as: owner, params: { projectId: project.id, userId: second.id }, body: { role: "member" } });
    expect(demoted.status).toBe(200);
    // grandchild is a viewer, but the admin token that minted it is gone.
    expect([await read(first.token), await read(child.token), await read(grandchild.token), await read(keeper.json.token)]).toEqual([401, 401, 401, 401]);
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, action: "token.revoke" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.objectId).sort()).toEqual([first.id, child.id, grandchild.id, keeper.json.id].sort());
  });

  it("end with their parent: revoking a token revokes its descendants, each audited, and leaves its parent alone", async () => {
    const { project, owner, first, child, grandchild, read } = await chain();
    const res = await invoke(routeById("tokens.revoke"), { as: owner, params: { projectId: project.id, tokenId: child.id } });
    expect(res.status).toBe(200);
    expect([await read(first.token), await read(child.token), await read(grandchild.token)]).toEqual([200, 401, 401]);
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, action: "token.revoke" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.objectId, a.after])).toEqual([
      [child.id, { revoked: true }],
      [grandchild.id, { revoked: true, reason: "the token that created it was revoked" }],
    ]);
  });
});

describe("token expiry", () => {
  it("is offered in days, returned and listed, and an expired token is refused with a message saying so", async () => {
    const { project, users } = await projectWithRoles();
    const admin = { cookie: await sessionCookie(users.admin.id) };
    const made = await invoke(create, { as: admin, params: { projectId: project.id }, body: { name: "weekly", role: "viewer", expiresInDays: 7 } });
    expect(made.status).toBe(201);
    const days = (Date.parse(made.json.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const forever = await invoke(create, { as: admin, params: { projectId: project.id }, body: { name: "forever", role: "viewer" } });
    expect(forever.json.expiresAt).toBeNull();
    const listed = await invoke(routeById("tokens.list"), { as: admin, params: { projectId: project.id } });
    expect(listed.json.find((t: { id: string }) => t.id === made.json.id).expiresAt).toBe(made.json.expiresAt);
    expect((await invoke(me, { as: { bearer: made.json.token } })).status).toBe(200);

    await db.apiToken.update({ where: { id: made.json.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refused = await invoke(me, { as: { bearer: made.json.token } });
    expect(refused.status).toBe(401);
    expect(refused.json.error).toMatchObject({ code: "unauthenticated", message: expect.stringMatching(/expired on .*ask a project admin for a new one/) });
  });

  it("refuses other lengths, naming the field", async () => {
    const { project, users } = await projectWithRoles();
    const admin = { cookie: await sessionCookie(users.admin.id) };
    for (const expiresInDays of [0, 366, 1.5, "7", -1]) {
      const before = await rowCounts();
      const res = await invoke(create, { as: admin, params: { projectId: project.id }, body: { name: "odd", role: "viewer", expiresInDays } });
      expect(res.status, String(expiresInDays)).toBe(400);
      expect(res.json.error.issues[0].path).toBe("expiresInDays");
      expect(await rowCounts()).toEqual(before);
    }
  });

  it("cannot be outlived: a token minted by an expiring token must expire no later", async () => {
    const { project, users } = await projectWithRoles();
    const parent = await invoke(create, { as: { cookie: await sessionCookie(users.admin.id) }, params: { projectId: project.id }, body: { name: "p", role: "admin", expiresInDays: 10 } });
    const mint = (expiresInDays?: number) =>
      invoke(create, { as: { bearer: parent.json.token }, params: { projectId: project.id }, body: { name: "c", role: "viewer", ...(expiresInDays ? { expiresInDays } : {}) } });
    for (const res of [await mint(), await mint(30)]) {
      expect(res.status).toBe(400);
      expect(res.json.error.issues[0]).toMatchObject({ path: "expiresInDays", message: expect.stringContaining("when the token creating it expires") });
    }
    expect((await mint(5)).status).toBe(201);
  });
});

describe("what a token sends or mints cannot escape its revocation", () => {
  async function tokenInvites(chain: { project: { id: string } }, bearer: string) {
    const email = `escape-${Math.random().toString(36).slice(2)}@example.test`;
    const sent = await invoke(routeById("invitations.create"), { as: { bearer }, params: { projectId: chain.project.id }, body: { email, role: "admin" } });
    expect(sent.status, sent.text).toBe(201);
    const token = new URL(sent.json.acceptUrl).pathname.split("/").pop()!;
    const accept = () => invoke(routeById("invitations.accept"), { body: { token, name: "Returning", password: "correct horse battery" } });
    return { id: sent.json.id as string, accept };
  }

  it("an invitation sent with a token ends when its person is removed, and when the token is revoked", async () => {
    const { project, users } = await projectWithRoles();
    const second = users.approver;
    await db.membership.update({ where: { projectId_userId: { projectId: project.id, userId: second.id } }, data: { role: "admin" } });
    const owner = { cookie: await sessionCookie(users.admin.id) };
    const mint = async (name: string) => (await invoke(create, { as: { cookie: await sessionCookie(second.id) }, params: { projectId: project.id }, body: { name, role: "admin" } })).json;

    const a = await mint("inviter-a");
    const viaRemoval = await tokenInvites({ project }, a.token);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: viaRemoval.id } });
    expect([row.invitedById, row.invitedByTokenId]).toEqual([second.id, a.id]);

    const b = await mint("inviter-b");
    const viaRevoke = await tokenInvites({ project }, b.token);
    expect((await invoke(routeById("tokens.revoke"), { as: owner, params: { projectId: project.id, tokenId: b.id } })).status).toBe(200);
    expect((await viaRevoke.accept()).json.error.code).toBe("invitation_revoked");

    expect((await invoke(routeById("members.remove"), { as: owner, params: { projectId: project.id, userId: second.id } })).status).toBe(200);
    const refused = await viaRemoval.accept();
    expect([refused.status, refused.json.error.code]).toEqual([422, "invitation_revoked"]);
  });

  it("a request authenticated just before its token was revoked cannot mint a child or send an invitation", async () => {
    const { project, users } = await projectWithRoles();
    const made = await invoke(create, { as: { cookie: await sessionCookie(users.admin.id) }, params: { projectId: project.id }, body: { name: "stale", role: "admin" } });
    const { authenticateToken, createToken } = await import("@/lib/tokens/tokens");
    const { createInvitation } = await import("@/lib/members/members");
    const ctx = { actor: (await authenticateToken(made.json.token))! };
    await db.apiToken.update({ where: { id: made.json.id }, data: { revokedAt: new Date() } });
    await expect(createToken({ ctx, input: { projectId: project.id, data: { name: "child" } } })).rejects.toMatchObject({ status: 401 });
    await expect(createInvitation({ ctx, input: { projectId: project.id, data: { email: "late@example.test", role: "viewer" } } })).rejects.toMatchObject({ status: 401 });
    expect(await db.apiToken.count({ where: { createdByTokenId: made.json.id } })).toBe(0);
  });

  it("racing a revocation, a child is either refused or revoked with its parent, never left alive", async () => {
    for (let round = 0; round < 8; round++) {
      const { project, users } = await projectWithRoles();
      const owner = { cookie: await sessionCookie(users.admin.id) };
      const parent = (await invoke(create, { as: owner, params: { projectId: project.id }, body: { name: "parent", role: "admin" } })).json;
      await Promise.all([
        invoke(create, { as: { bearer: parent.token }, params: { projectId: project.id }, body: { name: "racer", role: "viewer" } }),
        invoke(routeById("tokens.revoke"), { as: owner, params: { projectId: project.id, tokenId: parent.id } }),
      ]);
      expect(await db.apiToken.count({ where: { createdByTokenId: parent.id, revokedAt: null } }), `round ${round}`).toBe(0);
    }
  });
});

