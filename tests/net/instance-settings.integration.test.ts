import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearInstanceSettingsCache, readInstanceSettings } from "@/lib/settings/instance";
import { apiToken, call, createUser, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";

const SETTINGS = "/instance/settings";

// The settings are one row for the whole instance: every test here leaves it as the other files expect it.
afterEach(async () => {
  await db.instanceSettings.deleteMany();
  clearInstanceSettingsCache();
});

async function asAdmin() {
  const admin = await createUser({ isInstanceAdmin: true });
  return { admin, as: { cookie: await sessionCookie(admin.id) } };
}

describe("instance settings", () => {
  it("are created on first read from NETWORK_POLICY (local: loopback and private allowed, link-local refused)", async () => {
    await db.instanceSettings.deleteMany();
    const { as } = await asAdmin();
    const res = await call("GET", SETTINGS, { as });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      projectCreation: "anyone",
      network: { allowLoopback: true, allowPrivate: true, allowLinkLocal: false, allowedCidrs: [] },
      updatedAt: null,
    });
    expect(await db.instanceSettings.count()).toBe(1);
  });

  it("are open to instance admins only: members of projects, project admins and API tokens get 403", async () => {
    const { project, users } = await projectWithRoles();
    const callers = [
      { cookie: await sessionCookie(users.admin.id) },
      { cookie: await sessionCookie(users.member.id) },
      { bearer: await apiToken(project.id, users.admin, "admin") },
    ];
    for (const as of callers) {
      for (const [method, body] of [["GET", undefined], ["PATCH", { projectCreation: "instance_admins" }]] as const) {
        const res = await call(method, SETTINGS, { as, body });
        expect(res.status, `${method} ${JSON.stringify(as).slice(0, 12)}`).toBe(403);
        expect(res.json.error.code).toBe("forbidden");
      }
    }
    expect((await readInstanceSettings({ fresh: true })).projectCreation).toBe("anyone");
    expect(await db.auditLog.count({ where: { action: "instance.settings.update", actorId: users.admin.id } })).toBe(0);
  });

  it("change what is sent, keep the rest, normalise CIDRs and write one audit row (no project) in the same transaction", async () => {
    const { admin, as } = await asAdmin();
    const res = await call("PATCH", SETTINGS, {
      as,
      body: { network: { allowLoopback: false, allowedCidrs: ["10.0.5.0/24", "FD00::/8", "169.254.169.254", "10.0.5.0/24"] } },
    });
    expect(res.status).toBe(200);
    expect(res.json.network).toEqual({
      allowLoopback: false,
      allowPrivate: true,
      allowLinkLocal: false,
      allowedCidrs: ["10.0.5.0/24", "fd00::/8", "169.254.169.254/32"],
    });
    expect(res.json.updatedAt).toEqual(expect.any(String));
    expect((await call("GET", SETTINGS, { as })).json.network.allowLoopback).toBe(false);
    const audit = await db.auditLog.findMany({ where: { action: "instance.settings.update", actorId: admin.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ projectId: null, objectType: "instance_settings", actorLabel: admin.email });
    expect(audit[0].before).toMatchObject({ network: { allowLoopback: true, allowedCidrs: [] } });
    expect(audit[0].after).toMatchObject({ network: { allowLoopback: false, allowedCidrs: ["10.0.5.0/24", "fd00::/8", "169.254.169.254/32"] } });
  });

  it.each([
    [{ network: { allowedCidrs: ["10.0.0.0/8", "10.0.0.5/24"] } }, "network.allowedCidrs.1", "did you mean 10.0.0.0/24?"],
    [{ network: { allowedCidrs: ["intranet.example"] } }, "network.allowedCidrs.0", "IP address or CIDR range"],
    [{ network: { allowedCidrs: ["10.0.0.0/40"] } }, "network.allowedCidrs.0", "over 32"],
    [{ network: { allowLoopback: "yes" } }, "network.allowLoopback", "boolean"],
    [{ projectCreation: "everyone" }, "projectCreation", "anyone"],
    [{ network: { allowMetadata: true } }, "network", "allowMetadata"],
    [{}, "body", "send at least one field"],
  ])("refuse %j, naming %s, and change nothing", async (body, path, message) => {
    const { as } = await asAdmin();
    const before = await call("GET", SETTINGS, { as });
    const res = await call("PATCH", SETTINGS, { as, body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_input");
    expect(res.json.error.issues[0].path).toBe(path);
    expect(JSON.stringify(res.json.error.issues)).toContain(message);
    expect((await call("GET", SETTINGS, { as })).json).toEqual(before.json);
  });
});

describe("who may create projects", () => {
  it("anyone signed in by default; only instance admins once restricted, with a sentence saying so", async () => {
    const { as: adminAs } = await asAdmin();
    const member = await createUser();
    const memberAs = { cookie: await sessionCookie(member.id) };
    expect((await call("POST", "/projects", { as: memberAs, body: { name: "Allowed by default" } })).status).toBe(201);

    expect((await call("PATCH", SETTINGS, { as: adminAs, body: { projectCreation: "instance_admins" } })).status).toBe(200);
    const before = await db.project.count();
    const refused = await call("POST", "/projects", { as: memberAs, body: { name: "Refused now" } });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({
      code: "project_creation_restricted",
      message: "On this instance only instance admins create projects. Ask an instance admin to create the project and invite you to it.",
    });
    expect(await db.project.count()).toBe(before);
    expect((await call("POST", "/projects", { as: adminAs, body: { name: "By the instance admin" } })).status).toBe(201);
  });
});
