import { describe, expect, it } from "vitest";
import { call, createUser, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";
import { db } from "@/lib/db";

describe("projects through the API", () => {
  it("creates a project, makes the creator admin and audits it in the same transaction", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const res = await call("POST", "/projects", { as: { cookie }, body: { name: "Launch Pad" } });
    expect(res.status).toBe(201);
    expect(res.json.role).toBe("admin");
    expect(res.json.slug).toBe("launch-pad");
    const audit = await db.auditLog.findMany({ where: { projectId: res.json.id } });
    expect(audit.map((a) => a.action)).toEqual(["project.create"]);
    expect(audit[0].actorLabel).toBe(user.email);

    const dup = await call("POST", "/projects", { as: { cookie }, body: { name: "Launch Pad" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("slug_taken");
  });

  it("hides projects from non-members with 404 and accepts slugs in place of ids", async () => {
    const { project, users, outsider } = await projectWithRoles();
    const bySlug = await call("GET", "/projects/{projectId}", { as: { cookie: await sessionCookie(users.viewer.id) }, params: { projectId: project.slug } });
    expect(bySlug.status).toBe(200);
    expect(bySlug.json.id).toBe(project.id);
    const hidden = await call("GET", "/projects/{projectId}", { as: { cookie: await sessionCookie(outsider.id) }, params: { projectId: project.id } });
    expect(hidden.status).toBe(404);
  });

  it("refuses to edit or erase the audit log, even with direct SQL", async () => {
    const user = await createUser();
    const res = await call("POST", "/projects", { as: { cookie: await sessionCookie(user.id) }, body: { name: `Audit ${user.id}` } });
    await expect(db.$executeRaw`DELETE FROM "AuditLog" WHERE "projectId" = ${res.json.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`UPDATE "AuditLog" SET action = 'x' WHERE "projectId" = ${res.json.id}`).rejects.toThrow(/append-only/);
  });
});
