import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@prisma/client";
import { ROUTES } from "@/lib/api/routes";
import type { RouteDef } from "@/lib/api/handler";
import { PERMISSIONS, type Action } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { apiToken, projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";
import { ROLE_LIST, ROUTE_FIXTURES, callerFor, invoke, rowCounts, world, type World, discardJobsSince } from "@/tests/helpers/api-world";

// Actions in the permissions table that no route checks, each with the reason.
const NOT_YET_ROUTED: Partial<Record<Action, string>> = {
  // Not a route of its own: deployments.create checks it when a request carries `override` or `emergencyBypass`
  // (tests/deployments/state-machine.integration.test.ts covers the refusal).
  "deployment.override": "checked inside deployments.create",
  // launches.stage checks it when a move while no-go carries `override` (tests/launch/launches.integration.test.ts).
  "launch.override": "checked inside launches.stage",
  // qa.create and qaProfiles.create/update/run check it when the target is production and the kind is load
  // (tests/qa/runs.integration.test.ts covers the refusal).
  "qa.production_load": "checked inside qa.create and the profile verbs",
};

// Route files under app/api/v1 that are deliberately outside ROUTES.
const OUTSIDE_ROUTES: Record<string, string> = {
  "/openapi.json": "the public OpenAPI document, generated from ROUTES itself",
};

// Probe jobs queued by this file's connection tests are removed afterwards; no worker runs here to take them.
let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(() => discardJobsSince(startedAt));

const permissioned = ROUTES.filter((r): r is RouteDef & { auth: Action } => r.auth !== "public" && r.auth !== "authenticated");
const label = (r: RouteDef) => `${r.method} ${r.path} (${r.id})`;
const expectedOk = (r: RouteDef) => r.successStatus ?? 200;
// Decisions only people make: an API token of an allowed role is refused with a sentence saying to sign in.
const PEOPLE_ONLY = new Set(["deployments.approve", "deployments.reject", "items.signOff", "items.waive"]);

function routeFilesOnDisk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.join(dir, f));
}

describe("the matrix covers every route", () => {
  it("has a fixture for every route in ROUTES, mutating or not, and none for routes that do not exist", () => {
    const ids = ROUTES.map((r) => r.id);
    expect(ids.filter((id) => !ROUTE_FIXTURES[id])).toEqual([]);
    expect(Object.keys(ROUTE_FIXTURES).filter((id) => !ids.includes(id))).toEqual([]);
    expect(ROUTES.filter((r) => r.mutating && !ROUTE_FIXTURES[r.id]).map(label)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses every action of the permissions table on some route (or says why not)", () => {
    const used = new Set(ROUTES.map((r) => r.auth));
    const unused = (Object.keys(PERMISSIONS) as Action[]).filter((a) => !used.has(a) && !NOT_YET_ROUTED[a]);
    expect(unused).toEqual([]);
    for (const action of Object.keys(NOT_YET_ROUTED) as Action[]) expect(used.has(action), `${action} is routed now`).toBe(false);
    for (const r of ROUTES) {
      if (r.auth !== "public" && r.auth !== "authenticated") expect(Object.keys(PERMISSIONS), label(r)).toContain(r.auth);
    }
  });

  it("maps every app/api/v1 route file to ROUTES paths, with the same methods exported", () => {
    const apiDir = path.resolve(__dirname, "../../app/api/v1");
    const files = routeFilesOnDisk(apiDir);
    expect(files.length).toBeGreaterThan(0);
    const onDisk = new Set<string>();
    for (const file of files) {
      const routePath = "/" + path.relative(apiDir, path.dirname(file)).split(path.sep).join("/").replace(/\[([^\]]+)\]/g, "{$1}");
      onDisk.add(routePath);
      if (OUTSIDE_ROUTES[routePath]) continue;
      const registered = ROUTES.filter((r) => r.path === routePath);
      expect(registered.map((r) => r.id), `${file} has no route in ROUTES`).not.toEqual([]);
      const source = readFileSync(file, "utf8");
      expect(source, file).toContain(`routeHandlers("${routePath}")`);
      const exported = /export const \{([^}]+)\} = routeHandlers/.exec(source)?.[1].split(",").map((s) => s.trim()).sort();
      expect(exported, `${file} exports`).toEqual(registered.map((r) => r.method).sort());
    }
    const missing = [...new Set(ROUTES.map((r) => r.path))].filter((p) => !onDisk.has(p));
    expect(missing, "ROUTES paths without a route file").toEqual([]);
  });
});

// A refused call writes nothing (each test asserts it), so the refusals below share one world per file instead of
// building ~100 rows per route: the matrix was the slowest file in the suite.
let refusalWorld: Promise<World> | undefined;
const sharedWorld = () => (refusalWorld ??= world());

describe("anonymous callers", () => {
  it.each(ROUTES.filter((r) => r.auth !== "public").map((r) => [label(r), r] as const))("%s → 401", async (_, route) => {
    const w = await sharedWorld();
    const fixture = ROUTE_FIXTURES[route.id](w);
    const before = await rowCounts();
    for (const as of [undefined, { bearer: "tmn_not-a-real-token" }, { cookie: "next-auth.session-token=forged" }]) {
      const res = await invoke(route, { ...fixture, as });
      expect(res.status, `${label(route)} as ${JSON.stringify(as)}`).toBe(401);
      expect(res.json.error.code).toBe("unauthenticated");
      expect(res.json.error.requestId).toBeTruthy();
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("reach public routes: invitations can be accepted and set-up refuses a second instance admin", async () => {
    const w = await world();
    const accept = await invoke(ROUTES.find((r) => r.id === "invitations.accept")!, ROUTE_FIXTURES["invitations.accept"](w));
    expect(accept.status).toBe(200);
    expect(accept.json).toMatchObject({ projectId: w.projectId, email: w.invitation.email, role: "viewer" });
    const setup = await invoke(ROUTES.find((r) => r.id === "setup.create")!, ROUTE_FIXTURES["setup.create"](w));
    expect(setup.status).toBe(409);
    expect(setup.json.error.code).toBe("already_set_up");
  });
});

describe("routes open to any signed-in caller", () => {
  const route = (id: string) => ROUTES.find((r) => r.id === id)!;

  it("let every member, via session, read /me, list projects and create a project", async () => {
    const w = await world();
    for (const role of ROLE_LIST) {
      const as = { cookie: await sessionCookie(w.users[role].id) };
      const me = await invoke(route("me.get"), { as });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ type: "user", email: w.users[role].email });
      const list = await invoke(route("projects.list"), { as });
      expect(list.status).toBe(200);
      expect(list.json.map((p: { id: string; role: string }) => [p.id, p.role])).toContainEqual([w.projectId, role]);
      const created = await invoke(route("projects.create"), { as, ...ROUTE_FIXTURES["projects.create"](w) });
      expect(created.status).toBe(201);
      expect(created.json.role).toBe("admin");
    }
  });

  it("let API tokens read /me and their own project, but refuse to create projects (403) and write nothing", async () => {
    const w = await world();
    const other = await projectWithRoles();
    for (const role of ROLE_LIST) {
      const as = { bearer: await apiToken(w.projectId, w.users.admin, role) };
      const me = await invoke(route("me.get"), { as });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ type: "token", projectId: w.projectId, role });
      const list = await invoke(route("projects.list"), { as });
      expect(list.status).toBe(200);
      expect(list.json.map((p: { id: string }) => p.id)).toEqual([w.projectId]);
      expect(list.json.map((p: { id: string }) => p.id)).not.toContain(other.project.id);
      const before = await rowCounts();
      const created = await invoke(route("projects.create"), { as, ...ROUTE_FIXTURES["projects.create"](w) });
      expect(created.status).toBe(403);
      expect(created.json.error.code).toBe("forbidden");
      expect(await rowCounts()).toEqual(before);
    }
  });
});

describe("project routes, per role, via session and via API token", () => {
  it.each(permissioned.map((r) => [label(r), r] as const))("%s", async (_, route) => {
    const allowed = PERMISSIONS[route.auth] as readonly Role[];
    let shared: World | undefined;
    for (const kind of ["cookie", "bearer"] as const) {
      for (const role of ROLE_LIST) {
        // A mutating call that succeeded may have changed what the next role sees, so the next call gets a fresh world;
        // a refused one wrote nothing (asserted below), so its world serves the next role too.
        const w = shared ?? (await world());
        shared = w;
        const as = await callerFor(w, kind, role);
        const before = await rowCounts();
        const res = await invoke(route, { ...ROUTE_FIXTURES[route.id](w), as });
        const what = `${label(route)} as ${role} via ${kind}: ${res.text.slice(0, 300)}`;
        if (allowed.includes(role) && kind === "bearer" && PEOPLE_ONLY.has(route.id)) {
          expect(res.status, what).toBe(403);
          expect(res.json.error.message, what).toMatch(/signed-in user|sign in/);
          expect(await rowCounts(), `${what} wrote rows`).toEqual(before);
        } else if (allowed.includes(role)) {
          expect(res.status, what).toBe(expectedOk(route));
          if (route.mutating) shared = undefined;
        } else {
          expect(res.status, what).toBe(403);
          expect(res.json.error.code, what).toBe("forbidden");
          // A sentence for people: who cannot do what, and which role would.
          const who = kind === "cookie" ? `${role[0].toUpperCase()}${role.slice(1)}s` : `API tokens with the ${role} role`;
          expect(res.json.error.message, what).toMatch(new RegExp(`^${who} cannot [A-Za-z' ,]+\\. .+ the (member|approver|admin) role`));
          expect(await rowCounts(), `${what} wrote rows`).toEqual(before);
        }
      }
    }
  });

  it.each(permissioned.map((r) => [label(r), r] as const))("%s hides the project from outsiders (404)", async (_, route) => {
    const w = await sharedWorld();
    const elsewhere = await projectWithRoles();
    const fixture = ROUTE_FIXTURES[route.id](w);
    const before = await rowCounts();
    const outsiders = [
      { cookie: await sessionCookie(w.outsider.id) },
      { bearer: await apiToken(elsewhere.project.id, elsewhere.users.admin, "admin") },
    ];
    const afterTokens = await rowCounts();
    for (const as of outsiders) {
      const res = await invoke(route, { ...fixture, as });
      expect(res.status, `${label(route)} as ${JSON.stringify(as).slice(0, 20)}: ${res.text.slice(0, 200)}`).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect(await rowCounts()).toEqual(afterTokens);
    expect(afterTokens.audit - before.audit).toBe(1); // only the outsider token's own creation
    expect(await db.project.findUnique({ where: { id: w.projectId } })).not.toBeNull();
  });
});
