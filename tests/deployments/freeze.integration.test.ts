import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createTarget } from "@/lib/targets/targets";
import { activeFreezeFor, createFreezeWindow, deleteFreezeWindow, listFreezeWindows } from "@/lib/deployments/freeze";
import { projectWithRoles, userCtx } from "@/tests/helpers/fixtures";

const weekend = { kind: "one_off", name: "Launch weekend", startsAt: "2024-11-22T16:00:00+01:00", endsAt: "2024-11-25T08:00:00+01:00", timeZone: "Europe/Amsterdam" };
const fridays = { kind: "weekly", name: "Friday evenings", weekdays: [5], startTime: "16:00", endTime: "23:59", timeZone: "Europe/Amsterdam" };

async function setup() {
  const { project, users, outsider } = await projectWithRoles();
  const admin = userCtx(users.admin);
  const target = async (projectId: string, name: string) =>
    createTarget({ ctx: admin, input: { projectId, data: { name, environment: "production", baseUrl: "https://example.test" } } });
  const [web, api] = [await target(project.id, "web"), await target(project.id, "api")];
  const create = (data: unknown) => createFreezeWindow({ ctx: admin, input: { projectId: project.id, data } });
  return { project, users, outsider, admin, web, api, create };
}

describe("freeze windows", () => {
  it("are created, listed, described and deleted by admins, each change in the audit log", async () => {
    const { project, users, admin, web, create } = await setup();
    const once = await create(weekend);
    expect(once).toMatchObject({
      projectId: project.id,
      targetId: null,
      kind: "one_off",
      startsAt: "2024-11-22T15:00:00.000Z",
      endsAt: "2024-11-25T07:00:00.000Z",
      weekdays: [],
      startTime: null,
      description: "Once, from Fri 22 Nov 2024 16:00 to Mon 25 Nov 2024 08:00 (Europe/Amsterdam)",
      openNow: false,
      createdBy: users.admin.email,
    });
    const weekly = await create({ ...fridays, targetId: web.id, weekdays: [7, 5] });
    expect(weekly).toMatchObject({ targetId: web.id, weekdays: [5, 7], startsAt: null, description: "Every Fri and Sun from 16:00 to 23:59 (Europe/Amsterdam)" });

    const viewer = userCtx(users.viewer);
    const all = await listFreezeWindows({ ctx: viewer, input: { projectId: project.id } });
    expect(all.map((w) => w.name)).toEqual(["Launch weekend", "Friday evenings"]);

    await expect(deleteFreezeWindow({ ctx: admin, input: { projectId: project.id, freezeWindowId: weekly.id } })).resolves.toEqual({ deleted: true });
    expect((await listFreezeWindows({ ctx: viewer, input: { projectId: project.id } })).map((w) => w.id)).toEqual([once.id]);
    await expect(deleteFreezeWindow({ ctx: admin, input: { projectId: project.id, freezeWindowId: weekly.id } })).rejects.toThrow(NotFoundError);

    const audit = await db.auditLog.findMany({ where: { projectId: project.id, objectType: "freeze_window" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.objectId, a.actorLabel])).toEqual([
      ["freeze.create", once.id, users.admin.email],
      ["freeze.create", weekly.id, users.admin.email],
      ["freeze.delete", weekly.id, users.admin.email],
    ]);
    expect(audit[1].after).toMatchObject({ name: "Friday evenings", targetId: web.id, weekdays: [5, 7], timeZone: "Europe/Amsterdam" });
    expect(audit[2].before).toMatchObject({ name: "Friday evenings" });
  });

  it("list for one target its own windows and the project-wide ones", async () => {
    const { project, users, web, api, create } = await setup();
    await create({ ...weekend, name: "everywhere" });
    await create({ ...fridays, name: "web only", targetId: web.id });
    await create({ ...fridays, name: "api only", targetId: api.id });
    const forWeb = await listFreezeWindows({ ctx: userCtx(users.member), input: { projectId: project.id, targetId: web.id } });
    expect(forWeb.map((w) => w.name)).toEqual(["everywhere", "web only"]);
  });

  it("may be managed by admins only; members and approvers get ForbiddenError and nothing is stored", async () => {
    const { project, users, create } = await setup();
    for (const role of ["viewer", "member", "approver"] as const) {
      await expect(createFreezeWindow({ ctx: userCtx(users[role]), input: { projectId: project.id, data: fridays } })).rejects.toThrow(ForbiddenError);
    }
    await expect(createFreezeWindow({ ctx: userCtx(users.member), input: { projectId: project.id, data: fridays } })).rejects.toThrow(
      /Members cannot manage freeze windows in this project/,
    );
    const kept = await create(fridays);
    await expect(deleteFreezeWindow({ ctx: userCtx(users.member), input: { projectId: project.id, freezeWindowId: kept.id } })).rejects.toThrow(ForbiddenError);
    expect(await db.freezeWindow.count({ where: { projectId: project.id } })).toBe(1);
    // Reading needs only deployment.read, which every member has; outsiders do not learn the project exists.
    await expect(listFreezeWindows({ ctx: userCtx(users.viewer), input: { projectId: project.id } })).resolves.toHaveLength(1);
    const { outsider } = await projectWithRoles();
    await expect(listFreezeWindows({ ctx: userCtx(outsider), input: { projectId: project.id } })).rejects.toThrow(NotFoundError);
  });

  it("refuse a target of another project (404 Target) and bad input naming the field", async () => {
    const { project, create } = await setup();
    const other = await projectWithRoles();
    const theirs = await createTarget({
      ctx: userCtx(other.users.admin),
      input: { projectId: other.project.id, data: { name: "foreign", environment: "production", baseUrl: "https://example.test" } },
    });
    await expect(create({ ...fridays, targetId: theirs.id })).rejects.toThrow("Target not found");
    await expect(listFreezeWindows({ ctx: userCtx(other.users.admin), input: { projectId: other.project.id, targetId: "nope" } })).rejects.toThrow(
      "Target not found",
    );

    const bad = await create({ ...fridays, timeZone: "Mars/Olympus" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues).toEqual([{ path: "timeZone", rule: "timezone", message: "must be an IANA time zone such as Europe/Amsterdam or UTC" }]);
    expect(await db.freezeWindow.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("hold a target back with the project-wide or its own window, whichever lasts longer, with the gate's sentence", async () => {
    const { project, web, api, create } = await setup();
    const saturday = new Date("2024-11-23T16:30:00Z"); // Sat 17:30 in Amsterdam
    const friday = new Date("2024-11-22T16:30:00Z"); // Fri 17:30
    const monday = new Date("2024-11-25T16:30:00Z"); // Mon 17:30

    expect(await activeFreezeFor(project.id, web.id, friday)).toBeNull();
    await create({ kind: "weekly", name: "web evenings", targetId: web.id, weekdays: [1, 5], startTime: "17:00", endTime: "09:00", timeZone: "Europe/Amsterdam" });

    const webMonday = await activeFreezeFor(project.id, web.id, monday);
    expect(webMonday).toMatchObject({ window: { name: "web evenings" }, endsAt: new Date("2024-11-26T08:00:00Z") });
    expect(webMonday!.reason).toBe('Freeze window "web evenings" is open until Tue 26 Nov 09:00 Europe/Amsterdam; an admin can override it with a reason.');
    expect(await activeFreezeFor(project.id, api.id, monday)).toBeNull();

    await create(weekend);
    expect(await activeFreezeFor(project.id, api.id, saturday)).toMatchObject({ window: { name: "Launch weekend", targetId: null } });
    // Friday evening both are open; the weekend lasts until Monday, past the web window's Saturday 09:00.
    const webFriday = await activeFreezeFor(project.id, web.id, friday);
    expect(webFriday?.reason).toBe('Freeze window "Launch weekend" is open until Mon 25 Nov 08:00 Europe/Amsterdam; an admin can override it with a reason.');
    expect(await activeFreezeFor(project.id, web.id, new Date("2024-11-25T07:00:00Z"))).toBeNull();

    const other = await projectWithRoles();
    expect(await activeFreezeFor(other.project.id, web.id, saturday)).toBeNull();
  });
});
