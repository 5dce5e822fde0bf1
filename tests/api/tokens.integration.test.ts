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
